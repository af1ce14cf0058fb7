import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoAccountsOf } from '@opora/prisma/seed';
import { TestApi } from '../support/api.ts';

// The sign-in page and `npm start`'s running line name the demo accounts only in demo mode with
// the demo data loaded; every account they name must sign in with the password they give.

let demo: TestApi;
let real: TestApi;
beforeAll(async () => {
  demo = await TestApi.start({ demoAccounts: DEMO_ACCOUNTS });
  real = await TestApi.start({ demoAccounts: null });
}, 120_000);
afterAll(async () => {
  await demo?.stop();
  await real?.stop();
});

describe('demo accounts', () => {
  test('named only in demo mode, and only when they are in the database', async () => {
    expect(await demoAccountsOf(demo.db.prisma, true)).toEqual(DEMO_ACCOUNTS);
    expect(await demoAccountsOf(demo.db.prisma, false)).toBeNull();
    // The same database without its demo users (a deployment that never loaded the demo).
    await real.db.prisma.$executeRawUnsafe(`UPDATE "User" SET email = 'renamed-' || email WHERE email LIKE '%opora.test'`);
    expect(await demoAccountsOf(real.db.prisma, true)).toBeNull();
  });

  test('GET /demo-accounts lists them in demo mode and is not found otherwise', async () => {
    const listed = await fetch(`${demo.url}/demo-accounts`);
    expect(listed.status).toBe(200);
    const body = (await listed.json()) as { password: string; accounts: { email: string; titleBg: string; titleEn: string }[] };
    expect(body.password).toBe(DEMO_PASSWORD);
    expect(body.accounts.map((a) => a.email)).toContain('manager@kazanlak.opora.test');
    for (const a of body.accounts) expect(a.titleBg && a.titleEn).toBeTruthy();
    expect((await fetch(`${real.url}/demo-accounts`)).status).toBe(404);
  });

  test('every account listed signs in with the password listed', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const token = await demo.login(account.email, DEMO_PASSWORD);
      expect(token, account.email).toBeTruthy();
    }
  }, 120_000);
});
