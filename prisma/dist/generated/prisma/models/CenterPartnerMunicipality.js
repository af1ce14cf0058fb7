export {};
//# sourceMappingURL=CenterPartnerMunicipality.js.map