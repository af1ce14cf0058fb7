// `pnpm bench --browser` (and the last section of a full run): the web app as a phone on a slow
// network sees it. The production server (`npm start`'s compiled server and built web app, on
// in-memory PGlite with the demo data) in its own process; Debian's Chromium through
// playwright-core, every page throttled over CDP (Network.emulateNetworkConditions: 150 ms
// latency, 1.6 Mbit/s down, 750 kbit/s up, as Chrome's "Fast 3G"), a phone viewport.
// Bytes of JavaScript are what crossed the wire: CDP's Network.loadingFinished encodedDataLength
// (compressed transfer size, headers included) of every script response.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { DASHBOARD_KEPT, FIELD_COPY_KEPT } from '../src/browser/device-store.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'opora-demo';
// A case worker: the dashboard the issue's goals name ("a signed-in worker's dashboard").
const WORKER = 'worker@plovdiv.opora.test';
export const THROTTLE = { offline: false, latency: 150, downloadThroughput: (1.6 * 1_000_000) / 8, uploadThroughput: (750 * 1_000) / 8 };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'bg-BG', timezoneId: 'Europe/Sofia' };

export type BrowserFigures = {
  signInUsableColdMs: number;
  dashboardAfterSignInColdMs: number;
  signInRequestMs: number;
  dashboardReopenedWarmMs: number;
  /** Reopened: until the server's answer is on screen (it replaces the device's copy when one was shown). */
  dashboardReopenedServerMs: number;
  /** Reopened on the field page, the installed app's start page: until its device copy is on screen. */
  fieldReopenedMs: number;
  signInUsableWarmMs: number;
  firstScreenJsBytes: number;
  staffJsBytes: number;
  staffColdOpenMs: number;
  graphqlRequestsAfterSignIn: number;
  runs: number;
};

type Log = (line: string) => void;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      /* not this one */
    }
  }
  throw new Error('the browser section needs Chromium (apt-get install -y chromium, or CHROMIUM_PATH)');
}

let building: Promise<void> | null = null;
/**
 * Builds what `npm start` runs (the web app when stale, the compiled server), once. The bench
 * starts it while its data loads (no figure is measured then), so a fresh clone does not wait
 * for the build after the measurements; the browser section awaits it.
 */
export function buildProduction(log: Log): Promise<void> {
  building ??= new Promise<void>((resolve, reject) => {
    const started = performance.now();
    log('building the production server and web app (as `npm start`, only when stale), in the background…');
    const child = spawn(process.execPath, ['scripts/bootstrap.mjs', '--web'], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout!.on('data', (d) => output.push(String(d)));
    child.stderr!.on('data', (d) => output.push(String(d)));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`build failed:\n${output.join('').slice(-3000)}`));
      log(`production build ready (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      resolve();
    });
  });
  return building;
}

/** Builds what `npm start` runs (unless already built) and starts it. */
async function startProductionServer(log: Log): Promise<{ url: string; child: ChildProcess }> {
  await buildProduction(log);
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    OPORA_DATA_DIR: 'memory://',
    OPORA_DEMO: '1',
    // Each run signs in a few times; a person may not, the benchmark must.
    OPORA_SIGN_IN_RATE_LIMIT: '1000',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['--conditions=opora-build', 'dist/main.js'], { cwd: path.join(ROOT, 'server'), env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  log('starting the production server on in-memory PGlite with the demo data…');
  for (let waited = 0; ; waited += 500) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output.join('').slice(-3000)}`);
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) break;
    if (waited > 600_000) throw new Error('the server did not become ready in 10 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, child };
}

type Wire = { jsBytes: () => number; graphqlRequests: () => number; requests: () => string[]; signInMs: () => number; reset: () => void };

/** Throttles the page and counts the script bytes and GraphQL requests it receives. */
async function throttle(context: BrowserContext, page: Page): Promise<{ cdp: CDPSession; wire: Wire }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  const scripts = new Set<string>();
  let js = 0;
  let graphql = 0;
  // Everything the page asked for, in order (GraphQL by operation name), with when it was sent
  // and when its last byte arrived (ms from the first request after reset), for the log.
  let requests: { id: string; name: string; sent: number; done: number; sw: boolean }[] = [];
  let base = NaN;
  // The sign-in request's own time, sent to answered (CDP timestamps, seconds).
  let signIn: { id: string; sent: number; done: number } | null = null;
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script' || /javascript/.test(e.response.mimeType)) scripts.add(e.requestId);
  });
  cdp.on('Network.requestWillBeSent', (e) => {
    const at = new URL(e.request.url);
    if (at.pathname === '/graphql') {
      graphql++;
      let name = '?';
      try {
        name = (JSON.parse(e.request.postData ?? '{}') as { operationName?: string }).operationName ?? '?';
      } catch {
        /* not JSON */
      }
      if (Number.isNaN(base)) base = e.timestamp;
      requests.push({ id: e.requestId, name: `graphql ${name}`, sent: e.timestamp, done: NaN, sw: false });
      if (name === 'SignIn') signIn = { id: e.requestId, sent: e.timestamp, done: NaN };
    } else {
      if (Number.isNaN(base)) base = e.timestamp;
      requests.push({ id: e.requestId, name: at.pathname, sent: e.timestamp, done: NaN, sw: false });
    }
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.find((x) => x.id === e.requestId);
    if (r && e.response.fromServiceWorker) r.sw = true;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.find((x) => x.id === e.requestId);
    if (r) r.done = e.timestamp;
    if (signIn?.id === e.requestId) signIn.done = e.timestamp;
    if (scripts.has(e.requestId)) js += e.encodedDataLength;
  });
  return { cdp, wire: { jsBytes: () => js, graphqlRequests: () => graphql, requests: () => requests.map((r) => `${r.name} ${Math.round((r.sent - base) * 1000)}–${Number.isNaN(r.done) ? '?' : Math.round((r.done - base) * 1000)}${r.sw ? ' (service worker)' : ''}`), signInMs: () => (signIn ? (signIn.done - signIn.sent) * 1000 : NaN), reset: () => { js = 0; graphql = 0; requests = []; base = NaN; signIn = null; } } };
}

