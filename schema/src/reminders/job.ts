import type { NotificationKind, PrismaClient } from '@opora/prisma/client';
import { applySettings, RUNTIME_ROLE, type TenantTx } from '@opora/prisma/tenant';
import { isoDay, now, today } from '@opora/common/calendar';
import {
  assessmentDueOn,
  contractExpired,
  contractsEndingWhere,
  planDueByCases,
  planDueOn,
  reminderOf,
  remindUpTo,
  reviewDueByPlans,
} from '../modules/due-dates.ts';
import { currentUsersOf, notify, type NewNotification } from './notify.ts';

// The reminder job (server/src/reminders.ts runs it every OPORA_REMINDER_EVERY_S): for each
// center, every due date the rules of modules/due-dates.ts say is near or past becomes one
// notification for each person on the case (its lead worker and team). Safe to run in several
// processes at once: a notification's unique key (person, kind, subject, due date and
// threshold) lets only the first insert through, and its mail is queued under the same key.

/** A center's transaction as the runtime role, with the center set and no user (RLS applies). */
async function inCenter<T>(prisma: PrismaClient, centerId: string, work: (tx: TenantTx) => Promise<T>, timeout = 60_000): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await applySettings(tx, { role: RUNTIME_ROLE, centerId, userId: '', statementTimeoutMs: timeout });
    return work(tx);
  }, { timeout, maxWait: 10_000 });
}

type CaseOf = { id: string; number: string; leadWorkerId: string | null; teamMembers: { membershipId: string }[] };
const CASE_PEOPLE = { id: true, number: true, leadWorkerId: true, teamMembers: { select: { membershipId: true } } } as const;

/** Runs the job once for every center (the clock of @opora/common/calendar says which day it is). */
export async function runReminders(prisma: PrismaClient, options: { mail: boolean }): Promise<{ created: number }> {
  const centers = await prisma.center.findMany({ select: { id: true } });
  let created = 0;
  for (const center of centers) created += await inCenter(prisma, center.id, (tx) => remindCenter(tx, center.id, options));
  return { created };
}

async function remindCenter(tx: TenantTx, centerId: string, options: { mail: boolean }): Promise<number> {
  const on = today();
  const by = remindUpTo(on);
  const center = await tx.center.findUniqueOrThrow({ where: { id: centerId }, select: { planningDays: true } });
  const due: { kind: NotificationKind; subjectId: string; dueOn: Date; threshold: string; c: CaseOf }[] = [];

  // ИОП: an open assessment by its own due date; a case not yet assessed by the planning days.
  const assessments = await tx.assessment.findMany({
    where: { completedOn: null, supersededAt: null, dueOn: { lte: by }, case: { status: { not: 'CLOSED' } } },
    select: { id: true, dueOn: true, case: { select: CASE_PEOPLE } },
  });
  for (const a of assessments) due.push({ kind: 'ASSESSMENT_DUE', subjectId: a.id, dueOn: a.dueOn, threshold: reminderOf(a.dueOn, on) ?? '', c: a.case });
  // ИПП (and the ИОП of a case with no assessment yet): the planning days from the request or referral.
  const unplanned = await tx.case.findMany({
    where: planDueByCases(center.planningDays, by),
    select: { ...CASE_PEOPLE, requestDate: true, referralDate: true, _count: { select: { assessments: true } } },
  });
  for (const c of unplanned) {
    const planDue = planDueOn(c, center);
    due.push({ kind: 'PLAN_DUE', subjectId: c.id, dueOn: planDue, threshold: reminderOf(planDue, on) ?? '', c });
    if (c._count.assessments === 0) {
      const assessmentDue = assessmentDueOn(c, center);
      due.push({ kind: 'ASSESSMENT_DUE', subjectId: c.id, dueOn: assessmentDue, threshold: reminderOf(assessmentDue, on) ?? '', c });
    }
  }
  // Plan reviews at the plan's own interval.
  const reviews = await tx.supportPlan.findMany({ where: reviewDueByPlans(by), select: { id: true, nextReviewOn: true, case: { select: CASE_PEOPLE } } });
  for (const p of reviews) if (p.nextReviewOn) due.push({ kind: 'PLAN_REVIEW_DUE', subjectId: p.id, dueOn: p.nextReviewOn, threshold: reminderOf(p.nextReviewOn, on) ?? '', c: p.case });
  // Contracts as the dashboard lists them: ending within its horizon, or their term passed.
  const contracts = await tx.contract.findMany({ where: contractsEndingWhere(on), select: { id: true, status: true, endsOn: true, case: { select: CASE_PEOPLE } } });
  for (const k of contracts) due.push({ kind: 'CONTRACT_ENDING', subjectId: k.id, dueOn: k.endsOn, threshold: contractExpired(k, on) ? 'OVERDUE' : 'SOON', c: k.case });

  const users = await currentUsersOf(tx, due.flatMap((d) => [d.c.leadWorkerId, ...d.c.teamMembers.map((m) => m.membershipId)]), on);
  const rows: NewNotification[] = [];
  for (const d of due) {
    if (!d.threshold) continue;
    const people = new Set([d.c.leadWorkerId, ...d.c.teamMembers.map((m) => m.membershipId)].map((m) => (m ? users.get(m) : undefined)).filter((u): u is string => !!u));
    for (const userId of people) {
      rows.push({ centerId, userId, kind: d.kind, subjectId: d.subjectId, occasion: `${isoDay(d.dueOn)}:${d.threshold}`, caseId: d.c.id, caseNumber: d.c.number, dueOn: d.dueOn });
    }
  }
  return notify(tx, rows, { mail: options.mail });
}

