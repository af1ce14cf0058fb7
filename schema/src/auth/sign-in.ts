import { setTimeout as sleep } from 'node:timers/promises';
import type { PrismaClient } from '@opora/prisma/client';
import { AUTH_ROLE, applyScope, applySettings, inAuthTransaction, inTenant, type TenantTx } from '@opora/prisma/tenant';
import { hashPassword, needsRehash, verifyPassword } from './passwords.ts';
import { hashToken, newToken, sessionTtlMs } from './tokens.ts';
import {
  ADDRESS_BLOCK_AFTER,
  BLOCK_MS,
  blockPairUnderAttack,
  failureDelayMs,
  PAIR_BLOCK_AFTER,
  signInDecision,
  WINDOW_MS,
} from './throttle.ts';

// Everything slow about identities happens here, outside the request's transaction: each step
// that needs the database is a short transaction of its own as opora_auth (the only role that
// may call the sign-in definer functions), and the argon2 work and the slowdown run between
// them, holding no connection. On PGlite (one connection) a flood of wrong passwords used to
// hold the only connection for the hash and the delay of every attempt.

export type SignInAttempt = { email: string; password: string; ip: string | null; userAgent: string | null };

export type SignInOutcome =
  | { kind: 'signedIn'; userId: string; sessionId: string; token: string; tokenHash: string; expiresAt: Date }
  /** Wrong email or password (the answer was held `delayMs`). */
  | { kind: 'failed'; delayMs: number }
  /** This address may not try this account (or any account) before `retryAfterSeconds`. */
  | { kind: 'limited'; retryAfterSeconds: number };

export type NewSession = { sessionId: string; token: string; tokenHash: string };

/** The narrow door to credentials and sessions; `ctx.auth` in a resolver. */
export interface AuthGateway {
  /**
   * Checks a password with throttling and, when it is right, creates a session. `secondStep`
   * (the second factor) runs between the two: when it throws, no session is made, and when it
   * called its `wrongCode` first, the attempt counts as a failed sign-in.
   */
  signIn(attempt: SignInAttempt, secondStep?: (userId: string, wrongCode: () => void) => Promise<void>): Promise<SignInOutcome>;
  /** Work as the signed-in runtime role for `userId` alone (no center): a person's own rows. */
  asUser<T>(userId: string, work: (tx: TenantTx) => Promise<T>): Promise<T>;
  /** A session for a user whose identity was proved another way (a one-time code, TOTP). */
  createSession(userId: string, meta: { ip: string | null; userAgent: string | null; membershipId?: string | null }): Promise<NewSession>;
  /** Hashes `password` (outside any transaction) and stores it; every other session of the user ends. */
  setPassword(userId: string, password: string, keepSessionId: string | null): Promise<void>;
  /** Whether `password` is the user's current one (a signed-in person confirming it). */
  verifyPassword(userId: string, password: string): Promise<boolean>;
}

type LookupRow = {
  user_id: string | null;
  password_hash: string | null;
  disabled: boolean | null;
  address_failures: number;
  account_failures: number;
  pair_failures: number;
  address_blocked_until: Date | null;
  pair_blocked_until: Date | null;
  pair_window_ends: Date | null;
};

export type AuthGatewayOptions = {
  /** How a failed answer waits (tests record the delay instead of sleeping). */
  delay?: (ms: number) => Promise<void>;
  /**
   * The request's transaction when it is already open (a request with a session): the steps
   * then run inside it as opora_auth for one statement each, because on PGlite (one
   * connection) a second transaction would wait for this one to end.
   */
  within?: TenantTx;
};

