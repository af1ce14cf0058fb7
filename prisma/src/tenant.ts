import type { MembershipRole, PrismaClient, Prisma } from './client.ts';
import { AGGREGATE_ROLE, AGGREGATE_ROLES, AUTH_ROLE, RUNTIME_ROLE } from './roles.ts';
import { bindRoundTrips, roundTrips, type RoundTrips } from './round-trips.ts';

export { AGGREGATE_ROLE, AUTH_ROLE, RUNTIME_ROLE } from './roles.ts';
export { deferToCommit, sqlLiteral } from './round-trips.ts';

/** The Prisma client inside one tenant transaction. */
export type TenantTx = Prisma.TransactionClient;

/**
 * Who a unit of work runs for. The database sees it as settings local to the
 * transaction, so row-level security is the last wall even if the API errs.
 * - `center`: staff inside their active center.
 * - `user`: a signed-in user with no center (reads own memberships only).
 * - `aggregate`: network and municipal viewers; a role with no center-owned tables.
 * - `anonymous`: before sign-in (sessions, sign-in throttling).
 */
export type TenantScope =
  | { kind: 'center'; centerId: string; userId: string }
  | { kind: 'user'; userId: string }
  | { kind: 'aggregate'; userId: string }
  | { kind: 'anonymous' };

/** The scope of someone signed in (or not): their user, and their active membership's role and center. */
export function scopeOf(who: { userId: string | null; centerId: string | null; role: MembershipRole | null }): TenantScope {
  if (!who.userId) return { kind: 'anonymous' };
  if (who.role && AGGREGATE_ROLES.has(who.role)) return { kind: 'aggregate', userId: who.userId };
  return who.centerId ? { kind: 'center', centerId: who.centerId, userId: who.userId } : { kind: 'user', userId: who.userId };
}

/** What a transaction runs as: the database role (null: leave it), the tenant, and a deadline. */
export type TransactionSettings = { role: string | null; centerId: string; userId: string; statementTimeoutMs?: number | undefined };

/**
 * The one place that writes role, tenant and deadline into a transaction, as settings local to
 * it (`set_config(…, true)`, the equivalent of SET LOCAL), in one statement: it counts once per
 * request, not per query. Every path goes through here or `applyScope`, except the signed-in
 * request's first statement (inSignedInTenant), which computes the same settings in SQL from
 * the session it signs in.
 */
export async function applySettings(tx: TenantTx, settings: TransactionSettings): Promise<void> {
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
export async function applyScope(tx: TenantTx, scope: TenantScope, options: { unsafeSkipRole?: boolean; statementTimeoutMs?: number } = {}): Promise<void> {
  const settings = tenantSettings(scope);
  await applySettings(tx, { ...settings, role: options.unsafeSkipRole ? null : settings.role, statementTimeoutMs: options.statementTimeoutMs });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TenantContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantContextError';
  }
}

export type TenantTransactionOptions = {
  isolationLevel?: Prisma.TransactionIsolationLevel;
  maxWait?: number;
  timeout?: number;
  /** Benchmark-only: run as the connecting role with RLS untouched (see bench/). */
  unsafeSkipRole?: boolean;
  /** PostgreSQL cancels any statement of this transaction that runs longer (statement_timeout, local). */
  statementTimeoutMs?: number;
};

/**
 * Runs `work` in one transaction as the runtime role with the tenant set by
 * `set_config(…, true)` (the equivalent of SET LOCAL): nothing leaks to the next
 * user of a pooled connection, and a missing scope fails closed.
 */
export async function inTenant<T>(
  prisma: PrismaClient,
  scope: TenantScope,
  work: (tx: TenantTx) => Promise<T>,
  options: TenantTransactionOptions = {},
): Promise<T> {
  tenantSettings(scope); // fail closed before a transaction begins
  const { unsafeSkipRole, statementTimeoutMs, ...txOptions } = options;
  return prisma.$transaction(async (tx) => {
    await applyScope(tx, scope, { unsafeSkipRole: !!unsafeSkipRole, ...(statementTimeoutMs ? { statementTimeoutMs } : {}) });
    return work(tx);
  }, txOptions);
}

