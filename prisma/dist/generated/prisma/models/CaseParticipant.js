export {};
//# sourceMappingURL=CaseParticipant.js.map