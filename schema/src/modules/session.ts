import { z } from 'zod';
import { missingAnswer, refuseIfRestricted } from '../support/restriction.ts';
import type { DeliveryMode, Prisma, SessionKind } from '@opora/prisma/client';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterManager, isCenterStaff, requireCaseTeamForNote } from '../permissions/rules.ts';
import { updateAtVersion } from '../support/concurrency.ts';
import { forbidden, invalidFields, notFound, oporaError, type FieldIssue } from '../support/errors.ts';
import { encodeId, idOf } from '../support/global-id.ts';
import { idempotentCreate } from '../support/idempotency.ts';
import { idempotencyKey, intRange, list, text, version } from '../support/validation.ts';
import { CENTER_ROLES, isManager, requireCenter } from '../support/viewer.ts';
import { ClientRef } from './client.ts';
import { ConfidentialityEnum, DeliveryModeEnum, SessionFormatEnum, SessionKindEnum, SessionStatusEnum } from './enums.ts';
import { MembershipRef } from './viewer.ts';
import { findPage } from '../support/pages.ts';
import { addDays, isAfterToday, isoDay, now, sofiaDay, sofiaDayEnd, sofiaDayStart, today } from '@opora/common/calendar';
import { contractEndBefore } from './case-workflow.ts';

// Sessions: individual and group sittings, home and field visits, online sessions. Logged as
// delivered (HELD), or planned ahead (PLANNED) and then marked HELD (with its note), MISSED or
// CANCELLED (with a reason); only HELD ones count anywhere. The mobile team logs from phones
// that retry, so creates are idempotent.

// ───────────────────────────── Types ─────────────────────────────

export const SessionRef = builder.prismaNode('Session', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    startsAt: t.expose('startsAt', { type: 'DateTime' }),
    durationMinutes: t.exposeInt('durationMinutes'),
    service: t.relation('service'),
    kind: t.expose('kind', { type: SessionKindEnum }),
    mode: t.expose('mode', { type: DeliveryModeEnum }),
    format: t.expose('format', { type: SessionFormatEnum }),
    settlement: t.relation('settlement', { nullable: true }),
    case: t.relation('case', { nullable: true }),
    groupMeeting: t.relation('groupMeeting', { nullable: true, description: 'The group meeting this session delivered, if any.' }),
    status: t.expose('status', { type: SessionStatusEnum, description: 'PLANNED, then HELD, MISSED or CANCELLED; only HELD counts.' }),
    statusReason: t.exposeString('statusReason', { nullable: true, description: 'Why it was missed or cancelled.' }),
    statusChangedAt: t.expose('statusChangedAt', { type: 'DateTime', nullable: true }),
    clients: t.field({
      type: [ClientRef],
      description: 'The clients the session worked with.',
      select: (_args, _ctx, nestedSelection) => ({
        clients: { select: { client: nestedSelection(true) }, orderBy: { clientId: 'asc' } },
      }),
      resolve: (session) => session.clients.map((c) => c.client),
    }),
    staff: t.field({
      type: [MembershipRef],
      description: 'The staff members who delivered the session.',
      select: (_args, _ctx, nestedSelection) => ({
        staff: { select: { membership: nestedSelection(true) }, orderBy: { membershipId: 'asc' } },
      }),
      resolve: (session) => session.staff.map((s) => s.membership),
    }),
    notes: t.relation('notes', {
      description: 'Notes written on the session; RESTRICTED bodies only for those allowed to read them.',
      query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    }),
    createdBy: t.relation('createdBy', { nullable: true }),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

// The case's sessions, newest first (the Case type itself belongs to modules/case.ts).
builder.prismaObjectField('Case', 'sessions', (t) =>
  t.relatedConnection(
    'sessions',
    {
      cursor: 'id',
      totalCount: true,
      description: 'Sessions held on the case, newest first.',
      query: { where: { status: 'HELD' }, orderBy: [{ startsAt: 'desc' }, { id: 'desc' }] },
    },
    { name: 'CaseSessionsConnection' },
    { name: 'CaseSessionsEdge' },
  ),
);

// The case's planned work ahead (today on), soonest first.
builder.prismaObjectField('Case', 'plannedSessions', (t) =>
  t.relation('sessions', {
    description: 'Sessions and visits planned on the case from today on, soonest first (at most 50).',
    query: () => ({ where: { status: 'PLANNED', startsAt: { gte: sofiaDayStart(today()) } }, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }], take: 50 }),
  }),
);

// ───────────────────────────── Inputs ─────────────────────────────

const EARLIEST = new Date('2000-01-01T00:00:00Z');
/** When a session took place (also the history import's rule). */
export const startsAt = z
  .date('invalidDate')
  .refine((d) => d.getTime() >= EARLIEST.getTime(), 'invalidDate')
  // Work actually delivered: nothing after the end of today in Sofia.
  .refine((d) => d.getTime() < sofiaDayEnd(today()).getTime(), 'dateInFuture');
