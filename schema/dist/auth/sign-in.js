import { setTimeout as sleep } from 'node:timers/promises';
import { AUTH_ROLE, applyScope, applySettings, inAuthTransaction, inTenant } from '@opora/prisma/tenant';
import { hashPassword, verifyPassword } from "./passwords.js";
import { hashToken, newToken, sessionTtlMs } from "./tokens.js";
import { ADDRESS_BLOCK_AFTER, BLOCK_MS, blockPairUnderAttack, failureDelayMs, PAIR_BLOCK_AFTER, signInDecision, WINDOW_MS, } from "./throttle.js";
export function createAuthGateway(prisma, options = {}) {
    const delay = options.delay ?? ((ms) => (ms > 0 ? sleep(ms) : Promise.resolve()));
    const within = options.within;
    const inAuth = (work) => (within ? asAuthRole(within, work) : inAuthTransaction(prisma, work));
    const expiresAt = () => new Date(Date.now() + sessionTtlMs()).toISOString();
    return {
        async signIn({ email, password, ip, userAgent }, secondStep) {
            const [row] = await inAuth((tx) => tx.$queryRawUnsafe(`SELECT user_id::text, password_hash, disabled, address_failures, account_failures, pair_failures,
                  address_blocked_until, pair_blocked_until, pair_window_ends
             FROM auth_sign_in_lookup($1, $2, $3::int)`, email, ip, WINDOW_MS));
            const decision = signInDecision({
                addressFailures: row?.address_failures ?? 0,
                accountFailures: row?.account_failures ?? 0,
                pairFailures: row?.pair_failures ?? 0,
                addressBlockedUntil: utc(row?.address_blocked_until),
                pairBlockedUntil: utc(row?.pair_blocked_until),
                pairWindowEndsAt: utc(row?.pair_window_ends),
            });
            if (!decision.allowed)
                return { kind: 'limited', retryAfterSeconds: decision.retryAfterSeconds };
            // argon2 outside any transaction; an unknown or disabled account costs the same time.
            const usable = row?.user_id && !row.disabled ? row.password_hash : null;
            const ok = await verifyPassword(usable, password);
            const failed = async () => {
                const after = await inAuth(async (tx) => {
                    const [counts] = await tx.$queryRawUnsafe(`SELECT address_failures, account_failures, pair_failures FROM auth_sign_in_failed($1, $2, $3::int, $4::int, $5::int, $6::int)`, email, ip, WINDOW_MS, ADDRESS_BLOCK_AFTER, PAIR_BLOCK_AFTER, BLOCK_MS);
                    const next = {
                        addressFailures: counts?.address_failures ?? 0,
                        accountFailures: counts?.account_failures ?? 0,
                        pairFailures: counts?.pair_failures ?? 0,
                    };
                    if (blockPairUnderAttack(next))
                        await tx.$executeRawUnsafe(`SELECT auth_sign_in_block_pair($1, $2, $3::int)`, email, ip, BLOCK_MS);
                    return next;
                });
                const delayMs = failureDelayMs(after);
                await delay(delayMs);
                return { kind: 'failed', delayMs };
            };
            if (!ok || !row?.user_id)
                return failed();
            if (secondStep) {
                let wrong = false;
                try {
                    await secondStep(row.user_id, () => {
                        wrong = true;
                    });
                }
                catch (error) {
                    // A wrong second factor is a failed sign-in for the throttle (and waits like one).
                    if (wrong)
                        await failed();
                    throw error;
                }
            }
            const expires = expiresAt();
            const token = newToken();
            const tokenHash = hashToken(token);
            const [created] = await inAuth((tx) => tx.$queryRawUnsafe(`SELECT auth_sign_in_succeeded($1::uuid, $2, $3, $4, ($5::timestamptz AT TIME ZONE 'UTC')::timestamp(3), $6)::text AS id`, row.user_id, email, ip, tokenHash, expires, userAgent));
            return { kind: 'signedIn', userId: row.user_id, sessionId: created.id, token, tokenHash, expiresAt: new Date(expires) };
        },
        async createSession(userId, meta) {
            const token = newToken();
            const tokenHash = hashToken(token);
            const [created] = await inAuth((tx) => tx.$queryRawUnsafe(`SELECT auth_create_session($1::uuid, $2, $3::uuid, ($4::timestamptz AT TIME ZONE 'UTC')::timestamp(3), $5, $6)::text AS id`, userId, tokenHash, meta.membershipId ?? null, expiresAt(), meta.ip, meta.userAgent));
            return { sessionId: created.id, token, tokenHash };
        },
        asUser(userId, work) {
            return within ? asRuntimeUser(within, userId, work) : inTenant(prisma, { kind: 'user', userId }, work);
        },
        async verifyPassword(userId, password) {
            const [row] = await inAuth((tx) => tx.$queryRawUnsafe(`SELECT auth_password_hash($1::uuid) AS hash`, userId));
            return verifyPassword(row?.hash ?? null, password);
        },
        async setPassword(userId, password, keepSessionId) {
            const hash = await hashPassword(password);
            await inAuth((tx) => tx.$executeRawUnsafe(`SELECT auth_set_password($1::uuid, $2, $3::uuid)`, userId, hash, keepSessionId));
        },
    };
}
// Inside an open transaction: become opora_auth for the step, then the role it had.
// Inside an open request transaction: the runtime role with only this user set, then back.
async function asRuntimeUser(tx, userId, work) {
    const [before] = await tx.$queryRawUnsafe(`SELECT current_user::text AS role, current_setting('app.center_id', true) AS center, current_setting('app.user_id', true) AS user`);
    await applyScope(tx, { kind: 'user', userId });
    try {
        return await work(tx);
    }
    finally {
        await applySettings(tx, { role: before.role, centerId: before.center ?? '', userId: before.user ?? '' });
    }
}
async function asAuthRole(tx, work) {
    const [before] = await tx.$queryRawUnsafe(`SELECT current_user::text AS role, current_setting('app.center_id', true) AS center, current_setting('app.user_id', true) AS user`);
    const tenant = { centerId: before.center ?? '', userId: before.user ?? '' };
    await applySettings(tx, { role: AUTH_ROLE, ...tenant });
    try {
        return await work(tx);
    }
    finally {
        await applySettings(tx, { role: before.role, ...tenant });
    }
}
// Raw timestamps come back as Dates read as local time by the driver on some paths: the
// column holds UTC, and both drivers here give a Date of that UTC instant.
function utc(value) {
    if (!value)
        return null;
    return value instanceof Date ? value : new Date(`${value}Z`);
}
//# sourceMappingURL=sign-in.js.map