import type { NotificationKind } from '@opora/prisma/client';
import type { TenantTx } from '@opora/prisma/tenant';
import { setting } from '@opora/common/config';
import { encodeId } from '../support/global-id.ts';

// Creating notifications (and queueing their e-mail) in one place: the reminder job, a case
// assigned, an invitation. Each occasion is one row (unique key, ON CONFLICT DO NOTHING), and
// its mail is one outbox row under the same key, so several processes or a retried request
// never notify or mail twice. Mail holds a case number and a link, never a name.

export type NewNotification = {
  centerId: string;
  userId: string;
  kind: NotificationKind;
  subjectId: string;
  /** What makes this one occasion of the subject: "2026-12-10:SOON", "v3", … */
  occasion: string;
  caseId: string | null;
  caseNumber: string | null;
  dueOn: Date | null;
};

/** Whether e-mail is configured (OPORA_SMTP_URL): notifications then queue their mail. */
export const mailConfigured = (): boolean => !!setting('OPORA_SMTP_URL');

/** The web app's path a notification leads to: its case (the plan and contract are on it), or the account page. */
export function notificationPath(n: { kind: NotificationKind; caseId: string | null }): string {
  if (!n.caseId) return '/account';
  const section = n.kind === 'PLAN_DUE' || n.kind === 'PLAN_REVIEW_DUE' ? '#plan' : n.kind === 'CONTRACT_ENDING' ? '#contract' : n.kind === 'ASSESSMENT_DUE' ? '#assessment' : '';
  return `/cases/${encodeURIComponent(encodeId('Case', n.caseId))}${section}`;
}

/**
 * Inserts the notifications not yet there (and, with `mail`, their e-mail to each user's
 * address). Runs in the caller's transaction with the center set (RLS: a center's member, or
 * the job with no user, may create them). Answers how many rows were new.
 */
export async function notify(tx: TenantTx, rows: readonly NewNotification[], options: { mail?: boolean } = {}): Promise<number> {
  if (!rows.length) return 0;
  const created = await tx.notification.createMany({ data: [...rows], skipDuplicates: true });
  if (options.mail ?? mailConfigured()) {
    const users = await tx.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.userId))] }, disabledAt: null }, select: { id: true, email: true } });
    const emailOf = new Map(users.map((u) => [u.id, u.email]));
    const mails = rows.flatMap((r) => {
      const toAddress = emailOf.get(r.userId);
      return toAddress
        ? [{ centerId: r.centerId, userId: r.userId, kind: r.kind, subjectId: r.subjectId, occasion: r.occasion, toAddress, caseNumber: r.caseNumber, path: notificationPath(r), dueOn: r.dueOn }]
        : [];
    });
    if (mails.length) await tx.mailOutbox.createMany({ data: mails, skipDuplicates: true });
  }
  return created.count;
}

/** The users behind memberships that are current on `on` (a notification is a person's). */
export async function currentUsersOf(tx: TenantTx, membershipIds: readonly (string | null)[], on: Date): Promise<Map<string, string>> {
  const ids = [...new Set(membershipIds.filter((m): m is string => !!m))];
  if (!ids.length) return new Map();
  const rows = await tx.membership.findMany({
    where: { id: { in: ids }, OR: [{ endedOn: null }, { endedOn: { gte: on } }] },
    select: { id: true, userId: true },
  });
  return new Map(rows.map((m) => [m.id, m.userId]));
}

/** The lead worker and the team members of a case were (re)assigned: each is told, once per case version. */
export async function notifyCaseAssigned(
  tx: TenantTx,
  c: { id: string; centerId: string; number: string; version: number },
  membershipIds: readonly (string | null)[],
  on: Date,
  exceptUserId: string | null,
): Promise<void> {
  const users = await currentUsersOf(tx, membershipIds, on);
  const rows = [...new Set(users.values())]
    .filter((userId) => userId !== exceptUserId)
    .map((userId) => ({ centerId: c.centerId, userId, kind: 'CASE_ASSIGNED' as const, subjectId: c.id, occasion: `v${c.version}`, caseId: c.id, caseNumber: c.number, dueOn: null }));
  await notify(tx, rows);
}

/** An invitation to an e-mail that already has an account tells that account (SQL: the manager cannot read it). */
export async function notifyInvitation(tx: TenantTx, invitationId: string): Promise<void> {
  await tx.$queryRawUnsafe('SELECT notify_invitation($1::uuid, $2)::text', invitationId, mailConfigured());
}
