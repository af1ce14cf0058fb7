export {};
//# sourceMappingURL=RollupCenterPeriod.js.map