export {};
//# sourceMappingURL=RollupStaff.js.map