export const duration = intRange(1, 720);
const idText = z.string().max(200, 'invalidId');

const SessionNoteInput = builder.inputType('SessionNoteInput', {
  fields: (t) => ({
    body: t.string({ validate: text(10_000) }),
    confidentiality: t.field({ type: ConfidentialityEnum, required: false, description: 'TEAM by default.' }),
  }),
});

// Planned work: from the start of today (Sofia) on, at most a year ahead.
const plannedStartsAt = z
  .date('invalidDate')
  .refine((d) => d.getTime() >= sofiaDayStart(today()).getTime(), 'planInPast')
  .refine((d) => d.getTime() < sofiaDayEnd(addDays(today(), 366)).getTime(), 'invalidDate');

const PlanSessionInput = builder.inputType('PlanSessionInput', {
  description: 'A session or visit planned ahead: who (staff; the viewer by default), with whom (a case, clients or both), where, when.',
  fields: (t) => ({
    startsAt: t.field({ type: 'DateTime', validate: plannedStartsAt }),
    durationMinutes: t.int({ validate: duration }),
    serviceId: t.id({ validate: idText }),
    kind: t.field({ type: SessionKindEnum }),
    mode: t.field({ type: DeliveryModeEnum, required: false, description: 'By default from the kind, as for a logged session.' }),
    format: t.field({ type: SessionFormatEnum, required: false, description: 'INDIVIDUAL by default.' }),
    settlementId: t.id({ required: false, validate: idText.nullish(), description: 'Where; a home or field visit defaults to the client’s settlement.' }),
    caseId: t.id({ required: false, validate: idText.nullish() }),
    clientIds: t.idList({ required: false, validate: list(idText, 50).nullish() }),
    staffIds: t.idList({ required: false, validate: list(idText, 20).nullish(), description: 'The viewer by default.' }),
  }),
  validate: z
    .looseObject({ caseId: z.string().nullish(), clientIds: z.array(z.string()).nullish() })
    .refine((v) => !!v.caseId || (v.clientIds?.length ?? 0) > 0, { message: 'sessionNeedsClient', path: ['clientIds'] }),
});

const SessionInput = builder.inputType('SessionInput', {
  description: 'A session as delivered. Give a case, clients, or both; a case alone brings its child.',
  fields: (t) => ({
    startsAt: t.field({ type: 'DateTime', validate: startsAt }),
    durationMinutes: t.int({ validate: duration }),
    serviceId: t.id({ validate: idText }),
    kind: t.field({ type: SessionKindEnum }),
    mode: t.field({
      type: DeliveryModeEnum,
      required: false,
      description: 'By default from the kind: HOME_VISIT → AT_HOME, FIELD_VISIT → FIELD, otherwise IN_CENTER.',
    }),
    format: t.field({ type: SessionFormatEnum, required: false, description: 'INDIVIDUAL by default.' }),
    settlementId: t.id({
      required: false,
      validate: idText.nullish(),
      description: 'Required for AT_HOME and FIELD; a home or field visit defaults to the client’s settlement.',
    }),
    caseId: t.id({ required: false, validate: idText.nullish() }),
    clientIds: t.idList({ required: false, validate: list(idText, 50).nullish() }),
    staffIds: t.idList({ required: false, validate: list(idText, 20).nullish(), description: 'The viewer by default.' }),
  }),
  validate: z
    .looseObject({ caseId: z.string().nullish(), clientIds: z.array(z.string()).nullish() })
    .refine((v) => !!v.caseId || (v.clientIds?.length ?? 0) > 0, { message: 'sessionNeedsClient', path: ['clientIds'] }),
});

const LogSessionInput = builder.inputType('LogSessionInput', {
  fields: (t) => ({
    session: t.field({ type: SessionInput }),
    note: t.field({ type: SessionNoteInput, required: false, description: 'An optional first note on the session.' }),
  }),
});

const QuickLogVisitInput = builder.inputType('QuickLogVisitInput', {
  description: 'A home or field visit with the fewest fields: who, where; the rest has defaults.',
  fields: (t) => ({
    clientId: t.id({ required: false, validate: idText.nullish() }),
    caseId: t.id({ required: false, validate: idText.nullish() }),
    settlementId: t.id({
      required: false,
      validate: idText.nullish(),
      description: 'A home or field visit defaults to the client’s settlement; required when the client has none.',
    }),
    kind: t.field({ type: SessionKindEnum, required: false, description: 'HOME_VISIT by default.' }),
    durationMinutes: t.int({ required: false, validate: duration.nullish(), description: '45 by default.' }),
    startsAt: t.field({ type: 'DateTime', required: false, validate: startsAt.nullish(), description: 'Now by default.' }),
    serviceId: t.id({
      required: false,
      validate: idText.nullish(),
      description: 'The center’s mobile community work service by default.',
    }),
    note: t.string({ required: false, validate: text(10_000).nullish() }),
  }),
  validate: z
    .looseObject({ caseId: z.string().nullish(), clientId: z.string().nullish() })
    .refine((v) => !!v.caseId || !!v.clientId, { message: 'sessionNeedsClient', path: ['clientId'] }),
});

