export {};
//# sourceMappingURL=CenterService.js.map