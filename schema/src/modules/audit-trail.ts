import DataLoader from 'dataloader';
import { z } from 'zod';
import type { AuditAction, MembershipRole, Prisma } from '@opora/prisma/client';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { centerManagerCheck, isCenterManager } from '../permissions/rules.ts';
import { invalidFields } from '../support/errors.ts';
import { decodeId, encodeId, idOf, mayResolveNode } from '../support/global-id.ts';
import { requireCenter } from '../support/viewer.ts';
import { AuditActionEnum, MembershipRoleEnum } from './enums.ts';
import { auditListName, auditRecordType, enumLabel } from '@opora/common/vocabulary';

// The center's audit trail, for its manager: who read or changed what, and when. Read
// only: the API has no operation that changes an event, and the database refuses UPDATE
// and DELETE on AuditEvent for every role. RLS limits the rows to the active center.

type Actor = { displayName: string; role: MembershipRole; membershipId: string };

// Actors are named only through a membership of this center (never any user of the platform).
const actorLoaders = new WeakMap<Context, DataLoader<string, Actor | null>>();

function actorLoader(ctx: Context): DataLoader<string, Actor | null> {
  let loader = actorLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, Actor | null>(async (keys) => {
      const { centerId } = requireCenter(ctx);
      const parsed = keys.map((k) => {
        const [membershipId, userId] = k.split('|');
        return { membershipId: membershipId || null, userId: userId || null };
      });
      const rows = await ctx.db.membership.findMany({
        where: {
          centerId,
          OR: [
            { id: { in: parsed.flatMap((p) => (p.membershipId ? [p.membershipId] : [])) } },
            { userId: { in: parsed.flatMap((p) => (p.userId ? [p.userId] : [])) } },
          ],
        },
        select: { id: true, userId: true, role: true, startedOn: true, user: { select: { displayName: true } } },
        orderBy: { startedOn: 'desc' },
      });
      const toActor = (r: (typeof rows)[number]): Actor => ({ displayName: r.user.displayName, role: r.role, membershipId: r.id });
      return parsed.map((p) => {
        const row = (p.membershipId && rows.find((r) => r.id === p.membershipId)) || (p.userId && rows.find((r) => r.userId === p.userId));
        return row ? toActor(row) : null;
      });
    });
    actorLoaders.set(ctx, loader);
  }
  return loader;
}

const actorOf = (e: { membershipId: string | null; userId: string | null }, ctx: Context) =>
  e.membershipId || e.userId ? actorLoader(ctx).load(`${e.membershipId ?? ''}|${e.userId ?? ''}`) : Promise.resolve(null);

// Which person or case an event is about (manager only, like the whole trail): a client's
// name; a case's number and person; a record of a case (assessment, plan, contract, session,
// note) its case's. Showing the name is itself a read of that person: audited as one list
// read per request (`auditEvents.subject`).
type Subject = { personId: string | null; personName: string | null; caseNumber: string | null };
const CASE_RECORDS = { Assessment: 'assessment', SupportPlan: 'supportPlan', Contract: 'contract', Session: 'session', Note: 'note' } as const;
const subjectLoaders = new WeakMap<Context, DataLoader<string, Subject | null>>();
const fullName = (p: { firstName: string; middleName: string | null; lastName: string }) => [p.firstName, p.middleName, p.lastName].filter(Boolean).join(' ');

