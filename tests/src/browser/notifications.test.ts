import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// Issue #17, item 2 on screen: the bell counts the person's unread notifications, the list leads
// to the case, and clearing one lowers the count.

describe.skipIf(!CHROMIUM)('web app in Chromium: notifications', () => {
  let caseNumber = '';
  let caseId = '';
  let otherNumber = '';
  const rig = useWebRig(async ({ api }) => {
    // The rig serves only the web app's own operations: two of the worker's notifications are
    // written as the owner (the API's own path, a case assigned, is tests/src/api/reminders.test.ts).
    const p = api.db.prisma;
    const user = await p.user.findUniqueOrThrow({ where: { email: DEMO.plovdivWorker }, select: { id: true } });
    const center = await p.center.findFirstOrThrow({ where: { memberships: { some: { userId: user.id } } }, select: { id: true } });
    const cases = await p.case.findMany({ where: { centerId: center.id, status: { not: 'CLOSED' } }, select: { id: true, number: true }, orderBy: { number: 'asc' }, take: 2 });
    for (const c of cases) {
      await p.notification.create({ data: { centerId: center.id, userId: user.id, kind: 'CASE_ASSIGNED', subjectId: c.id, occasion: 'v1', caseId: c.id, caseNumber: c.number } });
    }
    caseNumber = cases[0]!.number;
    caseId = Buffer.from(`Case:${cases[0]!.id}`).toString('base64url');
    otherNumber = cases[1]!.number;
  });

  it('the bell shows the count, the list leads to the case, clearing lowers the count', async () => {
    const { page, context, problems } = await openApp(rig);
    await page.goto('/');
    await page.waitForURL(/\/sign-in/);
    await signIn(page, DEMO.plovdivWorker);
    const bell = page.getByTestId('notification-bell');
    await poll(() => page.getByTestId('notification-count').textContent()).toBe('2');
    expect(await bell.getAttribute('aria-label')).toBe('Известия: 2 непрочетени');
    await screenshot(page, 'notifications-01-bell');

    await bell.click();
    await page.getByRole('heading', { level: 1, name: 'Известия' }).waitFor();
    const row = page.getByTestId('notification').filter({ hasText: caseNumber });
    await poll(() => row.textContent()).toContain('Възложен ви е случай');
    await screenshot(page, 'notifications-02-list');

    // It leads to the case (and is read on the way).
    await row.getByTestId('notification-link').click();
    await page.waitForURL((url) => url.pathname === `/cases/${encodeURIComponent(caseId)}` || url.pathname === `/cases/${caseId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await poll(() => page.getByTestId('notification-count').textContent()).toBe('1');

    // Back on the list: clearing the other (unread) one lowers the count and removes it.
    await bell.click();
    const other = page.getByTestId('notification').filter({ hasText: otherNumber });
    await poll(() => other.count()).toBe(1);
    await other.getByTestId('clear-notification').click();
    await poll(() => other.count()).toBe(0);
    await poll(() => page.getByTestId('notification-count').count()).toBe(0);
    await poll(() => row.count()).toBe(1);
    await row.getByTestId('clear-notification').click();
    await page.getByText('Нямате известия.').waitFor();
    await screenshot(page, 'notifications-03-cleared');
    expect(problems).toEqual([]);
    await context.close();
  }, 300_000);
});
