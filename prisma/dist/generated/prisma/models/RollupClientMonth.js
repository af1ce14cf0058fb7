export {};
//# sourceMappingURL=RollupClientMonth.js.map