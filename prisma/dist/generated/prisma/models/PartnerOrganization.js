export {};
//# sourceMappingURL=PartnerOrganization.js.map