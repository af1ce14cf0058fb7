export {};
//# sourceMappingURL=RollupDeadline.js.map