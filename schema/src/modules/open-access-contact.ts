import { z } from 'zod';
import type { ContactChannel, Prisma } from '@opora/prisma/client';
import { builder } from '../builder.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterStaff } from '../permissions/rules.ts';
import { invalidFields, type FieldIssue } from '../support/errors.ts';
import { idOf } from '../support/global-id.ts';
import { idempotentCreate } from '../support/idempotency.ts';
import { idempotencyKey, intRange, pastOrToday } from '../support/validation.ts';
import { requireCenter } from '../support/viewer.ts';
import { AgeBandEnum, ContactChannelEnum, SexEnum } from './enums.ts';
import { findPage } from '../support/pages.ts';

// Open-access contacts: anonymous information or counselling (ЗСУ: no referral, no
// assessment, no contract). Counted by service, channel, place and target group, with no
// person record: nothing here can point at a client.

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
  }),
});

const idText = z.string().max(200, 'invalidId');

const OpenAccessContactInput = builder.inputType('OpenAccessContactInput', {
  description: 'An anonymous contact. Give the settlement when the person says it, else the municipality.',
  fields: (t) => ({
    occurredOn: t.field({ type: 'Date', validate: pastOrToday }),
    serviceId: t.id({ validate: idText }),
    channel: t.field({ type: ContactChannelEnum }),
    settlementId: t.id({ required: false, validate: idText.nullish() }),
    municipalityId: t.id({ required: false, validate: idText.nullish() }),
    targetGroupId: t.id({ required: false, validate: idText.nullish() }),
    ageBand: t.field({ type: AgeBandEnum, required: false, description: 'UNKNOWN by default.' }),
    sex: t.field({ type: SexEnum, required: false, description: 'UNKNOWN by default.' }),
    peopleCount: t.int({ required: false, validate: intRange(1, 100).nullish(), description: '1 by default.' }),
  }),
  validate: z
    .looseObject({ settlementId: z.string().nullish(), municipalityId: z.string().nullish() })
    .refine((v) => !!v.settlementId || !!v.municipalityId, { message: 'placeNeeded', path: ['municipalityId'] }),
});

// ───────────────────────────── Summary ─────────────────────────────

type Tally = { contacts: number; people: number };
type Summary = Tally & {
  byService: (Tally & { serviceId: string })[];
  byChannel: (Tally & { channel: ContactChannel })[];
};

const ServiceTally = builder.objectRef<Tally & { serviceId: string }>('OpenAccessServiceTally').implement({
  fields: (t) => ({
    service: t.prismaField({
      type: 'CenterService',
      resolve: (query, row, _a, ctx) => ctx.db.centerService.findUniqueOrThrow({ ...query, where: { id: row.serviceId } }),
    }),
    contacts: t.exposeInt('contacts'),
    people: t.exposeInt('people'),
  }),
});

const ChannelTally = builder.objectRef<Tally & { channel: ContactChannel }>('OpenAccessChannelTally').implement({
  fields: (t) => ({
    channel: t.expose('channel', { type: ContactChannelEnum }),
    contacts: t.exposeInt('contacts'),
    people: t.exposeInt('people'),
  }),
});

const OpenAccessSummary = builder.objectRef<Summary>('OpenAccessSummary').implement({
  description: 'Open-access contacts of the center in a period: entries and people, by service and by channel.',
  fields: (t) => ({
    contacts: t.exposeInt('contacts', { description: 'Entries recorded.' }),
    people: t.exposeInt('people', { description: 'People counted (an entry may count a whole family).' }),
    byService: t.field({ type: [ServiceTally], resolve: (s) => s.byService }),
    byChannel: t.field({ type: [ChannelTally], resolve: (s) => s.byChannel }),
  }),
});

type RangeArgs = { from?: Date | null; to?: Date | null };

