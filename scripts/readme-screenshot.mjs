#!/usr/bin/env node
// The picture on the README's first screen: a social worker's dashboard and a case page of the
// demo, in Bulgarian, side by side, taken from a running demo with Debian's Chromium.
//
//   npm start                                   # the demo, in another terminal
//   node scripts/readme-screenshot.mjs [--url http://localhost:4000] [--out docs/img/opora-screens.png]
//
// playwright-core is the tests' (no browser download: `apt-get install chromium`).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(path.join(root, 'tests', 'package.json'))('playwright-core');
const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
};
const url = arg('url', 'http://localhost:4000');
const out = path.resolve(root, arg('out', 'docs/img/opora-screens.png'));
const executablePath = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 860 }, locale: 'bg-BG', timezoneId: 'Europe/Sofia' });
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();

  await page.goto('/sign-in');
  await page.getByLabel(/^Имейл/).fill('worker@plovdiv.opora.test');
  await page.getByLabel(/^Парола/).fill('opora-demo');
  await page.getByRole('button', { name: /^Влез$/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  // The dashboard, once its lists are in.
  await page.locator('a.list-row').first().waitFor();
  await page.waitForLoadState('networkidle');
  const dashboard = await page.screenshot();

  // An active case of this worker's, its page loaded.
  await page.goto('/cases?mine=1&status=ACTIVE');
  await page.locator('a.list-row').first().click();
  await page.waitForURL(/\/cases\/[^/?]+$/);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  const casePage = await page.screenshot();

  // Side by side at half size, drawn at twice the density: every pixel of both screens is kept.
  const img = (png) => `data:image/png;base64,${png.toString('base64')}`;
  const sheet = await (await browser.newContext({ viewport: { width: 1316, height: 460 }, deviceScaleFactor: 2 })).newPage();
  await sheet.setContent(`<!doctype html><html lang="bg"><body style="margin:0;padding:12px;background:#e9edf2;display:flex;gap:12px">
    <img src="${img(dashboard)}" style="width:640px;border-radius:6px;box-shadow:0 1px 4px #0003">
    <img src="${img(casePage)}" style="width:640px;border-radius:6px;box-shadow:0 1px 4px #0003">
  </body></html>`);
  await sheet.evaluate(() => Promise.all([...document.images].map((i) => i.decode())));
  mkdirSync(path.dirname(out), { recursive: true });
  await sheet.screenshot({ path: out, fullPage: true });
  console.log(`written: ${path.relative(root, out)}`);
} finally {
  await browser.close();
}
