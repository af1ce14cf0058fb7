import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ACCOUNT_ATTACK_AFTER,
  ADDRESS_BLOCK_AFTER,
  failureDelayMs,
  MAX_DELAY_MS,
  PAIR_BLOCK_AFTER,
  PAIR_BLOCK_UNDER_ATTACK,
  signInDecision,
} from '@opora/schema';
import { DEMO, DEMO_PASSWORD, errorCodes, TestApi } from '../support/api.ts';

// Sign-in throttling that an attacker cannot turn against the account's owner. The server
// sits behind a "trusted proxy" (the test client) so each attempt can come from an address of
// the test's choosing. Delays are recorded, not slept: the tests assert on the decision and
// the computed delay, never on the clock.
let api: TestApi;
const delays: number[] = [];
beforeAll(async () => {
  api = await TestApi.start({
    trustedProxies: ['127.0.0.1'],
    signInDelay: async (ms) => {
      delays.push(ms);
    },
  });
});
afterAll(async () => {
  await api?.stop();
});

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token viewer { email } } }`;
const from = (address: string) => ({ 'x-forwarded-for': address });
const attempt = (email: string, password: string, address: string) => api.gql(LOGIN, { email, password }, null, from(address));

describe('sign-in throttling', () => {
  test('an expired token gives UNAUTHENTICATED', async () => {
    const token = await api.login(DEMO.plovdivWorker);
    expect(errorCodes(await api.gql(`{ clients(first: 1) { totalCount } }`, {}, token))).toEqual([]);
    await api.db.prisma.authSession.updateMany({
      where: { user: { email: DEMO.plovdivWorker }, revokedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(errorCodes(await api.gql(`{ clients(first: 1) { totalCount } }`, {}, token))).toEqual(['UNAUTHENTICATED']);
  });

  test('after a distributed attack the owner signs in from a fresh address at once', async () => {
    const victim = DEMO.kazanlakPsychologist;
    // 4 addresses, 3 wrong passwords each: 12 failures, the account is under attack (the old
    // design blocked the account for everyone after 10).
    for (let a = 1; a <= 4; a++) {
      for (let i = 0; i < 3; i++) expect(errorCodes(await attempt(victim, `wrong-${a}-${i}`, `198.51.100.${a}`))).toEqual(['UNAUTHENTICATED']);
    }
    const [account] = await api.db.prisma.loginThrottle.findMany({ where: { key: `account:${victim}` } });
    expect(account!.failures).toBe(12);
    // Each attacking address is now refused for this account, even with the right password…
    const attacker = await attempt(victim, DEMO_PASSWORD, '198.51.100.1');
    expect(errorCodes(attacker)).toEqual(['TOO_MANY_REQUESTS']);
    expect(attacker.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    // …but the owner, from an address that has not failed, gets in with no delay.
    delays.length = 0;
    const owner = await attempt(victim, DEMO_PASSWORD, '203.0.113.50');
    expect(errorCodes(owner)).toEqual([]);
    expect(owner.data!.login.viewer.email).toBe(victim);
    expect(delays).toEqual([]);
    // The owner mistyping once from home is slowed at most by the bounded account signal, not refused.
    const typo = await attempt(victim, 'typo', '203.0.113.51');
    expect(errorCodes(typo)).toEqual(['UNAUTHENTICATED']);
    expect(delays.at(-1)).toBeLessThanOrEqual(MAX_DELAY_MS);
    expect(errorCodes(await attempt(victim, DEMO_PASSWORD, '203.0.113.51'))).toEqual([]);
  }, 120_000);

  test('an attacker at one address is slowed, then limited for that account, with a bounded delay', async () => {
    const target = DEMO.kazanlakMobile;
    delays.length = 0;
    for (let i = 0; i < PAIR_BLOCK_AFTER; i++) {
      expect(errorCodes(await attempt(target, `wrong-${i}`, '192.0.2.7'))).toEqual(['UNAUTHENTICATED']);
    }
    // The first failures answer at once, later ones wait longer, never beyond the bound.
    expect(delays).toHaveLength(PAIR_BLOCK_AFTER);
    expect(delays.slice(0, 2)).toEqual([0, 0]);
    expect(delays.at(-1)!).toBeGreaterThan(delays[3]!);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_DELAY_MS);
    // Now even the right password from this address is refused, and costs no password check.
    delays.length = 0;
    const limited = await attempt(target, DEMO_PASSWORD, '192.0.2.7');
    expect(errorCodes(limited)).toEqual(['TOO_MANY_REQUESTS']);
    expect(limited.data).toBeNull();
    expect(delays).toEqual([]);
    // The failures were recorded although every request answered with an error.
    const pair = await api.db.prisma.loginThrottle.findUnique({ where: { key: `pair:${target}|192.0.2.7` } });
    expect(pair!.failures).toBe(PAIR_BLOCK_AFTER);
    expect(pair!.blockedUntil!.getTime()).toBeGreaterThan(Date.now());
    // The owner elsewhere is not affected.
    expect(errorCodes(await attempt(target, DEMO_PASSWORD, '192.0.2.8'))).toEqual([]);
  }, 120_000);

  test('one address spraying many accounts is limited as an address', async () => {
    const spray = '192.0.2.99';
    // Fill the address's window directly (the per-address count is what matters), then one more failure blocks it.
    await api.db.prisma.loginThrottle.create({
      data: { key: `address:${spray}`, failures: ADDRESS_BLOCK_AFTER - 1, firstFailureAt: new Date(Date.now() - 60_000) },
    });
    expect(errorCodes(await attempt('nobody-1@spray.test', 'x', spray))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await attempt('nobody-2@spray.test', 'x', spray))).toEqual(['TOO_MANY_REQUESTS']);
    expect(errorCodes(await attempt(DEMO.plovdivWorker, DEMO_PASSWORD, spray))).toEqual(['TOO_MANY_REQUESTS']);
    expect(errorCodes(await attempt(DEMO.plovdivWorker, DEMO_PASSWORD, '192.0.2.100'))).toEqual([]);
  }, 60_000);
});

describe('the throttle policy (pure)', () => {
  const none = { addressFailures: 0, accountFailures: 0, pairFailures: 0, addressBlockedUntil: null, pairBlockedUntil: null };

  test('a fresh address is never refused, whatever the account has suffered', () => {
    expect(signInDecision({ ...none, accountFailures: 1_000_000 })).toEqual({ allowed: true });
  });

  test('a blocked pair or address is refused with the time left', () => {
    const now = Date.now();
    expect(signInDecision({ ...none, pairBlockedUntil: new Date(now + 90_500) }, now)).toEqual({ allowed: false, retryAfterSeconds: 91, reason: 'pair' });
    expect(signInDecision({ ...none, addressBlockedUntil: new Date(now + 1_000) }, now)).toMatchObject({ allowed: false, reason: 'address' });
    expect(signInDecision({ ...none, pairBlockedUntil: new Date(now - 1) }, now)).toEqual({ allowed: true });
  });

  test('the delay of a failed answer is bounded for any counts', () => {
    expect(failureDelayMs({ addressFailures: 1, accountFailures: 1, pairFailures: 1 })).toBe(0);
    for (const n of [3, 10, 100, 10_000, 1e9]) {
      const d = failureDelayMs({ addressFailures: n, accountFailures: n, pairFailures: n });
      expect(d).toBeGreaterThan(0);
      expect(d).toBeLessThanOrEqual(MAX_DELAY_MS);
    }
    // The account's own signal alone adds at most a second.
    expect(failureDelayMs({ addressFailures: 0, accountFailures: 1e9, pairFailures: 0 })).toBeLessThanOrEqual(1_000);
    expect(ACCOUNT_ATTACK_AFTER).toBeGreaterThan(PAIR_BLOCK_UNDER_ATTACK);
  });
});
