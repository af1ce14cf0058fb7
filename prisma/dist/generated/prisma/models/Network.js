export {};
//# sourceMappingURL=Network.js.map