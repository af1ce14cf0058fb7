import { describe, expect, it } from 'vitest';
import { addDays, isoDay, today } from '@opora/common/calendar';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// Issue #17, item 2 on screen: the bell counts the person's unread notifications, the list leads
// to the case, and clearing one lowers the count.

describe.skipIf(!CHROMIUM)('web app in Chromium: notifications', () => {
  let caseNumber = '';
  let caseId = '';
  let otherNumber = '';
  const rig = useWebRig(async ({ api }) => {
    // The manager opens a case with the worker as its lead: the worker is told (same transaction).
    const manager = await api.login(DEMO.plovdivManager);
    const { center, targetGroups } = await api.ok(`{ center { staff(first: 100) { edges { node { id user { email } } } } } targetGroups { id } }`, {}, manager);
    const lead = center.staff.edges.find((e: any) => e.node.user.email === DEMO.plovdivWorker).node.id;
    const day = isoDay(addDays(today(), -1));
    const open = async (firstName: string, doc: string) =>
      (
        await api.ok(
          `mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id number } } }`,
          {
            input: {
              newChild: { kind: 'CHILD', firstName, lastName: 'Известиева', birthDate: '2017-06-01', sex: 'FEMALE' },
              referral: { route: 'REFERRAL', legalReferrer: 'CHILD_PROTECTION_DEPARTMENT', date: day, documentNumber: doc, documentDate: day },
              targetGroupIds: [targetGroups[0].id],
              leadWorkerId: lead,
            },
          },
          manager,
        )
      ).openCase.case as { id: string; number: string };
    const first = await open('Звънка', 'ОЗД-ЗВ-1');
    const second = await open('Камбана', 'ОЗД-ЗВ-2');
    caseNumber = first.number;
    caseId = first.id;
    otherNumber = second.number;
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
    await page.getByRole('heading', { level: 1, name: /Звънка Известиева/ }).waitFor();
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