const signInButton = (page: Page) => page.getByRole('button', { name: /^(Влез|Sign in)$/ });
const dashboard = (page: Page) => page.getByTestId('todays-sessions');
// The marker of the dashboard shown from the device's copy (web/src/offline/dashboard-copy.ts).
const dashboardCopy = (page: Page) => page.getByTestId('dashboard-copy');

// Each figure is read from the page's own clock (performance.now(), from the navigation's start):
// the first frame in which a screen is on show, and the press of sign-in. Playwright's waitFor polls
// at growing intervals (up to 500 ms apart), which would add its own wait to a figure; it still
// gates each step, the marks time it.
const PAGE_CLOCK = `(() => {
  const marks = (window.__marks = {});
  const on = (id) => document.querySelector('[data-testid="' + id + '"]');
  const screens = {
    signIn: () => {
      const button = document.querySelector('form button[type="submit"]');
      return document.querySelector('input[name="email"]') && document.querySelector('input[name="password"]') && button && !button.disabled;
    },
    dashboard: () => on('todays-sessions'),
    copy: () => on('dashboard-copy'),
    served: () => on('todays-sessions') && !on('dashboard-copy'),
    field: () => on('field-saved-at'),
  };
  const look = () => {
    for (const [name, shows] of Object.entries(screens)) {
      if (name in marks || !shows()) continue;
      marks[name] = null;
      requestAnimationFrame(() => (marks[name] = performance.now()));
    }
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('button[type="submit"]')) marks.press = performance.now();
  }, true);
})()`;

/** A mark of PAGE_CLOCK, in ms since the page's navigation started (waits until it is set). */
async function markOf(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction(`typeof (window.__marks || {})[${JSON.stringify(name)}] === 'number' && window.__marks[${JSON.stringify(name)}]`, undefined, { polling: 50 });
  return (await handle.jsonValue()) as number;
}

/** Until the sign-in form takes input: its fields and an enabled button on screen. */
async function signInUsable(page: Page): Promise<void> {
  await page.getByLabel(/^(Имейл|Email)/).waitFor({ state: 'visible' });
  await page.getByLabel(/^(Парола|Password)/).waitFor({ state: 'visible' });
  await signInButton(page).and(page.locator(':enabled')).waitFor({ state: 'visible' });
}

