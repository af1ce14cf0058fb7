import { AGGREGATE_ROLE, AGGREGATE_ROLES, AUTH_ROLE, RUNTIME_ROLE } from "./roles.js";
export { AGGREGATE_ROLE, AUTH_ROLE, RUNTIME_ROLE } from "./roles.js";
/** The scope of someone signed in (or not): their user, and their active membership's role and center. */
export function scopeOf(who) {
    if (!who.userId)
        return { kind: 'anonymous' };
    if (who.role && AGGREGATE_ROLES.has(who.role))
        return { kind: 'aggregate', userId: who.userId };
    return who.centerId ? { kind: 'center', centerId: who.centerId, userId: who.userId } : { kind: 'user', userId: who.userId };
}
/**
 * The one place that writes role, tenant and deadline into a transaction, as settings local to
 * it (`set_config(…, true)`, the equivalent of SET LOCAL), in one statement: it counts once per
 * request, not per query. Every path goes through here or `applyScope`, except the signed-in
 * request's first statement (inSignedInTenant), which computes the same settings in SQL from
 * the session it signs in.
 */
export async function applySettings(tx, settings) {
    const timeout = deadlineMs(settings.statementTimeoutMs);
    const parts = [
        `set_config('app.center_id', $1, true)`,
        `set_config('app.user_id', $2, true)`,
        ...(settings.role !== null ? [`set_config('role', $3, true)`] : []),
        ...(timeout ? [`set_config('statement_timeout', '${timeout}', true)`] : []),
    ];
    await tx.$queryRawUnsafe(`SELECT ${parts.join(', ')}`, settings.centerId, settings.userId, ...(settings.role !== null ? [settings.role] : []));
}
/** Applies a scope (fails closed on a missing or malformed one); `unsafeSkipRole` leaves the role as it is. */
export async function applyScope(tx, scope, options = {}) {
    const settings = tenantSettings(scope);
    await applySettings(tx, { ...settings, role: options.unsafeSkipRole ? null : settings.role, statementTimeoutMs: options.statementTimeoutMs });
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export class TenantContextError extends Error {
    constructor(message) {
        super(message);
        this.name = 'TenantContextError';
    }
}
/**
 * Runs `work` in one transaction as the runtime role with the tenant set by
 * `set_config(…, true)` (the equivalent of SET LOCAL): nothing leaks to the next
 * user of a pooled connection, and a missing scope fails closed.
 */
export async function inTenant(prisma, scope, work, options = {}) {
    tenantSettings(scope); // fail closed before a transaction begins
    const { unsafeSkipRole, statementTimeoutMs, ...txOptions } = options;
    return prisma.$transaction(async (tx) => {
        await applyScope(tx, scope, { unsafeSkipRole: !!unsafeSkipRole, ...(statementTimeoutMs ? { statementTimeoutMs } : {}) });
        return work(tx);
    }, txOptions);
}
/**
 * `inTenant` for a request that carries a session token: the first statement of the
 * transaction signs it in (auth_viewer(), which runs as its owner) and sets role and tenant
 * from what it found, so a request pays one round trip for both. An unknown, revoked or expired
 * token, or a disabled user, leaves the anonymous settings and hands `work` null.
 * Memberships in AGGREGATE_ROLES (roles.ts) run as AGGREGATE_ROLE.
 * A deadline goes first, in a statement of its own: PostgreSQL arms statement_timeout when a
 * statement starts, so set in the sign-in statement it would not bound that statement (a
 * locked session table would hold the request and its connection without end).
 */
export async function inSignedInTenant(prisma, tokenHash, work, options = {}) {
    const { unsafeSkipRole, statementTimeoutMs, ...txOptions } = options;
    const timeout = deadlineMs(statementTimeoutMs);
    const role = unsafeSkipRole
        ? ''
        : `, set_config('role', CASE WHEN a.ok AND a.role = ANY($2::text[]) THEN '${AGGREGATE_ROLE}' ELSE '${RUNTIME_ROLE}' END, true)`;
    // The first statement becomes the runtime role (and arms the deadline): auth_viewer() is
    // executed by that role, not by the login, which in production may do nothing itself.
    const first = [
        ...(unsafeSkipRole ? [] : [`set_config('role', '${RUNTIME_ROLE}', true)`]),
        ...(timeout ? [`set_config('statement_timeout', '${timeout}', true)`] : []),
    ];
    return prisma.$transaction(async (tx) => {
        if (first.length)
            await tx.$queryRawUnsafe(`SELECT ${first.join(', ')}`);
        // Prisma stores DateTime as UTC in timestamp columns: compare with the UTC clock.
        const [row] = await tx.$queryRawUnsafe(`SELECT a.ok, a.session_id::text, a.user_id::text, a.email, a.display_name, a.membership_id::text, a.role,
              a.center_id::text, a.network_id::text, a.municipality_id::text,
              set_config('app.center_id', CASE WHEN a.ok THEN coalesce(a.center_id::text, '') ELSE '' END, true),
              set_config('app.user_id', CASE WHEN a.ok THEN a.user_id::text ELSE '' END, true)${role}
         FROM (SELECT v.*, coalesce(v.revoked_at IS NULL AND v.disabled_at IS NULL
                            AND v.expires_at > (clock_timestamp() AT TIME ZONE 'UTC'), false) AS ok
                 FROM (SELECT 1) AS one LEFT JOIN auth_viewer($1) AS v ON true) AS a`, tokenHash, ...(unsafeSkipRole ? [] : [[...AGGREGATE_ROLES]]));
        return work(tx, row?.ok ? row : null);
    }, txOptions);
}
/**
 * A short transaction of sign-in's own (reading one account's credentials, recording an
 * outcome, creating a session) as AUTH_ROLE, the only role that may execute those definer
 * functions. Nothing slow runs inside: the password is checked and any delay waited out
 * between such transactions, never while one is open.
 */
export async function inAuthTransaction(prisma, work, statementTimeoutMs = 5_000) {
    return prisma.$transaction(async (tx) => {
        await applySettings(tx, { role: AUTH_ROLE, centerId: '', userId: '', statementTimeoutMs });
        return work(tx);
    });
}
/**
 * `inTenant`, but the transaction begins only when `work` first touches the database (and
 * not at all if it never does): a request without a session, sign-in above all, holds no
 * connection while it hashes a password or waits out a delay before its first statement.
 * `work` gets a stand-in for the transaction client whose calls wait for the transaction to
 * begin; the transaction commits when `work` returns and rolls back when it throws.
 */
export async function inLazyTenant(prisma, scope, work, options = {}) {
    tenantSettings(scope); // fail closed before anything else
    let end;
    const ended = new Promise((resolve) => (end = resolve));
    let begun = null;
    let settled = null;
    const begin = () => (begun ??= new Promise((resolve, reject) => {
        settled = inTenant(prisma, scope, async (tx) => {
            resolve(tx);
            const ending = await ended;
            if (!ending.ok)
                throw ending.error;
        }, options).then(() => ({ ok: true }), (error) => {
            reject(error); // the transaction never began (no connection in time), or ended badly
            return { ok: false, error };
        });
    }));
    let result;
    try {
        result = await work(lazyClient(begin));
    }
    catch (error) {
        if (begun) {
            end({ ok: false, error });
            await settled;
        }
        throw error;
    }
    if (begun) {
        end({ ok: true });
        const outcome = await settled;
        if (!outcome.ok)
            throw outcome.error;
    }
    return result;
}
// Any path of property reads ending in a call (tx.user.findMany(…), tx.$queryRawUnsafe(…))
// becomes the same call on the real client once the transaction has begun.
function lazyClient(begin) {
    const make = (path) => new Proxy(function lazy() { }, {
        get(_target, property) {
            if (typeof property === 'symbol' || property === 'then')
                return undefined;
            return make([...path, property]);
        },
        apply(_target, _this, args) {
            return begin().then((tx) => {
                let owner = tx;
                for (const key of path.slice(0, -1))
                    owner = owner[key];
                return owner[path[path.length - 1]](...args);
            });
        },
    });
    return make([]);
}
/** statement_timeout in whole milliseconds, or null for none. */
function deadlineMs(statementTimeoutMs) {
    return statementTimeoutMs && statementTimeoutMs > 0 ? Math.floor(statementTimeoutMs) : null;
}
function tenantSettings(scope) {
    if (!scope)
        throw new TenantContextError('tenant context not set');
    switch (scope.kind) {
        case 'center':
            assertUuid(scope.centerId, 'centerId');
            assertUuid(scope.userId, 'userId');
            return { role: RUNTIME_ROLE, centerId: scope.centerId, userId: scope.userId };
        case 'user':
            assertUuid(scope.userId, 'userId');
            return { role: RUNTIME_ROLE, centerId: '', userId: scope.userId };
        case 'aggregate':
            assertUuid(scope.userId, 'userId');
            return { role: AGGREGATE_ROLE, centerId: '', userId: scope.userId };
        case 'anonymous':
            return { role: RUNTIME_ROLE, centerId: '', userId: '' };
        default:
            throw new TenantContextError('tenant context not set');
    }
}
function assertUuid(value, name) {
    if (typeof value !== 'string' || !UUID.test(value)) {
        throw new TenantContextError(`tenant context not set: ${name} is not a valid id`);
    }
}
//# sourceMappingURL=tenant.js.map