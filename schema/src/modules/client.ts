import { z } from 'zod';
import { isoDay } from '@opora/common/calendar';
import { toSearchName } from '@opora/prisma/search-name';
import type { Prisma } from '@opora/prisma/client';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterStaff } from '../permissions/rules.ts';
import { updateAtVersion } from '../support/concurrency.ts';
import { invalidFields, notFound, oporaError } from '../support/errors.ts';
import { hiddenFrom, missingAnswer, restrictedError, RESTRICTED_NAME } from '../support/restriction.ts';
import { idOf } from '../support/global-id.ts';
import { idempotentCreate } from '../support/idempotency.ts';
import { birthYear, email, idempotencyKey, optionalText, pastOrToday, phone, text, version } from '../support/validation.ts';
import { requireCenter } from '../support/viewer.ts';
import { ClientKindEnum, SexEnum } from './enums.ts';
import { findPage } from '../support/pages.ts';

// Clients: the children and adults a center works with.

export const ClientRef = builder.prismaNode('Client', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    kind: t.expose('kind', { type: ClientKindEnum }),
    // A restricted record (support/restriction.ts) shows nobody but the manager who it is.
    firstName: t.string({ resolve: (c, _a, ctx) => (hiddenFrom(ctx, c) ? RESTRICTED_NAME.first : c.firstName) }),
    middleName: t.string({ nullable: true, resolve: (c, _a, ctx) => (hiddenFrom(ctx, c) ? null : c.middleName) }),
    lastName: t.string({ resolve: (c, _a, ctx) => (hiddenFrom(ctx, c) ? RESTRICTED_NAME.last : c.lastName) }),
    fullName: t.string({
      resolve: (c, _a, ctx) => (hiddenFrom(ctx, c) ? `${RESTRICTED_NAME.first} ${RESTRICTED_NAME.last}` : [c.firstName, c.middleName, c.lastName].filter(Boolean).join(' ')),
    }),
    birthDate: t.field({ type: 'Date', nullable: true, resolve: (c, _a, ctx) => (hiddenFrom(ctx, c) ? null : c.birthDate) }),
    birthYear: t.int({ nullable: true, resolve: (c, _a, ctx) => (hiddenFrom(ctx, c) ? null : (c.birthYear ?? c.birthDate?.getUTCFullYear() ?? null)) }),
    sex: t.expose('sex', { type: SexEnum }),
    settlement: t.relation('settlement', { nullable: true }),
    address: t.string({ nullable: true, resolve: (c, _a, ctx) => (hiddenFrom(ctx, c) ? null : c.address) }),
    phone: t.string({ nullable: true, resolve: (c, _a, ctx) => (hiddenFrom(ctx, c) ? null : c.phone) }),
    email: t.string({ nullable: true, resolve: (c, _a, ctx) => (hiddenFrom(ctx, c) ? null : c.email) }),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

/** A client's field rules, shared by the registration form and the history import (schema/src/import/). */
export const CLIENT_RULES = {
  firstName: text(100),
  middleName: optionalText(100),
  lastName: text(100),
  birthDate: pastOrToday.nullish(),
  birthYear: birthYear.nullish(),
  address: optionalText(300),
  phone,
  email: email.nullish(),
};

/** A birth date and a birth year, when both are given, name the same year (message `birthDateOrYear`). */
export function birthDateFitsYear(birthDate: Date | null | undefined, year: number | null | undefined): boolean {
  return !birthDate || !year || birthDate.getUTCFullYear() === year;
}

export const ClientInput = builder.inputType('ClientInput', {
  fields: (t) => ({
    kind: t.field({ type: ClientKindEnum }),
    firstName: t.string({ validate: CLIENT_RULES.firstName }),
    middleName: t.string({ required: false, validate: CLIENT_RULES.middleName }),
    lastName: t.string({ validate: CLIENT_RULES.lastName }),
    birthDate: t.field({ required: false, type: 'Date', validate: CLIENT_RULES.birthDate }),
    birthYear: t.int({ required: false, validate: CLIENT_RULES.birthYear }),
    sex: t.field({ required: false, type: SexEnum }),
    settlementId: t.id({ required: false, validate: z.string().max(200, 'invalidId').nullish() }),
    address: t.string({ required: false, validate: CLIENT_RULES.address }),
    phone: t.string({ required: false, validate: CLIENT_RULES.phone }),
    email: t.string({ required: false, validate: CLIENT_RULES.email }),
  }),
  validate: z
    .looseObject({ birthDate: z.date().nullish(), birthYear: z.number().nullish() })
    .refine((v) => birthDateFitsYear(v.birthDate, v.birthYear), {
      message: 'birthDateOrYear',
      path: ['birthYear'],
    }),
});

type ClientInputShape = typeof ClientInput.$inferInput;

/** Resolves the input's references inside the center; an unknown id is a field error. */
export async function clientData(ctx: Context, input: ClientInputShape, path: string) {
  let settlementId: string | null = null;
  if (input.settlementId) {
    settlementId = idOf(input.settlementId, 'Settlement');
    const found = settlementId ? await ctx.db.settlement.findUnique({ where: { id: settlementId }, select: { id: true } }) : null;
    if (!found) throw invalidFields(ctx.locale, [{ path: `${path}.settlementId`, messageKey: 'unknownReference' }]);
  }
  const data = {
    kind: input.kind,
    firstName: input.firstName,
    middleName: input.middleName ?? null,
    lastName: input.lastName,
    searchName: toSearchName([input.firstName, input.middleName, input.lastName].filter(Boolean).join(' ')),
    birthDate: input.birthDate ?? null,
    birthYear: input.birthYear ?? input.birthDate?.getUTCFullYear() ?? null,
    sex: input.sex ?? 'UNKNOWN',
    settlementId,
    address: input.address ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
  } satisfies Omit<Prisma.ClientUncheckedCreateInput, 'centerId'>;
  return data;
}

/** Same name and birth date already in the center: the registration form warns. */
function duplicatesOf(ctx: Context, query: object, data: { firstName: string; lastName: string; birthDate: Date | null }, exceptId?: string) {
  if (!data.birthDate) return Promise.resolve([]);
  return ctx.db.client.findMany({
    ...query,
    where: {
      firstName: { equals: data.firstName, mode: 'insensitive' },
      lastName: { equals: data.lastName, mode: 'insensitive' },
      birthDate: data.birthDate,
      ...(exceptId ? { id: { not: exceptId } } : {}),
    },
    take: 10,
  });
}

const RegisterClientPayload = builder.objectRef<{ clientId: string; replayed: boolean }>('RegisterClientPayload').implement({
  fields: (t) => ({
    replayed: t.exposeBoolean('replayed', { description: 'True when an idempotent retry returned the first result.' }),
    client: t.prismaField({
      type: 'Client',
      resolve: (query, payload, _a, ctx) => ctx.db.client.findUniqueOrThrow({ ...query, where: { id: payload.clientId } }),
    }),
    possibleDuplicates: t.prismaField({
      type: ['Client'],
      description: 'Other clients of the center with the same name and birth date.',
      resolve: async (query, payload, _a, ctx) => {
        const client = await ctx.db.client.findUniqueOrThrow({ where: { id: payload.clientId } });
        return duplicatesOf(ctx, query, client, client.id);
      },
    }),
  }),
});

builder.queryFields((t) => ({
  clients: t.prismaConnection({
    type: 'Client',
    cursor: 'id',
    description: 'Clients of the active center; search by name in Cyrillic or Latin, any case, with or without accents.',
    args: {
      search: t.arg.string({ required: false, validate: z.string().max(100, 'tooLong|max=100').nullish() }),
      settlementId: t.arg.id({ required: false }),
      kind: t.arg({ type: ClientKindEnum, required: false }),
    },
    totalCount: (_conn, args, ctx) => ctx.db.client.count({ where: clientFilter(args) }),
    resolve: (query, _root, args, ctx) => {
      requireCenter(ctx);
      return findPage((a) => ctx.db.client.findMany(a), query, clientFilter(args), [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }]);
    },
  }),
  clientDuplicates: t.prismaField({
    type: ['Client'],
    description: 'Clients with this name and birth date already in the center (asked before registering).',
    args: {
      firstName: t.arg.string({ validate: text(100) }),
      lastName: t.arg.string({ validate: text(100) }),
      birthDate: t.arg({ type: 'Date' }),
    },
    resolve: (query, _root, args, ctx) => duplicatesOf(ctx, query, args),
  }),
}));