async function oneRun(browser: Browser, url: string, log: Log): Promise<Omit<BrowserFigures, 'runs'>> {
  // Cold: a fresh profile (empty HTTP cache, no cookies).
  const context = await browser.newContext({ ...PHONE, baseURL: url });
  context.setDefaultTimeout(120_000);
  await context.addInitScript(PAGE_CLOCK);
  const page = await context.newPage();
  const { wire } = await throttle(context, page);
  await page.goto('/sign-in', { waitUntil: 'commit' });
  await signInUsable(page);
  const signInUsableColdMs = await markOf(page, 'signIn');
  log(`browser: sign-in form, cold (usable at ${Math.round(signInUsableColdMs)} ms): ${wire.requests().join(' → ')}`);
  await page.waitForLoadState('networkidle');
  const firstScreenJsBytes = wire.jsBytes();
  await page.getByLabel(/^(Имейл|Email)/).fill(WORKER);
  await page.getByLabel(/^(Парола|Password)/).fill(PASSWORD);
  wire.reset();
  await signInButton(page).click();
  await dashboard(page).waitFor({ state: 'visible' });
  const dashboardAfterSignInColdMs = (await markOf(page, 'dashboard')) - (await markOf(page, 'press'));
  const graphqlRequestsAfterSignIn = wire.graphqlRequests();
  const signInRequestMs = wire.signInMs();
  log(`browser: after pressing sign-in: ${wire.requests().join(' → ')}`);
  await page.waitForLoadState('networkidle');
  // The app installed (#17's goal for reopening): its service worker has precached the shell and
  // is active. It is registered once the first screen has shown (web/src/main.tsx).
  // (A string: this package's TypeScript has no DOM types.)
  const installed = (await page.evaluate(
    `'serviceWorker' in navigator ? Promise.race([navigator.serviceWorker.ready.then((r) => Boolean(r.active)), new Promise((r) => setTimeout(() => r(false), 60000))]) : false`,
  )) as boolean;
  if (!installed) log('browser: the service worker did not become active: the reopened figure is the HTTP cache only');
  // A worker who has used the app has its dashboard kept on the device (sealed) for reopening.
  const kept = await page
    .waitForFunction(DASHBOARD_KEPT, undefined, { timeout: 60_000, polling: 250 })
    .then(() => true)
    .catch(() => false);
  if (!kept) log('browser: the dashboard was not kept on the device: the reopened figure is the server\'s answer only');
  const fieldKept = await page
    .waitForFunction(FIELD_COPY_KEPT, undefined, { timeout: 60_000, polling: 250 })
    .then(() => true)
    .catch(() => false);
  if (!fieldKept) log('browser: the field copy was not kept on the device: the field page reopened shows no copy');
  await page.close();

  // Reopened: the same profile (service worker, HTTP cache and session cookie kept), a new tab on the app.
  const again = await context.newPage();
  const reopened = await throttle(context, again);
  await again.goto('/', { waitUntil: 'commit' });
  await dashboard(again).waitFor({ state: 'visible' });
  const dashboardReopenedWarmMs = await markOf(again, 'dashboard');
  const fromCopy = (await again.evaluate('typeof window.__marks.copy === "number"')) as boolean;
  await dashboardCopy(again).waitFor({ state: 'detached' });
  await dashboard(again).waitFor({ state: 'visible' });
  const dashboardReopenedServerMs = await markOf(again, 'served');
  const controlled = (await again.evaluate('Boolean(navigator.serviceWorker && navigator.serviceWorker.controller)')) as boolean;
  log(`browser: reopened (${controlled ? 'service worker controlling' : 'no service worker'}; ${fromCopy ? `the device's copy at ${Math.round(dashboardReopenedWarmMs)} ms, ` : ''}the server's answer at ${Math.round(dashboardReopenedServerMs)} ms): ${reopened.wire.requests().join(' → ')}`);
  await again.close();
  // Reopened as the installed app opens (its start page, vite.config.ts): the field page, from the device's copy.
  const field = await context.newPage();
  const fieldWire = await throttle(context, field);
  await field.goto('/field', { waitUntil: 'commit' });
  await field.getByTestId('field-saved-at').waitFor({ state: 'visible' });
  const fieldReopenedMs = await markOf(field, 'field');
  await field.waitForLoadState('networkidle');
  log(`browser: reopened on the field page (its copy at ${Math.round(fieldReopenedMs)} ms): ${fieldWire.wire.requests().join(' → ')}`);
  const state = await context.storageState();
  await field.close();
  // The sign-in form with a warm cache (a fresh profile that has the same cache is not to be had:
  // a new tab in the same one without the session cookie).
  await context.clearCookies();
  const warmSignIn = await context.newPage();
  await throttle(context, warmSignIn);
  await warmSignIn.goto('/sign-in', { waitUntil: 'commit' });
  await signInUsable(warmSignIn);
  const signInUsableWarmMs = await markOf(warmSignIn, 'signIn');
  await context.close();

  // A signed-in staff member opening the app on a cold cache: all the JavaScript their dashboard needs.
  const staffContext = await browser.newContext({ ...PHONE, baseURL: url, storageState: state });
  staffContext.setDefaultTimeout(120_000);
  await staffContext.addInitScript(PAGE_CLOCK);
  const staffPage = await staffContext.newPage();
  const staffWire = await throttle(staffContext, staffPage);
  await staffPage.goto('/', { waitUntil: 'commit' });
  await dashboard(staffPage).waitFor({ state: 'visible' });
  const staffColdOpenMs = await markOf(staffPage, 'dashboard');
  await staffPage.waitForLoadState('networkidle');
  const staffJsBytes = staffWire.wire.jsBytes();
  await staffContext.close();
  return { signInUsableColdMs, dashboardAfterSignInColdMs, signInRequestMs, dashboardReopenedWarmMs, dashboardReopenedServerMs, fieldReopenedMs, signInUsableWarmMs, firstScreenJsBytes, staffJsBytes, staffColdOpenMs, graphqlRequestsAfterSignIn };
}

/** Runs the browser section `runs` times and returns the median of each figure. */
export async function measureBrowser(runs: number, log: Log): Promise<BrowserFigures> {
  const server = await startProductionServer(log);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    // One unrecorded run first: the server's first answers (JIT, the aggregate preparation) are not the network's.
    log('browser: warm-up run…');
    await oneRun(browser, server.url, log);
    const results: Omit<BrowserFigures, 'runs'>[] = [];
    for (let i = 0; i < runs; i++) {
      log(`browser: run ${i + 1} of ${runs}…`);
      results.push(await oneRun(browser, server.url, log));
    }
    const median = (key: keyof Omit<BrowserFigures, 'runs'>) => {
      const sorted = results.map((r) => r[key]).sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)]!;
    };
    return {
      signInUsableColdMs: median('signInUsableColdMs'),
      dashboardAfterSignInColdMs: median('dashboardAfterSignInColdMs'),
      signInRequestMs: median('signInRequestMs'),
      dashboardReopenedWarmMs: median('dashboardReopenedWarmMs'),
      dashboardReopenedServerMs: median('dashboardReopenedServerMs'),
      fieldReopenedMs: median('fieldReopenedMs'),
      signInUsableWarmMs: median('signInUsableWarmMs'),
      firstScreenJsBytes: median('firstScreenJsBytes'),
      staffJsBytes: median('staffJsBytes'),
      staffColdOpenMs: median('staffColdOpenMs'),
      graphqlRequestsAfterSignIn: median('graphqlRequestsAfterSignIn'),
      runs,
    };
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
  }
}

export const BROWSER_SECTION = '7. The web app on a phone (Chromium, 150 ms / 1.6 Mbit/s down / 750 kbit/s up)';

type BrowserRow = { section: string; measure: string; figure: string; baseline: string; ratio: string; goal: string; result: 'pass' | 'FAIL' | '—' | 'n/a' };

/** The section's rows, each against the issue's goal where it sets one (#17). */
export function browserRows(f: BrowserFigures): BrowserRow[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const row = (measure: string, figure: string, goal: string, pass: boolean | null): BrowserRow => ({
    section: BROWSER_SECTION, measure, figure, baseline: '', ratio: '', goal, result: pass === null ? '—' : pass ? 'pass' : 'FAIL',
  });
  return [
    row('sign-in form usable, cold cache', s(f.signInUsableColdMs), '≤ 1.5 s', f.signInUsableColdMs <= 1500),
    row("pressing sign-in → a worker's dashboard shows content, cold cache", s(f.dashboardAfterSignInColdMs), '≤ 0.7 s', f.dashboardAfterSignInColdMs <= 700),
    row('… of which the sign-in request itself (argon2 on the server, one round trip)', s(f.signInRequestMs), 'report', null),
    row('GraphQL requests from pressing sign-in to the dashboard', String(f.graphqlRequestsAfterSignIn), 'report', null),
    row("reopened signed in, the app installed (service worker active) → dashboard shows content (the device's copy, marked with its time)", s(f.dashboardReopenedWarmMs), '≤ 0.5 s', f.dashboardReopenedWarmMs <= 500),
    row("… → the server's answer replaces it", s(f.dashboardReopenedServerMs), 'report', null),
    row("reopened on the installed app's start page (the field page) → its device copy on screen", s(f.fieldReopenedMs), '≤ 0.5 s', f.fieldReopenedMs <= 500),
    row('sign-in form usable, warm HTTP cache', s(f.signInUsableWarmMs), 'report', null),
    row('signed in, cold cache → dashboard shows content', s(f.staffColdOpenMs), 'report', null),
    row('JavaScript on the wire, first screen (sign-in)', kb(f.firstScreenJsBytes), 'report', null),
    row('JavaScript on the wire, a signed-in staff member (dashboard, cold cache)', kb(f.staffJsBytes), '≤ 120 KB', f.staffJsBytes <= 120 * 1024),
  ];
}
