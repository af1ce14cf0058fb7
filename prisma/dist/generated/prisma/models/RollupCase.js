export {};
//# sourceMappingURL=RollupCase.js.map