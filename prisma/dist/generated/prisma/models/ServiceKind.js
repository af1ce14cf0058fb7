export {};
//# sourceMappingURL=ServiceKind.js.map