export {};
//# sourceMappingURL=RollupResidentPeriod.js.map