import type { TenantTx } from '@opora/prisma/tenant';

// Sign-in throttling, per account and per address, kept in the database so every server
// process shares it. After SLOW_AFTER failures in the window each attempt is slowed; after
// BLOCK_AFTER the key is refused until the block ends, even with the right password.
export const WINDOW_MS = 15 * 60_000;
export const SLOW_AFTER = 3;
export const BLOCK_AFTER = Number(process.env.OPORA_LOGIN_BLOCK_AFTER ?? 10);
export const BLOCK_MS = 15 * 60_000;

export function throttleKeys(email: string, ip: string | null): string[] {
  return [`account:${email}`, ...(ip ? [`address:${ip}`] : [])];
}

export async function throttleState(db: TenantTx, keys: string[]): Promise<{ blocked: boolean; failures: number }> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys } } });
  const now = Date.now();
  let failures = 0;
  let blocked = false;
  for (const row of rows) {
    if (row.blockedUntil && row.blockedUntil.getTime() > now) blocked = true;
    if (now - row.firstFailureAt.getTime() < WINDOW_MS) failures = Math.max(failures, row.failures);
  }
  return { blocked, failures };
}

/** Runs in its own transaction after the (rolled back) sign-in request. */
export async function recordFailure(db: TenantTx, keys: string[]): Promise<void> {
  const now = new Date();
  for (const key of keys) {
    const row = await db.loginThrottle.findUnique({ where: { key } });
    const fresh = !row || now.getTime() - row.firstFailureAt.getTime() >= WINDOW_MS;
    const failures = fresh ? 1 : row.failures + 1;
    const blockedUntil = failures >= BLOCK_AFTER ? new Date(now.getTime() + BLOCK_MS) : (row?.blockedUntil ?? null);
    await db.loginThrottle.upsert({
      where: { key },
      create: { key, failures, firstFailureAt: now, blockedUntil },
      update: { failures, blockedUntil, ...(fresh ? { firstFailureAt: now } : {}) },
    });
  }
}

export async function clearFailures(db: TenantTx, accountKey: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: accountKey } });
}

/** The slowdown before answering a failed attempt: 0, then doubling up to 2 s. */
export function slowdownMs(failures: number): number {
  if (failures < SLOW_AFTER) return 0;
  return Math.min(2000, 250 * 2 ** (failures - SLOW_AFTER));
}
