import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, useWebRig } from './browser.ts';

// #17: after pressing sign-in, and on opening the app signed in, the worker's dashboard is one
// GraphQL request away: its query carries the viewer's fields and the session reads the viewer
// from that answer (no Viewer query of its own, chained or beside it). The service worker's
// precache of the whole shell starts only once that first screen has shown. Counts, not times.

/** GraphQL operation names the page sends, in order. */
function operations(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (r) => {
    if (!r.url().endsWith('/graphql')) return;
    const name = /"operationName":"(\w+)"/.exec(r.postData() ?? '')?.[1];
    if (name) sent.push(name);
  });
  return sent;
}

describe.skipIf(!CHROMIUM)('web app in Chromium: the first screen after sign-in', () => {
  const rig = useWebRig();

  it("signs a worker in to the dashboard with one request after the sign-in, and reopens it with one request", async () => {
    const { page, context } = await openApp(rig, { phone: true });
    await page.goto('/sign-in');
    await page.getByLabel(/^Имейл/).fill(DEMO.plovdivWorker);
    await page.getByLabel(/^Парола/).fill('opora-demo');
    // Nobody is signed in: the service worker is not yet installed (it would compete with the sign-in).
    expect(await page.evaluate('navigator.serviceWorker.getRegistrations().then((r) => r.length)')).toBe(0);
    const sent = operations(page);
    await page.getByRole('button', { name: 'Влез' }).click();
    await page.getByTestId('todays-sessions').waitFor();
    const untilShown = [...sent];
    expect(untilShown.slice(0, 2)).toEqual(['SignIn', 'Dashboard']);
    expect(untilShown).not.toContain('Viewer');
    expect(untilShown.filter((n) => n === 'Dashboard')).toHaveLength(1);
    // Once the dashboard has shown, the app installs its service worker and it takes control.
    await expect.poll(() => page.evaluate('Boolean(navigator.serviceWorker.controller)'), { timeout: 60_000 }).toBe(true);
    await page.waitForLoadState('networkidle');
    // Still one Dashboard request: the screen read the prefetched answer.
    expect(sent.filter((n) => n === 'Dashboard')).toHaveLength(1);
    await page.close();

    // Reopened: a new tab on the installed app, still signed in.
    const again = await context.newPage();
    const reopened = operations(again);
    await again.goto('/');
    await again.getByTestId('todays-sessions').waitFor();
    expect(await again.evaluate('Boolean(navigator.serviceWorker.controller)')).toBe(true);
    expect(reopened[0]).toBe('Dashboard');
    expect([...reopened]).not.toContain('Viewer');
    await again.waitForLoadState('networkidle');
    expect(reopened.filter((n) => n === 'Dashboard')).toHaveLength(1);
    await context.close();
  }, 400_000);
});