type SessionInputShape = typeof SessionInput.$inferInput;

type ResolvedSession = {
  startsAt: Date;
  durationMinutes: number;
  serviceId: string;
  kind: SessionKind;
  mode: DeliveryMode;
  format: 'INDIVIDUAL' | 'GROUP';
  settlementId: string | null;
  caseId: string | null;
  clientIds: string[];
  staffIds: string[];
};

export const modeOfKind = (kind: SessionKind): DeliveryMode =>
  kind === 'HOME_VISIT' ? 'AT_HOME' : kind === 'FIELD_VISIT' ? 'FIELD' : 'IN_CENTER';

/**
 * Resolves a session's references inside the center. Every problem is collected and
 * reported at once as field errors; an unknown case is NOT_FOUND (as the API promises).
 */
async function resolveSession(
  ctx: Context,
  input: SessionInputShape,
  path: string,
  before?: { caseId: string | null; startsAt: Date },
  outsideContract: 'sessionOutsideContract' | 'planOutsideContract' = 'sessionOutsideContract',
): Promise<ResolvedSession> {
  const { centerId, membershipId } = requireCenter(ctx);
  const issues: FieldIssue[] = [];

  let caseRow: { id: string; personId: string } | null = null;
  if (input.caseId) {
    const caseId = idOf(input.caseId, 'Case');
    caseRow = caseId ? await ctx.db.case.findFirst({ where: { id: caseId, centerId }, select: { id: true, personId: true } }) : null;
    await refuseIfRestricted(ctx, caseRow?.personId);
    if (!caseRow) throw await missingAnswer(ctx, caseId);
  }

  const serviceId = idOf(input.serviceId, 'CenterService');
  const service = serviceId
    ? await ctx.db.centerService.findFirst({ where: { id: serviceId, centerId }, select: { id: true } })
    : null;
  if (!service) issues.push({ path: `${path}.serviceId`, messageKey: 'unknownReference' });

  // Clients: the ones given, or the case's child.
  const clientIds: string[] = [];
  const givenClients = input.clientIds ?? [];
  if (givenClients.length) {
    const decoded = givenClients.map((g) => idOf(g, 'Client'));
    const wanted = [...new Set(decoded.filter((x): x is string => !!x))];
    const found = wanted.length
      ? await ctx.db.client.findMany({ where: { id: { in: wanted }, centerId }, select: { id: true } })
      : [];
    const known = new Set(found.map((c) => c.id));
    decoded.forEach((id, i) => {
      if (!id || !known.has(id)) issues.push({ path: `${path}.clientIds.${i}`, messageKey: 'unknownReference' });
      else if (!clientIds.includes(id)) clientIds.push(id);
    });
  } else if (caseRow) {
    clientIds.push(caseRow.personId);
  }

  // Staff: the ones given (current staff of this center), or the viewer.
  const staffIds: string[] = [];
  if (input.staffIds?.length) {
    const decoded = input.staffIds.map((g) => idOf(g, 'Membership'));
    const wanted = [...new Set(decoded.filter((x): x is string => !!x))];
    const found = wanted.length
      ? await ctx.db.membership.findMany({
          where: { id: { in: wanted }, centerId, role: { in: [...CENTER_ROLES] } },
          select: { id: true },
        })
      : [];
    const known = new Set(found.map((m) => m.id));
    decoded.forEach((id, i) => {
      if (!id || !known.has(id)) issues.push({ path: `${path}.staffIds.${i}`, messageKey: 'unknownReference' });
      else if (!staffIds.includes(id)) staffIds.push(id);
    });
  } else {
    staffIds.push(membershipId);
  }

  const mode = input.mode ?? modeOfKind(input.kind);
  // A home visit happens at home, a field visit in the field.
  if ((input.kind === 'HOME_VISIT' && mode !== 'AT_HOME') || (input.kind === 'FIELD_VISIT' && mode !== 'FIELD')) {
    issues.push({ path: `${path}.mode`, messageKey: 'invalidValue' });
  }

  let settlementId: string | null = null;
  if (input.settlementId) {
    settlementId = idOf(input.settlementId, 'Settlement');
    const found = settlementId ? await ctx.db.settlement.findUnique({ where: { id: settlementId }, select: { id: true } }) : null;
    if (!found) issues.push({ path: `${path}.settlementId`, messageKey: 'unknownReference' });
  } else if ((mode === 'AT_HOME' || mode === 'FIELD') && clientIds.length) {
    // A home or field visit defaults to where the client lives (never the center's town): the
    // case's child, else the first client.
    const homeOf = caseRow && clientIds.includes(caseRow.personId) ? caseRow.personId : clientIds[0]!;
    const home = await ctx.db.client.findUnique({ where: { id: homeOf }, select: { settlementId: true } });
    settlementId = home?.settlementId ?? null;
  }
  // A home visit to an unknown client has no home to default to: the client error says it all.
  const homeUnknown = (mode === 'AT_HOME' || mode === 'FIELD') && issues.some((i) => i.path.startsWith(`${path}.clientIds`));
  if ((mode === 'AT_HOME' || mode === 'FIELD') && !settlementId && !input.settlementId && !homeUnknown) {
    issues.push({ path: `${path}.settlementId`, messageKey: 'visitNeedsSettlement' });
  }

  // Delivery needs a contract in force (case-workflow.ts): no session on a case after its contract
  // ended, until a new one is concluded. An edit that keeps the session's case and day is let be.
  const day = sofiaDay(input.startsAt);
  if (caseRow && (!before || before.caseId !== caseRow.id || +sofiaDay(before.startsAt) !== +day)) {
    const end = await contractEndBefore(ctx, caseRow.id, day);
    if (end) issues.push({ path: `${path}.startsAt`, messageKey: outsideContract, params: { date: isoDay(end) } });
  }

  if (issues.length) throw invalidFields(ctx.locale, issues);
  return {
    startsAt: input.startsAt,
    durationMinutes: input.durationMinutes,
    serviceId: service!.id,
    kind: input.kind,
    mode,
    format: input.format ?? 'INDIVIDUAL',
    settlementId,
    caseId: caseRow?.id ?? null,
    clientIds,
    staffIds,
  };
}

