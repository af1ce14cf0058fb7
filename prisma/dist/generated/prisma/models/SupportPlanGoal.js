export {};
//# sourceMappingURL=SupportPlanGoal.js.map