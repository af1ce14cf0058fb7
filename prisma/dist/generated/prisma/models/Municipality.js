export {};
//# sourceMappingURL=Municipality.js.map