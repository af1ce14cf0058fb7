export {};
//# sourceMappingURL=SessionClient.js.map