/** A session as `auth_viewer()` returns it; `ok` when it may act (not revoked, expired or disabled). */
export type SignedInRow = {
  ok: boolean;
  session_id: string;
  user_id: string;
  email: string;
  display_name: string;
  membership_id: string | null;
  role: string | null;
  center_id: string | null;
  network_id: string | null;
  municipality_id: string | null;
};

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
export async function inSignedInTenant<T>(
  prisma: PrismaClient,
  tokenHash: string,
  work: (tx: TenantTx, session: SignedInRow | null) => Promise<T>,
  options: TenantTransactionOptions = {},
): Promise<T> {
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
  // On PostgreSQL that statement rides on BEGIN's round trip (round-trips.ts); it stays a
  // statement of its own before the sign-in either way. The sign-in itself does not ride there:
  // BEGIN's message counts as starting the transaction, whose wait Prisma bounds by maxWait
  // (meant for the wait for a connection), and a slow sign-in would end as "busy" instead of at
  // its deadline. The transaction's audit rows ride on COMMIT's round trip (deferToCommit). Not
  // with an isolation level: SET TRANSACTION must come before any query.
  const trips: RoundTrips | null = first.length && !txOptions.isolationLevel ? { prelude: `SELECT ${first.join(', ')}`, sent: false } : null;
  const run = () => prisma.$transaction(async (tx) => {
    if (trips?.sent) bindRoundTrips(tx, trips);
    else if (first.length) await tx.$queryRawUnsafe(`SELECT ${first.join(', ')}`);
    // Prisma stores DateTime as UTC in timestamp columns: compare with the UTC clock.
    const [row] = await tx.$queryRawUnsafe<SignedInRow[]>(
      `SELECT a.ok, a.session_id::text, a.user_id::text, a.email, a.display_name, a.membership_id::text, a.role,
              a.center_id::text, a.network_id::text, a.municipality_id::text,
              set_config('app.center_id', CASE WHEN a.ok THEN coalesce(a.center_id::text, '') ELSE '' END, true),
              set_config('app.user_id', CASE WHEN a.ok THEN a.user_id::text ELSE '' END, true)${role}
         FROM (SELECT v.*, coalesce(v.revoked_at IS NULL AND v.disabled_at IS NULL
                            AND v.expires_at > (clock_timestamp() AT TIME ZONE 'UTC'), false) AS ok
                 FROM (SELECT 1) AS one LEFT JOIN auth_viewer($1) AS v ON true) AS a`,
      tokenHash,
      ...(unsafeSkipRole ? [] : [[...AGGREGATE_ROLES]]),
    );
    return work(tx, row?.ok ? row : null);
  }, txOptions);
  return trips ? roundTrips.run(trips, run) : run();
}

/**
 * A short transaction of sign-in's own (reading one account's credentials, recording an
 * outcome, creating a session) as AUTH_ROLE, the only role that may execute those definer
 * functions. Nothing slow runs inside: the password is checked and any delay waited out
 * between such transactions, never while one is open.
 */
export async function inAuthTransaction<T>(prisma: PrismaClient, work: (tx: TenantTx) => Promise<T>, statementTimeoutMs = 5_000): Promise<T> {
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
export async function inLazyTenant<T>(
  prisma: PrismaClient,
  scope: TenantScope,
  work: (tx: TenantTx) => Promise<T>,
  options: TenantTransactionOptions = {},
): Promise<T> {
  tenantSettings(scope); // fail closed before anything else
  type Ending = { ok: true } | { ok: false; error: unknown };
  let end!: (ending: Ending) => void;
  const ended = new Promise<Ending>((resolve) => (end = resolve));
  let begun: Promise<TenantTx> | null = null;
  let settled: Promise<{ ok: true } | { ok: false; error: unknown }> | null = null;
  const begin = () =>
    (begun ??= new Promise<TenantTx>((resolve, reject) => {
      settled = inTenant(
        prisma,
        scope,
        async (tx) => {
          resolve(tx);
          const ending = await ended;
          if (!ending.ok) throw ending.error;
        },
        options,
      ).then(
        () => ({ ok: true as const }),
        (error: unknown) => {
          reject(error); // the transaction never began (no connection in time), or ended badly
          return { ok: false as const, error };
        },
      );
    }));
  let result: T;
  try {
    result = await work(lazyClient(begin));
  } catch (error) {
    if (begun) {
      end({ ok: false, error });
      await settled;
    }
    throw error;
  }
  if (begun) {
    end({ ok: true });
    const outcome = await settled!;
    if (!outcome.ok) throw outcome.error;
  }
  return result;
}

// Any path of property reads ending in a call (tx.user.findMany(…), tx.$queryRawUnsafe(…))
// becomes the same call on the real client once the transaction has begun.
function lazyClient(begin: () => Promise<TenantTx>): TenantTx {
  const make = (path: PropertyKey[]): unknown =>
    new Proxy(function lazy() {}, {
      get(_target, property) {
        if (typeof property === 'symbol' || property === 'then') return undefined;
        return make([...path, property]);
      },
      apply(_target, _this, args: unknown[]) {
        return begin().then((tx) => {
          let owner: any = tx;
          for (const key of path.slice(0, -1)) owner = owner[key as string];
          return owner[path[path.length - 1] as string](...args);
        });
      },
    });
  return make([]) as TenantTx;
}

/** statement_timeout in whole milliseconds, or null for none. */
function deadlineMs(statementTimeoutMs: number | undefined): number | null {
  return statementTimeoutMs && statementTimeoutMs > 0 ? Math.floor(statementTimeoutMs) : null;
}

function tenantSettings(scope: TenantScope | undefined): { role: string; centerId: string; userId: string } {
  if (!scope) throw new TenantContextError('tenant context not set');
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

function assertUuid(value: string, name: string): void {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new TenantContextError(`tenant context not set: ${name} is not a valid id`);
  }
}

/**
 * A network or municipal viewer's figures, read on the replica when one is configured
 * (DATABASE_REPLICA_URL): a transaction of their own there, as the aggregate role, begun only
 * if the request reads figures, in one snapshot (repeatable read) so an answer never mixes two
 * replays. Sign-in, audit and everything else stay in the request's own transaction on the
 * primary. Anyone else, or no replica: `work(null)`, and the figures are read on the primary.
 */
export function inAggregateReads<T>(
  replica: PrismaClient | null,
  scope: TenantScope,
  work: (reader: TenantTx | null) => Promise<T>,
  options: TenantTransactionOptions = {},
): Promise<T> {
  if (!replica || scope.kind !== 'aggregate') return work(null);
  return inLazyTenant(replica, scope, work, { ...options, isolationLevel: 'RepeatableRead' });
}