/** The waiting-time indicator: the case's first session is the earliest one held. */
async function markFirstSession(ctx: Context, caseId: string, startsAtValue: Date): Promise<void> {
  const day = sofiaDay(startsAtValue);
  await ctx.db.case.updateMany({
    where: { id: caseId, OR: [{ firstSessionOn: null }, { firstSessionOn: { gt: day } }] },
    data: { firstSessionOn: day },
  });
}

/** After a session moved or was deleted: the case's first session is recomputed from what is left. */
async function recomputeFirstSession(ctx: Context, caseId: string): Promise<void> {
  const first = await ctx.db.session.aggregate({ where: { caseId, status: 'HELD' }, _min: { startsAt: true } });
  const day = first._min.startsAt ? sofiaDay(first._min.startsAt) : null;
  await ctx.db.case.updateMany({ where: { id: caseId }, data: { firstSessionOn: day } });
}

async function createSession(
  ctx: Context,
  s: ResolvedSession,
  note: { body: string; confidentiality?: 'TEAM' | 'RESTRICTED' | null } | null | undefined,
  status: 'HELD' | 'PLANNED' = 'HELD',
): Promise<{ id: string }> {
  const { centerId, membershipId } = requireCenter(ctx);
  // Anyone of the center logs a visit on a case; its note is the case team's (as addCaseNote).
  if (note && s.caseId) await requireCaseTeamForNote(ctx, s.caseId);
  const session = await ctx.db.session.create({
    data: {
      centerId,
      startsAt: s.startsAt,
      durationMinutes: s.durationMinutes,
      serviceId: s.serviceId,
      kind: s.kind,
      mode: s.mode,
      format: s.format,
      settlementId: s.settlementId,
      caseId: s.caseId,
      createdById: membershipId,
      status,
      statusChangedAt: now(),
    },
    select: { id: true },
  });
  await ctx.db.sessionStaff.createMany({ data: s.staffIds.map((id) => ({ centerId, sessionId: session.id, membershipId: id })) });
  await ctx.db.sessionClient.createMany({ data: s.clientIds.map((id) => ({ centerId, sessionId: session.id, clientId: id })) });
  ctx.audit.record('CREATE', 'Session', session.id);
  if (note) {
    const created = await ctx.db.note.create({
      data: {
        centerId,
        caseId: s.caseId,
        sessionId: session.id,
        authorId: membershipId,
        confidentiality: note.confidentiality ?? 'TEAM',
        body: note.body,
      },
      select: { id: true },
    });
    ctx.audit.record('CREATE', 'Note', created.id);
  }
  if (s.caseId && status === 'HELD') await markFirstSession(ctx, s.caseId, s.startsAt);
  return session;
}

// ───────────────────────────── Payloads ─────────────────────────────

const LogSessionPayload = builder.objectRef<{ sessionId: string; replayed: boolean }>('LogSessionPayload').implement({
  fields: (t) => ({
    replayed: t.exposeBoolean('replayed', { description: 'True when an idempotent retry returned the first result.' }),
    session: t.prismaField({
      type: 'Session',
      resolve: (query, payload, _a, ctx) => ctx.db.session.findUniqueOrThrow({ ...query, where: { id: payload.sessionId } }),
    }),
  }),
});

