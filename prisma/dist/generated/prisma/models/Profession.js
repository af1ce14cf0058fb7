export {};
//# sourceMappingURL=Profession.js.map