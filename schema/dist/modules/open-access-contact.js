import { z } from 'zod';
import { builder } from "../builder.js";
import { definePermissions } from "../permissions/registry.js";
import { isCenterStaff, mayChangeOpenAccessContact } from "../permissions/rules.js";
import { invalidFields, oporaError } from "../support/errors.js";
import { idOf } from "../support/global-id.js";
import { idempotentCreate } from "../support/idempotency.js";
import { idempotencyKey, pastOrToday, text } from "../support/validation.js";
import { requireCenter } from "../support/viewer.js";
import { addDays, addMonths, daysBetween, now, today } from '@opora/common/calendar';
import { AgeBandEnum, ContactChannelEnum, SexEnum } from "./enums.js";
import { findPage } from "../support/pages.js";
// Open-access contacts: information or counselling (ЗСУ: no referral, no assessment, no
// contract). Counted by service, channel, place and target group; usually anonymous, but a
// contact may name the person when they are a client of the center, so the two-month limit of
// open-access work is tracked per person. The author or the manager corrects or voids a contact
// (audited); it is never deleted, and a voided one counts nowhere.
/**
 * Open-access information, counselling and training are given without a referral for up to two
 * months (Social Services Act 2020 and its regulation, ПМС 306/2020); past that, the person's
 * support continues as a specialised service. Mobile preventive community work has no such limit.
 */
