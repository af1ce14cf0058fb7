import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, holdGraphQL, openApp, poll, shownTexts, signIn, useWebRig, watchShown, type WebRig } from './browser.ts';
import { DASHBOARD_KEPT } from './device-store.ts';

// #17: a staff member reopening the installed app sees the last dashboard from the device's sealed
// copy at once, marked „Последно обновено …", while the server's answer is on its way; the answer
// replaces it. The Dashboard request is held back (Playwright routing) so that "before the answer"
// is a fact of the test, not a race. After sign-out, after another person signs in, and once the
// server says the session has ended, nothing of the copy is on screen.


const WATCH_COPY = watchShown('dashboard-copy');
const copyShown = (page: Page) => shownTexts(page, 'dashboard-copy');

/** Holds the page's first Dashboard request until `release()`; every other request goes on. */
function holdDashboard(page: Page) {
  let first = true;
  return holdGraphQL(page, (name) => {
    if (name !== 'Dashboard' || !first) return false;
    first = false;
    return true;
  });
}

/** The worker's first case on the dashboard: its id (from the row's link) and the person's name. */
async function firstCaseRow(page: Page): Promise<{ caseId: string; name: string }> {
  const row = page.locator('section[aria-labelledby="caseload-h"] a.list-row').first();
  const href = (await row.getAttribute('href'))!;
  const globalId = decodeURIComponent(href.split('/').pop()!);
  const caseId = Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
  return { caseId, name: (await row.locator('strong').textContent())!.trim() };
}

/** Signs in and waits until the dashboard has shown and the device has kept its copy. */
async function signInAndKeep(rig: WebRig, email: string): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
  const opened = await openApp(rig, { phone: true });
  await opened.context.addInitScript(WATCH_COPY);
  await signIn(opened.page, email);
  await opened.page.getByTestId('todays-sessions').waitFor();
  await poll(() => opened.page.evaluate(DASHBOARD_KEPT)).toBe(true);
  return opened;
}

