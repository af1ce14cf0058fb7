export {};
//# sourceMappingURL=SessionStaff.js.map