function subjectLoader(ctx: Context): DataLoader<string, Subject | null> {
  let loader = subjectLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, Subject | null>(async (keys) => {
      const byType = new Map<string, string[]>();
      for (const k of keys) {
        const [type, id] = k.split(':') as [string, string];
        byType.set(type, [...(byType.get(type) ?? []), id]);
      }
      const caseOf = new Map<string, string>();
      for (const [type, model] of Object.entries(CASE_RECORDS)) {
        const ids = byType.get(type);
        if (!ids?.length) continue;
        const rows: Array<{ id: string; caseId: string | null }> = await (ctx.db[model] as any).findMany({ where: { id: { in: ids } }, select: { id: true, caseId: true } });
        for (const r of rows) if (r.caseId) caseOf.set(`${type}:${r.id}`, r.caseId);
      }
      const caseIds = [...new Set([...(byType.get('Case') ?? []), ...caseOf.values()])];
      const cases = caseIds.length
        ? await ctx.db.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, number: true, person: { select: { id: true, firstName: true, middleName: true, lastName: true } } } })
        : [];
      const clients = byType.get('Client')?.length
        ? await ctx.db.client.findMany({ where: { id: { in: byType.get('Client')! } }, select: { id: true, firstName: true, middleName: true, lastName: true } })
        : [];
      return keys.map((k) => {
        const [type, id] = k.split(':') as [string, string];
        if (type === 'Client') {
          const c = clients.find((r) => r.id === id);
          return c ? { personId: c.id, personName: fullName(c), caseNumber: null } : null;
        }
        const caseId = type === 'Case' ? id : caseOf.get(k);
        const c = caseId ? cases.find((r) => r.id === caseId) : undefined;
        return c ? { personId: c.person.id, personName: fullName(c.person), caseNumber: c.number } : null;
      });
    });
    subjectLoaders.set(ctx, loader);
  }
  return loader;
}

