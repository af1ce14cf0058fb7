import { z } from 'zod';
import { toSearchName } from '@opora/prisma/search-name';
import type { Prisma } from '@opora/prisma/client';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterStaff } from '../permissions/rules.ts';
import { updateAtVersion } from '../support/concurrency.ts';
import { invalidFields, notFound, type FieldIssue } from '../support/errors.ts';
import { idOf } from '../support/global-id.ts';
import { idempotentCreate } from '../support/idempotency.ts';
import { idempotencyKey, list, optionalText, text, version } from '../support/validation.ts';
import { requireCenter } from '../support/viewer.ts';
import { RelationshipEnum } from './enums.ts';
import { findPage } from '../support/pages.ts';
import { refuseRestrictedHousehold } from '../support/restriction.ts';

// Households: the family a child lives with, its members being clients of the center.
// Reading a Household is audited by the person-read middleware (type name `Household`).

export const HouseholdRef = builder.prismaNode('Household', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    settlement: t.relation('settlement', { nullable: true }),
    address: t.exposeString('address', { nullable: true }),
    // A restricted member's row is invisible to all but the manager (RLS): the list is then the
    // manager's only (a field of its own, never filled in advance by the parent's query).
    members: t.prismaField({
      type: ['HouseholdMember'],
      resolve: async (query, household, _a, ctx) => {
        await refuseRestrictedHousehold(ctx, household.id);
        return ctx.db.householdMember.findMany({ ...query, where: { householdId: household.id }, orderBy: [{ isPrimaryCaregiver: 'desc' }, { relationship: 'asc' }, { clientId: 'asc' }] });
      },
    }),
    // Linked once the cases module is registered (fields are built after every module loads).
    ...(builder.configStore.hasImplementation('Case')
      ? { cases: t.relation('cases', { query: { orderBy: [{ referralDate: 'desc' }, { id: 'asc' }] } }) }
      : {}),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('HouseholdMember', {
  fields: (t) => ({
    client: t.relation('client'),
    relationship: t.expose('relationship', { type: RelationshipEnum, description: 'Relationship to the household’s reference child.' }),
    isPrimaryCaregiver: t.exposeBoolean('isPrimaryCaregiver'),
  }),
});

// The households a client belongs to (through the member rows, in one query).
builder.prismaObjectFields('Client', (t) => ({
  households: t.field({
    type: [HouseholdRef],
    select: (_args, _ctx, nestedSelection) => ({
      householdMembers: { select: { household: nestedSelection(true) } },
    }),
    resolve: (client) => client.householdMembers.map((m) => m.household),
  }),
}));

/** A household's name (the form's and the history import's rule). */
export const HOUSEHOLD_NAME = text(200);

const HouseholdMemberInput = builder.inputType('HouseholdMemberInput', {
  fields: (t) => ({
    clientId: t.id({ validate: z.string().max(200, 'invalidId') }),
    relationship: t.field({ type: RelationshipEnum }),
    isPrimaryCaregiver: t.boolean({ required: false }),
  }),
});

const HouseholdInput = builder.inputType('HouseholdInput', {
  fields: (t) => ({
    name: t.string({ validate: HOUSEHOLD_NAME }),
    settlementId: t.id({ required: false, validate: z.string().max(200, 'invalidId').nullish() }),
    address: t.string({ required: false, validate: optionalText(300) }),
    members: t.field({
      type: [HouseholdMemberInput],
      required: false,
      description: 'On create: the members. On update: when given, replaces the members; left out, they stay.',
      validate: list(z.unknown(), 30).nullish(),
    }),
  }),
});

type MemberInput = typeof HouseholdMemberInput.$inferInput;
type HouseholdInputShape = typeof HouseholdInput.$inferInput;
type MemberRow = { clientId: string; relationship: MemberInput['relationship']; isPrimaryCaregiver: boolean };

/** Members resolved inside the center: another center's client reads as an unknown one. */
async function memberRows(ctx: Context, members: readonly MemberInput[], pathOf: (i: number) => string): Promise<MemberRow[]> {
  const { centerId } = requireCenter(ctx);
  const ids = members.map((m) => idOf(m.clientId, 'Client'));
  const known = await ctx.db.client.findMany({
    where: { centerId, archivedAt: null, id: { in: ids.filter((id): id is string => !!id) } },
    select: { id: true },
  });
  const knownIds = new Set(known.map((c) => c.id));
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  ids.forEach((id, i) => {
    if (!id || !knownIds.has(id)) issues.push({ path: pathOf(i), messageKey: 'unknownReference' });
    else if (seen.has(id)) issues.push({ path: pathOf(i), messageKey: 'duplicateItem' });
    else seen.add(id);
  });
  if (issues.length) throw invalidFields(ctx.locale, issues);
  return members.map((m, i) => ({ clientId: ids[i]!, relationship: m.relationship, isPrimaryCaregiver: m.isPrimaryCaregiver ?? false }));
}

async function householdData(ctx: Context, input: HouseholdInputShape) {
  let settlementId: string | null = null;
  if (input.settlementId) {
    settlementId = idOf(input.settlementId, 'Settlement');
    const found = settlementId ? await ctx.db.settlement.findUnique({ where: { id: settlementId }, select: { id: true } }) : null;
    if (!found) throw invalidFields(ctx.locale, [{ path: 'input.settlementId', messageKey: 'unknownReference' }]);
  }
  return { name: input.name, settlementId, address: input.address ?? null };
}

async function ownHousehold(ctx: Context, globalId: string) {
  const { centerId } = requireCenter(ctx);
  const id = idOf(globalId, 'Household');
  const found = id ? await ctx.db.household.findFirst({ where: { id, centerId }, select: { id: true } }) : null;
  if (!found) throw notFound(ctx.locale);
  return found.id;
}

/** A change of members is a change of the household: the version moves (checked when given). */
async function touchHousehold(ctx: Context, id: string, expectedVersion: number | null | undefined) {
  if (expectedVersion != null) await updateAtVersion(ctx, 'Household', ctx.db.household as never, id, expectedVersion, {});
  else await ctx.db.household.update({ where: { id }, data: { version: { increment: 1 } } });
}

function householdFilter(args: { search?: string | null; settlementId?: string | null }): Prisma.HouseholdWhereInput {
  const search = args.search?.trim();
  const words = search ? toSearchName(search).split(' ').filter(Boolean).slice(0, 5) : [];
  const settlementId = args.settlementId ? (idOf(args.settlementId, 'Settlement') ?? '00000000-0000-0000-0000-000000000000') : undefined;
  return {
    ...(search
      ? {
          OR: [
            { name: { contains: search, mode: 'insensitive' } },
            ...(words.length ? [{ members: { some: { client: { AND: words.map((w) => ({ searchName: { contains: w } })) } } } }] : []),
          ],
        }
      : {}),
    ...(settlementId ? { settlementId } : {}),
  };
}

const CreateHouseholdPayload = builder.objectRef<{ householdId: string; replayed: boolean }>('CreateHouseholdPayload').implement({
  fields: (t) => ({
    replayed: t.exposeBoolean('replayed', { description: 'True when an idempotent retry returned the first result.' }),
    household: t.prismaField({
      type: 'Household',
      resolve: (query, payload, _a, ctx) => ctx.db.household.findUniqueOrThrow({ ...query, where: { id: payload.householdId } }),
    }),
  }),
});

builder.queryFields((t) => ({
  households: t.prismaConnection({
    type: 'Household',
    cursor: 'id',
    description: 'Households of the active center; search by the household’s name or a member’s name (Cyrillic or Latin).',
    args: {
      search: t.arg.string({ required: false, validate: z.string().max(100, 'tooLong|max=100').nullish() }),
      settlementId: t.arg.id({ required: false }),
    },
    totalCount: (_conn, args, ctx) => ctx.db.household.count({ where: householdFilter(args) }),
    resolve: (query, _root, args, ctx) => {
      requireCenter(ctx);
      return findPage((a) => ctx.db.household.findMany(a), query, householdFilter(args), [{ name: 'asc' }, { id: 'asc' }]);
    },
  }),
}));

builder.mutationFields((t) => ({
  createHousehold: t.field({
    type: CreateHouseholdPayload,
    args: {
      input: t.arg({ type: HouseholdInput }),
      idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
    },
    resolve: async (_root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      // Every check before the first write (the idempotency key's claim included).
      const data = await householdData(ctx, args.input);
      const members = await memberRows(ctx, args.input.members ?? [], (i) => `input.members.${i}.clientId`);
      const result = await idempotentCreate(ctx, 'createHousehold', args.idempotencyKey, args.input, async () => {
        const household = await ctx.db.household.create({ data: { ...data, centerId }, select: { id: true } });
        if (members.length) {
          await ctx.db.householdMember.createMany({ data: members.map((m) => ({ ...m, centerId, householdId: household.id })) });
        }
        ctx.audit.record('CREATE', 'Household', household.id);
        return household;
      });
      return { replayed: result.replayed, householdId: result.id };
    },
  }),
  updateHousehold: t.prismaField({
    type: 'Household',
    description: 'Edit a household. `version` is the one you saw; a stale one gives CONFLICT and changes nothing.',
    args: {
      id: t.arg.id(),
      version: t.arg.int({ validate: version }),
      input: t.arg({ type: HouseholdInput }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const id = await ownHousehold(ctx, args.id);
      const data = await householdData(ctx, args.input);
      const members = args.input.members ? await memberRows(ctx, args.input.members, (i) => `input.members.${i}.clientId`) : null;
      // The version check comes first: a stale edit writes nothing, members included.
      await updateAtVersion(ctx, 'Household', ctx.db.household as never, id, args.version, data);
      if (members) {
        await ctx.db.householdMember.deleteMany({ where: { centerId, householdId: id } });
        if (members.length) await ctx.db.householdMember.createMany({ data: members.map((m) => ({ ...m, centerId, householdId: id })) });
      }
      ctx.audit.record('UPDATE', 'Household', id);
      return ctx.db.household.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  addHouseholdMember: t.prismaField({
    type: 'Household',
    args: {
      householdId: t.arg.id(),
      member: t.arg({ type: HouseholdMemberInput }),
      version: t.arg.int({ required: false, validate: version.nullish(), description: 'When given, a stale version gives CONFLICT.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const id = await ownHousehold(ctx, args.householdId);
      const [row] = await memberRows(ctx, [args.member], () => 'member.clientId');
      const already = await ctx.db.householdMember.findUnique({
        where: { centerId_householdId_clientId: { centerId, householdId: id, clientId: row!.clientId } },
      });
      if (already) throw invalidFields(ctx.locale, [{ path: 'member.clientId', messageKey: 'alreadyMember' }]);
      await touchHousehold(ctx, id, args.version);
      await ctx.db.householdMember.create({ data: { ...row!, centerId, householdId: id } });
      ctx.audit.record('UPDATE', 'Household', id, { addedMember: row!.clientId });
      return ctx.db.household.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  removeHouseholdMember: t.prismaField({
    type: 'Household',
    args: {
      householdId: t.arg.id(),
      clientId: t.arg.id(),
      version: t.arg.int({ required: false, validate: version.nullish(), description: 'When given, a stale version gives CONFLICT.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const id = await ownHousehold(ctx, args.householdId);
      const clientId = idOf(args.clientId, 'Client');
      const key = { centerId_householdId_clientId: { centerId, householdId: id, clientId: clientId ?? '' } };
      const member = clientId ? await ctx.db.householdMember.findUnique({ where: key }) : null;
      if (!member) throw notFound(ctx.locale);
      await touchHousehold(ctx, id, args.version);
      await ctx.db.householdMember.delete({ where: key });
      ctx.audit.record('UPDATE', 'Household', id, { removedMember: member.clientId });
      return ctx.db.household.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));

definePermissions({
  Query: { households: isCenterStaff },
  Mutation: {
    createHousehold: isCenterStaff,
    updateHousehold: isCenterStaff,
    addHouseholdMember: isCenterStaff,
    removeHouseholdMember: isCenterStaff,
  },
  Household: isCenterStaff,
  HouseholdMember: isCenterStaff,
  CreateHouseholdPayload: isCenterStaff,
});
