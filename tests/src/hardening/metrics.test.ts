import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { DEMO, DEMO_PASSWORD, TestApi } from '../support/api.ts';
import { testEngine, withDatabase } from '../support/engine.ts';
import { freePort } from '../support/ports.ts';

// Prometheus metrics (issue #20, item 5), on the real server as `pnpm start` runs it (server/src/
// main.ts, configured through the environment) over a copy of the demo database: a failed
// sign-in, a named GraphQL query and a sign-in refused by the rate limit move their counters on
// the metrics port; the metrics are never public: the metrics port and the API port both want the
// token, and a server without a token has no /metrics on its API port at all.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TOKEN = randomBytes(24).toString('hex');


/** One sample of the Prometheus text format: `name{a="x",b="y"} value`, labels in any order. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v) && Object.keys(have).length === Object.keys(labels).length) return Number(m[3]);
  }
  return undefined;
}
const count = (text: string, name: string, labels: Record<string, string> = {}) => sample(text, name, labels) ?? 0;

let child: ChildProcess | undefined;
const log: string[] = [];
let cleanup: (() => Promise<void>) | undefined;
let api: string;
let metricsUrl: string;

/** A copy of the suite's seeded template where the real server can open it. */
async function demoDatabase(): Promise<Record<string, string>> {
  const template = inject('opora_template');
  if (testEngine() === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'opora-metrics-'));
    const db = new PGlite({ dataDir: path.join(dir, 'pglite'), loadDataDir: new Blob([readFileSync(template)]) });
    await db.waitReady;
    await db.close();
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
    return { OPORA_DATA_DIR: path.join(dir, 'pglite'), OPORA_BACKUP_DIR: path.join(dir, 'backups') };
  }
  const server = process.env.DATABASE_URL!;
  const name = `${template}_m${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  cleanup = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  return { DATABASE_URL: withDatabase(server, name), OPORA_DEMO: '1' };
}

beforeAll(async () => {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: undefined,
    ...(await demoDatabase()),
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    OPORA_METRICS_PORT: String(metricsPort),
    OPORA_METRICS_TOKEN: TOKEN,
    OPORA_SIGN_IN_RATE_LIMIT: '3', // the fourth attempt in a minute is refused
    OPORA_AGGREGATE_REFRESH_S: '0',
    OPORA_BACKUP_EVERY_H: '0',
    OPORA_WORKERS: '1',
    LOG_LEVEL: 'warn',
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  delete env.NODE_OPTIONS; // vitest's loader hooks must not reach it
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: path.join(repo, 'server'), env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => log.push(String(d)));
  child.stderr!.on('data', (d) => log.push(String(d)));
  api = `http://127.0.0.1:${port}`;
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log.join('').slice(-3000)}`);
    if (await fetch(`${api}/readyz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 300));
  }
}, 240_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await cleanup?.();
});

const scrape = async (url = metricsUrl) => {
  const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};