function clientFilter(args: { search?: string | null; settlementId?: string | null; kind?: 'CHILD' | 'ADULT' | null }): Prisma.ClientWhereInput {
  const words = args.search ? toSearchName(args.search).split(' ').filter(Boolean).slice(0, 5) : [];
  const settlementId = args.settlementId ? (idOf(args.settlementId, 'Settlement') ?? '00000000-0000-0000-0000-000000000000') : undefined;
  return {
    archivedAt: null,
    ...(words.length ? { AND: words.map((w) => ({ searchName: { contains: w } })) } : {}),
    ...(settlementId ? { settlementId } : {}),
    ...(args.kind ? { kind: args.kind } : {}),
  };
}

/** The fields a person reads that an edit changed, each as { from, to } (days as YYYY-MM-DD). */
export const RECTIFIABLE_FIELDS = ['kind', 'firstName', 'middleName', 'lastName', 'birthDate', 'birthYear', 'sex', 'settlementId', 'address', 'phone', 'email'] as const;
function clientChanges(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { from: string | number | null; to: string | number | null }> {
  const plain = (v: unknown) => (v instanceof Date ? isoDay(v) : v === undefined ? null : (v as string | number | null));
  const out: Record<string, { from: string | number | null; to: string | number | null }> = {};
  for (const f of RECTIFIABLE_FIELDS) {
    const from = plain(before[f]);
    const to = plain(after[f]);
    if (from !== to) out[f] = { from, to };
  }
  return out;
}

builder.mutationFields((t) => ({
  registerClient: t.field({
    type: RegisterClientPayload,
    args: {
      input: t.arg({ type: ClientInput }),
      idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
    },
    resolve: async (_root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const result = await idempotentCreate(ctx, 'registerClient', args.idempotencyKey, args.input, async () => {
        const data = await clientData(ctx, args.input, 'input');
        const client = await ctx.db.client.create({ data: { ...data, centerId }, select: { id: true } });
        ctx.audit.record('CREATE', 'Client', client.id);
        return client;
      });
      return { replayed: result.replayed, clientId: result.id };
    },
  }),
  updateClient: t.prismaField({
    type: 'Client',
    description: 'Edit a client. `version` is the one you saw; a stale one gives CONFLICT with the current record.',
    args: {
      id: t.arg.id(),
      version: t.arg.int({ validate: version }),
      input: t.arg({ type: ClientInput }),
    },
    resolve: async (query, _root, args, ctx) => {
      requireCenter(ctx);
      const id = idOf(args.id, 'Client');
      if (!id) throw notFound(ctx.locale);
      const data = await clientData(ctx, args.input, 'input');
      const before = await ctx.db.client.findUnique({ where: { id } });
      if (!before) throw await missingAnswer(ctx, id);
      if (hiddenFrom(ctx, before)) throw restrictedError(ctx);
      if (before?.anonymisedAt) throw oporaError('INVALID_TRANSITION', 'recordAnonymised', ctx.locale);
      await updateAtVersion(ctx, 'Client', ctx.db.client as never, id, args.version, data);
      // Rectification keeps its history: each changed field, old → new (Client.changeHistory).
      const changes = before ? clientChanges(before, data) : {};
      ctx.audit.record('UPDATE', 'Client', id, Object.keys(changes).length ? { changes } : undefined);
      return ctx.db.client.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));

definePermissions({
  Query: { clients: isCenterStaff, clientDuplicates: isCenterStaff },
  Mutation: { registerClient: isCenterStaff, updateClient: isCenterStaff },
  Client: isCenterStaff,
  RegisterClientPayload: isCenterStaff,
});
