import type { Prisma } from '@opora/prisma/client';
import { addDays, addMonths, today } from '@opora/common/calendar';

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

// ── Contract end ────────────────────────────────────────────────────────────────────────
// Source: ППЗСУ (ПМС 306/2020) — the contract for using the service states its term; at its end
// it is extended or ended on a ground the regulation names. The contract itself is another
// module's (issue #15 item 4); this is the hook the due-date lists take its end from.

/** The day a contract's term ends, or null (no contract, or no end date). */
export const contractEndsOn = (contract: { endsOn: Date | null } | null | undefined): Date | null => contract?.endsOn ?? null;
