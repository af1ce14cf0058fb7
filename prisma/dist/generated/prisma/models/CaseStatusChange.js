export {};
//# sourceMappingURL=CaseStatusChange.js.map