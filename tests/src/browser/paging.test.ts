import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { bg } from '../../../web/src/i18n/bg.ts';
import { CHROMIUM, openApp, screenshot, signIn, startWebRig, type WebRig } from './browser.ts';

// Paged lists page by cursor (`after` = the last page's `endCursor`) to their real end. The
// server caps `first` at 100: a list that grew `first` instead stopped growing at 100 rows and
// kept offering „Покажи още" (the issue's „Зареди още") for nothing.

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000, interval: 200 });

const ROWS = 250;
const PAGE = 25;

describe.skipIf(!CHROMIUM)('web app in Chromium: paged lists', () => {
  let rig: WebRig;
  beforeAll(async () => {
    rig = await startWebRig();
    // 250 households of Plovdiv's center, in this test's own copy of the database.
    const inserted = await rig.api.db.prisma.$executeRawUnsafe(
      `INSERT INTO "Household" ("centerId", name)
       SELECT c.id, 'Семейство Страницови ' || lpad(g::text, 3, '0')
       FROM generate_series(1, ${ROWS}) g, "Center" c WHERE c.code = 'PLV'`,
    );
    expect(inserted).toBe(ROWS);
  }, 300_000);
  afterAll(async () => {
    await rig?.close();
  }, 400_000);

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
});
