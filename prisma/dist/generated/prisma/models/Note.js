export {};
//# sourceMappingURL=Note.js.map