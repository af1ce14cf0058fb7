import { z } from 'zod';
import type { CaseStatus, ContractEndGround, IntakeRoute, Prisma } from '@opora/prisma/client';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { notifyCaseAssigned } from '../reminders/notify.ts';
import { isCenterStaff, mayAssignCase, mayChangeCaseFamily, onCaseTeam } from '../permissions/rules.ts';
import { conflictWith, updateAtVersion } from '../support/concurrency.ts';
import { invalidFields, type FieldIssue } from '../support/errors.ts';
import { idempotentCreate } from '../support/idempotency.ts';
import { idempotencyKey, list, optionalText, pastOrToday, version } from '../support/validation.ts';
import { requireCenter } from '../support/viewer.ts';
import { idOf } from '../support/global-id.ts';
import { TargetGroup } from './catalogue.ts';
import { ClientInput, clientData, ClientRef } from './client.ts';
import {
  buildTimeline,
  caseForWrite,
  ensureAssessment,
  invalidTransition,
  NEXT_STATUSES,
  CASE_ACTIONS,
  caseActions,
  deliveryHalted,
  OPEN_ASSESSMENT,
  referenceId,
  stageRefusal,
  staffMembershipIds,
  statusLabel,
  TIMELINE_KINDS,
  type TimelineEvent,
} from './case-workflow.ts';
import { CaseParticipantRoleEnum, CaseStatusEnum, ClosureOutcomeEnum, ConcernSourceEnum, IntakeRouteEnum, labelled, LegalReferrerEnum } from './enums.ts';
import { assessmentDueOn, planDueOn } from './due-dates.ts';
import { today } from '@opora/common/calendar';
import { contractHidden, ContractEndGroundEnum, endLiveContract } from './contract.ts';

// Cases (ЗСУ): the person's request (заявяване) or a referral by a legal referrer opens a case for
// its main person, a child or an adult (a parent, a candidate foster or adoptive parent); family
// members join it as participants. It moves REFERRED → ASSESSMENT →
// SUPPORT_PLAN → ACTIVE through the acts that complete each step (see NEXT_STATUSES and
// caseActions in case-workflow.ts), and any open case may close with an outcome. Every move writes a
// CaseStatusChange and an audit event. Assessments, plans, notes and caseload views live in
// assessment.ts, support-plan.ts, case-note.ts and caseload.ts; sessions add Case.sessions.

const CaseTimelineEventKind = labelled('CaseTimelineEventKind', TIMELINE_KINDS);
const CaseActionEnum = labelled('CaseAction', CASE_ACTIONS);

