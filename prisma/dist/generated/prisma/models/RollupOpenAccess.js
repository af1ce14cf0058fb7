export {};
//# sourceMappingURL=RollupOpenAccess.js.map