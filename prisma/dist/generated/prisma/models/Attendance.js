export {};
//# sourceMappingURL=Attendance.js.map