export function createAuthGateway(prisma: PrismaClient, options: AuthGatewayOptions = {}): AuthGateway {
  const delay = options.delay ?? ((ms: number) => (ms > 0 ? sleep(ms) : Promise.resolve()));
  const within = options.within;
  const inAuth = <T>(work: (tx: TenantTx) => Promise<T>): Promise<T> => (within ? asAuthRole(within, work) : inAuthTransaction(prisma, work));
  const expiresAt = () => new Date(Date.now() + sessionTtlMs()).toISOString();

  return {
    async signIn({ email, password, ip, userAgent }, secondStep) {
      const [row] = await inAuth((tx) =>
        tx.$queryRawUnsafe<LookupRow[]>(
          `SELECT user_id::text, password_hash, disabled, address_failures, account_failures, pair_failures,
                  address_blocked_until, pair_blocked_until, pair_window_ends
             FROM auth_sign_in_lookup($1, $2, $3::int)`,
          email,
          ip,
          WINDOW_MS,
        ),
      );
      const decision = signInDecision({
        addressFailures: row?.address_failures ?? 0,
        accountFailures: row?.account_failures ?? 0,
        pairFailures: row?.pair_failures ?? 0,
        addressBlockedUntil: utc(row?.address_blocked_until),
        pairBlockedUntil: utc(row?.pair_blocked_until),
        pairWindowEndsAt: utc(row?.pair_window_ends),
      });
      if (!decision.allowed) return { kind: 'limited', retryAfterSeconds: decision.retryAfterSeconds };

      // argon2 outside any transaction; an unknown or disabled account costs the same time.
      const usable = row?.user_id && !row.disabled ? row.password_hash : null;
      const ok = await verifyPassword(usable, password);
      const failed = async (): Promise<SignInOutcome> => {
        const after = await inAuth(async (tx) => {
          const [counts] = await tx.$queryRawUnsafe<{ address_failures: number; account_failures: number; pair_failures: number }[]>(
            `SELECT address_failures, account_failures, pair_failures FROM auth_sign_in_failed($1, $2, $3::int, $4::int, $5::int, $6::int)`,
            email,
            ip,
            WINDOW_MS,
            ADDRESS_BLOCK_AFTER,
            PAIR_BLOCK_AFTER,
            BLOCK_MS,
          );
          const next = {
            addressFailures: counts?.address_failures ?? 0,
            accountFailures: counts?.account_failures ?? 0,
            pairFailures: counts?.pair_failures ?? 0,
          };
          if (blockPairUnderAttack(next)) await tx.$executeRawUnsafe(`SELECT auth_sign_in_block_pair($1, $2, $3::int)`, email, ip, BLOCK_MS);
          return next;
        });
        const delayMs = failureDelayMs(after);
        await delay(delayMs);
        return { kind: 'failed', delayMs };
      };
      if (!ok || !row?.user_id) return failed();
      if (secondStep) {
        let wrong = false;
        try {
          await secondStep(row.user_id, () => {
            wrong = true;
          });
        } catch (error) {
          // A wrong second factor is a failed sign-in for the throttle (and waits like one).
          if (wrong) await failed();
          throw error;
        }
      }

      // A hash of older costs is made anew now that the password is known (once per person);
      // only if it is still the hash just checked, so a password changed meanwhile stays.
      if (usable && needsRehash(usable)) {
        const fresh = await hashPassword(password);
        await inAuth((tx) => tx.$executeRawUnsafe(`SELECT auth_rehash_password($1::uuid, $2, $3)`, row.user_id, usable, fresh));
      }

      const expires = expiresAt();
      const token = newToken();
      const tokenHash = hashToken(token);
      const [created] = await inAuth((tx) =>
        tx.$queryRawUnsafe<{ id: string }[]>(
          `SELECT auth_sign_in_succeeded($1::uuid, $2, $3, $4, ($5::timestamptz AT TIME ZONE 'UTC')::timestamp(3), $6)::text AS id`,
          row.user_id,
          email,
          ip,
          tokenHash,
          expires,
          userAgent,
        ),
      );
      return { kind: 'signedIn', userId: row.user_id, sessionId: created!.id, token, tokenHash, expiresAt: new Date(expires) };
    },

    async createSession(userId, meta) {
      const token = newToken();
      const tokenHash = hashToken(token);
      const [created] = await inAuth((tx) =>
        tx.$queryRawUnsafe<{ id: string }[]>(
          `SELECT auth_create_session($1::uuid, $2, $3::uuid, ($4::timestamptz AT TIME ZONE 'UTC')::timestamp(3), $5, $6)::text AS id`,
          userId,
          tokenHash,
          meta.membershipId ?? null,
          expiresAt(),
          meta.ip,
          meta.userAgent,
        ),
      );
      return { sessionId: created!.id, token, tokenHash };
    },

    asUser(userId, work) {
      return within ? asRuntimeUser(within, userId, work) : inTenant(prisma, { kind: 'user', userId }, work);
    },

    async verifyPassword(userId, password) {
      const [row] = await inAuth((tx) => tx.$queryRawUnsafe<{ hash: string | null }[]>(`SELECT auth_password_hash($1::uuid) AS hash`, userId));
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
async function asRuntimeUser<T>(tx: TenantTx, userId: string, work: (tx: TenantTx) => Promise<T>): Promise<T> {
  const [before] = await tx.$queryRawUnsafe<{ role: string; center: string | null; user: string | null }[]>(
    `SELECT current_user::text AS role, current_setting('app.center_id', true) AS center, current_setting('app.user_id', true) AS user`,
  );
  await applyScope(tx, { kind: 'user', userId });
  try {
    return await work(tx);
  } finally {
    await applySettings(tx, { role: before!.role, centerId: before!.center ?? '', userId: before!.user ?? '' });
  }
}

async function asAuthRole<T>(tx: TenantTx, work: (tx: TenantTx) => Promise<T>): Promise<T> {
  const [before] = await tx.$queryRawUnsafe<{ role: string; center: string | null; user: string | null }[]>(
    `SELECT current_user::text AS role, current_setting('app.center_id', true) AS center, current_setting('app.user_id', true) AS user`,
  );
  const tenant = { centerId: before!.center ?? '', userId: before!.user ?? '' };
  await applySettings(tx, { role: AUTH_ROLE, ...tenant });
  try {
    return await work(tx);
  } finally {
    await applySettings(tx, { role: before!.role, ...tenant });
  }
}

// Raw timestamps come back as Dates read as local time by the driver on some paths: the
// column holds UTC, and both drivers here give a Date of that UTC instant.
function utc(value: Date | string | null | undefined): Date | null {
  if (!value) return null;
  return value instanceof Date ? value : new Date(`${value}Z`);
}
