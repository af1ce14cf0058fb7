export {};
//# sourceMappingURL=GroupMeeting.js.map