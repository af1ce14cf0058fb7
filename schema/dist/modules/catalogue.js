import { builder } from "../builder.js";
import { definePermissions } from "../permissions/registry.js";
import { isSignedIn } from "../permissions/rules.js";
import { SettlementKindEnum, TargetGroupAudienceEnum } from "./enums.js";
// The shared catalogue: reference data every signed-in person may read.
/** `name` follows the viewer's language; both spellings stay available. */
export const localizedName = (parent, _args, ctx) => ctx.locale === 'en' ? parent.nameEn : parent.nameBg;
export const Municipality = builder.prismaNode('Municipality', {
    id: { field: 'id' },
    nullable: true,
    fields: (t) => ({
        code: t.exposeString('code'),
        name: t.string({ resolve: localizedName }),
        nameBg: t.exposeString('nameBg'),
        nameEn: t.exposeString('nameEn'),
        region: t.string({ resolve: (m, _a, ctx) => (ctx.locale === 'en' ? m.regionEn : m.regionBg) }),
        regionCode: t.exposeString('regionCode'),
        settlements: t.relation('settlements', { query: { orderBy: { nameBg: 'asc' } } }),
    }),
});
export const Settlement = builder.prismaNode('Settlement', {
    id: { field: 'id' },
    nullable: true,
    fields: (t) => ({
        ekatte: t.exposeString('ekatte'),
        name: t.string({ resolve: localizedName }),
        nameBg: t.exposeString('nameBg'),
        nameEn: t.exposeString('nameEn'),
        kind: t.expose('kind', { type: SettlementKindEnum }),
        municipality: t.relation('municipality'),
    }),
});
export const Profession = builder.prismaNode('Profession', {
    id: { field: 'id' },
    nullable: true,
    fields: (t) => ({
        code: t.exposeString('code'),
        name: t.string({ resolve: localizedName }),
        nameBg: t.exposeString('nameBg'),
        nameEn: t.exposeString('nameEn'),
    }),
});
export const ServiceKind = builder.prismaNode('ServiceKind', {
    id: { field: 'id' },
    nullable: true,
    fields: (t) => ({
        code: t.exposeString('code'),
        name: t.string({ resolve: localizedName }),
        nameBg: t.exposeString('nameBg'),
        nameEn: t.exposeString('nameEn'),
        openAccessByDefault: t.exposeBoolean('openAccessByDefault'),
    }),
});
export const TargetGroup = builder.prismaNode('TargetGroup', {
    id: { field: 'id' },
    nullable: true,
    fields: (t) => ({
        code: t.exposeString('code'),
        name: t.string({ resolve: localizedName }),
        nameBg: t.exposeString('nameBg'),
        nameEn: t.exposeString('nameEn'),
        audience: t.expose('audience', { type: TargetGroupAudienceEnum }),
    }),
});
builder.queryFields((t) => ({
    municipalities: t.prismaField({
        type: ['Municipality'],
        description: 'Municipalities, optionally of one region (by its code, e.g. "SZR").',
        args: { regionCode: t.arg.string({ required: false }) },
        resolve: (query, _root, args, ctx) => ctx.db.municipality.findMany({
            ...query,
            where: args.regionCode ? { regionCode: args.regionCode } : {},
            orderBy: { nameBg: 'asc' },
        }),
    }),
    serviceKinds: t.prismaField({
        type: ['ServiceKind'],
        resolve: (query, _root, _args, ctx) => ctx.db.serviceKind.findMany({ ...query, orderBy: { nameBg: 'asc' } }),
    }),
    targetGroups: t.prismaField({
        type: ['TargetGroup'],
        resolve: (query, _root, _args, ctx) => ctx.db.targetGroup.findMany({ ...query, orderBy: { nameBg: 'asc' } }),
    }),
    professions: t.prismaField({
        type: ['Profession'],
        resolve: (query, _root, _args, ctx) => ctx.db.profession.findMany({ ...query, orderBy: { nameBg: 'asc' } }),
    }),
}));
definePermissions({
    Query: {
        municipalities: isSignedIn,
        serviceKinds: isSignedIn,
        targetGroups: isSignedIn,
        professions: isSignedIn,
    },
    Municipality: isSignedIn,
    Settlement: isSignedIn,
    Profession: isSignedIn,
    ServiceKind: isSignedIn,
    TargetGroup: isSignedIn,
});
//# sourceMappingURL=catalogue.js.map