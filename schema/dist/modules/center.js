import { builder } from "../builder.js";
import { definePermissions } from "../permissions/registry.js";
import { isCenterStaff, isSignedIn } from "../permissions/rules.js";
import { requireCenter } from "../support/viewer.js";
import { localizedName } from "./catalogue.js";
// The center (the tenant): its public profile. What belongs to the center's own staff
// (services, teams, staff, partners) is added by center-services.ts, teams.ts, center-staff.ts and partners.ts.
export const CenterRef = builder.prismaNode('Center', {
    id: { field: 'id' },
    nullable: true,
    fields: (t) => ({
        code: t.exposeString('code'),
        slug: t.exposeString('slug'),
        name: t.string({ resolve: localizedName }),
        nameBg: t.exposeString('nameBg'),
        nameEn: t.exposeString('nameEn'),
        providerName: t.string({ resolve: (c, _a, ctx) => (ctx.locale === 'en' ? c.providerNameEn : c.providerNameBg) }),
        providerNameBg: t.exposeString('providerNameBg'),
        providerNameEn: t.exposeString('providerNameEn'),
        municipality: t.relation('municipality'),
        address: t.string({ resolve: (c, _a, ctx) => (ctx.locale === 'en' ? (c.addressEn ?? c.addressBg) : c.addressBg) }),
        addressBg: t.exposeString('addressBg'),
        addressEn: t.exposeString('addressEn', { nullable: true }),
        phone: t.exposeString('phone', { nullable: true }),
        email: t.exposeString('email', { nullable: true }),
        foundedOn: t.expose('foundedOn', { type: 'Date' }),
        licensedCapacity: t.exposeInt('licensedCapacity'),
    }),
});
builder.queryFields((t) => ({
    center: t.prismaField({
        type: 'Center',
        description: 'The active center of the signed-in staff member.',
        resolve: (query, _root, _args, ctx) => ctx.db.center.findUniqueOrThrow({ ...query, where: { id: requireCenter(ctx).centerId } }),
    }),
    centers: t.prismaField({
        type: ['Center'],
        description: 'The directory of centers (public profiles only).',
        resolve: (query, _root, _args, ctx) => ctx.db.center.findMany({ ...query, orderBy: { nameBg: 'asc' } }),
    }),
}));
definePermissions({
    Query: { center: isCenterStaff, centers: isSignedIn },
    // Per field, so staff-only fields (center-services.ts, teams.ts, center-staff.ts, partners.ts) can carry their own rules.
    Center: { '*': isSignedIn },
});
//# sourceMappingURL=center.js.map