// ───────────────────────────── Queries ─────────────────────────────

type SessionFilterArgs = {
  statuses?: readonly ('PLANNED' | 'HELD' | 'MISSED' | 'CANCELLED')[] | null;
  from?: Date | null;
  to?: Date | null;
  caseId?: string | null;
  staffId?: string | null;
  serviceId?: string | null;
  clientId?: string | null;
};

const NOTHING = '00000000-0000-0000-0000-000000000000';

// A cancelled group meeting's session did not take place: it is in no list of sessions.
const NOT_CANCELLED_MEETING = { OR: [{ groupMeetingId: null }, { groupMeeting: { status: { not: 'CANCELLED' } } }] } satisfies Prisma.SessionWhereInput;

/** An unknown id filters to nothing (never to everything). The session list's filter; the manager's desk counts with it too. */
export function sessionFilter(args: SessionFilterArgs): Prisma.SessionWhereInput {
  const ref = (g: string | null | undefined, type: string) => (g ? (idOf(g, type) ?? NOTHING) : undefined);
  const caseId = ref(args.caseId, 'Case');
  const staffId = ref(args.staffId, 'Membership');
  const serviceId = ref(args.serviceId, 'CenterService');
  const clientId = ref(args.clientId, 'Client');
  return {
    ...NOT_CANCELLED_MEETING,
    // The session log is of work held, unless other statuses are asked for.
    status: { in: args.statuses?.length ? [...args.statuses] : ['HELD'] },
    ...(args.from || args.to
      ? {
          startsAt: {
            ...(args.from ? { gte: sofiaDayStart(args.from) } : {}),
            ...(args.to ? { lt: sofiaDayEnd(args.to) } : {}),
          },
        }
      : {}),
    ...(caseId ? { caseId } : {}),
    ...(serviceId ? { serviceId } : {}),
    ...(staffId ? { staff: { some: { membershipId: staffId } } } : {}),
    ...(clientId ? { clients: { some: { clientId } } } : {}),
  };
}

/** A calendar's window: whole Sofia days, every status but a cancelled group meeting's session. */
function workWindow(args: { from: Date; to: Date }): Prisma.SessionWhereInput {
  return { ...NOT_CANCELLED_MEETING, startsAt: { gte: sofiaDayStart(args.from), lt: sofiaDayEnd(args.to) } };
}

const workRange = z
  .looseObject({ from: z.date(), to: z.date() })
  .refine((v) => v.from.getTime() <= v.to.getTime(), { message: 'endBeforeStart', path: ['to'] })
  .refine((v) => v.to.getTime() - v.from.getTime() <= 31 * 86_400_000, { message: 'invalidValue', path: ['to'] });

const NEWEST_FIRST = [{ startsAt: 'desc' }, { id: 'desc' }] satisfies Prisma.SessionOrderByWithRelationInput[];

const dateRange = z
  .looseObject({ from: z.date().nullish(), to: z.date().nullish() })
  .refine((v) => !v.from || !v.to || v.from.getTime() <= v.to.getTime(), { message: 'endBeforeStart', path: ['to'] });

