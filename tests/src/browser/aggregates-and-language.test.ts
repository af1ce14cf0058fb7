import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, screenshot, signIn, useWebRig } from './browser.ts';

const CYRILLIC = /[\u0400-\u04FF]/;

describe.skipIf(!CHROMIUM)('web app in Chromium: network, municipality, languages', () => {
  // As `npm start` does, the server prepares the network's and the municipalities' figures
  // before anyone reads them (a screen that finds them still being prepared waits and asks
  // again: tests/src/aggregates/municipal-decisions.test.ts covers that answer).
  const rig = useWebRig((r) => r.api.prepareAggregates());

  it('the network analyst compares the two centers, suppressed cells marked and explained', async () => {
    const { page, context, problems } = await openApp(rig);
    await signIn(page, DEMO.networkAnalyst);
    await page.waitForURL(/\/network/);
    await page.getByRole('heading', { level: 1, name: 'Сравнение на центровете' }).waitFor();
    const sessions = page.getByTestId('indicator-SESSIONS');
    await sessions.waitFor();
    // Both centers side by side in the figures table, and a chart drawn.
    const figures = page.getByTestId('figures-SESSIONS');
    await expect.poll(() => figures.textContent()).toContain('ЦОП Казанлък');
    expect(await figures.textContent()).toContain('За деца и родители');
    expect(await sessions.locator('svg.recharts-surface').count()).toBeGreaterThan(0);
    await page.getByTestId('suppression-note').waitFor();
    expect(await page.getByTestId('suppression-note').textContent()).toMatch(/не е нула/);
    await screenshot(page, '20-network-comparison');

    // A breakdown: the suppressed cells are marked, never shown as 0.
    // Indicators known only per center have no other breakdown: keep the ones that do.
    for (const name of ['Медиана на дните до първа сесия', 'Случаи на щатна бройка']) {
      const box = page.getByRole('checkbox', { name, exact: true });
      await box.click(); // the choice lives in the URL, so the box turns off a moment later
      await expect.poll(() => box.isChecked()).toBe(false);
    }
    await expect.poll(() => page.getByLabel('Разбивка').locator('option').count()).toBeGreaterThan(1);
    await page.getByLabel('Разбивка').selectOption('SEX');
    await expect.poll(() => page.getByTestId('figures-SESSIONS').locator('thead th').count()).toBeGreaterThan(2);
    await screenshot(page, '21-network-breakdown');
    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);

  it('the Kazanlak municipal viewer sees the dashboard and downloads the CSV draft', async () => {
    const { page, context, problems } = await openApp(rig);
    await signIn(page, DEMO.kazanlakViewer);
    await page.waitForURL(/\/municipality/);
    await page.getByRole('heading', { level: 1, name: /Казанлък/ }).waitFor();
    await page.getByRole('heading', { name: 'Проведени сесии' }).first().waitFor();
    await screenshot(page, '22-municipality');
    await page.getByRole('tab', { name: 'Центрове на територията' }).click();
    await page.getByRole('heading', { name: 'Проведени сесии' }).first().waitFor();
    await screenshot(page, '23-municipality-territory');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-analysis').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines[0]).toContain('показател');
    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);

  it('the language switch changes the whole screen, and the choice is remembered', async () => {
    const { page, context, problems } = await openApp(rig);
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Вход в Опора' }).waitFor();
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Sign in to Opora' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    // Nothing on the sign-in screen is left in Bulgarian except the switch back ("Български").
    const signInText = (await page.locator('body').innerText()).replace('Български', '').replace('БГ', '');
    expect(signInText).not.toMatch(CYRILLIC);
    await screenshot(page, '30-sign-in-en');

    await signIn(page, DEMO.kazanlakManager);
    await page.getByRole('heading', { level: 1, name: /Good day/ }).waitFor();
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
    await page.locator('.list').waitFor();
    // The chrome of the screen (headings, navigation, labels, buttons, the center's name) is English;
    // only people's names stay as they are written.
    const chrome = await page.locator('h1, h2, nav, label, button, .lead, .topbar-place, .list .muted').allInnerTexts();
    const leftovers = chrome.map((s) => s.replace('Български', '').replace('БГ', '')).filter((s) => CYRILLIC.test(s));
    expect(leftovers.filter((s) => !/^\d/.test(s))).toEqual([]);
    await screenshot(page, '31-clients-en');

    // Remembered across a reload; switching back turns it all to Bulgarian.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 1, name: 'Потребители' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('bg');
    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);
});
