export {};
//# sourceMappingURL=TargetGroup.js.map