const CaseTimelineEvent = builder.objectRef<TimelineEvent>('CaseTimelineEvent').implement({
  description: 'One step of the case’s story; `label` is in the viewer’s language.',
  fields: (t) => ({
    kind: t.field({ type: CaseTimelineEventKind, resolve: (e) => e.kind }),
    date: t.field({ type: 'Date', resolve: (e) => e.date }),
    label: t.exposeString('label'),
    status: t.field({ type: CaseStatusEnum, nullable: true, description: 'The status the case entered, for status events.', resolve: (e) => e.status }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

builder.prismaObject('CaseStatusChange', {
  fields: (t) => ({
    fromStatus: t.expose('fromStatus', { type: CaseStatusEnum, nullable: true }),
    toStatus: t.expose('toStatus', { type: CaseStatusEnum }),
    label: t.string({
      resolve: (s, _a, ctx) => (s.fromStatus ? `${statusLabel(s.fromStatus, ctx.locale)} → ` : '') + statusLabel(s.toStatus, ctx.locale),
    }),
    changedAt: t.expose('changedAt', { type: 'DateTime' }),
    changedBy: t.relation('changedBy', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

builder.prismaObject('CaseTeamMember', {
  description: 'A worker on the case team besides the lead worker.',
  fields: (t) => ({
    membership: t.relation('membership'),
    addedOn: t.expose('addedOn', { type: 'Date' }),
  }),
});

builder.prismaObject('CaseParticipant', {
  description: 'A family member the case works with besides its main person.',
  fields: (t) => ({
    client: t.relation('client'),
    role: t.expose('role', { type: CaseParticipantRoleEnum }),
  }),
});

type DueDates = { assessmentDueOn: Date | null; planDueOn: Date | null; nextReviewOn: Date | null };

const CaseDueDates = builder.objectRef<DueDates>('CaseDueDates').implement({
  description: 'What falls due on a case: the ИОП, the ИПП and the next review of the plan in effect.',
  fields: (t) => {
    const overdue = (d: Date | null) => !!d && d < today();
    return {
      assessmentDueOn: t.field({
        type: 'Date',
        nullable: true,
        description: 'The open needs assessment’s due date, or when one falls due if none was started; null once one is completed.',
        resolve: (d) => d.assessmentDueOn,
      }),
      assessmentOverdue: t.boolean({ resolve: (d) => overdue(d.assessmentDueOn) }),
      planDueOn: t.field({ type: 'Date', nullable: true, description: 'When the support plan is due; null while a plan is in effect.', resolve: (d) => d.planDueOn }),
      planOverdue: t.boolean({ resolve: (d) => overdue(d.planDueOn) }),
      nextReviewOn: t.field({ type: 'Date', nullable: true, description: 'The next review of the plan in effect.', resolve: (d) => d.nextReviewOn }),
      reviewOverdue: t.boolean({ resolve: (d) => overdue(d.nextReviewOn) }),
    };
  },
});

type DueFacts = {
  status: CaseStatus;
  requestDate: Date | null;
  referralDate: Date;
  center: { planningDays: number };
  assessments: { dueOn: Date; completedOn: Date | null; supersededAt: Date | null }[];
  supportPlans: { status: string; nextReviewOn: Date | null }[];
};

function caseDueDates(c: DueFacts): DueDates {
  if (c.status === 'CLOSED') return { assessmentDueOn: null, planDueOn: null, nextReviewOn: null };
  const open = c.assessments.find((a) => !a.completedOn && !a.supersededAt);
  const completed = c.assessments.some((a) => a.completedOn);
  const inEffect = c.supportPlans.find((p) => p.status === 'ACTIVE');
  return {
    assessmentDueOn: open ? open.dueOn : completed ? null : assessmentDueOn(c, c.center),
    planDueOn: inEffect ? null : planDueOn(c, c.center),
    nextReviewOn: inEffect?.nextReviewOn ?? null,
  };
}

export const CaseRef = builder.prismaNode('Case', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    number: t.exposeString('number', { description: 'Unique in the center, per year: PLV-2026-0042.' }),
    status: t.expose('status', { type: CaseStatusEnum }),
    statusLabel: t.string({ resolve: (c, _a, ctx) => statusLabel(c.status, ctx.locale) }),
    actions: t.field({
      type: [CaseActionEnum],
      description: 'The acts the case’s stage allows now (the case page shows these and nothing else; the mutations refuse the rest).',
      select: {
        assessments: { select: { startedOn: true, completedOn: true, supersededAt: true } },
        supportPlans: { select: { status: true } },
        contracts: { select: { status: true, endsOn: true } },
      },
      resolve: async (c, _a, ctx) => {
        const acts = caseActions(c);
        // A live contract hidden by its representative's restriction: its acts are the manager's alone.
        const contractAct = (a: string) => a.endsWith('_CONTRACT');
        return acts.some(contractAct) && (await contractHidden(ctx, c.id, true)) ? acts.filter((a) => !contractAct(a)) : acts;
      },
    }),
    deliveryHalted: t.boolean({
      description:
        'Active with no contract in force today (ended, or its term passed without an extension): no session is recorded (nor a reassessment started) until a contract is in force again, or the case closes.',
      select: { contracts: { select: { status: true, endsOn: true } } },
      resolve: (c) => deliveryHalted(c),
    }),
    nextStatuses: t.field({
      type: [CaseStatusEnum],
      description: 'Where the case may move next (CLOSED through closeCase).',
      resolve: (c) => [...NEXT_STATUSES[c.status]],
    }),
    person: t.relation('person', { description: 'The case’s main person: a child or an adult.' }),
    child: t.field({
      type: ClientRef,
      nullable: true,
      deprecationReason: 'Use `person`; this is the main person only when a child (null for an adult).',
      // Loaded with the case (same statement as `person`), so a list of cases stays one query.
      select: (_args, _ctx, nested) => ({ person: nested(true) }),
      resolve: (c) => (c.person.kind === 'CHILD' ? c.person : null),
    }),
    household: t.relation('household', { nullable: true }),
    intakeRoute: t.expose('intakeRoute', {
      type: IntakeRouteEnum,
      nullable: true,
      description: 'Request or referral; null for a case carried over from before the two were kept apart whose route was not recorded.',
    }),
    referralDate: t.expose('referralDate', { type: 'Date', description: 'The day the center received the request or referral.' }),
    requestDate: t.expose('requestDate', { type: 'Date', nullable: true, description: 'The date of the person’s application (заявление).' }),
    requestNumber: t.exposeString('requestNumber', { nullable: true, description: 'The application’s incoming number.' }),
    legalReferrer: t.expose('legalReferrer', { type: LegalReferrerEnum, nullable: true }),
    referralDocumentNumber: t.exposeString('referralDocumentNumber', { nullable: true }),
    referralDocumentDate: t.expose('referralDocumentDate', { type: 'Date', nullable: true }),
    concernRaisedBy: t.expose('concernRaisedBy', { type: ConcernSourceEnum, nullable: true, description: 'Who raised the concern (not who legally refers).' }),
    dueDates: t.field({
      type: CaseDueDates,
      description: 'The due dates the legal rules set (schema/src/modules/due-dates.ts); none for a closed case.',
      select: {
        status: true,
        requestDate: true,
        referralDate: true,
        center: { select: { planningDays: true } },
        assessments: { select: { dueOn: true, completedOn: true, supersededAt: true } },
        supportPlans: { select: { status: true, nextReviewOn: true } },
      },
      resolve: (c) => caseDueDates(c),
    }),
    referralReason: t.exposeString('referralReason', { nullable: true }),
    referringOrganization: t.relation('referringOrganization', { nullable: true }),
    targetGroups: t.field({
      type: [TargetGroup],
      select: { targetGroups: { select: { targetGroup: true }, orderBy: { targetGroup: { nameBg: 'asc' } } } },
      resolve: (c) => c.targetGroups.map((g) => g.targetGroup),
    }),
    leadWorker: t.relation('leadWorker', { nullable: true }),
    team: t.relation('team', { nullable: true }),
    teamMembers: t.relation('teamMembers', { query: { orderBy: { addedOn: 'asc' } } }),
    participants: t.relation('participants'),
    statusHistory: t.relation('statusChanges', { query: { orderBy: [{ changedAt: 'asc' }, { id: 'asc' }] } }),
    timeline: t.field({
      type: [CaseTimelineEvent],
      description: 'Referral, status changes, assessment due/completed, plan start, reviews, the contract and closure, in order.',
      select: {
        statusChanges: { select: { fromStatus: true, toStatus: true, changedAt: true, note: true }, orderBy: [{ changedAt: 'asc' }, { id: 'asc' }] },
        assessments: { select: { dueOn: true, completedOn: true, supersededAt: true } },
        supportPlans: { select: { startsOn: true, status: true, nextReviewOn: true, reviews: { select: { heldOn: true, decision: true, summary: true } } } },
        contracts: {
          select: { number: true, signedOn: true, endedOn: true, endGround: true, endNote: true, extensions: { select: { extendedOn: true, newEndsOn: true, ground: true } } },
        },
      },
      resolve: (c, _a, ctx) => buildTimeline(c, ctx.locale),
    }),
    firstSessionOn: t.expose('firstSessionOn', { type: 'Date', nullable: true }),
    closedOn: t.expose('closedOn', { type: 'Date', nullable: true }),
    closureOutcome: t.expose('closureOutcome', { type: ClosureOutcomeEnum, nullable: true }),
    closureNote: t.exposeString('closureNote', { nullable: true }),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

// The cases where the client is the main person.
builder.prismaObjectField('Client', 'cases', (t) =>
  t.relation('casesAsPerson', { query: { orderBy: [{ referralDate: 'desc' }, { id: 'asc' }] } }),
);

// ── Inputs ──────────────────────────────────────────────────────────────────────────────
const idList = (max: number) => list(z.string().max(200, 'invalidId'), max).nullish();

const ReferralInput = builder.inputType('ReferralInput', {
  description:
    'How the case reached the center. REQUEST: the person’s own application (`requestDate`, `requestNumber` if any). REFERRAL: a legal referrer with its document’s number and date (a request may come with it). Who raised the concern is separate.',
  fields: (t) => ({
    route: t.field({ type: IntakeRouteEnum }),
    date: t.field({ type: 'Date', validate: pastOrToday, description: 'The day the center received the request or referral.' }),
    requestDate: t.field({ type: 'Date', required: false, validate: pastOrToday.nullish() }),
    requestNumber: t.string({ required: false, validate: optionalText(50) }),
    legalReferrer: t.field({ type: LegalReferrerEnum, required: false }),
    documentNumber: t.string({ required: false, validate: optionalText(50) }),
    documentDate: t.field({ type: 'Date', required: false, validate: pastOrToday.nullish() }),
    concernRaisedBy: t.field({ type: ConcernSourceEnum, required: false }),
    reason: t.string({ required: false, validate: optionalText(2000) }),
    referringOrganizationId: t.id({ required: false, description: 'A partner organisation of the center.' }),
  }),
});

const OpenCaseInput = builder.inputType('OpenCaseInput', {
  description:
    'A request or referral that opens a case. Give its main person, a child or an adult: `personId` (an existing client) or `newPerson` (registered now); `childId`/`newChild` are the older names of the same. The person’s settlement defaults to the household’s (also for a known person with none on record).',
  fields: (t) => ({
    personId: t.id({ required: false }),
    newPerson: t.field({ type: ClientInput, required: false }),
    childId: t.id({ required: false, deprecationReason: 'Use personId.' }),
    newChild: t.field({ type: ClientInput, required: false, deprecationReason: 'Use newPerson.' }),
    householdId: t.id({ required: false }),
    referral: t.field({ type: ReferralInput }),
    targetGroupIds: t.idList({ required: false, validate: idList(20) }),
    leadWorkerId: t.id({ required: false, description: 'A staff membership of the center.' }),
    teamId: t.id({ required: false }),
    teamMemberIds: t.idList({ required: false, validate: idList(30) }),
  }),
  validate: z
    .looseObject({ personId: z.string().nullish(), newPerson: z.unknown().nullish(), childId: z.string().nullish(), newChild: z.unknown().nullish() })
    .refine((v) => [v.personId, v.newPerson, v.childId, v.newChild].filter((x) => x != null).length === 1, { message: 'caseNeedsPerson', path: ['personId'] }),
});

const UpdateCaseInput = builder.inputType('UpdateCaseInput', {
  description: 'Fields left out stay as they are.',
  fields: (t) => ({
    targetGroupIds: t.idList({ required: false, validate: idList(20) }),
    referralDocumentNumber: t.string({ required: false, validate: optionalText(50) }),
    referralReason: t.string({ required: false, validate: optionalText(2000) }),
    requestNumber: t.string({ required: false, validate: optionalText(50) }),
    concernRaisedBy: t.field({ type: ConcernSourceEnum, required: false }),
  }),
});

const OpenCasePayload = builder.objectRef<{ caseId: string; replayed: boolean }>('OpenCasePayload').implement({
  fields: (t) => ({
    replayed: t.exposeBoolean('replayed', { description: 'True when an idempotent retry returned the first result.' }),
    case: t.prismaField({
      type: 'Case',
      resolve: (query, payload, _a, ctx) => ctx.db.case.findUniqueOrThrow({ ...query, where: { id: payload.caseId } }),
    }),
  }),
});

// ── Helpers ─────────────────────────────────────────────────────────────────────────────

type Intake = {
  route: IntakeRoute;
  date: Date;
  requestDate?: Date | null;
  legalReferrer?: string | null;
  documentNumber?: string | null;
  documentDate?: Date | null;
};

/**
 * A request and a referral as the law keeps them apart: a request has its application's date; a
 * referral its legal referrer and its document's number and date (not after it was received); a
 * request carries no referrer. Each wrong part is a field error; nothing is written.
 */
export function intakeIssues(r: Intake, at = 'input.referral'): FieldIssue[] {
  const issue = (field: string, messageKey: FieldIssue['messageKey']): FieldIssue => ({ path: `${at}.${field}`, messageKey });
  const issues: FieldIssue[] = [];
  if (r.route !== 'REFERRAL') {
    // A request (the person's own application).
    if (!r.requestDate) issues.push(issue('requestDate', 'requestNeedsDate'));
    if (r.legalReferrer) issues.push(issue('legalReferrer', 'referrerOnlyForReferral'));
    if (r.documentNumber) issues.push(issue('documentNumber', 'referrerOnlyForReferral'));
    if (r.documentDate) issues.push(issue('documentDate', 'referrerOnlyForReferral'));
  } else {
    if (!r.legalReferrer) issues.push(issue('legalReferrer', 'referralNeedsReferrer'));
    if (!r.documentNumber) issues.push(issue('documentNumber', 'referralNeedsDocument'));
    if (!r.documentDate) issues.push(issue('documentDate', 'referralNeedsDocument'));
    else if (r.documentDate > r.date) issues.push(issue('documentDate', 'documentAfterReceipt'));
  }
  return issues;
}

async function targetGroupIds(ctx: Context, globalIds: readonly string[], path: string): Promise<string[]> {
  const ids: string[] = [];
  for (const g of new Set(globalIds)) ids.push(await referenceId(ctx, ctx.db.targetGroup, g, 'TargetGroup', path));
  return ids;
}

/**
 * The next number in the center and year: PLV-2026-0042. A transaction-scoped advisory lock
 * per center and year serialises concurrent referrals, so two never take the same number.
 */
async function nextCaseNumber(ctx: Context, centerId: string, year: number): Promise<string> {
  const center = await ctx.db.center.findUniqueOrThrow({ where: { id: centerId }, select: { code: true } });
  const prefix = `${center.code}-${year}-`;
  await ctx.db.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`case-number:${centerId}:${year}`}))::text`;
  const [row] = await ctx.db.$queryRaw<{ max: number | null }[]>`
    SELECT max(split_part("number", '-', 3)::int) AS max FROM "Case"
    WHERE "centerId" = ${centerId}::uuid AND "number" LIKE ${`${prefix}%`}`;
  return `${prefix}${String((row?.max ?? 0) + 1).padStart(4, '0')}`;
}

/** The case at the version the user saw, or CONFLICT with the current record (nothing written). */
async function caseAtVersion(ctx: Context, globalId: string, expected: number) {
  const current = await caseForWrite(ctx, globalId);
  if (current.version !== expected) throw await conflictWith(ctx, 'Case', current);
  return current;
}

async function setCaseTeam(ctx: Context, c: { id: string; centerId: string }, membershipIds: string[]) {
  await ctx.db.caseTeamMember.deleteMany({ where: { caseId: c.id, membershipId: { notIn: membershipIds } } });
  if (membershipIds.length) {
    await ctx.db.caseTeamMember.createMany({
      data: membershipIds.map((membershipId) => ({ centerId: c.centerId, caseId: c.id, membershipId })),
      skipDuplicates: true,
    });
  }
}

/**
 * Moves a case along an allowed transition, with what each step needs: the assessment is
 * created on ASSESSMENT, a completed one (and none open) is required for SUPPORT_PLAN, a plan
 * in effect for ACTIVE. Everything runs in the request's transaction: an error writes nothing.
 */
async function moveCase(
  ctx: Context,
  args: { id: string; version: number; to: CaseStatus; note: string | null; assessmentDueOn?: Date | null },
  closure?: { outcome: Prisma.CaseUpdateInput['closureOutcome']; closedOn: Date; contractEndGround: ContractEndGround | null; contractEndNote: string | null },
) {
  const { membershipId } = requireCenter(ctx);
  const c = await caseAtVersion(ctx, args.id, args.version);
  if (!NEXT_STATUSES[c.status].includes(args.to)) throw invalidTransition(ctx.locale, c.status, args.to);
  if (args.to === 'CLOSED' && !closure) throw invalidFields(ctx.locale, [{ path: 'to', messageKey: 'closeWithCloseCase' }]);

  const data: Prisma.CaseUncheckedUpdateInput = { status: args.to };
  switch (args.to) {
    case 'ASSESSMENT':
      await ensureAssessment(ctx, c, { dueOn: args.assessmentDueOn ?? null });
      break;
    case 'SUPPORT_PLAN': {
      // Completing the assessment makes this move; here only for a case whose assessment was
      // completed before that rule (nothing open, one completed).
      const done = await ctx.db.assessment.count({ where: { caseId: c.id, completedOn: { not: null } } });
      const open = await ctx.db.assessment.count({ where: { caseId: c.id, ...OPEN_ASSESSMENT } });
      if (!done || open) throw stageRefusal(ctx.locale, 'assessmentNotCompleted', c.status);
      break;
    }
    case 'ACTIVE': {
      // Concluding the contract (concludeContract) makes this move; a stage change never changes
      // a plan or a contract, so it needs a plan in effect and a contract already signed.
      const inEffect = await ctx.db.supportPlan.count({ where: { caseId: c.id, status: 'ACTIVE' } });
      if (!inEffect) throw stageRefusal(ctx.locale, 'planNotInEffect', c.status);
      const signed = await ctx.db.contract.count({ where: { caseId: c.id, status: 'SIGNED' } });
      if (!signed) throw stageRefusal(ctx.locale, 'contractNotConcluded', c.status);
      break;
    }
    case 'CLOSED': {
      if (closure!.closedOn < c.referralDate) throw invalidFields(ctx.locale, [{ path: 'closedOn', messageKey: 'dateBeforeReferral' }]);
      Object.assign(data, { closedOn: closure!.closedOn, closureOutcome: closure!.outcome, closureNote: args.note });
      // The contract in force ends on the closure date with its ground (required then).
      await endLiveContract(ctx, c.id, closure!.closedOn, closure!.contractEndGround, closure!.contractEndNote);
      // A closed case has no live plan: its reviews stop falling due.
      const live = await ctx.db.supportPlan.findMany({ where: { caseId: c.id, status: { in: ['ACTIVE', 'DRAFT'] } }, select: { id: true } });
      if (live.length) {
        await ctx.db.supportPlan.updateMany({ where: { id: { in: live.map((p) => p.id) } }, data: { status: 'ENDED', version: { increment: 1 } } });
        for (const p of live) ctx.audit.record('UPDATE', 'SupportPlan', p.id, { status: 'ENDED' });
      }
      break;
    }
    default:
      break;
  }

  await updateAtVersion(ctx, 'Case', ctx.db.case as never, c.id, args.version, data);
  await ctx.db.caseStatusChange.create({
    data: { centerId: c.centerId, caseId: c.id, fromStatus: c.status, toStatus: args.to, changedById: membershipId, note: args.note },
  });
  ctx.audit.record('UPDATE', 'Case', c.id, { from: c.status, to: args.to });
  return c.id;
}

// ── Mutations ───────────────────────────────────────────────────────────────────────────
builder.mutationFields((t) => ({
  openCase: t.field({
    type: OpenCasePayload,
    description: 'Registers a referral and opens a case (status REFERRED). Retries with the same idempotencyKey return the first case.',
    args: {
      input: t.arg({ type: OpenCaseInput }),
      idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
    },
    resolve: async (_root, args, ctx) => {
      const { centerId, membershipId } = requireCenter(ctx);
      const input = args.input;
      const result = await idempotentCreate(ctx, 'openCase', args.idempotencyKey, input, async () => {
        const intake = input.referral;
        const issues = intakeIssues(intake);
        if (issues.length) throw invalidFields(ctx.locale, issues);
        // References first: a wrong one writes nothing.
        const householdId = input.householdId ? await referenceId(ctx, ctx.db.household, input.householdId, 'Household', 'input.householdId') : null;
        const organizationId = input.referral.referringOrganizationId
          ? await referenceId(ctx, ctx.db.partnerOrganization, input.referral.referringOrganizationId, 'PartnerOrganization', 'input.referral.referringOrganizationId')
          : null;
        const groups = await targetGroupIds(ctx, input.targetGroupIds ?? [], 'input.targetGroupIds');
        const [leadWorkerId = null] = input.leadWorkerId ? await staffMembershipIds(ctx, [input.leadWorkerId], 'input.leadWorkerId') : [];
        const teamId = input.teamId ? await referenceId(ctx, ctx.db.team, input.teamId, 'Team', 'input.teamId') : null;
        const team = (await staffMembershipIds(ctx, input.teamMemberIds ?? [], 'input.teamMemberIds')).filter((id) => id !== leadWorkerId);

        // The person's settlement (so they count among the municipality's residents): as
        // given, else the household's.
        const householdSettlementId = householdId
          ? ((await ctx.db.household.findUnique({ where: { id: householdId }, select: { settlementId: true } }))?.settlementId ?? null)
          : null;
        // The main person, a child or an adult (the older names childId/newChild mean the same).
        const existing = input.personId ? { id: input.personId, path: 'input.personId' } : input.childId ? { id: input.childId, path: 'input.childId' } : null;
        const fresh = input.newPerson ? { data: input.newPerson, path: 'input.newPerson' } : input.newChild ? { data: input.newChild, path: 'input.newChild' } : null;
        let personId: string;
        if (existing) {
          personId = await referenceId(ctx, ctx.db.client, existing.id, 'Client', existing.path);
          // A person already known but with no settlement on record takes the household's.
          if (householdSettlementId) {
            const filled = await ctx.db.client.updateMany({ where: { id: personId, settlementId: null }, data: { settlementId: householdSettlementId, version: { increment: 1 } } });
            if (filled.count) ctx.audit.record('UPDATE', 'Client', personId, { settlementFrom: 'household' });
          }
        } else {
          const data = await clientData(ctx, fresh!.data, fresh!.path);
          personId = (await ctx.db.client.create({ data: { ...data, settlementId: data.settlementId ?? householdSettlementId, centerId }, select: { id: true } })).id;
          ctx.audit.record('CREATE', 'Client', personId);
        }

        const referralDate = input.referral.date;
        const created = await ctx.db.case.create({
          data: {
            centerId,
            number: await nextCaseNumber(ctx, centerId, referralDate.getUTCFullYear()),
            personId,
            householdId,
            status: 'REFERRED',
            intakeRoute: intake.route,
            referralDate,
            requestDate: intake.requestDate ?? null,
            requestNumber: intake.requestNumber ?? null,
            legalReferrer: intake.route === 'REFERRAL' ? (intake.legalReferrer ?? null) : null,
            referralDocumentNumber: intake.route === 'REFERRAL' ? (intake.documentNumber ?? null) : null,
            referralDocumentDate: intake.route === 'REFERRAL' ? (intake.documentDate ?? null) : null,
            concernRaisedBy: intake.concernRaisedBy ?? null,
            referralReason: input.referral.reason ?? null,
            referringOrganizationId: organizationId,
            leadWorkerId,
            teamId,
          },
          select: { id: true, number: true },
        });
        if (groups.length) {
          await ctx.db.caseTargetGroup.createMany({ data: groups.map((targetGroupId) => ({ centerId, caseId: created.id, targetGroupId })) });
        }
        await setCaseTeam(ctx, { id: created.id, centerId }, team);
        await ctx.db.caseStatusChange.create({
          data: { centerId, caseId: created.id, fromStatus: null, toStatus: 'REFERRED', changedById: membershipId, note: input.referral.reason ?? null },
        });
        ctx.audit.record('CREATE', 'Case', created.id, { number: created.number });
        await notifyCaseAssigned(ctx.db, { id: created.id, centerId, number: created.number, version: 1 }, [leadWorkerId, ...team], today(), ctx.viewer!.userId);
        return created;
      });
      return { caseId: result.id, replayed: result.replayed };
    },
  }),

  updateCase: t.prismaField({
    type: 'Case',
    description: 'Edit the target groups and referral details. A stale `version` gives CONFLICT with the current record.',
    args: { id: t.arg.id(), version: t.arg.int({ validate: version }), input: t.arg({ type: UpdateCaseInput }) },
    resolve: async (query, _root, args, ctx) => {
      requireCenter(ctx);
      const c = await caseAtVersion(ctx, args.id, args.version);
      const { targetGroupIds: groupIds, referralDocumentNumber, referralReason, requestNumber, concernRaisedBy } = args.input;
      const data: Prisma.CaseUncheckedUpdateInput = {};
      if (referralDocumentNumber !== undefined) {
        // A referral keeps its document number; a request has none.
        if (c.intakeRoute && c.intakeRoute !== 'REFERRAL' && referralDocumentNumber) throw invalidFields(ctx.locale, [{ path: 'input.referralDocumentNumber', messageKey: 'referrerOnlyForReferral' }]);
        if (c.intakeRoute === 'REFERRAL' && !referralDocumentNumber) throw invalidFields(ctx.locale, [{ path: 'input.referralDocumentNumber', messageKey: 'referralNeedsDocument' }]);
        data.referralDocumentNumber = referralDocumentNumber;
      }
      if (referralReason !== undefined) data.referralReason = referralReason;
      if (requestNumber !== undefined) data.requestNumber = requestNumber;
      if (concernRaisedBy !== undefined) data.concernRaisedBy = concernRaisedBy;
      let groups: string[] | null = null;
      if (groupIds) groups = await targetGroupIds(ctx, groupIds, 'input.targetGroupIds');
      await updateAtVersion(ctx, 'Case', ctx.db.case as never, c.id, args.version, data);
      if (groups) {
        await ctx.db.caseTargetGroup.deleteMany({ where: { caseId: c.id, targetGroupId: { notIn: groups } } });
        await ctx.db.caseTargetGroup.createMany({
          data: groups.map((targetGroupId) => ({ centerId: c.centerId, caseId: c.id, targetGroupId })),
          skipDuplicates: true,
        });
      }
      ctx.audit.record('UPDATE', 'Case', c.id);
      return ctx.db.case.findUniqueOrThrow({ ...query, where: { id: c.id } });
    },
  }),

  assignCase: t.prismaField({
    type: 'Case',
    description:
      'Sets the lead worker and team (the manager or the lead worker). `teamMemberIds` replaces the case team; left out, the case team stays.',
    args: {
      id: t.arg.id(),
      version: t.arg.int({ validate: version }),
      leadWorkerId: t.arg.id(),
      teamId: t.arg.id({ required: false, description: 'Null or left out: no team.' }),
      teamMemberIds: t.arg.idList({ required: false, validate: idList(30) }),
    },
    resolve: async (query, _root, args, ctx) => {
      requireCenter(ctx);
      const c = await caseAtVersion(ctx, args.id, args.version);
      const previousTeam = (await ctx.db.caseTeamMember.findMany({ where: { caseId: c.id }, select: { membershipId: true } })).map((r) => r.membershipId);
      const [leadWorkerId] = await staffMembershipIds(ctx, [args.leadWorkerId], 'leadWorkerId');
      const teamId = args.teamId ? await referenceId(ctx, ctx.db.team, args.teamId, 'Team', 'teamId') : null;
      const team = args.teamMemberIds ? (await staffMembershipIds(ctx, args.teamMemberIds, 'teamMemberIds')).filter((id) => id !== leadWorkerId) : null;
      await updateAtVersion(ctx, 'Case', ctx.db.case as never, c.id, args.version, { leadWorkerId, teamId });
      if (team) await setCaseTeam(ctx, c, team);
      ctx.audit.record('UPDATE', 'Case', c.id, { leadWorkerId: leadWorkerId ?? null, teamId, teamMemberIds: team });
      // The people newly on the case are told (in this transaction: no assignment, no notification).
      const before = new Set([c.leadWorkerId, ...previousTeam]);
      await notifyCaseAssigned(ctx.db, { id: c.id, centerId: c.centerId, number: c.number, version: args.version + 1 }, [leadWorkerId ?? null, ...(team ?? [])].filter((m) => !before.has(m)), today(), ctx.viewer!.userId);
      return ctx.db.case.findUniqueOrThrow({ ...query, where: { id: c.id } });
    },
  }),

  changeCaseStatus: t.prismaField({
    type: 'Case',
    description:
      'REFERRED → ASSESSMENT (creates the assessment, due 20 days after the referral unless `assessmentDueOn`) → SUPPORT_PLAN (needs a completed assessment and none open; completeAssessment makes this move) → ACTIVE (needs a plan in effect and a signed contract; concludeContract makes this move, a stage change never changes a plan or a contract). Close with closeCase. Anything else, or a step whose condition is not met: INVALID_TRANSITION with the reason in both languages.',
    args: {
      id: t.arg.id(),
      version: t.arg.int({ validate: version }),
      to: t.arg({ type: CaseStatusEnum }),
      note: t.arg.string({ required: false, validate: optionalText(2000) }),
      assessmentDueOn: t.arg({ type: 'Date', required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const id = await moveCase(ctx, { id: args.id, version: args.version, to: args.to, note: args.note ?? null, assessmentDueOn: args.assessmentDueOn ?? null });
      return ctx.db.case.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),

  closeCase: t.prismaField({
    type: 'Case',
    description:
      'Closes an open case with its outcome; live support plans end, and the contract in force ends on `closedOn` with `contractEndGround` (required when the case has a contract in force, refused when it has none; TERM_EXPIRED only once the term has ended).',
    args: {
      id: t.arg.id(),
      version: t.arg.int({ validate: version }),
      outcome: t.arg({ type: ClosureOutcomeEnum }),
      closedOn: t.arg({ type: 'Date', validate: pastOrToday }),
      note: t.arg.string({ required: false, validate: optionalText(2000) }),
      contractEndGround: t.arg({ type: ContractEndGroundEnum, required: false }),
      contractEndNote: t.arg.string({ required: false, validate: optionalText(2000) }),
    },
    resolve: async (query, _root, args, ctx) => {
      const closure = { outcome: args.outcome, closedOn: args.closedOn, contractEndGround: args.contractEndGround ?? null, contractEndNote: args.contractEndNote ?? null };
      const id = await moveCase(ctx, { id: args.id, version: args.version, to: 'CLOSED', note: args.note ?? null }, closure);
      return ctx.db.case.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));

// ── Family members ──────────────────────────────────────────────────────────────────────
const AddCaseParticipantInput = builder.inputType('AddCaseParticipantInput', {
  description: 'A family member joins the case: `clientId` (an existing client of the center) or `newClient` (registered now).',
  fields: (t) => ({
    clientId: t.id({ required: false }),
    newClient: t.field({ type: ClientInput, required: false }),
    role: t.field({ type: CaseParticipantRoleEnum }),
  }),
  validate: z
    .looseObject({ clientId: z.string().nullish(), newClient: z.unknown().nullish() })
    .refine((v) => !!v.clientId !== !!v.newClient, { message: 'participantNeedsName', path: ['clientId'] }),
});

builder.mutationFields((t) => ({
  addCaseParticipant: t.prismaField({
    type: 'Case',
    description: 'Adds a family member to an open case (not its main person, not twice).',
    args: { caseId: t.arg.id(), input: t.arg({ type: AddCaseParticipantInput }) },
    resolve: async (query, _root, { caseId, input }, ctx) => {
      const { centerId } = requireCenter(ctx);
      const c = await caseForWrite(ctx, caseId);
      if (c.status === 'CLOSED') throw stageRefusal(ctx.locale, 'caseIsClosed', c.status);
      let clientId: string;
      if (input.clientId) {
        clientId = await referenceId(ctx, ctx.db.client, input.clientId, 'Client', 'input.clientId');
        if (clientId === c.personId) throw invalidFields(ctx.locale, [{ path: 'input.clientId', messageKey: 'mainPersonOfCase' }]);
        const already = await ctx.db.caseParticipant.findUnique({ where: { centerId_caseId_clientId: { centerId, caseId: c.id, clientId } }, select: { role: true } });
        if (already) throw invalidFields(ctx.locale, [{ path: 'input.clientId', messageKey: 'alreadyOnCase' }]);
      } else {
        const data = await clientData(ctx, input.newClient!, 'input.newClient');
        clientId = (await ctx.db.client.create({ data: { ...data, centerId }, select: { id: true } })).id;
        ctx.audit.record('CREATE', 'Client', clientId);
      }
      await ctx.db.caseParticipant.create({ data: { centerId, caseId: c.id, clientId, role: input.role } });
      ctx.audit.record('UPDATE', 'Case', c.id, { addedParticipant: clientId, role: input.role });
      return ctx.db.case.findUniqueOrThrow({ ...query, where: { id: c.id } });
    },
  }),

  removeCaseParticipant: t.prismaField({
    type: 'Case',
    description: 'Takes a family member off an open case (their client record stays).',
    args: { caseId: t.arg.id(), clientId: t.arg.id() },
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const c = await caseForWrite(ctx, args.caseId);
      if (c.status === 'CLOSED') throw stageRefusal(ctx.locale, 'caseIsClosed', c.status);
      const clientId = idOf(args.clientId, 'Client');
      const removed = clientId ? await ctx.db.caseParticipant.deleteMany({ where: { centerId, caseId: c.id, clientId } }) : { count: 0 };
      if (!removed.count) throw invalidFields(ctx.locale, [{ path: 'clientId', messageKey: 'notOnCase' }]);
      ctx.audit.record('UPDATE', 'Case', c.id, { removedParticipant: clientId });
      return ctx.db.case.findUniqueOrThrow({ ...query, where: { id: c.id } });
    },
  }),
}));

const caseArg = (args: Record<string, unknown>) => args.id;

definePermissions({
  Mutation: {
    openCase: isCenterStaff,
    updateCase: onCaseTeam(caseArg),
    assignCase: mayAssignCase,
    changeCaseStatus: onCaseTeam(caseArg),
    closeCase: onCaseTeam(caseArg),
    addCaseParticipant: mayChangeCaseFamily,
    removeCaseParticipant: mayChangeCaseFamily,
  },
  // Per field, so other modules can add fields (Case.sessions) with their own rules.
  Case: { '*': isCenterStaff },
  CaseStatusChange: isCenterStaff,
  CaseTeamMember: isCenterStaff,
  CaseParticipant: isCenterStaff,
  CaseTimelineEvent: isCenterStaff,
  CaseDueDates: isCenterStaff,
  OpenCasePayload: isCenterStaff,
});
