export {};
//# sourceMappingURL=CaseTeamMember.js.map