const graphql = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
  const res = await fetch(`${api}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
};
const LOGIN = `mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

describe('metrics', { timeout: 240_000 }, () => {
  it('count sign-in failures, requests by operation, rate-limit refusals; the pool, the gate and the rollups are measured', async () => {
    const before = await scrape();
    // A wrong password.
    const wrong = await graphql(LOGIN, { email: DEMO.kazanlakManager, password: 'not-the-password' });
    expect(wrong.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // A right one, and a named query.
    const signedIn = await graphql(LOGIN, { email: DEMO.kazanlakManager, password: DEMO_PASSWORD });
    const token = signedIn.body.data.login.token as string;
    const cases = await graphql(`query MetricsCaseload { cases(first: 3) { edges { node { id number } } } }`, {}, token);
    expect(cases.status).toBe(200);
    expect(cases.body.data.cases.edges.length).toBeGreaterThan(0);
    // The sign-in limit (3 a minute per address): attempts three and four; the fourth is refused.
    await graphql(LOGIN, { email: DEMO.kazanlakManager, password: 'not-the-password' });
    const refused = await graphql(LOGIN, { email: DEMO.kazanlakManager, password: DEMO_PASSWORD });
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) => count(after, name, labels) - count(before, name, labels);
    expect(moved('opora_sign_in_failures_total', { code: 'UNAUTHENTICATED' })).toBe(2);
    expect(moved('opora_sign_in_failures_total', { code: 'TOO_MANY_REQUESTS' })).toBe(1);
    expect(moved('opora_rate_limit_refusals_total', { limiter: 'signIn' })).toBe(1);
    expect(moved('opora_graphql_requests_total', { operation: 'SignIn', type: 'mutation', result: 'ok' })).toBe(1);
    expect(moved('opora_graphql_requests_total', { operation: 'SignIn', type: 'mutation', result: 'error' })).toBe(2);
    expect(moved('opora_graphql_requests_total', { operation: 'SignIn', type: 'mutation', result: 'refused' })).toBe(1);
    expect(moved('opora_graphql_requests_total', { operation: 'MetricsCaseload', type: 'query', result: 'ok' })).toBe(1);
    expect(moved('opora_graphql_errors_total', { operation: 'SignIn', code: 'TOO_MANY_REQUESTS' })).toBe(1);
    expect(moved('opora_graphql_request_duration_seconds_count', { operation: 'MetricsCaseload', type: 'query' })).toBe(1);
    expect(moved('opora_db_transaction_duration_seconds_count', { class: 'staff', outcome: 'commit' })).toBeGreaterThanOrEqual(1);
    expect(moved('opora_request_gate_wait_seconds_count', { class: 'staff' })).toBeGreaterThanOrEqual(1);
    expect(moved('opora_http_requests_total', { route: 'graphql', status: '2xx' })).toBeGreaterThanOrEqual(4);
    expect(moved('opora_http_requests_total', { route: 'graphql', status: '4xx' })).toBe(1);
    // The pool: PGlite is one connection; PostgreSQL's pool has DATABASE_POOL_MAX and was waited for.
    expect(sample(after, 'opora_db_pool_connections', { state: 'max' })).toBe(testEngine() === 'pglite' ? 1 : 10);
    if (testEngine() === 'postgres') expect(moved('opora_db_pool_wait_seconds_count')).toBeGreaterThan(0);
    // The rollups' freshness: the demo's were built when it was seeded.
    expect(sample(after, 'opora_aggregate_rollup_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'opora_aggregate_rollup_dirty_months')).toBeGreaterThanOrEqual(0);
    // Node's own: memory, event loop.
    expect(sample(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // The embedded database's backup, as `npm run backup` asks the server for it (SIGUSR2).
    if (testEngine() === 'pglite') {
      expect(sample(after, 'opora_backup_last_success_timestamp_seconds')).toBe(0);
      child!.kill('SIGUSR2');
      // A whole dump of the demo database: wait for it as long as the test may run, not poll's default second.
      await expect.poll(async () => count(await scrape(), 'opora_backups_total', { outcome: 'ok' }), { timeout: 180_000, interval: 500 }).toBe(1);
      expect(sample(await scrape(), 'opora_backup_last_success_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 600);
    }
    // Nothing about a person or a center in any label.
    expect(after).not.toMatch(/opora\.test|kazanlak|plovdiv/i);
  });

  it('are never public: the metrics port and the API port want the token', async () => {
    expect((await fetch(metricsUrl)).status).toBe(401);
    expect((await fetch(metricsUrl, { headers: { authorization: 'Bearer wrong-token-of-enough-length-000' } })).status).toBe(401);
    expect((await fetch(metricsUrl.replace('/metrics', '/graphql'))).status).toBe(404);
    expect((await fetch(`${api}/metrics`)).status).toBe(401);
    expect((await fetch(`${api}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    const text = await scrape(`${api}/metrics`);
    expect(sample(text, 'opora_db_pool_connections', { state: 'max' })).toBeGreaterThan(0);
  });

  it('a server without a token has no /metrics on its API port', async () => {
    const plain = await TestApi.start();
    try {
      const res = await fetch(`${plain.url}/metrics`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('opora_');
    } finally {
      await plain.stop();
    }
  });
});
