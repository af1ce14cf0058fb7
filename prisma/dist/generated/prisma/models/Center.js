export {};
//# sourceMappingURL=Center.js.map