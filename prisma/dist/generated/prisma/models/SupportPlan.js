export {};
//# sourceMappingURL=SupportPlan.js.map