builder.queryFields((t) => ({
  sessions: t.prismaConnection(
    {
      type: 'Session',
      cursor: 'id',
      description: 'Sessions of the center, newest first; by date range (Sofia days, inclusive), case, worker, service, client or status (HELD by default).',
      args: {
        statuses: t.arg({ type: [SessionStatusEnum], required: false }),
        from: t.arg({ type: 'Date', required: false }),
        to: t.arg({ type: 'Date', required: false }),
        caseId: t.arg.id({ required: false }),
        staffId: t.arg.id({ required: false }),
        serviceId: t.arg.id({ required: false }),
        clientId: t.arg.id({ required: false }),
      },
      validate: dateRange,
      totalCount: (_conn, args, ctx) => ctx.db.session.count({ where: sessionFilter(args) }),
      resolve: (query, _root, args, ctx) => {
        requireCenter(ctx);
        return findPage((a) => ctx.db.session.findMany(a), query, sessionFilter(args), NEWEST_FIRST);
      },
    },
    { name: 'SessionConnection' },
    { name: 'SessionEdge' },
  ),
  mySessions: t.prismaConnection(
    {
      type: 'Session',
      cursor: 'id',
      description: 'The viewer’s own sessions, newest first, in a date range (Sofia days, inclusive); HELD unless statuses are given.',
      args: {
        statuses: t.arg({ type: [SessionStatusEnum], required: false }),
        from: t.arg({ type: 'Date', required: false }),
        to: t.arg({ type: 'Date', required: false }),
      },
      validate: dateRange,
      totalCount: (_conn, args, ctx) =>
        ctx.db.session.count({ where: { ...sessionFilter(args), staff: { some: { membershipId: requireCenter(ctx).membershipId } } } }),
      resolve: (query, _root, args, ctx) => {
        const { membershipId } = requireCenter(ctx);
        return findPage((a) => ctx.db.session.findMany(a), query, { ...sessionFilter(args), staff: { some: { membershipId } } }, NEWEST_FIRST);
      },
    },
    { name: 'MySessionsConnection' },
    { name: 'MySessionsEdge' },
  ),
  todaysSessions: t.prismaField({
    type: ['Session'],
    description: 'The viewer’s sessions today (Europe/Sofia), planned and held, in order of time.',
    resolve: (query, _root, _args, ctx) => {
      const { membershipId } = requireCenter(ctx);
      const day = today();
      return ctx.db.session.findMany({
        ...query,
        where: { ...NOT_CANCELLED_MEETING, status: { in: ['PLANNED', 'HELD'] }, startsAt: { gte: sofiaDayStart(day), lt: sofiaDayEnd(day) }, staff: { some: { membershipId } } },
        orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
        take: 100,
      });
    },
  }),
  myWork: t.prismaField({
    type: ['Session'],
    description: 'The viewer’s planned and recorded work from one Sofia day to another (inclusive, at most 31 days), in order of time.',
    args: { from: t.arg({ type: 'Date' }), to: t.arg({ type: 'Date' }) },
    validate: workRange,
    resolve: (query, _root, args, ctx) => {
      const { membershipId } = requireCenter(ctx);
      return ctx.db.session.findMany({ ...query, where: { ...workWindow(args), staff: { some: { membershipId } } }, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }], take: 500 });
    },
  }),
  teamWork: t.prismaField({
    type: ['Session'],
    description: 'Everyone’s planned and recorded work in the center from one Sofia day to another (inclusive, at most 31 days): the manager’s view.',
    args: { from: t.arg({ type: 'Date' }), to: t.arg({ type: 'Date' }) },
    validate: workRange,
    resolve: (query, _root, args, ctx) => {
      requireCenter(ctx);
      return ctx.db.session.findMany({ ...query, where: workWindow(args), orderBy: [{ startsAt: 'asc' }, { id: 'asc' }], take: 2000 });
    },
  }),
}));

// ───────────────────────────── Mutations ─────────────────────────────

/** The author, a staff member on the session, or the manager may edit it. */
async function editableSession(ctx: Context, globalId: string) {
  const { centerId, membershipId } = requireCenter(ctx);
  const id = idOf(globalId, 'Session');
  const session = id
    ? await ctx.db.session.findFirst({
        where: { id, centerId },
        select: {
          id: true, caseId: true, startsAt: true, createdById: true, createdAt: true, status: true, groupMeetingId: true, version: true,
          staff: { select: { membershipId: true } },
        },
      })
    : null;
  if (!session) throw notFound(ctx.locale);
  return { session, membershipId };
}

/**
 * A planned session, for one who may mark it (a staff member on it, its author, the manager),
 * not a group meeting's (that follows its meeting). Refusals say why, in both languages.
 */
async function plannedSession(ctx: Context, globalId: string) {
  const { session, membershipId } = await editableSession(ctx, globalId);
  const mayMark = isManager(ctx) || session.createdById === membershipId || session.staff.some((s) => s.membershipId === membershipId);
  if (!mayMark) throw oporaError('FORBIDDEN', 'sessionNotYours', ctx.locale);
  if (session.groupMeetingId) throw oporaError('INVALID_TRANSITION', 'sessionFollowsMeeting', ctx.locale);
  if (session.status !== 'PLANNED') throw oporaError('INVALID_TRANSITION', 'sessionNotPlanned', ctx.locale);
  return session;
}

const reasonText = text(300);

