export {};
//# sourceMappingURL=StaffInvitation.js.map