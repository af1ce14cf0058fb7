import type { PrismaClient, Prisma } from './client.ts';

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

export const RUNTIME_ROLE = 'opora_app';
export const AGGREGATE_ROLE = 'opora_aggregate';

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
  const settings = tenantSettings(scope);
  const { unsafeSkipRole, statementTimeoutMs, ...txOptions } = options;
  // The deadline rides in the same statement: it counts once per request, not per query.
  const timeout = statementTimeoutMs && statementTimeoutMs > 0 ? Math.floor(statementTimeoutMs) : null;
  const deadline = timeout ? `, set_config('statement_timeout', '${timeout}', true)` : '';
  return prisma.$transaction(async (tx) => {
    // One statement sets role and tenant: it counts once per request, not per query.
    await tx.$queryRawUnsafe(
      unsafeSkipRole
        ? `SELECT set_config('app.center_id', $1, true), set_config('app.user_id', $2, true)${deadline}`
        : `SELECT set_config('role', $3, true), set_config('app.center_id', $1, true), set_config('app.user_id', $2, true)${deadline}`,
      settings.centerId,
      settings.userId,
      ...(unsafeSkipRole ? [] : [settings.role]),
    );
    return work(tx);
  }, txOptions);
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
