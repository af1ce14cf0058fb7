export {};
//# sourceMappingURL=Household.js.map