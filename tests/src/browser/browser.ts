import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadTrustedDocuments } from '@opora/server';
import { SOFIA } from '@opora/common/calendar';
import { TestApi } from '../support/api.ts';
import { DEMO_ACCOUNTS } from '@opora/prisma/seed';

// Browser tests: the built web app, served by a real server on a private database copy, driven
// by Debian's Chromium through playwright-core.

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const WEB = path.join(ROOT, 'web');
const DIST = path.join(WEB, 'dist');
export const SCREENSHOTS = path.join(ROOT, 'test-artifacts/screenshots');

function chromiumPath(): string | null {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      /* not this one */
    }
  }
  return null;
}

export const CHROMIUM = chromiumPath();
if (!CHROMIUM) {
  if (process.env.CI) throw new Error('Browser tests need Chromium in CI: apt-get install -y chromium (or set CHROMIUM_PATH).');
  console.warn('[opora] browser tests skipped: no Chromium on PATH (apt-get install -y chromium). In CI they run.');
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds web/dist when it is missing or older than the sources or the schema (once, across workers). */
export function ensureWebBuild(): void {
  const built = existsSync(path.join(DIST, 'trusted-documents.json')) ? statSync(path.join(DIST, 'trusted-documents.json')).mtimeMs : 0;
  const sources = Math.max(newestMtime(WEB), statSync(path.join(ROOT, 'schema/schema.graphql')).mtimeMs);
  if (built > sources) return;
  const lock = path.join(ROOT, 'test-artifacts/.web-build.lock');
  const owner = path.join(lock, 'pid');
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(owner, String(process.pid));
      break;
    } catch {
      // Another worker is building: wait for as long as it lives (a build on a busy machine takes
      // minutes, and no clock here can know how many), then use its result. A builder that died
      // (its pid gone) leaves the lock behind: take it over and build.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      if (!existsSync(lock)) return;
      if (!builderAlive(owner)) rmSync(lock, { recursive: true, force: true });
    }
  }
  try {
    const pnpm = path.join(ROOT, 'node_modules/.bin/pnpm');
    const [cmd, args] = existsSync(pnpm) ? [pnpm, ['--filter', '@opora/web', 'build']] : ['npx', ['--yes', 'pnpm@12.4.2', '--filter', '@opora/web', 'build']];
    // vitest sets NODE_ENV=test, which would give React's development build.
    const result = spawnSync(cmd, args as string[], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Whether the worker that holds the build lock still runs. */
function builderAlive(owner: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(owner, 'utf8'));
  } catch {
    // A lock just made names its worker a moment later; one that never does was left by a crash.
    try {
      return Date.now() - statSync(path.dirname(owner)).mtimeMs < 60_000;
    } catch {
      return true;
    }
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type WebRig = { api: TestApi; browser: Browser; close(): Promise<void> };

/** A server with the web app (trusted documents enforced, as in production) and a browser. */
export async function startWebRig(): Promise<WebRig> {
  ensureWebBuild();
  const api = await TestApi.start({
    webDir: DIST,
    trustedDocuments: loadTrustedDocuments(path.join(DIST, 'trusted-documents.json')),
    enforceTrustedDocuments: true,
    // The test database is the demo seed, as `npm start` loads it: the sign-in page lists its accounts.
    demoAccounts: DEMO_ACCOUNTS,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM!,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    api,
    browser,
    async close() {
      await browser.close();
      await api.stop();
    },
  };
}

/**
 * The rig of one describe block: started before its tests (then `setup`, e.g. rows in its own
 * copy of the database), closed after them. Read it inside the tests, not at collection.
 */
export function useWebRig(setup?: (rig: WebRig) => Promise<void>): WebRig {
  let started: WebRig | undefined;
  beforeAll(async () => {
    started = await startWebRig();
    await setup?.(started);
  }, 1_200_000);
  afterAll(async () => {
    await started?.close();
  }, 400_000);
  return new Proxy({} as WebRig, {
    get(_target, key) {
      if (!started) throw new Error('the web rig is read before its beforeAll ran');
      return started[key as keyof WebRig];
    },
  });
}

/**
 * An init script for every page of a context: the text of <main> each time an element with this
 * test id is on screen, kept in `window.__shown[testId]`, so something shown for one frame is seen
 * as surely as something that stays (read it with `shownTexts`).
 */
export const watchShown = (testId: string) => `(() => {
  const seen = ((window.__shown = window.__shown || {})[${JSON.stringify(testId)}] = []);
  const look = () => {
    if (!document.querySelector('[data-testid="${testId}"]')) return;
    const text = document.querySelector('main')?.textContent ?? '';
    if (seen[seen.length - 1] !== text) seen.push(text);
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
})()`;
/** What `watchShown(testId)` saw in this page. */
export const shownTexts = (page: Page, testId: string) => page.evaluate(`(window.__shown || {})[${JSON.stringify(testId)}] || []`) as Promise<string[]>;

/**
 * Holds the page's GraphQL requests that `holds(operationName)` picks until `release()`; the rest go
 * on. `held` settles when the first one is held, so "before the answer" is a fact of a test, not a
 * race; `sent` names every request in order.
 */
export async function holdGraphQL(page: Page, holds: (operationName: string) => boolean): Promise<{ held: Promise<void>; release: () => void; sent: string[] }> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let heldOne!: () => void;
  const held = new Promise<void>((r) => (heldOne = r));
  const sent: string[] = [];
  await page.route('**/graphql', async (route) => {
    const name = /"operationName":"(\w+)"/.exec(route.request().postData() ?? '')?.[1] ?? '?';
    sent.push(name);
    if (holds(name)) {
      heldOne();
      await released;
    }
    await route.continue().catch(() => undefined);
  });
  return { held, release, sent };
}

/** Waits for what the page shows (never a sleep): generous for a loaded machine. */
export const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000, interval: 200 });

export type Opened = { context: BrowserContext; page: Page; problems: string[] };

/** A fresh browser profile (own storage) on the app; page errors are collected for assertions. */
export async function openApp(rig: WebRig, options: { phone?: boolean } = {}): Promise<Opened> {
  const context = await rig.browser.newContext({
    baseURL: rig.api.url,
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 860 },
    ...(options.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    locale: 'bg-BG',
    timezoneId: SOFIA,
    acceptDownloads: true,
  });
  // Generous: CI machines and a loaded laptop are slow, and argon2 sign-in is slow on purpose.
  context.setDefaultTimeout(45_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return { context, page, problems };
}

export async function signIn(page: Page, email: string, password = 'opora-demo', options: { here?: boolean } = {}): Promise<void> {
  if (!options.here) await page.goto('/sign-in');
  await page.getByLabel(/^(Имейл|Email)/).fill(email);
  await page.getByLabel(/^(Парола|Password)/).fill(password);
  await page.getByRole('button', { name: /^(Влез|Sign in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 180_000 });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
