// Contention on the embedded database (PGlite, one connection): how long a signed-in staff
// member waits for `viewer` while (1) a flood of failed sign-ins and (2) ten parallel network
// comparisons run. Prints p50 / p95 / max per phase; asserts nothing about time (the machine is
// shared and its speed drifts), it only fails when a staff request fails.
//
//   pnpm --filter @opora/tests load:contention                 # 8 s per phase
//   options: --seconds S (per phase), --attackers N (default 25), --comparisons N (default 10)
//
// The server runs in its own process on a fresh PGlite directory (migrated and seeded by the
// server itself), in production mode. Attackers come through a trusted proxy with a random
// address and a random email each time, so no throttle refuses them early: every attempt costs
// a full password verification, as a distributed attack would.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO, DEMO_PASSWORD } from '../src/support/api.ts';
import { addMonths, firstDayOfMonth, monthOf, today } from '@opora/common/calendar';
import { freePort } from '../src/support/ports.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = option('seconds', 8);
const attackers = option('attackers', 25);
const comparisons = option('comparisons', 10);
const only = (() => {
  const i = args.indexOf('--phases');
  return i >= 0 ? new Set(args[i + 1]!.split(',')) : null;
})();
const wanted = (phase: string) => !only || only.has(phase);
const firstErrors = new Map<string, string>();