export const OPEN_ACCESS_LIMIT_MONTHS = 2;
const NO_LIMIT_SERVICE_KINDS = new Set(['MOBILE_COMMUNITY_WORK']);
export const OpenAccessContactRef = builder.prismaNode('OpenAccessContact', {
    id: { field: 'id' },
    nullable: true,
    fields: (t) => ({
        occurredOn: t.expose('occurredOn', { type: 'Date' }),
        service: t.relation('service'),
        channel: t.expose('channel', { type: ContactChannelEnum }),
        settlement: t.relation('settlement', { nullable: true }),
        municipality: t.relation('municipality', { nullable: true }),
        targetGroup: t.relation('targetGroup', { nullable: true }),
        ageBand: t.expose('ageBand', { type: AgeBandEnum }),
        sex: t.expose('sex', { type: SexEnum }),
        peopleCount: t.exposeInt('peopleCount'),
        recordedBy: t.relation('recordedBy', { nullable: true }),
        createdAt: t.expose('createdAt', { type: 'DateTime' }),
        client: t.relation('client', { nullable: true, description: 'The person, when known (a client of the center).' }),
        version: t.exposeInt('version'),
        updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
        voided: t.boolean({ select: { voidedAt: true }, resolve: (c) => c.voidedAt !== null, description: 'A voided contact is kept but counts nowhere.' }),
        voidedAt: t.expose('voidedAt', { type: 'DateTime', nullable: true }),
        voidedBy: t.relation('voidedBy', { nullable: true }),
        voidReason: t.exposeString('voidReason', { nullable: true }),
        canChange: t.boolean({
            description: 'The viewer may correct or void it: its author or the manager, while it is not voided.',
            select: { recordedById: true, voidedAt: true },
            resolve: (c, _a, ctx) => {
                const m = ctx.viewer?.membership;
                return !c.voidedAt && !!m && (m.role === 'MANAGER' || c.recordedById === m.id);
            },
        }),
    }),
});
const OpenAccessPeriod = builder.objectRef('OpenAccessPeriod').implement({
    description: `A person's open-access information, counselling and training: up to ${OPEN_ACCESS_LIMIT_MONTHS} months from their first contact.`,
    fields: (t) => ({
        startedOn: t.expose('startedOn', { type: 'Date', description: 'The first (not voided) contact.' }),
        endsOn: t.expose('endsOn', { type: 'Date', description: 'The last day of the open-access period.' }),
        contacts: t.exposeInt('contacts', { description: 'Contacts in the period and after it (not voided).' }),
        daysLeft: t.int({ description: 'Days left from today (Sofia), 0 on the last day; negative once it has passed.', resolve: (p) => daysBetween(today(), p.endsOn) }),
        exceeded: t.boolean({ description: 'Today is past the period: support continues as a specialised service.', resolve: (p) => daysBetween(today(), p.endsOn) < 0 }),
    }),
});
/** The person's period, from their first contact under a limited service; null before any. */
async function openAccessPeriod(ctx, clientId) {
    const where = { clientId, voidedAt: null, service: { serviceKind: { code: { notIn: [...NO_LIMIT_SERVICE_KINDS] } } } };
    const [first, contacts] = await Promise.all([
        ctx.db.openAccessContact.findFirst({ where, orderBy: [{ occurredOn: 'asc' }, { id: 'asc' }], select: { occurredOn: true } }),
        ctx.db.openAccessContact.count({ where }),
    ]);
    if (!first)
        return null;
    // Two months from the first day: the day before the same date two months on.
    return { startedOn: first.occurredOn, endsOn: addDays(addMonths(first.occurredOn, OPEN_ACCESS_LIMIT_MONTHS), -1), contacts };
}
const idText = z.string().max(200, 'invalidId');
const OpenAccessContactInput = builder.inputType('OpenAccessContactInput', {
    description: 'A contact, usually anonymous. Give the settlement when the person says it, else the municipality.',
    fields: (t) => ({
        occurredOn: t.field({ type: 'Date', validate: pastOrToday }),
        serviceId: t.id({ validate: idText }),
        channel: t.field({ type: ContactChannelEnum }),
        settlementId: t.id({ required: false, validate: idText.nullish() }),
        municipalityId: t.id({ required: false, validate: idText.nullish() }),
        targetGroupId: t.id({ required: false, validate: idText.nullish() }),
        ageBand: t.field({ type: AgeBandEnum, required: false, description: 'UNKNOWN by default.' }),
        sex: t.field({ type: SexEnum, required: false, description: 'UNKNOWN by default.' }),
        peopleCount: t.int({
            required: false,
            validate: z.number().int('invalidValue').min(1, 'peopleAtLeastOne').max(100, 'tooBig|max=100').nullish(),
            description: '1 by default.',
        }),
        clientId: t.id({ required: false, validate: idText.nullish(), description: 'The person, when known (a client of the center).' }),
    }),
    validate: z
        .looseObject({ settlementId: z.string().nullish(), municipalityId: z.string().nullish() })
        .refine((v) => !!v.settlementId || !!v.municipalityId, { message: 'placeNeeded', path: ['municipalityId'] }),
});
const ServiceTally = builder.objectRef('OpenAccessServiceTally').implement({
    fields: (t) => ({
        service: t.prismaField({
            type: 'CenterService',
            resolve: (query, row, _a, ctx) => ctx.db.centerService.findUniqueOrThrow({ ...query, where: { id: row.serviceId } }),
        }),
        contacts: t.exposeInt('contacts'),
        people: t.exposeInt('people'),
    }),
});
const ChannelTally = builder.objectRef('OpenAccessChannelTally').implement({
    fields: (t) => ({
        channel: t.expose('channel', { type: ContactChannelEnum }),
        contacts: t.exposeInt('contacts'),
        people: t.exposeInt('people'),
    }),
});
const OpenAccessSummary = builder.objectRef('OpenAccessSummary').implement({
    description: 'Open-access contacts of the center in a period: entries and people, by service and by channel.',
    fields: (t) => ({
        contacts: t.exposeInt('contacts', { description: 'Entries recorded.' }),
        people: t.exposeInt('people', { description: 'People counted (an entry may count a whole family).' }),
        byService: t.field({ type: [ServiceTally], resolve: (s) => s.byService }),
        byChannel: t.field({ type: [ChannelTally], resolve: (s) => s.byChannel }),
    }),
});
function contactFilter(args) {
    const serviceId = args.serviceId ? (idOf(args.serviceId, 'CenterService') ?? '00000000-0000-0000-0000-000000000000') : undefined;
    return {
        ...(args.includeVoided ? {} : { voidedAt: null }),
        ...(args.from || args.to
            ? { occurredOn: { ...(args.from ? { gte: args.from } : {}), ...(args.to ? { lte: args.to } : {}) } }
            : {}),
        ...(serviceId ? { serviceId } : {}),
        ...(args.channel ? { channel: args.channel } : {}),
    };
}
const dateRange = z
    .looseObject({ from: z.date().nullish(), to: z.date().nullish() })
    .refine((v) => !v.from || !v.to || v.from.getTime() <= v.to.getTime(), { message: 'endBeforeStart', path: ['to'] });
