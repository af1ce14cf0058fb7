export {};
//# sourceMappingURL=Assessment.js.map