export {};
//# sourceMappingURL=RollupState.js.map