builder.queryFields((t) => ({
    openAccessContacts: t.prismaConnection({
        type: 'OpenAccessContact',
        cursor: 'id',
        description: 'Open-access contacts of the center, newest first, in a period (days inclusive); not the voided ones unless asked.',
        args: {
            from: t.arg({ type: 'Date', required: false }),
            to: t.arg({ type: 'Date', required: false }),
            serviceId: t.arg.id({ required: false }),
            channel: t.arg({ type: ContactChannelEnum, required: false }),
            includeVoided: t.arg.boolean({ required: false, description: 'Voided contacts too (kept, counted nowhere); false by default.' }),
        },
        validate: dateRange,
        totalCount: (_c, args, ctx) => ctx.db.openAccessContact.count({ where: contactFilter(args) }),
        resolve: (query, _root, args, ctx) => {
            requireCenter(ctx);
            return findPage((a) => ctx.db.openAccessContact.findMany(a), query, contactFilter(args), [
                { occurredOn: 'desc' },
                { createdAt: 'desc' },
                { id: 'desc' },
            ]);
        },
    }, { name: 'OpenAccessContactConnection' }, { name: 'OpenAccessContactEdge' }),
    openAccessSummary: t.field({
        type: OpenAccessSummary,
        description: 'Counts of open-access contacts in a period (days inclusive), by service and by channel; voided ones count nowhere.',
        args: {
            from: t.arg({ type: 'Date', required: false }),
            to: t.arg({ type: 'Date', required: false }),
        },
        validate: dateRange,
        resolve: async (_root, args, ctx) => {
            requireCenter(ctx);
            const groups = await ctx.db.openAccessContact.groupBy({
                by: ['serviceId', 'channel'],
                where: contactFilter(args),
                _count: { _all: true },
                _sum: { peopleCount: true },
            });
            const services = new Map();
            const channels = new Map();
            const total = { contacts: 0, people: 0 };
            for (const g of groups) {
                const contacts = g._count._all;
                const people = g._sum.peopleCount ?? 0;
                const s = services.get(g.serviceId) ?? { serviceId: g.serviceId, contacts: 0, people: 0 };
                s.contacts += contacts;
                s.people += people;
                services.set(g.serviceId, s);
                const c = channels.get(g.channel) ?? { channel: g.channel, contacts: 0, people: 0 };
                c.contacts += contacts;
                c.people += people;
                channels.set(g.channel, c);
                total.contacts += contacts;
                total.people += people;
            }
            const byCount = (a, b) => b.contacts - a.contacts;
            return { ...total, byService: [...services.values()].sort(byCount), byChannel: [...channels.values()].sort(byCount) };
        },
    }),
    openAccessPeriod: t.field({
        type: OpenAccessPeriod,
        nullable: true,
        description: `A known person's open-access period (up to ${OPEN_ACCESS_LIMIT_MONTHS} months from the first contact); null before any contact.`,
        args: { clientId: t.arg.id({ validate: idText }) },
        resolve: async (_root, args, ctx) => {
            const { centerId } = requireCenter(ctx);
            const id = idOf(args.clientId, 'Client');
            const client = id ? await ctx.db.client.findFirst({ where: { id, centerId }, select: { id: true } }) : null;
            if (!client)
                return null;
            // Dates and a count of a named person's contacts: a read of that person.
            ctx.audit.read('Client', client.id);
            return openAccessPeriod(ctx, client.id);
        },
    }),
}));
/** The input checked against the center's data: the row's fields, or every field error at once. */
async function resolveContact(ctx, input, at) {
    const { centerId } = requireCenter(ctx);
    const issues = [];
    const serviceId = idOf(input.serviceId, 'CenterService');
    const service = serviceId ? await ctx.db.centerService.findFirst({ where: { id: serviceId, centerId }, select: { id: true, access: true } }) : null;
    if (!service)
        issues.push({ path: `${at}.serviceId`, messageKey: 'unknownReference' });
    // Specialised services start from a referral; only open-access work is recorded here.
    else if (service.access !== 'OPEN_ACCESS')
        issues.push({ path: `${at}.serviceId`, messageKey: 'serviceNotOpenAccess' });
    let settlement = null;
    if (input.settlementId) {
        const id = idOf(input.settlementId, 'Settlement');
        settlement = id ? await ctx.db.settlement.findUnique({ where: { id }, select: { id: true, municipalityId: true } }) : null;
        if (!settlement)
            issues.push({ path: `${at}.settlementId`, messageKey: 'unknownReference' });
    }
    let municipalityId = settlement?.municipalityId ?? null;
    if (input.municipalityId) {
        const id = idOf(input.municipalityId, 'Municipality');
        const found = id ? await ctx.db.municipality.findUnique({ where: { id }, select: { id: true } }) : null;
        if (!found)
            issues.push({ path: `${at}.municipalityId`, messageKey: 'unknownReference' });
        else if (settlement && settlement.municipalityId !== found.id)
            issues.push({ path: `${at}.settlementId`, messageKey: 'invalidValue' });
        else
            municipalityId = found.id;
    }
    let targetGroupId = null;
    if (input.targetGroupId) {
        targetGroupId = idOf(input.targetGroupId, 'TargetGroup');
        const found = targetGroupId ? await ctx.db.targetGroup.findUnique({ where: { id: targetGroupId }, select: { id: true } }) : null;
        if (!found)
            issues.push({ path: `${at}.targetGroupId`, messageKey: 'unknownReference' });
    }
    let clientId = null;
    if (input.clientId) {
        const id = idOf(input.clientId, 'Client');
        const client = id ? await ctx.db.client.findFirst({ where: { id, centerId, archivedAt: null }, select: { id: true } }) : null;
        if (!client)
            issues.push({ path: `${at}.clientId`, messageKey: 'unknownReference' });
        clientId = client?.id ?? null;
    }
    if (issues.length)
        throw invalidFields(ctx.locale, issues);
    return {
        occurredOn: input.occurredOn,
        serviceId: service.id,
        channel: input.channel,
        settlementId: settlement?.id ?? null,
        municipalityId,
        targetGroupId,
        ageBand: input.ageBand ?? 'UNKNOWN',
        sex: input.sex ?? 'UNKNOWN',
        peopleCount: input.peopleCount ?? 1,
        clientId,
    };
}
/** A contact the author or the manager may change (the rule checked who): refused once voided. */
async function changeableContact(ctx, globalId) {
    const { centerId } = requireCenter(ctx);
    const id = idOf(globalId, 'OpenAccessContact');
    const contact = id ? await ctx.db.openAccessContact.findFirst({ where: { id, centerId }, select: { id: true, voidedAt: true, version: true } }) : null;
    if (!contact)
        throw oporaError('NOT_FOUND', 'notFound', ctx.locale);
    if (contact.voidedAt)
        throw oporaError('INVALID_TRANSITION', 'contactVoided', ctx.locale);
    return contact;
}
builder.mutationFields((t) => ({
    recordOpenAccessContact: t.prismaField({
        type: 'OpenAccessContact',
        description: 'Count a contact of an open-access service; no person record is made (a known client may be named).',
        args: {
            input: t.arg({ type: OpenAccessContactInput }),
            idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
        },
        resolve: async (query, _root, args, ctx) => {
            const { centerId, membershipId } = requireCenter(ctx);
            const input = args.input;
            const result = await idempotentCreate(ctx, 'recordOpenAccessContact', args.idempotencyKey, input, async () => {
                const data = await resolveContact(ctx, input, 'input');
                const contact = await ctx.db.openAccessContact.create({ data: { centerId, ...data, recordedById: membershipId }, select: { id: true } });
                ctx.audit.record('CREATE', 'OpenAccessContact', contact.id);
                return contact;
            });
            return ctx.db.openAccessContact.findUniqueOrThrow({ ...query, where: { id: result.id } });
        },
    }),
    correctOpenAccessContact: t.prismaField({
        type: 'OpenAccessContact',
        description: 'Correct a contact (its author or the manager); the change is audited.',
        args: {
            id: t.arg.id(),
            input: t.arg({ type: OpenAccessContactInput }),
        },
        resolve: async (query, _root, args, ctx) => {
            const contact = await changeableContact(ctx, args.id);
            const data = await resolveContact(ctx, args.input, 'input');
            await ctx.db.openAccessContact.update({ where: { id: contact.id }, data: { ...data, version: { increment: 1 } }, select: { id: true } });
            ctx.audit.record('UPDATE', 'OpenAccessContact', contact.id, { corrected: true });
            return ctx.db.openAccessContact.findUniqueOrThrow({ ...query, where: { id: contact.id } });
        },
    }),
    voidOpenAccessContact: t.prismaField({
        type: 'OpenAccessContact',
        description: 'Void a contact recorded by mistake (its author or the manager): kept and audited, never deleted, counted nowhere.',
        args: {
            id: t.arg.id(),
            reason: t.arg.string({ validate: text(300) }),
        },
        resolve: async (query, _root, args, ctx) => {
            const { membershipId } = requireCenter(ctx);
            const contact = await changeableContact(ctx, args.id);
            await ctx.db.openAccessContact.update({
                where: { id: contact.id },
                data: { voidedAt: now(), voidedById: membershipId, voidReason: args.reason, version: { increment: 1 } },
                select: { id: true },
            });
            ctx.audit.record('UPDATE', 'OpenAccessContact', contact.id, { voided: true });
            return ctx.db.openAccessContact.findUniqueOrThrow({ ...query, where: { id: contact.id } });
        },
    }),
}));
definePermissions({
    Query: { openAccessContacts: isCenterStaff, openAccessSummary: isCenterStaff, openAccessPeriod: isCenterStaff },
    Mutation: {
        recordOpenAccessContact: isCenterStaff,
        correctOpenAccessContact: mayChangeOpenAccessContact,
        voidOpenAccessContact: mayChangeOpenAccessContact,
    },
    OpenAccessPeriod: isCenterStaff,
    OpenAccessContact: isCenterStaff,
    OpenAccessSummary: isCenterStaff,
    OpenAccessServiceTally: isCenterStaff,
    OpenAccessChannelTally: isCenterStaff,
});
//# sourceMappingURL=open-access-contact.js.map