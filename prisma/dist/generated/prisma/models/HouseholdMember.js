export {};
//# sourceMappingURL=HouseholdMember.js.map