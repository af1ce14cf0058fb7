export {};
//# sourceMappingURL=TwoFactor.js.map