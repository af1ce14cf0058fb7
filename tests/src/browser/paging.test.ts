import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { bg } from '../../../web/src/i18n/bg.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// Paged lists page by cursor (`after` = the last page's `endCursor`) to their real end. The
// server caps `first` at 100: a list that grew `first` instead stopped growing at 100 rows and
// kept offering „Покажи още" (the issue's „Зареди още") for nothing.


const ROWS = 250;
const PAGE = 25;
const EXTRA_STAFF = 130;

describe.skipIf(!CHROMIUM)('web app in Chromium: paged lists', () => {
  const rig = useWebRig(async (rig) => {
    // 250 households of Plovdiv's center, in this test's own copy of the database.
    const inserted = await rig.api.db.prisma.$executeRawUnsafe(
      `INSERT INTO "Household" ("centerId", name)
       SELECT c.id, 'Семейство Страницови ' || lpad(g::text, 3, '0')
       FROM generate_series(1, ${ROWS}) g, "Center" c WHERE c.code = 'PLV'`,
    );
    expect(inserted).toBe(ROWS);
    // And 130 more staff members of Plovdiv (11 in the demo): past the server's cap of 100.
    await rig.api.db.prisma.$executeRawUnsafe(
      `INSERT INTO "User" (email, "passwordHash", "displayName")
       SELECT 'stranitsov.' || g || '@plovdiv.opora.test', 'x', 'Служител Страницов ' || lpad(g::text, 3, '0') FROM generate_series(1, ${EXTRA_STAFF}) g`,
    );
    const members = await rig.api.db.prisma.$executeRawUnsafe(
      `INSERT INTO "Membership" ("userId", role, "centerId", "startedOn")
       SELECT u.id, 'SPECIALIST', c.id, DATE '2025-01-06' FROM "User" u, "Center" c
       WHERE u.email LIKE 'stranitsov.%' AND c.code = 'PLV'`,
    );
    expect(members).toBe(EXTRA_STAFF);
  });

  it('a list of 250 households pages to its end, and „Покажи още" goes away there', async () => {
    const { page, context, problems } = await openApp(rig);
    await signIn(page, DEMO.plovdivManager);
    await page.goto(`/households?q=${encodeURIComponent('Страницови')}`);
    await page.getByRole('heading', { level: 1, name: 'Домакинства' }).waitFor();
    const rows = page.getByTestId('households-list').locator('li');
    const more = page.getByRole('button', { name: bg.common.loadMore });
    await poll(() => rows.count()).toBe(PAGE);
    await poll(() => page.getByText(`${ROWS} домакинства`).count()).toBe(1);

    for (let shown = PAGE; shown < ROWS; shown += PAGE) {
      await more.click();
      await poll(() => rows.count()).toBe(Math.min(shown + PAGE, ROWS));
    }
    // Every household once, in the server's order (by name), the last one included.
    const names = await rows.locator('strong').allTextContents();
    expect(names).toHaveLength(ROWS);
    expect(new Set(names).size).toBe(ROWS);
    expect(names[0]).toBe('Семейство Страницови 001');
    expect(names[ROWS - 1]).toBe('Семейство Страницови 250');
    await poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
    expect(await more.count()).toBe(0);
    await screenshot(page, 'paging-end');

    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);

  it('the staff list (141 people) pages to its end through the same hook', async () => {
    const { page, context, problems } = await openApp(rig);
    await signIn(page, DEMO.plovdivManager);
    await page.goto('/settings?tab=staff');
    const rows = page.getByTestId('staff-table').locator('tbody tr');
    const more = page.getByRole('button', { name: bg.common.loadMore });
    const total = 11 + EXTRA_STAFF;
    await poll(() => rows.count()).toBe(PAGE);
    for (let shown = PAGE; shown < total; shown += PAGE) {
      await more.click();
      await poll(() => rows.count()).toBe(Math.min(shown + PAGE, total));
    }
    const names = await rows.locator('strong').allTextContents();
    expect(new Set(names).size).toBe(total);
    expect(names.filter((n) => n.startsWith('Служител Страницов'))).toHaveLength(EXTRA_STAFF);
    await poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
    expect(await more.count()).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);
});
