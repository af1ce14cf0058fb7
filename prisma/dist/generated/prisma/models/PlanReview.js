export {};
//# sourceMappingURL=PlanReview.js.map