import { builder } from "../builder.js";
import { definePermissions } from "../permissions/registry.js";
import { isCenterManager, isCenterStaff, isOwnCenterStaff } from "../permissions/rules.js";
import { invalidFields, notFound } from "../support/errors.js";
import { idOf } from "../support/global-id.js";
import { ownRecord, requireOwnCenter } from "../support/own-center.js";
import { endNotBeforeStart, optionalText, pastOrToday, text } from "../support/validation.js";
import { requireCenter } from "../support/viewer.js";
import { PartnerKindEnum } from "./enums.js";
import { today } from '@opora/common/calendar';
// The center's partners: municipalities whose residents may use its services, and
// organizations it works with (referrers, co-organizers, donors). Managers edit, staff read.
export const PartnerMunicipalityRef = builder.prismaObject('CenterPartnerMunicipality', {
    name: 'PartnerMunicipality',
    description: 'A municipality whose residents may use the center’s services.',
    fields: (t) => ({
        municipality: t.relation('municipality'),
        since: t.expose('since', { type: 'Date' }),
        until: t.expose('until', { type: 'Date', nullable: true }),
    }),
});
export const PartnerOrganizationRef = builder.prismaNode('PartnerOrganization', {
    id: { field: 'id' },
    nullable: true,
    fields: (t) => ({
        kind: t.expose('kind', { type: PartnerKindEnum }),
        name: t.string({ resolve: (p, _a, ctx) => (ctx.locale === 'en' ? (p.nameEn ?? p.nameBg) : p.nameBg) }),
        nameBg: t.exposeString('nameBg'),
        nameEn: t.exposeString('nameEn', { nullable: true }),
        since: t.expose('since', { type: 'Date', nullable: true }),
        note: t.exposeString('note', { nullable: true }),
    }),
});
builder.prismaObjectFields('Center', (t) => ({
    partnerMunicipalities: t.prismaField({
        type: ['CenterPartnerMunicipality'],
        nullable: true,
        description: 'Municipalities whose residents may use the services; ended ones with `includeEnded`.',
        args: { includeEnded: t.arg.boolean({ required: false }) },
        resolve: (query, center, args, ctx) => {
            const centerId = requireOwnCenter(ctx, center);
            return ctx.db.centerPartnerMunicipality.findMany({
                ...query,
                where: { centerId, ...(args.includeEnded ? {} : { OR: [{ until: null }, { until: { gte: today() } }] }) },
                orderBy: [{ since: 'asc' }, { municipalityId: 'asc' }],
            });
        },
    }),
    partnerOrganizations: t.prismaField({
        type: ['PartnerOrganization'],
        nullable: true,
        description: 'Partner organizations: referrers, co-organizers, donors (staff of this center only).',
        resolve: (query, center, _a, ctx) => {
            const centerId = requireOwnCenter(ctx, center);
            return ctx.db.partnerOrganization.findMany({ ...query, where: { centerId }, orderBy: [{ kind: 'asc' }, { nameBg: 'asc' }, { id: 'asc' }] });
        },
    }),
}));
const PartnerOrganizationInput = builder.inputType('PartnerOrganizationInput', {
    fields: (t) => ({
        kind: t.field({ type: PartnerKindEnum }),
        nameBg: t.string({ validate: text(300) }),
        nameEn: t.string({ required: false, validate: optionalText(300) }),
        since: t.field({ type: 'Date', required: false, validate: pastOrToday.nullish() }),
        note: t.string({ required: false, validate: optionalText(1000) }),
    }),
});
async function municipalityIdOf(ctx, globalId, path) {
    const id = idOf(globalId, 'Municipality');
    const found = id ? await ctx.db.municipality.findUnique({ where: { id }, select: { id: true } }) : null;
    if (!found)
        throw invalidFields(ctx.locale, [{ path, messageKey: 'unknownReference' }]);
    return found.id;
}
const ownPartnerOrganization = (ctx, globalId) => ownRecord(ctx, globalId, 'PartnerOrganization', (where) => ctx.db.partnerOrganization.findFirst({ where }));
function partnerData(input) {
    return {
        kind: input.kind,
        nameBg: input.nameBg,
        nameEn: input.nameEn ?? null,
        since: input.since ?? null,
        note: input.note ?? null,
    };
}
builder.mutationFields((t) => ({
    addPartnerMunicipality: t.prismaField({
        type: 'CenterPartnerMunicipality',
        description: 'Residents of this municipality may use the services from `since` (an ended partnership is renewed).',
        args: { municipalityId: t.arg.id(), since: t.arg({ type: 'Date' }) },
        resolve: async (query, _root, args, ctx) => {
            const { centerId } = requireCenter(ctx);
            const municipalityId = await municipalityIdOf(ctx, args.municipalityId, 'municipalityId');
            const key = { centerId_municipalityId: { centerId, municipalityId } };
            const existing = await ctx.db.centerPartnerMunicipality.findUnique({ where: key });
            if (existing && (!existing.until || existing.until.getTime() >= today().getTime())) {
                throw invalidFields(ctx.locale, [{ path: 'municipalityId', messageKey: 'alreadyPartner' }]);
            }
            // One row per municipality: renewing an ended partnership starts it again.
            await ctx.db.centerPartnerMunicipality.upsert({
                where: key,
                create: { centerId, municipalityId, since: args.since },
                update: { since: args.since, until: null },
            });
            ctx.audit.record(existing ? 'UPDATE' : 'CREATE', 'CenterPartnerMunicipality', municipalityId);
            return ctx.db.centerPartnerMunicipality.findUniqueOrThrow({ ...query, where: key });
        },
    }),
    endPartnerMunicipality: t.prismaField({
        type: 'CenterPartnerMunicipality',
        args: { municipalityId: t.arg.id(), until: t.arg({ type: 'Date' }) },
        resolve: async (query, _root, args, ctx) => {
            const { centerId } = requireCenter(ctx);
            const municipalityId = idOf(args.municipalityId, 'Municipality');
            const key = { centerId_municipalityId: { centerId, municipalityId: municipalityId ?? '' } };
            const existing = municipalityId ? await ctx.db.centerPartnerMunicipality.findUnique({ where: key }) : null;
            if (!existing)
                throw notFound(ctx.locale);
            endNotBeforeStart(ctx, existing.since, args.until, 'until');
            await ctx.db.centerPartnerMunicipality.update({ where: key, data: { until: args.until } });
            ctx.audit.record('UPDATE', 'CenterPartnerMunicipality', existing.municipalityId);
            return ctx.db.centerPartnerMunicipality.findUniqueOrThrow({ ...query, where: key });
        },
    }),
    addPartnerOrganization: t.prismaField({
        type: 'PartnerOrganization',
        args: { input: t.arg({ type: PartnerOrganizationInput }) },
        resolve: async (query, _root, { input }, ctx) => {
            const { centerId } = requireCenter(ctx);
            const created = await ctx.db.partnerOrganization.create({ data: { ...partnerData(input), centerId }, select: { id: true } });
            ctx.audit.record('CREATE', 'PartnerOrganization', created.id);
            return ctx.db.partnerOrganization.findUniqueOrThrow({ ...query, where: { id: created.id } });
        },
    }),
    updatePartnerOrganization: t.prismaField({
        type: 'PartnerOrganization',
        args: { id: t.arg.id(), input: t.arg({ type: PartnerOrganizationInput }) },
        resolve: async (query, _root, args, ctx) => {
            const partner = await ownPartnerOrganization(ctx, args.id);
            await ctx.db.partnerOrganization.update({ where: { id: partner.id }, data: partnerData(args.input) });
            ctx.audit.record('UPDATE', 'PartnerOrganization', partner.id);
            return ctx.db.partnerOrganization.findUniqueOrThrow({ ...query, where: { id: partner.id } });
        },
    }),
}));
definePermissions({
    Center: { partnerMunicipalities: isOwnCenterStaff, partnerOrganizations: isOwnCenterStaff },
    Mutation: {
        addPartnerMunicipality: isCenterManager,
        endPartnerMunicipality: isCenterManager,
        addPartnerOrganization: isCenterManager,
        updatePartnerOrganization: isCenterManager,
    },
    PartnerMunicipality: isCenterStaff,
    PartnerOrganization: isCenterStaff,
});
//# sourceMappingURL=partners.js.map