const SIGN_IN = `mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
const VIEWER = `query Viewer { viewer { user { displayName } activeMembership { role center { id } } } }`;
const INDICATORS = ['ACTIVE_CASES', 'ASSESSMENTS_ON_TIME', 'CAPACITY_USE', 'CASELOAD_PER_FTE', 'CLIENTS_SERVED', 'CLOSED_CASES', 'GROUP_ATTENDANCES', 'GROUP_MEETINGS', 'MEDIAN_DAYS_TO_ASSESSMENT', 'MEDIAN_DAYS_TO_FIRST_SESSION', 'NEW_CASES', 'OPEN_ACCESS_CONTACTS', 'OPEN_ACCESS_PEOPLE', 'PLAN_REVIEWS_ON_TIME', 'SESSIONS', 'SESSION_HOURS', 'STAFF_FTE'];
const COMPARISON = `query Compare($period: MonthRange!, $indicators: [IndicatorCode!]!) {
  networkComparison(period: $period, indicators: $indicators) {
    tables { total { value } cells { value { value } } months { month } }
  }
}`;


type Answer = { status: number; body: { data?: any; errors?: Array<{ extensions?: { code?: string } }> } };

async function post(base: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const monthsAgo = (n: number) => monthOf(addMonths(firstDayOfMonth(today()), -n));

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = env;
  return rest;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'opora-contention-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repo,
    env: {
      ...withoutDatabaseUrl(process.env),
      NODE_ENV: 'production',
      OPORA_DATA_DIR: path.join(tmp, 'pglite'),
      OPORA_DEMO: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      OPORA_TRUSTED_DOCUMENTS: 'off',
      OPORA_TRUSTED_PROXIES: '127.0.0.1',
      OPORA_AGGREGATE_RATE_LIMIT: '100000',
      OPORA_SIGN_IN_RATE_LIMIT: '100000',
      OPORA_AGGREGATE_REFRESH_S: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    const deadline = Date.now() + 300_000;
    while (!(await fetch(`${base}/readyz`).then((r) => r.ok, () => false))) {
      if (child.exitCode !== null) throw new Error('the server exited');
      if (Date.now() > deadline) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 300));
    }
    console.error(`[contention] PGlite server ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const signIn = async (email: string) => {
      const a = await post(base, { query: SIGN_IN, variables: { email, password: DEMO_PASSWORD } });
      if (!a.body.data?.login) throw new Error(`sign-in failed for ${email}: ${JSON.stringify(a.body.errors)}`);
      return a.body.data.login.token as string;
    };
    const staff = [await signIn(DEMO.plovdivWorker), await signIn(DEMO.kazanlakPsychologist)];
    const analyst = await signIn(DEMO.networkAnalyst);

    // Staff: each keeps asking for `viewer`, one request at a time, a short pause between.
    const probe = async (stopAt: number, into: number[], failures: string[]) => {
      await Promise.all(
        staff.map(async (token) => {
          while (Date.now() < stopAt) {
            const t0 = performance.now();
            const a = await post(base, { query: VIEWER }, { authorization: `Bearer ${token}` });
            into.push(performance.now() - t0);
            if (a.status !== 200 || a.body.errors?.length || !a.body.data?.viewer) failures.push(`${a.status} ${JSON.stringify(a.body.errors ?? a.body)}`.slice(0, 200));
            await new Promise((r) => setTimeout(r, 25));
          }
        }),
      );
    };

    // Warm: the schema, argon2, the aggregate code paths.
    for (let i = 0; i < 3; i++) await post(base, { query: VIEWER }, { authorization: `Bearer ${staff[0]}` });
    await post(base, { query: COMPARISON, variables: { period: { from: monthsAgo(12), to: monthsAgo(1) }, indicators: INDICATORS } }, { authorization: `Bearer ${analyst}` });

    type Phase = { name: string; latencies: number[]; failures: string[]; load: Map<string, number> };
    const row = (p: Phase) => {
      const sorted = [...p.latencies].sort((x, y) => x - y);
      const load = [...p.load].map(([k, v]) => `${k}: ${v}`).join(', ') || '—';
      return `| ${p.name} | ${sorted.length} | ${percentile(sorted, 50).toFixed(0)} | ${percentile(sorted, 95).toFixed(0)} | ${(sorted.at(-1) ?? NaN).toFixed(0)} | ${p.failures.length} | ${load} |`;
    };
    const phases: Phase[] = [];
    const run = async (name: string, load: (stopAt: number, tally: (key: string) => void) => Promise<void>) => {
      const phase: Phase = { name, latencies: [], failures: [], load: new Map() };
      const stopAt = Date.now() + seconds * 1000;
      const tally = (key: string) => phase.load.set(key, (phase.load.get(key) ?? 0) + 1);
      await Promise.all([probe(stopAt, phase.latencies, phase.failures), load(stopAt, tally)]);
      phases.push(phase);
      console.error(`[contention] ${row(phase)}`);
    };

    await run('idle (staff only)', async () => {});

    if (wanted('signin')) await run(`${attackers} parallel failed sign-ins (random address and email each)`, async (stopAt, tally) => {
      let n = 0;
      await Promise.all(
        Array.from({ length: attackers }, async () => {
          while (Date.now() < stopAt) {
            const i = n++;
            const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
            const a = await post(base, { query: SIGN_IN, variables: { email: `nobody-${i}@flood.test`, password: `wrong-${i}` } }, { 'x-forwarded-for': address });
            tally(a.body.errors?.[0]?.extensions?.code ?? String(a.status));
          }
        }),
      );
    });

    if (wanted('compare')) await run(`${comparisons} parallel network comparisons (every answer a cache miss)`, async (stopAt, tally) => {
      let n = 0;
      await Promise.all(
        Array.from({ length: comparisons }, async () => {
          while (Date.now() < stopAt) {
            const i = n++;
            // A different period each time: nothing is served from the published-table cache.
            const period = { from: monthsAgo(13 + (i % 97)), to: monthsAgo(1 + (i % 11)) };
            const a = await post(base, { query: COMPARISON, variables: { period, indicators: INDICATORS } }, { authorization: `Bearer ${analyst}` });
            const code = a.body.errors?.[0]?.extensions?.code ?? (a.status === 200 ? 'ok' : String(a.status));
            if (code !== 'ok' && !firstErrors.has(code)) firstErrors.set(code, JSON.stringify(a.body.errors?.[0]).slice(0, 300));
            tally(code);
          }
        }),
      );
    });

    const lines = [
      `Staff \`viewer\` latency on PGlite — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${seconds} s per phase, 2 staff members asking in turn`,
      `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}`,
      '',
      '| phase | staff requests | p50 (ms) | p95 (ms) | max (ms) | staff failures | load answers |',
      '|---|---:|---:|---:|---:|---:|---|',
      ...phases.map(row),
    ];
    console.log(lines.join('\n'));
    for (const [code, first] of firstErrors) console.error(`[contention] first ${code}: ${first}`);
    const failed = phases.flatMap((p) => p.failures);
    if (failed.length) {
      console.error(`[contention] staff failures, e.g. ${failed[0]}`);
      process.exitCode = 1;
    }
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
