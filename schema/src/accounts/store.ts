import type { TenantTx } from '@opora/prisma/tenant';
import { today } from '@opora/common/calendar';
import { isSealed, openSecret, sealSecret } from './secret-box.ts';

// Every database access of the account life cycle, in one place. What crosses from one person to
// another goes through the SECURITY DEFINER functions of migration 20261202500000_accounts; the
// rest touches only the signed-in person's own rows (User, AuthSession, TwoFactor), so routing it
// through narrow definer functions later (User and AuthSession behind row-level security) is a
// change of this file only.

const utcNow = () => new Date();

// ── Codes ──

/** Redeems a set-password (invitation) or reset code; null when unknown, used or expired. */
export async function redeemCode(db: TenantTx, codeHash: string, passwordHash: string): Promise<{ userId: string; email: string } | null> {
  const rows = await db.$queryRawUnsafe<Array<{ user_id: string; email: string }>>(
    `SELECT user_id::text, email FROM account_code_redeem($1, $2)`,
    codeHash,
    passwordHash,
  );
  return rows[0] ? { userId: rows[0].user_id, email: rows[0].email } : null;
}

// ── Invitations (the invited person's side) ──

export type MyInvitationRow = {
  id: string;
  center_id: string;
  role: string;
  title_bg: string | null;
  title_en: string | null;
  started_on: Date;
  created_at: Date;
  expires_at: Date;
};

export function myInvitations(db: TenantTx): Promise<MyInvitationRow[]> {
  return db.$queryRawUnsafe<MyInvitationRow[]>(
    `SELECT id::text, center_id::text, role, title_bg, title_en, started_on, created_at, expires_at FROM staff_invitations_mine()`,
  );
}

export async function answerInvitation(db: TenantTx, id: string, accept: boolean): Promise<{ ok: boolean; membershipId: string | null }> {
  const [row] = await db.$queryRawUnsafe<Array<{ ok: boolean; membership_id: string | null }>>(
    `SELECT ok, membership_id::text FROM staff_invitation_answer($1::uuid, $2)`,
    id,
    accept,
  );
  return { ok: !!row?.ok, membershipId: row?.membership_id ?? null };
}

// ── A manager on a colleague's account ──

export type ManageAction = 'disable' | 'enable' | 'end_sessions' | 'clear_two_factor' | 'may_reset_password';
export type ManageAnswer = 'ok' | 'forbidden' | 'not_found' | 'self' | 'shared';

export async function manageStaffAccount(db: TenantTx, userId: string, action: ManageAction): Promise<ManageAnswer> {
  const [row] = await db.$queryRawUnsafe<Array<{ answer: ManageAnswer }>>(
    `SELECT staff_account_manage($1::uuid, $2) AS answer`,
    userId,
    action,
  );
  return row?.answer ?? 'forbidden';
}

export type StaffAccountRow = { user_id: string; disabled: boolean; two_factor: boolean; open_sessions: number };

export function staffAccounts(db: TenantTx): Promise<StaffAccountRow[]> {
  return db.$queryRawUnsafe<StaffAccountRow[]>(`SELECT user_id::text, disabled, two_factor, open_sessions FROM center_staff_accounts()`);
}

// ── The signed-in person's own account ──

export async function endOwnSessions(db: TenantTx, userId: string, keepSessionId: string | null): Promise<number> {
  const { count } = await db.authSession.updateMany({
    where: { userId, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
    data: { revokedAt: utcNow() },
  });
  return count;
}

export async function endOwnSession(db: TenantTx, userId: string, sessionId: string): Promise<boolean> {
  const { count } = await db.authSession.updateMany({
    where: { id: sessionId, userId, revokedAt: null, expiresAt: { gt: utcNow() } },
    data: { revokedAt: utcNow() },
  });
  return count === 1;
}

export function ownOpenSessions(db: TenantTx, userId: string) {
  return db.authSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: utcNow() } },
    select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, ipAddress: true, userAgent: true },
    orderBy: [{ lastSeenAt: 'desc' }, { id: 'asc' }],
  });
}

export async function touchSession(db: TenantTx, sessionId: string): Promise<void> {
  // A void result does not deserialize through every driver adapter: run it as a statement.
  await db.$executeRawUnsafe(`SELECT auth_session_touch($1::uuid)`, sessionId);
}

// ── Second factor (row-level security: the signed-in user's own row only) ──

/**
 * The user's second factor with its secret opened (secret-box.ts): `secret` is null when the
 * stored one does not open under this server's key; `sealed` is false for a row written before sealing.
 */
export async function ownTwoFactor(db: TenantTx, userId: string) {
  const row = await db.twoFactor.findUnique({ where: { userId } });
  return row && { ...row, secret: openSecret(userId, row.secret), sealed: isSealed(row.secret) };
}

export async function enableOwnTwoFactor(db: TenantTx, userId: string, secret: string, step: number, recoveryCodeHashes: string[]): Promise<void> {
  await db.twoFactor.create({ data: { userId, secret: sealSecret(userId, secret), lastUsedStep: BigInt(step), recoveryCodeHashes } });
}

/** Records a code's use; `resealSecret` seals a secret stored in clear before sealing existed. */
export async function recordTwoFactorUse(
  db: TenantTx,
  userId: string,
  data: { step?: number; recoveryCodeHashes?: string[]; resealSecret?: string },
): Promise<void> {
  await db.twoFactor.update({
    where: { userId },
    data: {
      ...(data.step !== undefined ? { lastUsedStep: BigInt(data.step) } : {}),
      ...(data.recoveryCodeHashes ? { recoveryCodeHashes: data.recoveryCodeHashes } : {}),
      ...(data.resealSecret ? { secret: sealSecret(userId, data.resealSecret) } : {}),
    },
  });
}

export async function disableOwnTwoFactor(db: TenantTx, userId: string): Promise<void> {
  await db.twoFactor.deleteMany({ where: { userId } });
}

/** Whether any center the person currently works in requires a second factor. */
export async function twoFactorRequiredFor(db: TenantTx, userId: string): Promise<boolean> {
  const count = await db.membership.count({
    where: { userId, centerId: { not: null }, center: { requireTwoFactor: true }, OR: [{ endedOn: null }, { endedOn: { gte: today() } }] },
  });
  return count > 0;
}
