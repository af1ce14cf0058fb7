import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, holdGraphQL, openApp, poll, shownTexts, signIn, useWebRig, watchShown } from './browser.ts';
import { FIELD_COPY_KEPT } from './device-store.ts';

// #17: the installed app opens on the field page (its start page). Reopened there, the page shows
// the device's sealed copy at once, as the person the device keeps it for, while the server is
// asked who is signed in; the server's answer then decides. Every GraphQL request of the reopened
// page is held back (Playwright routing), so "before the server answers" is a fact of the test.

const WATCH_FIELD = watchShown('field-cases');
const fieldShown = (page: Page) => shownTexts(page, 'field-cases');


/** Signs the Kazanlak mobile worker in, opens the field page and waits until the device keeps its copy. */
async function keepFieldCopy(rig: ReturnType<typeof useWebRig>) {
  const opened = await openApp(rig, { phone: true });
  await opened.context.addInitScript(WATCH_FIELD);
  await signIn(opened.page, DEMO.kazanlakMobile);
  await opened.page.goto('/field');
  const first = opened.page.getByTestId('field-cases').getByTestId('field-case').first();
  await first.waitFor();
  const caseNumber = (await first.locator('strong').first().textContent())!.trim();
  await poll(() => opened.page.evaluate(FIELD_COPY_KEPT)).toBe(true);
  await opened.page.close();
  return { ...opened, caseNumber };
}

describe.skipIf(!CHROMIUM)('web app in Chromium: the field page reopened from the device', () => {
  const rig = useWebRig();

  it("reopened on the field page, shows the device's copy before the server answers, stays once it has; after sign-out, nothing of it", async () => {
    const { context, caseNumber, problems } = await keepFieldCopy(rig);
    expect(caseNumber).toMatch(/^KZL-/);

    const again = await context.newPage();
    const hold = await holdGraphQL(again, () => true);
    await again.goto('/field');
    await hold.held;
    // Nothing has been answered, yet the copy is on screen, marked with its time.
    await again.getByTestId('field-saved-at').waitFor();
    await again.getByTestId('field-cases').getByText(caseNumber).waitFor();
    expect(hold.sent).toContain('Viewer');

    // The server's answer: the same person, so the page stays and the copy with it.
    hold.release();
    await again.waitForLoadState('networkidle');
    expect(new URL(again.url()).pathname).toBe('/field');
    await again.getByTestId('field-cases').getByText(caseNumber).waitFor();

    // Signed out: the device is wiped, and the field page opened again shows nothing of the copy.
    await again.locator('details.account summary').click();
    await again.getByTestId('sign-out').click();
    await again.waitForURL((url) => url.pathname === '/sign-in');
    await poll(() => again.evaluate(FIELD_COPY_KEPT)).toBe(false);
    const afterSignOut = await context.newPage();
    await afterSignOut.goto('/field');
    await afterSignOut.waitForURL((url) => url.pathname === '/sign-in');
    await afterSignOut.getByRole('button', { name: 'Влез' }).waitFor();
    expect(await fieldShown(afterSignOut)).toEqual([]);
    expect(problems.filter((x) => !/Failed to load resource/.test(x))).toEqual([]);
    await context.close();
  }, 600_000);

  it('a session ended on the server: the reopened field page ends at sign-in, the copy off the screen', async () => {
    const p = rig.api.db.prisma;
    const { context, caseNumber } = await keepFieldCopy(rig);
    await p.authSession.updateMany({ where: { user: { email: DEMO.kazanlakMobile }, revokedAt: null }, data: { revokedAt: new Date() } });

    const again = await context.newPage();
    const hold = await holdGraphQL(again, () => true);
    await again.goto('/field');
    await hold.held;
    await again.getByTestId('field-cases').getByText(caseNumber).waitFor();

    hold.release();
    await again.waitForURL((url) => url.pathname === '/sign-in');
    await again.getByRole('button', { name: 'Влез' }).waitFor();
    expect(await again.getByTestId('field-cases').count()).toBe(0);
    expect(await again.getByText(caseNumber).count()).toBe(0);
    await context.close();
  }, 600_000);
});
