export {};
//# sourceMappingURL=RollupActivity.js.map