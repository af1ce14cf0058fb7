export {};
//# sourceMappingURL=GroupProgram.js.map