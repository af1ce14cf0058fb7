export {};
//# sourceMappingURL=PlannedService.js.map