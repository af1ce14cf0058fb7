export {};
//# sourceMappingURL=Client.js.map