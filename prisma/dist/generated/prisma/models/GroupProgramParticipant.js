export {};
//# sourceMappingURL=GroupProgramParticipant.js.map