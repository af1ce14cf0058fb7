export {};
//# sourceMappingURL=RollupWaiting.js.map