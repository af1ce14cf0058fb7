import { today } from '@opora/common/calendar';
// Every database access of the account life cycle, in one place. What crosses from one person to
// another goes through the SECURITY DEFINER functions of migration 20261202500000_accounts; the
// rest touches only the signed-in person's own rows (User, AuthSession, TwoFactor), so routing it
// through narrow definer functions later (User and AuthSession behind row-level security) is a
// change of this file only.
const utcNow = () => new Date();
// ── Codes ──
/** Redeems a set-password (invitation) or reset code; null when unknown, used or expired. */
export async function redeemCode(db, codeHash, passwordHash) {
    const rows = await db.$queryRawUnsafe(`SELECT user_id::text, email FROM account_code_redeem($1, $2)`, codeHash, passwordHash);
    return rows[0] ? { userId: rows[0].user_id, email: rows[0].email } : null;
}
export function myInvitations(db) {
    return db.$queryRawUnsafe(`SELECT id::text, center_id::text, role, title_bg, title_en, started_on, created_at, expires_at FROM staff_invitations_mine()`);
}
export async function answerInvitation(db, id, accept) {
    const [row] = await db.$queryRawUnsafe(`SELECT ok, membership_id::text FROM staff_invitation_answer($1::uuid, $2)`, id, accept);
    return { ok: !!row?.ok, membershipId: row?.membership_id ?? null };
}
export async function manageStaffAccount(db, userId, action) {
    const [row] = await db.$queryRawUnsafe(`SELECT staff_account_manage($1::uuid, $2) AS answer`, userId, action);
    return row?.answer ?? 'forbidden';
}
export function staffAccounts(db) {
    return db.$queryRawUnsafe(`SELECT user_id::text, disabled, two_factor, open_sessions FROM center_staff_accounts()`);
}
// ── The signed-in person's own account ──
export async function endOwnSessions(db, userId, keepSessionId) {
    const { count } = await db.authSession.updateMany({
        where: { userId, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
        data: { revokedAt: utcNow() },
    });
    return count;
}
export async function endOwnSession(db, userId, sessionId) {
    const { count } = await db.authSession.updateMany({
        where: { id: sessionId, userId, revokedAt: null, expiresAt: { gt: utcNow() } },
        data: { revokedAt: utcNow() },
    });
    return count === 1;
}
export function ownOpenSessions(db, userId) {
    return db.authSession.findMany({
        where: { userId, revokedAt: null, expiresAt: { gt: utcNow() } },
        select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, ipAddress: true, userAgent: true },
        orderBy: [{ lastSeenAt: 'desc' }, { id: 'asc' }],
    });
}
export async function touchSession(db, sessionId) {
    // A void result does not deserialize through every driver adapter: run it as a statement.
    await db.$executeRawUnsafe(`SELECT auth_session_touch($1::uuid)`, sessionId);
}
// ── Second factor (row-level security: the signed-in user's own row only) ──
export function ownTwoFactor(db, userId) {
    return db.twoFactor.findUnique({ where: { userId } });
}
export async function enableOwnTwoFactor(db, userId, secret, step, recoveryCodeHashes) {
    await db.twoFactor.create({ data: { userId, secret, lastUsedStep: BigInt(step), recoveryCodeHashes } });
}
export async function recordTwoFactorUse(db, userId, data) {
    await db.twoFactor.update({
        where: { userId },
        data: {
            ...(data.step !== undefined ? { lastUsedStep: BigInt(data.step) } : {}),
            ...(data.recoveryCodeHashes ? { recoveryCodeHashes: data.recoveryCodeHashes } : {}),
        },
    });
}
export async function disableOwnTwoFactor(db, userId) {
    await db.twoFactor.deleteMany({ where: { userId } });
}
/** Whether any center the person currently works in requires a second factor. */
export async function twoFactorRequiredFor(db, userId) {
    const count = await db.membership.count({
        where: { userId, centerId: { not: null }, center: { requireTwoFactor: true }, OR: [{ endedOn: null }, { endedOn: { gte: today() } }] },
    });
    return count > 0;
}
//# sourceMappingURL=store.js.map