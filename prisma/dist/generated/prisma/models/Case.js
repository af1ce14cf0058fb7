export {};
//# sourceMappingURL=Case.js.map