// ── The mail outbox ─────────────────────────────────────────────────────────────────────

export type OutgoingMail = { id: string; toAddress: string; kind: NotificationKind; caseNumber: string | null; path: string; dueOn: Date | null; occasion: string };

/** Attempts before a mail is given up (failedAt), and the backoff: 1, 2, 4 … minutes, at most 6 hours. */
export const MAIL_MAX_ATTEMPTS = 10;
export const mailBackoffMs = (attempts: number): number => Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);

/**
 * Sends the mail waiting in every center's outbox, each once: a batch is claimed with
 * `FOR UPDATE SKIP LOCKED` (another process skips it), sent, and marked sent in the same
 * transaction; a failure counts an attempt and waits its backoff. Answers how many were sent.
 */
export async function sendQueuedMail(prisma: PrismaClient, send: (mail: OutgoingMail) => Promise<void>, batch = 20): Promise<{ sent: number; failed: number }> {
  const centers = await prisma.center.findMany({ select: { id: true } });
  let sent = 0;
  let failed = 0;
  for (const center of centers) {
    // Batch after batch (each its own short transaction) until the center's queue has nothing due.
    for (let more = true; more; ) {
      more = await inCenter(prisma, center.id, async (tx) => {
        const at = now();
        // A first attempt goes at once whatever the clocks say; later ones after their backoff.
        const claimed = await tx.$queryRawUnsafe<(OutgoingMail & { attempts: number })[]>(
          `SELECT id::text, "toAddress", kind::text AS kind, "caseNumber", path, "dueOn", occasion, attempts
             FROM "MailOutbox"
            WHERE "sentAt" IS NULL AND "failedAt" IS NULL AND (attempts = 0 OR "nextAttemptAt" <= $1)
            ORDER BY "createdAt", id
            LIMIT ${Number(batch)}
            FOR UPDATE SKIP LOCKED`,
          at,
        );
        for (const mail of claimed) {
          try {
            await send(mail);
            await tx.mailOutbox.update({ where: { id: mail.id }, data: { sentAt: now(), attempts: mail.attempts + 1, lastError: null }, select: { id: true } });
            sent++;
          } catch (error) {
            const attempts = mail.attempts + 1;
            await tx.mailOutbox.update({
              where: { id: mail.id },
              data: {
                attempts,
                nextAttemptAt: new Date(now().getTime() + mailBackoffMs(attempts)),
                lastError: String((error as Error)?.message ?? error).slice(0, 500),
                ...(attempts >= MAIL_MAX_ATTEMPTS ? { failedAt: now() } : {}),
              },
              select: { id: true },
            });
            failed++;
          }
        }
        return claimed.length === batch;
      }, 120_000);
    }
  }
  return { sent, failed };
}
