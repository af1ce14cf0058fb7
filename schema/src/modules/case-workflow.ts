import { GraphQLError } from 'graphql';
import { missingAnswer, refuseIfRestricted } from '../support/restriction.ts';
import type { CaseStatus, ClosureOutcome, ContractEndGround, Prisma, ReviewDecision } from '@opora/prisma/client';
import type { Context, Locale } from '../context.ts';
import { invalidFields, notFound } from '../support/errors.ts';
import { idOf } from '../support/global-id.ts';
import { message, type MessageKey } from '@opora/common/messages';
import { CENTER_ROLES, requireCenter } from '../support/viewer.ts';
import { addDays, isoDay, sofiaDay, today } from '@opora/common/calendar';
import { assessmentDueOn, contractExpired, DEFAULT_PLANNING_DAYS } from './due-dates.ts';
import { enumLabel } from '@opora/common/vocabulary';

// The ЗСУ case workflow shared by case.ts, assessment.ts, support-plan.ts, case-note.ts and
// caseload.ts: the allowed transitions, the domain's words in both languages, calendar days,
// and the permission rules for records that belong to a case.

// ── Transitions ──────────────────────────────────────────────────────────────────────────
// The lifecycle moves one way; any open case may close (with an outcome). Each move is the
// effect of the act that completes a step, never a side effect of another stage change:
// REFERRED → ASSESSMENT by starting the needs assessment (startAssessment, or changeCaseStatus
// which creates it), ASSESSMENT → SUPPORT_PLAN by completing it; in SUPPORT_PLAN the plan is
// drafted and put into effect (activateSupportPlan), then the contract for using the service is
// drafted and concluded: SUPPORT_PLAN → ACTIVE by signing it (concludeContract, contract.ts);
// any open stage → CLOSED by closeCase, which ends the contract in force with its ground.
export const NEXT_STATUSES: Record<CaseStatus, readonly CaseStatus[]> = {
  REFERRED: ['ASSESSMENT', 'CLOSED'],
  ASSESSMENT: ['SUPPORT_PLAN', 'CLOSED'],
  SUPPORT_PLAN: ['ACTIVE', 'CLOSED'],
  ACTIVE: ['CLOSED'],
  CLOSED: [],
};

