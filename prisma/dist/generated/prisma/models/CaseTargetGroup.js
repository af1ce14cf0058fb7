export {};
//# sourceMappingURL=CaseTargetGroup.js.map