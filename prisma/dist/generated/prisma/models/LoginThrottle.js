export {};
//# sourceMappingURL=LoginThrottle.js.map