export {};
//# sourceMappingURL=PasswordResetCode.js.map