/** The acts a case team may take on a case now; the case page shows these and nothing else. */
export const CASE_ACTIONS = [
  'START_ASSESSMENT',
  'COMPLETE_ASSESSMENT',
  'START_REASSESSMENT',
  'DRAFT_PLAN',
  'PUT_PLAN_INTO_EFFECT',
  'RECORD_REVIEW',
  'DRAFT_CONTRACT',
  'CONCLUDE_CONTRACT',
  'EXTEND_CONTRACT',
  'END_CONTRACT',
  'CLOSE',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export type ActionFacts = {
  status: CaseStatus;
  assessments: { startedOn: Date | null; completedOn: Date | null; supersededAt: Date | null }[];
  supportPlans: { status: string }[];
  contracts: { status: string; endsOn: Date }[];
};

/** An assessment still to be completed (not completed, not superseded). */
export const isOpenAssessment = (a: { completedOn: Date | null; supersededAt: Date | null }) => !a.completedOn && !a.supersededAt;
export const OPEN_ASSESSMENT = { completedOn: null, supersededAt: null } as const;

/**
 * Delivery stopped: an active case with no contract in force today, whose contract has ended
 * (endContract) or whose term has passed without an extension. No session is recorded and no
 * reassessment started until a contract is in force again (extended, or a new one concluded), or
 * the case closes. An active case from before contracts were recorded (none at all) is not stopped.
 */
export function deliveryHalted(c: Pick<ActionFacts, 'status' | 'contracts'>, on: Date = today()): boolean {
  if (c.status !== 'ACTIVE') return false;
  const signed = c.contracts.filter((k) => k.status === 'SIGNED');
  if (signed.some((k) => !contractExpired(k, on))) return false;
  return signed.length > 0 || c.contracts.some((k) => k.status === 'ENDED');
}

/** What each stage allows: exactly its next steps (the mutations refuse the rest). */
export function caseActions(c: ActionFacts): CaseAction[] {
  const open = c.assessments.find(isOpenAssessment);
  const draft = c.supportPlans.some((p) => p.status === 'DRAFT');
  const active = c.supportPlans.some((p) => p.status === 'ACTIVE');
  const contractActs: CaseAction[] = c.contracts.some((k) => k.status === 'SIGNED')
    ? ['EXTEND_CONTRACT', 'END_CONTRACT']
    : c.contracts.some((k) => k.status === 'DRAFT')
      ? ['CONCLUDE_CONTRACT']
      : ['DRAFT_CONTRACT'];
  switch (c.status) {
    case 'REFERRED':
      return ['START_ASSESSMENT', 'CLOSE'];
    case 'ASSESSMENT':
      return [...(!open || !open.startedOn ? (['START_ASSESSMENT'] as const) : []), ...(open ? (['COMPLETE_ASSESSMENT'] as const) : []), 'CLOSE'];
    case 'SUPPORT_PLAN':
      // The plan first (drafted, put into effect), then the contract (drafted, concluded).
      return [active ? contractActs[0]! : draft ? 'PUT_PLAN_INTO_EFFECT' : 'DRAFT_PLAN', 'CLOSE'];
    case 'ACTIVE': {
      // A revision is drafted beside the plan in effect and replaces it when put into effect;
      // the needs are assessed again while the service is delivered (the new assessment is
      // compared with the one before); the contract in force is extended or ended, and an active
      // case from before records its contract. With the contract ended (delivery stopped) a new
      // contract is drafted, or the case closes.
      const assess: CaseAction[] = open ? ['COMPLETE_ASSESSMENT'] : deliveryHalted(c) ? [] : ['START_REASSESSMENT'];
      return [...(active ? (['RECORD_REVIEW'] as const) : []), ...assess, draft ? 'PUT_PLAN_INTO_EFFECT' : 'DRAFT_PLAN', ...contractActs, 'CLOSE'];
    }
    case 'CLOSED':
      return [];
  }
}

/**
 * Delivery needs a contract in force: once a contract of the case has ended (or its term has
 * passed), a session on a later day is refused unless a contract covers that day. Work before the
 * first contract (assessment, planning) and cases from before contracts were recorded need none.
 * Returns the end that stops a session on `day` (a Sofia day), or null when the session may be
 * recorded.
 */
export async function contractEndBefore(ctx: Context, caseId: string, day: Date): Promise<Date | null> {
  const contracts = await ctx.db.contract.findMany({
    where: { caseId, status: { in: ['SIGNED', 'ENDED'] } },
    select: { startsOn: true, endsOn: true, endedOn: true },
  });
  // A contract is in force from its start to the end of its term, or the day it ended if earlier.
  const endOf = (k: { endsOn: Date; endedOn: Date | null }) => (k.endedOn && k.endedOn < k.endsOn ? k.endedOn : k.endsOn);
  if (contracts.some((k) => k.startsOn <= day && day <= endOf(k))) return null;
  const before = contracts.map(endOf).filter((end) => end < day);
  return before.length ? new Date(Math.max(...before.map((d) => d.getTime()))) : null;
}

export const OPEN_STATUSES: CaseStatus[] = ['REFERRED', 'ASSESSMENT', 'SUPPORT_PLAN', 'ACTIVE'];

/** Days to the due date of the needs assessment (ИОП) when the center sets none (due-dates.ts). */
export const ASSESSMENT_DAYS = DEFAULT_PLANNING_DAYS;

// ── Words ───────────────────────────────────────────────────────────────────────────────
// Every label comes from the one bilingual vocabulary the web reads too (@opora/common).
const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('bg') + s.slice(1);

export const statusLabel = (status: CaseStatus, locale: Locale) => enumLabel('CaseStatus', status, locale);
export const outcomeLabel = (outcome: ClosureOutcome, locale: Locale) => enumLabel('ClosureOutcome', outcome, locale);

/** INVALID_TRANSITION naming both statuses, each language with its own words. */
export function invalidTransition(locale: Locale, from: CaseStatus, to: CaseStatus): GraphQLError {
  const bg = message('invalidTransition', 'bg', { from: statusLabel(from, 'bg'), to: statusLabel(to, 'bg') });
  const en = message('invalidTransition', 'en', { from: statusLabel(from, 'en'), to: statusLabel(to, 'en') });
  return new GraphQLError(locale === 'en' ? en : bg, {
    extensions: { code: 'INVALID_TRANSITION', messageBg: bg, messageEn: en, from, to, allowed: NEXT_STATUSES[from] },
  });
}

/**
 * An act the case's stage does not allow (INVALID_TRANSITION, not a field's error: the screen
 * shows it on the page), each language naming the stage in its own words. Nothing is written.
 */
export function stageRefusal(locale: Locale, key: MessageKey, status: CaseStatus): GraphQLError {
  const bg = message(key, 'bg', { stage: statusLabel(status, 'bg') });
  const en = message(key, 'en', { stage: statusLabel(status, 'en') });
  return new GraphQLError(locale === 'en' ? en : bg, {
    extensions: { code: 'INVALID_TRANSITION', messageBg: bg, messageEn: en, status, allowed: NEXT_STATUSES[status] },
  });
}

/**
 * Records a move the caller has checked: the case's new status (its version goes up), the
 * status change and the audit event. Runs in the request's transaction.
 */
export async function recordMove(
  ctx: Context,
  c: { id: string; centerId: string; status: CaseStatus },
  to: CaseStatus,
  note: string | null = null,
  data: Prisma.CaseUncheckedUpdateInput = {},
) {
  if (!NEXT_STATUSES[c.status].includes(to)) throw invalidTransition(ctx.locale, c.status, to);
  await ctx.db.case.update({ where: { id: c.id }, data: { ...data, status: to, version: { increment: 1 } } });
  await ctx.db.caseStatusChange.create({
    data: { centerId: c.centerId, caseId: c.id, fromStatus: c.status, toStatus: to, changedById: requireCenter(ctx).membershipId, note },
  });
  ctx.audit.record('UPDATE', 'Case', c.id, { from: c.status, to });
}

// ── Timeline ────────────────────────────────────────────────────────────────────────────
export const TIMELINE_KINDS = [
  'REFERRAL',
  'STATUS_CHANGE',
  'ASSESSMENT_DUE',
  'ASSESSMENT_COMPLETED',
  'PLAN_STARTED',
  'PLAN_REVIEW_HELD',
  'PLAN_REVIEW_DUE',
  'CONTRACT_SIGNED',
  'CONTRACT_EXTENDED',
  'CONTRACT_ENDED',
  'CLOSURE',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export type TimelineEvent = { kind: TimelineKind; date: Date; label: string; status: CaseStatus | null; note: string | null };

export type TimelineSource = {
  referralDate: Date;
  referralDocumentNumber: string | null;
  closedOn: Date | null;
  closureOutcome: ClosureOutcome | null;
  closureNote: string | null;
  statusChanges: { fromStatus: CaseStatus | null; toStatus: CaseStatus; changedAt: Date; note: string | null }[];
  assessments: { dueOn: Date; completedOn: Date | null; supersededAt: Date | null }[];
  supportPlans: { startsOn: Date; status: string; nextReviewOn: Date | null; reviews: { heldOn: Date | null; decision: ReviewDecision | null; summary: string | null }[] }[];
  contracts: {
    number: string;
    signedOn: Date | null;
    endedOn: Date | null;
    endGround: ContractEndGround | null;
    endNote: string | null;
    extensions: { extendedOn: Date; newEndsOn: Date; ground: string }[];
  }[];
};

/** The case's story in order: referral, status changes, assessment, plan, reviews, closure. */
export function buildTimeline(c: TimelineSource, locale: Locale): TimelineEvent[] {
  const kind = (k: TimelineKind) => enumLabel('CaseTimelineEventKind', k, locale);
  const events: TimelineEvent[] = [];
  const doc = c.referralDocumentNumber ? ` № ${c.referralDocumentNumber}` : '';
  events.push({ kind: 'REFERRAL', date: c.referralDate, label: `${kind('REFERRAL')}${doc}`, status: 'REFERRED', note: null });
  for (const s of c.statusChanges) {
    // The first status is the referral, and the move to CLOSED is the closure below.
    if (s.fromStatus === null || s.toStatus === 'CLOSED') continue;
    const label = `${statusLabel(s.fromStatus, locale)} → ${statusLabel(s.toStatus, locale)}`;
    events.push({ kind: 'STATUS_CHANGE', date: sofiaDay(s.changedAt), label, status: s.toStatus, note: s.note });
  }
  for (const a of c.assessments) {
    if (a.completedOn) {
      events.push({ kind: 'ASSESSMENT_COMPLETED', date: a.completedOn, label: kind('ASSESSMENT_COMPLETED'), status: null, note: null });
    } else if (!a.supersededAt) {
      events.push({ kind: 'ASSESSMENT_DUE', date: a.dueOn, label: kind('ASSESSMENT_DUE'), status: null, note: null });
    }
  }
  for (const p of c.supportPlans) {
    events.push({ kind: 'PLAN_STARTED', date: p.startsOn, label: kind('PLAN_STARTED'), status: null, note: null });
    for (const r of p.reviews) {
      if (!r.heldOn) continue;
      const decision = r.decision ? `: ${lowerFirst(enumLabel('ReviewDecision', r.decision, locale))}` : '';
      events.push({ kind: 'PLAN_REVIEW_HELD', date: r.heldOn, label: `${kind('PLAN_REVIEW_HELD')}${decision}`, status: null, note: r.summary });
    }
    if (p.status === 'ACTIVE' && p.nextReviewOn && !c.closedOn) {
      events.push({ kind: 'PLAN_REVIEW_DUE', date: p.nextReviewOn, label: kind('PLAN_REVIEW_DUE'), status: null, note: null });
    }
  }
  for (const k of c.contracts) {
    if (k.signedOn) events.push({ kind: 'CONTRACT_SIGNED', date: k.signedOn, label: `${kind('CONTRACT_SIGNED')} № ${k.number}`, status: null, note: null });
    for (const x of k.extensions) {
      events.push({ kind: 'CONTRACT_EXTENDED', date: x.extendedOn, label: `${kind('CONTRACT_EXTENDED')} → ${isoDay(x.newEndsOn)}`, status: null, note: x.ground });
    }
    if (k.endedOn && k.endGround) {
      events.push({ kind: 'CONTRACT_ENDED', date: k.endedOn, label: `${kind('CONTRACT_ENDED')}: ${lowerFirst(enumLabel('ContractEndGround', k.endGround, locale))}`, status: null, note: k.endNote });
    }
  }
  if (c.closedOn) {
    const outcome = c.closureOutcome ? `: ${outcomeLabel(c.closureOutcome, locale)}` : '';
    events.push({ kind: 'CLOSURE', date: c.closedOn, label: `${kind('CLOSURE')}${outcome}`, status: 'CLOSED', note: c.closureNote });
  }
  // Stable: same day keeps the lifecycle's order.
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.date.getTime() - b.e.date.getTime() || TIMELINE_KINDS.indexOf(a.e.kind) - TIMELINE_KINDS.indexOf(b.e.kind) || a.i - b.i)
    .map(({ e }) => e);
}

// ── References inside the center ────────────────────────────────────────────────────────
// Another center's id reads exactly like an id that does not exist: a field error
// `unknownReference` at the input path (RLS hides the row; the global id's type is checked).

export async function staffMembershipIds(ctx: Context, globalIds: readonly string[], path: string): Promise<string[]> {
  if (globalIds.length === 0) return [];
  const ids = [...new Set(globalIds)].map((g) => idOf(g, 'Membership'));
  if (ids.some((id) => !id)) throw invalidFields(ctx.locale, [{ path, messageKey: 'unknownReference' }]);
  const centerId = ctx.viewer?.membership?.centerId ?? '';
  const found = await ctx.db.membership.findMany({
    where: { id: { in: ids as string[] }, centerId, role: { in: [...CENTER_ROLES] }, OR: [{ endedOn: null }, { endedOn: { gte: today() } }] },
    select: { id: true },
  });
  if (found.length !== ids.length) throw invalidFields(ctx.locale, [{ path, messageKey: 'unknownReference' }]);
  return ids as string[];
}

type FindById = { findUnique(args: { where: { id: string }; select: { id: true } }): Promise<{ id: string } | null> };

/** A center-owned or catalogue row by global id, or the field error. */
export async function referenceId(ctx: Context, delegate: FindById, globalId: string, typename: string, path: string): Promise<string> {
  const id = idOf(globalId, typename);
  const found = id ? await delegate.findUnique({ where: { id }, select: { id: true } }) : null;
  if (!found) throw invalidFields(ctx.locale, [{ path, messageKey: 'unknownReference' }]);
  return found.id;
}

/** The case by global id for a write, or NOT_FOUND (another center's case included). */
export async function caseForWrite(ctx: Context, globalId: string) {
  const id = idOf(globalId, 'Case');
  const found = id ? await ctx.db.case.findUnique({ where: { id } }) : null;
  if (!found) throw await missingAnswer(ctx, id);
  await refuseIfRestricted(ctx, found.personId);
  return found;
}

/** Only an open case takes new work (assessment, plan, review): the stage's refusal, not a field's. */
export function assertOpen(ctx: Context, c: { status: CaseStatus }) {
  if (c.status === 'CLOSED') throw stageRefusal(ctx.locale, 'caseIsClosed', c.status);
}

/**
 * Creates the case's needs assessment if it has none still open (a case has at most one open
 * assessment; a partial unique index holds it too): due by the rule in due-dates.ts (the
 * center's planning days after the request, or the referral) unless the caller says otherwise.
 */
export async function ensureAssessment(
  ctx: Context,
  c: { id: string; centerId: string; referralDate: Date; requestDate: Date | null },
  options: { dueOn?: Date | null; assessorId?: string | null; startedOn?: Date | null } = {},
): Promise<string> {
  const open = await ctx.db.assessment.findFirst({ where: { caseId: c.id, ...OPEN_ASSESSMENT }, orderBy: { createdAt: 'desc' } });
  if (open) {
    const data: Prisma.AssessmentUncheckedUpdateInput = {};
    if (options.dueOn) data.dueOn = options.dueOn;
    if (options.assessorId) data.assessorId = options.assessorId;
    if (options.startedOn && !open.startedOn) data.startedOn = options.startedOn;
    if (Object.keys(data).length) {
      await ctx.db.assessment.update({ where: { id: open.id }, data: { ...data, version: { increment: 1 } } });
      ctx.audit.record('UPDATE', 'Assessment', open.id);
    }
    return open.id;
  }
  const center = options.dueOn ? null : await ctx.db.center.findUniqueOrThrow({ where: { id: c.centerId }, select: { planningDays: true } });
  const created = await ctx.db.assessment.create({
    data: {
      centerId: c.centerId,
      caseId: c.id,
      dueOn: options.dueOn ?? assessmentDueOn(c, center!),
      assessorId: options.assessorId ?? null,
      startedOn: options.startedOn ?? null,
    },
    select: { id: true },
  });
  ctx.audit.record('CREATE', 'Assessment', created.id, { caseId: c.id });
  return created.id;
}

