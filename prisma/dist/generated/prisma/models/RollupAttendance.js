export {};
//# sourceMappingURL=RollupAttendance.js.map