describe.skipIf(!CHROMIUM)('web app in Chromium: the dashboard kept on the device for reopening', () => {
  const rig = useWebRig();

  it("reopened, shows the device's copy before the server answers, then the server's; after sign-out and for the next person, nothing of it", async () => {
    const p = rig.api.db.prisma;
    const { page, context, problems } = await signInAndKeep(rig, DEMO.plovdivWorker);
    const worker = await firstCaseRow(page);
    await page.close();

    // Meanwhile, on the server: the person of the worker's first case is renamed.
    const kase = await p.case.findUniqueOrThrow({ where: { id: worker.caseId }, include: { person: true } });
    const renamed = `Преименувана-${kase.number.replace(/\W/g, '')}`;
    await p.client.update({ where: { id: kase.personId }, data: { lastName: renamed } });

    // Reopened, the Dashboard request held back: the copy is on screen, marked with its time.
    const again = await context.newPage();
    const hold = await holdDashboard(again);
    await again.goto('/');
    await hold.held;
    const marker = again.getByTestId('dashboard-copy');
    await marker.waitFor();
    expect(await marker.textContent()).toMatch(/^Последно обновено .+/);
    const caseload = again.locator('section[aria-labelledby="caseload-h"]');
    await caseload.getByText(worker.name).waitFor();
    expect(await caseload.getByText(renamed).count()).toBe(0);
    expect(await again.getByTestId('todays-sessions').count()).toBe(1);
    expect(hold.sent[0]).toBe('Dashboard');

    // The server's answer replaces it: the marker goes, the new name comes; one Dashboard request.
    hold.release();
    await caseload.getByText(renamed, { exact: false }).waitFor();
    expect(await marker.count()).toBe(0);
    await again.waitForLoadState('networkidle');
    expect(hold.sent.filter((n) => n === 'Dashboard')).toHaveLength(1);
    expect(hold.sent).not.toContain('Viewer');

    // Signed out: another tab on the app shows nothing of the copy (and the device holds nothing).
    await again.locator('details.account summary').click();
    await again.getByTestId('sign-out').click();
    await again.waitForURL((url) => url.pathname === '/sign-in');
    await poll(() => again.evaluate(DASHBOARD_KEPT)).toBe(false);
    const afterSignOut = await context.newPage();
    await afterSignOut.goto('/');
    await afterSignOut.waitForURL((url) => url.pathname === '/sign-in');
    await afterSignOut.getByRole('button', { name: 'Влез' }).waitFor();
    expect(await copyShown(afterSignOut)).toEqual([]);
    await afterSignOut.close();

    // Another person signs in on the same device (the same tab): while their answer is held, and
    // after it, nothing of the first person's copy; reopened, their own copy, never the first one's.
    await again.evaluate(`window.__shown['dashboard-copy'].length = 0`);
    const next = await holdDashboard(again);
    await again.getByLabel(/^Имейл/).fill(DEMO.kazanlakPsychologist);
    await again.getByLabel(/^Парола/).fill('opora-demo');
    await again.getByRole('button', { name: 'Влез' }).click();
    await next.held;
    expect(await copyShown(again)).toEqual([]);
    next.release();
    await again.waitForURL((url) => url.pathname === '/');
    await again.getByTestId('todays-sessions').waitFor();
    await poll(() => again.evaluate(DASHBOARD_KEPT)).toBe(true);
    expect(await copyShown(again)).toEqual([]);
    const nextTab = await context.newPage();
    const nextHold = await holdDashboard(nextTab);
    await nextTab.goto('/');
    await nextHold.held;
    await nextTab.getByTestId('dashboard-copy').waitFor();
    const shown = await copyShown(nextTab);
    expect(shown.length).toBeGreaterThan(0);
    for (const text of shown) {
      expect(text).not.toContain(worker.name);
      expect(text).not.toContain(renamed);
    }
    nextHold.release();
    await nextTab.getByTestId('dashboard-copy').waitFor({ state: 'detached' });
    expect(problems.filter((x) => !/Failed to load resource/.test(x))).toEqual([]);
    await context.close();
  }, 600_000);

  it('a session ended on the server while the copy exists: reopening ends at sign-in, the copy gone from the screen and the device', async () => {
    const p = rig.api.db.prisma;
    const { page, context } = await signInAndKeep(rig, DEMO.kazanlakMobile);
    const worker = await firstCaseRow(page);
    await page.close();
    await p.authSession.updateMany({ where: { user: { email: DEMO.kazanlakMobile }, revokedAt: null }, data: { revokedAt: new Date() } });

    const again = await context.newPage();
    const hold = await holdDashboard(again);
    await again.goto('/');
    await hold.held;
    await again.getByTestId('dashboard-copy').waitFor();
    await again.getByText(worker.name).first().waitFor();

    hold.release();
    await again.waitForURL((url) => url.pathname === '/sign-in');
    await again.getByRole('button', { name: 'Влез' }).waitFor();
    expect(await again.getByTestId('dashboard-copy').count()).toBe(0);
    expect(await again.getByText(worker.name).count()).toBe(0);
    // Not shown again on the next reopening: the device no longer holds it.
    await poll(() => again.evaluate(DASHBOARD_KEPT)).toBe(false);
    await context.close();
  }, 600_000);

  it('keeps nothing restricted: the manager sees a restricted person on the dashboard, the copy holds neither them nor their case', async () => {
    const p = rig.api.db.prisma;
    const kazanlak = await p.center.findUniqueOrThrow({ where: { slug: 'kazanlak' } });
    const manager = await p.membership.findFirstOrThrow({ where: { user: { email: DEMO.kazanlakManager }, centerId: kazanlak.id } });
    const kase = await p.case.findFirstOrThrow({
      where: { centerId: kazanlak.id, status: { in: ['REFERRED', 'ASSESSMENT', 'SUPPORT_PLAN', 'ACTIVE'] }, person: { restrictedAt: null } },
      include: { person: true },
      orderBy: { number: 'desc' },
    });
    await p.caseTeamMember.createMany({ data: [{ centerId: kazanlak.id, caseId: kase.id, membershipId: manager.id }], skipDuplicates: true });
    await p.client.update({ where: { id: kase.personId }, data: { restrictedAt: new Date(), restrictionReason: 'Лицето оспори точността на данните (чл. 18 ОРЗД).' } });

    const { page, context } = await signInAndKeep(rig, DEMO.kazanlakManager);
    // The manager reads the restricted person's case on the live dashboard…
    await page.locator('section[aria-labelledby="caseload-h"]').getByText(kase.number).waitFor();
    await page.close();

    // …the copy shown on reopening holds neither the case nor the person.
    const again = await context.newPage();
    const hold = await holdDashboard(again);
    await again.goto('/');
    await hold.held;
    await again.getByTestId('dashboard-copy').waitFor();
    await again.locator('section[aria-labelledby="caseload-h"]').waitFor();
    const shown = await copyShown(again);
    expect(shown.length).toBeGreaterThan(0);
    for (const text of shown) {
      expect(text).not.toContain(kase.number);
      expect(text).not.toContain(kase.person.lastName);
    }
    hold.release();
    await again.locator('section[aria-labelledby="caseload-h"]').getByText(kase.number).waitFor();
    expect(await again.getByTestId('dashboard-copy').count()).toBe(0);
    await context.close();
  }, 600_000);
});