builder.mutationFields((t) => ({
  planSession: t.field({
    type: LogSessionPayload,
    description: 'Plan a session, home or field visit ahead: who, with whom, which case, where, when. It counts nowhere until held.',
    args: {
      input: t.arg({ type: PlanSessionInput }),
      idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
    },
    resolve: async (_root, args, ctx) => {
      requireCenter(ctx);
      const result = await idempotentCreate(ctx, 'planSession', args.idempotencyKey, args.input, async () => {
        const resolved = await resolveSession(ctx, args.input, 'input', undefined, 'planOutsideContract');
        return createSession(ctx, resolved, null, 'PLANNED');
      });
      return { sessionId: result.id, replayed: result.replayed };
    },
  }),
  holdSession: t.prismaField({
    type: 'Session',
    description: 'A planned session took place (not before its day, Sofia): marked held in one step, with its note and actual duration. Retries with the same idempotencyKey answer the session without holding it again.',
    args: {
      id: t.arg.id(),
      note: t.arg({ type: SessionNoteInput, required: false }),
      durationMinutes: t.arg.int({ required: false, validate: duration.nullish() }),
      idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { centerId, membershipId } = requireCenter(ctx);
      // A phone that held the session offline sends it again until it hears back: a retry with
      // the same key answers the session as the first one left it (web/src/offline/queue.ts).
      const { idempotencyKey: key, ...input } = args;
      const done = await idempotentCreate(ctx, 'holdSession', key, input, async () => {
        const session = await plannedSession(ctx, args.id);
        if (isAfterToday(sofiaDay(session.startsAt))) throw oporaError('INVALID_TRANSITION', 'sessionInFuture', ctx.locale);
        // Delivery needs a contract in force on the session's day (as for a logged session).
        if (session.caseId) {
          const end = await contractEndBefore(ctx, session.caseId, sofiaDay(session.startsAt));
          if (end) throw oporaError('INVALID_TRANSITION', 'sessionOutsideContract', ctx.locale, { date: isoDay(end) });
          if (args.note) await requireCaseTeamForNote(ctx, session.caseId);
        }
        await updateAtVersion(ctx, 'Session', ctx.db.session as never, session.id, session.version, {
          status: 'HELD',
          statusChangedAt: now(),
          ...(args.durationMinutes ? { durationMinutes: args.durationMinutes } : {}),
        });
        ctx.audit.record('UPDATE', 'Session', session.id, { status: 'HELD' });
        if (args.note) {
          const created = await ctx.db.note.create({
            data: {
              centerId,
              caseId: session.caseId,
              sessionId: session.id,
              authorId: membershipId,
              confidentiality: args.note.confidentiality ?? 'TEAM',
              body: args.note.body,
            },
            select: { id: true },
          });
          ctx.audit.record('CREATE', 'Note', created.id);
        }
        if (session.caseId) await markFirstSession(ctx, session.caseId, session.startsAt);
        return { id: session.id };
      });
      return ctx.db.session.findUniqueOrThrow({ ...query, where: { id: done.id } });
    },
  }),
  missSession: t.prismaField({
    type: 'Session',
    description: 'A planned session did not take place because the person did not come (or was not at home), and why. It counts nowhere.',
    args: { id: t.arg.id(), reason: t.arg.string({ validate: reasonText }) },
    resolve: (query, _root, args, ctx) => closePlanned(ctx, query, args.id, 'MISSED', args.reason),
  }),
  cancelSession: t.prismaField({
    type: 'Session',
    description: 'A planned session is called off, and why. It counts nowhere.',
    args: { id: t.arg.id(), reason: t.arg.string({ validate: reasonText }) },
    resolve: (query, _root, args, ctx) => closePlanned(ctx, query, args.id, 'CANCELLED', args.reason),
  }),
  logSession: t.field({
    type: LogSessionPayload,
    description: 'Log a session delivered: individual or group, in the center, at home, in the field or online.',
    args: {
      input: t.arg({ type: LogSessionInput }),
      idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
    },
    resolve: async (_root, args, ctx) => {
      requireCenter(ctx);
      const result = await idempotentCreate(ctx, 'logSession', args.idempotencyKey, args.input, async () => {
        const resolved = await resolveSession(ctx, args.input.session, 'input.session');
        return createSession(ctx, resolved, args.input.note);
      });
      return { sessionId: result.id, replayed: result.replayed };
    },
  }),
  quickLogVisit: t.field({
    type: LogSessionPayload,
    description: 'Log a home or field visit of the mobile team with the fewest fields.',
    args: {
      input: t.arg({ type: QuickLogVisitInput }),
      idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
    },
    resolve: async (_root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const input = args.input;
      const result = await idempotentCreate(ctx, 'quickLogVisit', args.idempotencyKey, input, async () => {
        let serviceId = input.serviceId ?? null;
        if (!serviceId) {
          const mobile = await ctx.db.centerService.findFirst({
            where: { centerId, active: true, serviceKind: { code: 'MOBILE_COMMUNITY_WORK' } },
            select: { id: true },
            orderBy: { nameBg: 'asc' },
          });
          if (!mobile) throw invalidFields(ctx.locale, [{ path: 'input.serviceId', messageKey: 'required' }]);
          serviceId = encodeId('CenterService', mobile.id);
        }
        const kind = input.kind ?? 'HOME_VISIT';
        const resolved = await resolveSession(
          ctx,
          {
            startsAt: input.startsAt ?? now(),
            durationMinutes: input.durationMinutes ?? 45,
            serviceId,
            kind,
            mode: kind === 'HOME_VISIT' ? 'AT_HOME' : 'FIELD',
            settlementId: input.settlementId ?? null,
            caseId: input.caseId ?? null,
            clientIds: input.clientId ? [input.clientId] : null,
          },
          'input',
        ).catch((e: unknown) => {
          throw renamePaths(e);
        });
        return createSession(ctx, resolved, input.note ? { body: input.note } : null);
      });
      return { sessionId: result.id, replayed: result.replayed };
    },
  }),
  updateSession: t.prismaField({
    type: 'Session',
    description: 'Edit a session. `version` is the one you saw; a stale one gives CONFLICT with the current record.',
    args: {
      id: t.arg.id(),
      version: t.arg.int({ validate: version }),
      input: t.arg({ type: SessionInput }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const { session, membershipId } = await editableSession(ctx, args.id);
      const mayEdit =
        isManager(ctx) || session.createdById === membershipId || session.staff.some((s) => s.membershipId === membershipId);
      if (!mayEdit) throw forbidden(ctx.locale);
      const s = await resolveSession(ctx, args.input, 'input', session);
      await updateAtVersion(ctx, 'Session', ctx.db.session as never, session.id, args.version, {
        startsAt: s.startsAt,
        durationMinutes: s.durationMinutes,
        serviceId: s.serviceId,
        kind: s.kind,
        mode: s.mode,
        format: s.format,
        settlementId: s.settlementId,
        caseId: s.caseId,
      });
      // The staff and clients are replaced as given.
      await ctx.db.sessionStaff.deleteMany({ where: { sessionId: session.id } });
      await ctx.db.sessionStaff.createMany({ data: s.staffIds.map((id) => ({ centerId, sessionId: session.id, membershipId: id })) });
      await ctx.db.sessionClient.deleteMany({ where: { sessionId: session.id } });
      await ctx.db.sessionClient.createMany({ data: s.clientIds.map((id) => ({ centerId, sessionId: session.id, clientId: id })) });
      // Session notes follow the session's case: taking them off a case and putting them on
      // another is writing case notes, so it needs the team of both.
      if (session.caseId !== s.caseId && (await ctx.db.note.count({ where: { sessionId: session.id } })) > 0) {
        for (const caseId of [session.caseId, s.caseId]) if (caseId) await requireCaseTeamForNote(ctx, caseId);
        await ctx.db.note.updateMany({ where: { sessionId: session.id }, data: { caseId: s.caseId } });
      }
      for (const caseId of new Set([session.caseId, s.caseId])) if (caseId) await recomputeFirstSession(ctx, caseId);
      ctx.audit.record('UPDATE', 'Session', session.id);
      return ctx.db.session.findUniqueOrThrow({ ...query, where: { id: session.id } });
    },
  }),
  deleteSession: t.id({
    description: 'Delete a session logged by mistake: its author within 24 hours, or the manager. Returns the id.',
    args: { id: t.arg.id() },
    resolve: async (_root, args, ctx) => {
      const { session, membershipId } = await editableSession(ctx, args.id);
      const ownRecent = session.createdById === membershipId && Date.now() - session.createdAt.getTime() <= 24 * 3_600_000;
      if (!isManager(ctx) && !ownRecent) throw forbidden(ctx.locale);
      const notes = await ctx.db.note.findMany({ where: { sessionId: session.id }, select: { id: true } });
      await ctx.db.session.delete({ where: { id: session.id } });
      for (const n of notes) ctx.audit.record('DELETE', 'Note', n.id);
      ctx.audit.record('DELETE', 'Session', session.id);
      if (session.caseId) await recomputeFirstSession(ctx, session.caseId);
      return args.id;
    },
  }),
}));

/** Marks a planned session MISSED or CANCELLED with its reason. */
async function closePlanned(ctx: Context, query: { include?: Prisma.SessionInclude; select?: Prisma.SessionSelect }, globalId: string, status: 'MISSED' | 'CANCELLED', reason: string) {
  const session = await plannedSession(ctx, globalId);
  await updateAtVersion(ctx, 'Session', ctx.db.session as never, session.id, session.version, { status, statusReason: reason, statusChangedAt: now() });
  ctx.audit.record('UPDATE', 'Session', session.id, { status });
  return ctx.db.session.findUniqueOrThrow({ ...query, where: { id: session.id } });
}

/** quickLogVisit's input is flat: `input.clientIds.0` is `input.clientId`. */
function renamePaths(error: unknown): unknown {
  const fields = (error as { extensions?: { fields?: Array<{ path: string }> } }).extensions?.fields;
  if (Array.isArray(fields)) for (const f of fields) if (f.path === 'input.clientIds.0') f.path = 'input.clientId';
  return error;
}

definePermissions({
  Query: { sessions: isCenterStaff, mySessions: isCenterStaff, todaysSessions: isCenterStaff, myWork: isCenterStaff, teamWork: isCenterManager },
  // A session tied to a case is written by any staff member of the center (the mobile team
  // visits families of cases they do not lead); the resolver checks the case is the center's.
  Mutation: {
    logSession: isCenterStaff,
    quickLogVisit: isCenterStaff,
    updateSession: isCenterStaff,
    deleteSession: isCenterStaff,
    planSession: isCenterStaff,
    holdSession: isCenterStaff,
    missSession: isCenterStaff,
    cancelSession: isCenterStaff,
  },
  Session: isCenterStaff,
  LogSessionPayload: isCenterStaff,
  Case: { sessions: isCenterStaff, plannedSessions: isCenterStaff },
});
