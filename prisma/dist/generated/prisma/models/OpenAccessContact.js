export {};
//# sourceMappingURL=OpenAccessContact.js.map