function contactFilter(args: RangeArgs & { serviceId?: string | null; channel?: ContactChannel | null }): Prisma.OpenAccessContactWhereInput {
  const serviceId = args.serviceId ? (idOf(args.serviceId, 'CenterService') ?? '00000000-0000-0000-0000-000000000000') : undefined;
  return {
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
  openAccessContacts: t.prismaConnection(
    {
      type: 'OpenAccessContact',
      cursor: 'id',
      description: 'Open-access contacts of the center, newest first, in a period (days inclusive).',
      args: {
        from: t.arg({ type: 'Date', required: false }),
        to: t.arg({ type: 'Date', required: false }),
        serviceId: t.arg.id({ required: false }),
        channel: t.arg({ type: ContactChannelEnum, required: false }),
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
    },
    { name: 'OpenAccessContactConnection' },
    { name: 'OpenAccessContactEdge' },
  ),
  openAccessSummary: t.field({
    type: OpenAccessSummary,
    description: 'Counts of open-access contacts in a period (days inclusive), by service and by channel.',
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
      const services = new Map<string, Tally & { serviceId: string }>();
      const channels = new Map<ContactChannel, Tally & { channel: ContactChannel }>();
      const total: Tally = { contacts: 0, people: 0 };
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
      const byCount = <T extends Tally>(a: T, b: T) => b.contacts - a.contacts;
      return { ...total, byService: [...services.values()].sort(byCount), byChannel: [...channels.values()].sort(byCount) };
    },
  }),
}));

builder.mutationFields((t) => ({
  recordOpenAccessContact: t.prismaField({
    type: 'OpenAccessContact',
    description: 'Count an anonymous contact of an open-access service; no person record is made.',
    args: {
      input: t.arg({ type: OpenAccessContactInput }),
      idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { centerId, membershipId } = requireCenter(ctx);
      const input = args.input;
      const result = await idempotentCreate(ctx, 'recordOpenAccessContact', args.idempotencyKey, input, async () => {
        const issues: FieldIssue[] = [];
        const serviceId = idOf(input.serviceId, 'CenterService');
        const service = serviceId
          ? await ctx.db.centerService.findFirst({ where: { id: serviceId, centerId }, select: { id: true, access: true } })
          : null;
        if (!service) issues.push({ path: 'input.serviceId', messageKey: 'unknownReference' });
        // Specialised services start from a referral; only open-access work is anonymous.
        else if (service.access !== 'OPEN_ACCESS') issues.push({ path: 'input.serviceId', messageKey: 'serviceNotOpenAccess' });

        let settlement: { id: string; municipalityId: string } | null = null;
        if (input.settlementId) {
          const id = idOf(input.settlementId, 'Settlement');
          settlement = id ? await ctx.db.settlement.findUnique({ where: { id }, select: { id: true, municipalityId: true } }) : null;
          if (!settlement) issues.push({ path: 'input.settlementId', messageKey: 'unknownReference' });
        }
        let municipalityId = settlement?.municipalityId ?? null;
        if (input.municipalityId) {
          const id = idOf(input.municipalityId, 'Municipality');
          const found = id ? await ctx.db.municipality.findUnique({ where: { id }, select: { id: true } }) : null;
          if (!found) issues.push({ path: 'input.municipalityId', messageKey: 'unknownReference' });
          else if (settlement && settlement.municipalityId !== found.id) issues.push({ path: 'input.settlementId', messageKey: 'invalidValue' });
          else municipalityId = found.id;
        }
        let targetGroupId: string | null = null;
        if (input.targetGroupId) {
          targetGroupId = idOf(input.targetGroupId, 'TargetGroup');
          const found = targetGroupId ? await ctx.db.targetGroup.findUnique({ where: { id: targetGroupId }, select: { id: true } }) : null;
          if (!found) issues.push({ path: 'input.targetGroupId', messageKey: 'unknownReference' });
        }
        if (issues.length) throw invalidFields(ctx.locale, issues);
        const contact = await ctx.db.openAccessContact.create({
          data: {
            centerId,
            occurredOn: input.occurredOn,
            serviceId: service!.id,
            channel: input.channel,
            settlementId: settlement?.id ?? null,
            municipalityId,
            targetGroupId,
            ageBand: input.ageBand ?? 'UNKNOWN',
            sex: input.sex ?? 'UNKNOWN',
            peopleCount: input.peopleCount ?? 1,
            recordedById: membershipId,
          },
          select: { id: true },
        });
        ctx.audit.record('CREATE', 'OpenAccessContact', contact.id);
        return contact;
      });
      return ctx.db.openAccessContact.findUniqueOrThrow({ ...query, where: { id: result.id } });
    },
  }),
}));

definePermissions({
  Query: { openAccessContacts: isCenterStaff, openAccessSummary: isCenterStaff },
  Mutation: { recordOpenAccessContact: isCenterStaff },
  OpenAccessContact: isCenterStaff,
  OpenAccessSummary: isCenterStaff,
  OpenAccessServiceTally: isCenterStaff,
  OpenAccessChannelTally: isCenterStaff,
});
