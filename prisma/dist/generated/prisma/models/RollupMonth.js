export {};
//# sourceMappingURL=RollupMonth.js.map