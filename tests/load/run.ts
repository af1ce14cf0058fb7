// The load test: a production-mode server (its own process) on a fresh, demo-seeded
// PostgreSQL database, driven by autocannon with the main staff, network and municipal
// queries. GraphQL errors count as failures, like HTTP errors.
//
//   pnpm --filter @opora/tests load            # full: 50 connections, 30 s
//   pnpm --filter @opora/tests load --short    # CI:   10 connections, 5 s
//   options: --connections N --duration S; LOAD_DATABASE_URL (default DATABASE_URL, else
//   postgresql://postgres@127.0.0.1:5432/postgres) names the server to create the database on.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '@opora/prisma/db';
import { applyMigrations } from '@opora/prisma/migrate';
import { seedIfEmpty } from '@opora/prisma/seed';
import { buildPlainSchema } from '@opora/schema';
import { canonicalDocument, sha256 } from '@opora/server';
import { DEMO, DEMO_PASSWORD } from '../src/support/api.ts';
import { withDatabase } from '../src/support/engine.ts';
import { loadOperations, type LoadOperation } from './operations.ts';
import { freePort } from '../src/support/ports.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const short = args.includes('--short');
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const connections = option('connections', short ? 10 : 50);
const duration = option('duration', short ? 5 : 30);
const maxErrorRate = option('max-error-rate', 0.01);
const serverUrl = process.env.LOAD_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const USERS: Record<LoadOperation['role'], string[]> = {
  staff: [DEMO.plovdivManager, DEMO.plovdivWorker, DEMO.kazanlakManager, DEMO.kazanlakPsychologist, DEMO.kazanlakMobile],
  network: [DEMO.networkAnalyst],
  municipal: [DEMO.kazanlakViewer, DEMO.plovdivViewer],
};


async function post(url: string, body: unknown, token?: string): Promise<{ data?: any; errors?: any[] }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { data?: any; errors?: any[] };
}

const SIGN_IN = `mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

async function main(): Promise<void> {
  const started = Date.now();
  const database = `opora_load_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = withDatabase(serverUrl, database);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'opora-load-'));
  let child: ReturnType<typeof spawn> | undefined;
  try {
    const db = openDatabase({ kind: 'postgres', url });
    await applyMigrations(db.adapterFactory);
    await seedIfEmpty(db.prisma, { demo: true });
    await db.close();
    console.error(`[load] database ${database} migrated and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const operations = loadOperations(buildPlainSchema());
    // Production mode with trusted documents: the load operations are the manifest.
    const manifest = Object.fromEntries([SIGN_IN, ...operations.map((o) => o.query)].map((q) => [sha256(canonicalDocument(q)), q]));
    const manifestFile = path.join(tmp, 'trusted-documents.json');
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: repo,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: url,
        OPORA_DEMO: '1',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        OPORA_TRUSTED_DOCUMENTS: manifestFile,
        // Measure the service, not the limiter: the aggregate limit is per viewer per minute.
        OPORA_AGGREGATE_RATE_LIMIT: '100000',
        OPORA_SIGN_IN_RATE_LIMIT: '1000',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const deadline = Date.now() + 180_000;
    while (!(await fetch(`${base}/readyz`).then((r) => r.ok, () => false))) {
      if (child.exitCode !== null) throw new Error('the server exited');
      if (Date.now() > deadline) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 300));
    }

    const tokens: Record<string, string> = {};
    for (const email of Object.values(USERS).flat()) {
      const answer = await post(base, { query: SIGN_IN, variables: { email, password: DEMO_PASSWORD } });
      if (!answer.data?.login) throw new Error(`sign-in failed for ${email}: ${JSON.stringify(answer.errors)}`);
      tokens[email] = answer.data.login.token;
    }
    // Every operation for every user of its kind, round robin; warm each once.
    const requests = operations.flatMap((o) => USERS[o.role].map((email) => ({ op: o, email, body: JSON.stringify({ query: o.query, variables: o.variables }) })));
    // The server prepares the municipal and network figures at start, in its workers: an
    // aggregate answer "being prepared" is asked again, as a screen does, until it is ready.
    const preparedBy = Date.now() + 600_000;
    for (const r of requests) {
      let warm = await post(base, JSON.parse(r.body), tokens[r.email]);
      while (warm.errors?.length && warm.errors.every((e) => e.extensions?.code === 'AGGREGATE_PREPARING') && Date.now() < preparedBy) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        warm = await post(base, JSON.parse(r.body), tokens[r.email]);
      }
      if (warm.errors?.length) console.error(`[load] warm-up ${r.op.name} as ${r.email}: ${JSON.stringify(warm.errors[0]).slice(0, 300)}`);
    }

    const perOperation = new Map<string, { requests: number; errors: number }>();
    let graphqlErrors = 0;
    const latencies: number[] = [];
    let next = 0;
    const result = await autocannon({
      url: base,
      connections,
      duration,
      requests: [
        {
          setupRequest: (req, context) => {
            const r = requests[next++ % requests.length]!;
            (context as { op?: string; sentAt?: number }).op = r.op.name;
            (context as { sentAt?: number }).sentAt = performance.now();
            return {
              ...req,
              method: 'POST',
              path: '/graphql',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[r.email]}` },
              body: r.body,
            };
          },
          onResponse: (status, body, context) => {
            const op = (context as { op?: string }).op ?? '?';
            const sentAt = (context as { sentAt?: number }).sentAt;
            if (sentAt !== undefined) latencies.push(performance.now() - sentAt);
            const stat = perOperation.get(op) ?? { requests: 0, errors: 0 };
            stat.requests++;
            if (status < 400 && body.includes('"errors"')) {
              graphqlErrors++;
              stat.errors++;
            } else if (status >= 400) stat.errors++;
            perOperation.set(op, stat);
          },
        },
      ],
    });

    const total = result.requests.total;
    latencies.sort((x, y) => x - y);
    const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(0) : '—');
    const failures = graphqlErrors + result.non2xx + result.errors + result.timeouts;
    const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, PostgreSQL ${(await admin.query('SHOW server_version')).rows[0].server_version}`;
    const lines = [
      `Load test — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${short ? 'short' : 'full'} run: ${connections} connections, ${duration} s, production mode`,
      `Machine: ${machine}`,
      `Operations: ${operations.map((o) => `${o.name} (${o.role})`).join(', ')}`,
      '',
      '| requests | throughput (req/s) | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | failures | of which GraphQL errors |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| ${total} | ${result.requests.average.toFixed(1)} | ${pct(50)} | ${pct(95)} | ${pct(99)} | ${result.latency.max} | ${failures} (${total ? ((100 * failures) / total).toFixed(2) : '0'} %) | ${graphqlErrors} |`,
      '',
      '| operation | requests | failures |',
      '|---|---:|---:|',
      ...[...perOperation].map(([op, s]) => `| ${op} | ${s.requests} | ${s.errors} |`),
    ];
    console.log(lines.join('\n'));
    if (!total || failures / total > maxErrorRate) {
      console.error(`[load] failure rate above ${(maxErrorRate * 100).toFixed(1)} %`);
      process.exitCode = 1;
    }
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
    await admin.end();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
