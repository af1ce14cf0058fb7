import type { Prisma } from '@opora/prisma/client';
import { addDays, addMonths, daysBetween, today } from '@opora/common/calendar';

// Every due date of a case, from the legal rules, in one place (docs/conventions.md). The
// assessment, the support plan, the reviews and the dashboard's overdue lists all read these.

// ── ИОП and ИПП ─────────────────────────────────────────────────────────────────────────
// Source: Правилник за прилагане на Закона за социалните услуги (ППЗСУ, ПМС 306/2020), as the
// providers apply it: the individual needs assessment (ИОП) and the individual support plan
// (ИПП) are prepared within 20 days of the person's request to use the service (заявяване);
// with no request, from the referral (issue #15; the article is to be named when checked against
// the promulgated text, not from memory). The number of days is the center's
// (`Center.planningDays`, default 20, 1–60, edited by the manager in the center profile).

export const DEFAULT_PLANNING_DAYS = 20;
export const PLANNING_DAYS_MIN = 1;
export const PLANNING_DAYS_MAX = 60;

export type IntakeDates = { requestDate: Date | null; referralDate: Date };

/** The day the planning period starts: the request, else the referral's receipt. */
export const planningStartsOn = (c: IntakeDates): Date => c.requestDate ?? c.referralDate;

/** The needs assessment (ИОП) is due this day. */
export const assessmentDueOn = (c: IntakeDates, center: { planningDays: number }): Date => addDays(planningStartsOn(c), center.planningDays);

/** The support plan (ИПП) is due this day: prepared together with the assessment, same period. */
export const planDueOn = (c: IntakeDates, center: { planningDays: number }): Date => addDays(planningStartsOn(c), center.planningDays);

/**
 * Open cases with no plan in effect whose plan due date has passed (with `planningDays` of the
 * active center: a tenant's query sees one center). A plan put into effect ends the duty.
 */
export function overduePlanCases(planningDays: number, on: Date = today()): Prisma.CaseWhereInput {
  const startedBefore = addDays(on, -planningDays);
  return {
    status: { not: 'CLOSED' },
    supportPlans: { none: { status: 'ACTIVE' } },
    OR: [{ requestDate: { lt: startedBefore } }, { requestDate: null, referralDate: { lt: startedBefore } }],
  };
}

// ── Plan reviews ────────────────────────────────────────────────────────────────────────
// Source: ППЗСУ (ПМС 306/2020) — the support plan is reviewed at the interval the plan itself
// sets (SupportPlan.reviewEveryMonths), and after each review the next falls due.

/** The next review of a plan: `everyMonths` after the plan's start or the last review held. */
export const nextReviewOn = (from: Date, everyMonths: number): Date => addMonths(from, everyMonths);

/** A plan in effect whose review date has passed (a review held moves `nextReviewOn` on). */
export function overdueReviewPlans(on: Date = today()): Prisma.SupportPlanWhereInput {
  return { status: 'ACTIVE', nextReviewOn: { lt: on }, case: { status: { not: 'CLOSED' } } };
}

// ── Reassessment ────────────────────────────────────────────────────────────────────────
// Source: ППЗСУ (ПМС 306/2020) has the assessment updated when the person's needs change, with no
// separate period of its own; Opora gives a reassessment started in an active case the center's
// planning days from its start, the same period as the first assessment (a center's rule, not a
// legal deadline; a caller may set another due date).

/** A reassessment started on `startedOn` is due this day. */
export const reassessmentDueOn = (startedOn: Date, center: { planningDays: number }): Date => addDays(startedOn, center.planningDays);

// ── Contract end ────────────────────────────────────────────────────────────────────────
// Source: ППЗСУ (ПМС 306/2020) — the contract for using the service states its term; at its end
// it is extended (an annex) or it ends, with the expiry of the term as its ground, and no service
// is delivered under it afterwards. The dashboard names the contracts whose term ends within
// CONTRACT_ENDING_SOON_DAYS (to extend or end them in time) and those whose term has passed while
// they are still recorded as in force (to record the extension or the end).

/** How far ahead the dashboard looks for contracts whose term ends. */
export const CONTRACT_ENDING_SOON_DAYS = 30;

/** The day a contract's term ends, or null (no contract, or no end date). */
export const contractEndsOn = (contract: { endsOn: Date | null } | null | undefined): Date | null => contract?.endsOn ?? null;

/** Signed, its term ended before `on` and not recorded as ended: extend it or end it. */
export const contractExpired = (contract: { status: string; endsOn: Date | null }, on: Date = today()): boolean => {
  const end = contractEndsOn(contract);
  return contract.status === 'SIGNED' && end !== null && end < on;
};

/** Days from `on` to the end of the contract's term (negative once it has passed), or null. */
export const daysToContractEnd = (contract: { endsOn: Date | null }, on: Date = today()): number | null => {
  const end = contractEndsOn(contract);
  return end === null ? null : daysBetween(on, end);
};

/**
 * Contracts in force (signed, not ended) of open cases whose term has passed or ends within
 * CONTRACT_ENDING_SOON_DAYS of `on`: the same test as `contractEndsOn` against that horizon.
 */
export function contractsEndingWhere(on: Date = today()): Prisma.ContractWhereInput {
  return { status: 'SIGNED', endsOn: { lte: addDays(on, CONTRACT_ENDING_SOON_DAYS) }, case: { status: { not: 'CLOSED' } } };
}

// ── Reminders ───────────────────────────────────────────────────────────────────────────
// Opora's own rule (issue #17), not a legal deadline: the people on a case are reminded
// REMINDER_DAYS_BEFORE days before a due date above, and again once it has passed.

/** How many days before a due date the reminder comes. */
export const REMINDER_DAYS_BEFORE = 3;

/** Which reminder a due date calls for on `on`: SOON (within the days before), OVERDUE, or none yet. */
export function reminderOf(dueOn: Date, on: Date = today()): 'SOON' | 'OVERDUE' | null {
  if (dueOn < on) return 'OVERDUE';
  return daysBetween(on, dueOn) <= REMINDER_DAYS_BEFORE ? 'SOON' : null;
}

/** The latest due date that calls for a reminder on `on` (due dates on or before it do). */
export const remindUpTo = (on: Date = today()): Date => addDays(on, REMINDER_DAYS_BEFORE);

/**
 * Open cases with no plan in effect whose plan (ИПП) is due by `by`: `overduePlanCases` with
 * `by` as the day (a due date before `by + 1` is on or before `by`).
 */
export const planDueByCases = (planningDays: number, by: Date): Prisma.CaseWhereInput => overduePlanCases(planningDays, addDays(by, 1));

/** Plans in effect whose review is due by `by`: `overdueReviewPlans` with `by` as the day. */
export const reviewDueByPlans = (by: Date): Prisma.SupportPlanWhereInput => overdueReviewPlans(addDays(by, 1));
