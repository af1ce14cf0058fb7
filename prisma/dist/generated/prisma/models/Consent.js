export {};
//# sourceMappingURL=Consent.js.map