async function subjectOf(e: { entityType: string; entityId: string | null }, ctx: Context): Promise<Subject | null> {
  if (!e.entityId || !UUID.test(e.entityId) || !(e.entityType === 'Client' || e.entityType === 'Case' || e.entityType in CASE_RECORDS)) return null;
  const subject = await subjectLoader(ctx).load(`${e.entityType}:${e.entityId}`);
  if (subject?.personId) ctx.audit.readInList('auditEvents.subject', 'Client', subject.personId);
  return subject;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

builder.prismaObject('AuditEvent', {
  description: 'One read or change of a record, as written when it happened (never altered).',
  fields: (t) => ({
    id: t.id({ resolve: (e) => e.id.toString() }),
    action: t.expose('action', { type: AuditActionEnum }),
    entityType: t.exposeString('entityType'),
    entityId: t.exposeString('entityId', { nullable: true }),
    entityNodeId: t.id({
      nullable: true,
      description: 'The entity’s Relay global id, when it is a node type (for node(id:)).',
      resolve: (e, _a, ctx) =>
        e.entityId && UUID.test(e.entityId) && mayResolveNode(ctx, e.entityType) ? encodeId(e.entityType, e.entityId) : null,
    }),
    at: t.expose('at', { type: 'DateTime' }),
    requestId: t.exposeString('requestId', { nullable: true }),
    actorName: t.string({
      nullable: true,
      description: 'Who did it (a staff member of this center; null for anyone else).',
      resolve: async (e, _a, ctx) => (await actorOf(e, ctx))?.displayName ?? null,
    }),
    actorRole: t.field({
      type: MembershipRoleEnum,
      nullable: true,
      resolve: async (e, _a, ctx) => (await actorOf(e, ctx))?.role ?? null,
    }),
    actorMembershipId: t.id({
      nullable: true,
      description: 'The actor’s staff membership (filter with auditEvents(actorMembershipId:)).',
      resolve: async (e, _a, ctx) => {
        const actor = await actorOf(e, ctx);
        return actor ? encodeId('Membership', actor.membershipId) : null;
      },
    }),
    actionLabel: t.string({ description: 'The action in the reader’s language.', resolve: (e, _a, ctx) => enumLabel('AuditAction', e.action, ctx.locale) }),
    entityTypeLabel: t.string({ description: 'The record type in the reader’s language.', resolve: (e, _a, ctx) => auditRecordType(e.entityType, ctx.locale) }),
    ip: t.exposeString('ip', { nullable: true, description: 'The client address (null: not recorded; recorded since December 2026).' }),
    userAgent: t.exposeString('userAgent', { nullable: true, description: 'The browser or app (null: not recorded).' }),
    listName: t.exposeString('listName', { nullable: true, description: 'A list read: the list that was shown (one event for the whole list).' }),
    listLabel: t.string({
      nullable: true,
      description: 'A list read: the list in the reader’s language (the screen or list it came from; listName when it has no words).',
      resolve: (e, _a, ctx) => (e.listName ? auditListName(e.listName, ctx.locale) : null),
    }),
    recordCount: t.exposeInt('recordCount', { nullable: true, description: 'A list read: how many records it showed.' }),
    recordNodeIds: t.idList({
      nullable: true,
      description: 'A list read: the global ids of the records it showed (node types only).',
      resolve: (e, _a, ctx) => (e.listName && mayResolveNode(ctx, e.entityType) ? e.entityIds.filter((id) => UUID.test(id)).map((id) => encodeId(e.entityType, id)) : null),
    }),
    personName: t.string({ nullable: true, description: 'The person the record is about (a client, or a case’s person).', resolve: async (e, _a, ctx) => (await subjectOf(e, ctx))?.personName ?? null }),
    personNodeId: t.id({ nullable: true, resolve: async (e, _a, ctx) => { const s = await subjectOf(e, ctx); return s?.personId ? encodeId('Client', s.personId) : null; } }),
    caseNumber: t.string({ nullable: true, description: 'The case the record belongs to, by its number.', resolve: async (e, _a, ctx) => (await subjectOf(e, ctx))?.caseNumber ?? null }),
  }),
});

const NOTHING = '00000000-0000-0000-0000-000000000000';

type AuditArgs = {
  from?: Date | null;
  to?: Date | null;
  action?: AuditAction | null;
  entityType?: string | null;
  entityId?: string | null;
  actorMembershipId?: string | null;
  personId?: string | null;
};

/** The filter, with the actor's membership resolved to the person (inside the center). */
async function auditFilter(ctx: Context, args: AuditArgs): Promise<Prisma.AuditEventWhereInput> {
  const { centerId } = requireCenter(ctx);
  if (args.from && args.to && args.to.getTime() < args.from.getTime()) {
    throw invalidFields(ctx.locale, [{ path: 'to', messageKey: 'endBeforeStart' }]);
  }
  let userId: string | undefined;
  if (args.actorMembershipId) {
    const membershipId = idOf(args.actorMembershipId, 'Membership');
    const membership = membershipId
      ? await ctx.db.membership.findFirst({ where: { id: membershipId, centerId }, select: { userId: true } })
      : null;
    userId = membership?.userId ?? NOTHING;
  }
  // One record's history: its own events and every list read that showed it.
  const about: Prisma.AuditEventWhereInput[] = [];
  if (args.entityId) {
    const decoded = decodeId(args.entityId);
    about.push({ OR: [{ entityType: decoded.typename, entityId: decoded.id }, { entityType: decoded.typename, entityIds: { has: decoded.id } }] });
  }
  // A person: their client record, their cases and their cases' records (the rows the trail
  // names them on: assessments, plans, contracts, sessions, notes), read alone or in a list.
  if (args.personId) {
    const personId = idOf(args.personId, 'Client');
    const cases = personId ? await ctx.db.case.findMany({ where: { personId }, select: { id: true } }) : [];
    const caseIds = cases.map((c) => c.id);
    const id = personId ?? NOTHING;
    const records: Prisma.AuditEventWhereInput[] = [];
    if (caseIds.length) {
      for (const [type, model] of Object.entries(CASE_RECORDS)) {
        const rows: Array<{ id: string }> = await (ctx.db[model] as any).findMany({ where: { caseId: { in: caseIds } }, select: { id: true } });
        const ids = rows.map((r) => r.id);
        if (ids.length) records.push({ entityType: type, entityId: { in: ids } }, { entityType: type, entityIds: { hasSome: ids } });
      }
    }
    about.push({
      OR: [
        { entityType: 'Client', entityId: id },
        { entityType: 'Client', entityIds: { has: id } },
        ...(caseIds.length ? [{ entityType: 'Case', entityId: { in: caseIds } }, { entityType: 'Case', entityIds: { hasSome: caseIds } }] : []),
        ...records,
      ],
    });
  }
  return {
    centerId,
    ...(about.length ? { AND: about } : {}),
    ...(args.from || args.to ? { at: { ...(args.from ? { gte: args.from } : {}), ...(args.to ? { lt: args.to } : {}) } } : {}),
    ...(args.action ? { action: args.action } : {}),
    ...(args.entityType ? { entityType: args.entityType } : {}),
    ...(userId ? { userId } : {}),
  };
}

// The connection's count and page share one filter (one membership look-up per request).
const filters = new WeakMap<Context, Map<string, Promise<Prisma.AuditEventWhereInput>>>();
function cachedFilter(ctx: Context, args: AuditArgs) {
  let byArgs = filters.get(ctx);
  if (!byArgs) filters.set(ctx, (byArgs = new Map()));
  const key = JSON.stringify(args);
  let where = byArgs.get(key);
  if (!where) byArgs.set(key, (where = auditFilter(ctx, args)));
  return where;
}

builder.queryFields((t) => ({
  auditEvents: t.prismaConnection({
    type: 'AuditEvent',
    cursor: 'id',
    description: 'The active center’s audit trail, newest first (managers only).',
    args: {
      from: t.arg({ type: 'DateTime', required: false, description: 'From this instant (inclusive).' }),
      to: t.arg({ type: 'DateTime', required: false, description: 'Up to this instant (exclusive).' }),
      action: t.arg({ type: AuditActionEnum, required: false }),
      entityType: t.arg.string({ required: false, validate: z.string().max(100, 'tooLong|max=100').nullish() }),
      entityId: t.arg.id({ required: false, description: 'A record’s global id: its whole history.' }),
      actorMembershipId: t.arg.id({ required: false, description: 'A staff member (their membership id): everything that person did here.' }),
      personId: t.arg.id({ required: false, description: 'A person (their client id): every event about their record, their cases and their cases’ records (assessments, plans, contracts, sessions, notes), list reads included.' }),
    },
    totalCount: async (_conn, args, ctx) => ctx.db.auditEvent.count({ where: await cachedFilter(ctx, args) }),
    resolve: async (query, _root, args, ctx) => ctx.db.auditEvent.findMany({ ...query, where: await cachedFilter(ctx, args), orderBy: { id: 'desc' } }),
  }),
}));

export const AUDIT_EXPORT_LIMIT = 10_000;

/**
 * The filtered events as the XLSX export's rows (server/src/audit-export.ts), newest first,
 * at most AUDIT_EXPORT_LIMIT: the same filter as `auditEvents`, the same words as the screen.
 * The caller checks the manager's rule (`mayExportAudit`) and records the EXPORT.
 */
export async function auditExportRows(ctx: Context, params: URLSearchParams): Promise<Array<Record<string, string | number | Date | null>>> {
  const allowed = centerManagerCheck(ctx);
  if (allowed !== true) throw allowed;
  const pick = (name: string) => params.get(name) || null;
  const date = (name: string) => {
    const v = pick(name);
    if (!v) return null;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw invalidFields(ctx.locale, [{ path: name, messageKey: 'invalidDate' }]);
    return d;
  };
  const action = pick('action');
  const args: AuditArgs = {
    from: date('from'),
    to: date('to'),
    action: action && action in AUDIT_ACTIONS ? (action as AuditAction) : null,
    entityType: pick('entityType'),
    entityId: pick('entityId'),
    actorMembershipId: pick('actorMembershipId'),
    personId: pick('personId'),
  };
  const events = await ctx.db.auditEvent.findMany({ where: await auditFilter(ctx, args), orderBy: { id: 'desc' }, take: AUDIT_EXPORT_LIMIT });
  const rows = [];
  for (const e of events) {
    const [actor, subject] = await Promise.all([actorOf(e, ctx), subjectOf(e, ctx)]);
    rows.push({
      id: e.id.toString(),
      at: e.at,
      actor: actor?.displayName ?? null,
      action: enumLabel('AuditAction', e.action, ctx.locale),
      recordType: auditRecordType(e.entityType, ctx.locale),
      list: e.listName ? auditListName(e.listName, ctx.locale) : null,
      count: e.recordCount,
      person: subject?.personName ?? null,
      caseNumber: subject?.caseNumber ?? null,
      ip: e.ip,
      userAgent: e.userAgent,
    });
  }
  return rows;
}

const AUDIT_ACTIONS: Record<AuditAction, true> = { CREATE: true, READ: true, UPDATE: true, DELETE: true, EXPORT: true, LOGIN: true, LOGIN_FAILED: true, LOGOUT: true, SWITCH_MEMBERSHIP: true };

definePermissions({
  Query: { auditEvents: isCenterManager },
  AuditEvent: isCenterManager,
});
