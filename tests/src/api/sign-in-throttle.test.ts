import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, DEMO_PASSWORD, errorCodes, TestApi } from '../support/api.ts';

// Kept apart from sign-in.test.ts: these tests lock the test client's address on purpose.
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(async () => {
  await api?.stop();
});

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

describe('sign-in throttling and token lifetime', () => {
  test('an expired token gives UNAUTHENTICATED', async () => {
    const token = await api.login(DEMO.plovdivWorker);
    expect(errorCodes(await api.gql(`{ clients(first: 1) { totalCount } }`, {}, token))).toEqual([]);
    await api.db.prisma.authSession.updateMany({
      where: { user: { email: DEMO.plovdivWorker }, revokedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(errorCodes(await api.gql(`{ clients(first: 1) { totalCount } }`, {}, token))).toEqual(['UNAUTHENTICATED']);
  });

  test('repeated failures are slowed, then refused even with the right password', async () => {
    const timings: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = Date.now();
      const result = await api.gql(LOGIN, { email: DEMO.kazanlakMobile, password: `wrong-${i}` });
      timings.push(Date.now() - started);
      expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    }
    // Later failures wait longer than the first ones.
    expect(Math.max(...timings.slice(-3))).toBeGreaterThan(Math.max(...timings.slice(0, 2)) + 200);
    const refused = await api.gql(LOGIN, { email: DEMO.kazanlakMobile, password: DEMO_PASSWORD });
    expect(errorCodes(refused)).toEqual(['TOO_MANY_REQUESTS']);
    expect(refused.data).toBeNull();
    // The failures were recorded although each request rolled back.
    const rows = await api.db.prisma.loginThrottle.findMany({ where: { key: `account:${DEMO.kazanlakMobile}` } });
    expect(rows[0]!.failures).toBeGreaterThanOrEqual(10);
    expect(rows[0]!.blockedUntil!.getTime()).toBeGreaterThan(Date.now());
  }, 60_000);
});
