// `pnpm test:topology` — Opora past one machine, started and broken on purpose on this one.
//
// With Debian's own packages (PostgreSQL 15, PgBouncer, HAProxy; no containers) it starts, in a
// temporary directory and on free ports: a PostgreSQL primary and a streaming standby
// (pg_basebackup -R, synchronous: an acknowledged commit is on both), PgBouncer in transaction
// mode in front of the primary, two Opora server processes (the production build,
// server/dist) behind HAProxy, and the shared Redis (REDIS_URL, default redis://127.0.0.1:6379).
// Signed-in staff then read and write through HAProxy (registerClient with an idempotency key)
// while the script:
//   1. kills one Opora process (SIGKILL) and restarts it, as systemd would;
//   2. restarts PgBouncer (SIGTERM: its immediate shutdown), as an upgrade would;
//   4. pauses replay on the standby and checks that staff read their own writes anyway;
//   3. stops the primary (immediate: a lost machine), promotes the standby by hand and repoints
//      PgBouncer at it (the operator's step: edit pgbouncer.ini, then RELOAD / SIGHUP).
// After each break the failed requests are sent again with the same idempotency key, as the
// mobile client does. At the end it checks in SQL, on the new primary, that every acknowledged
// write exists whole (client row, idempotency key pointing at it, audit event) and that no
// request left part of a write. It prints the numbers (docs/scale-out.md keeps the last run's).
// Not part of `pnpm test` or CI: it needs root or a `postgres` OS user, PgBouncer and HAProxy
// (apt-get install -y pgbouncer haproxy) and takes about three minutes.
// Every process it started and its temporary directory are removed at the end, even on failure
// (OPORA_TOPOLOGY_KEEP=1 keeps the directory, with every piece's log, for a look afterwards).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '@opora/prisma/db';
import { applyMigrations } from '@opora/prisma/migrate';
import { seedIfEmpty } from '@opora/prisma/seed';
import { DEMO, DEMO_PASSWORD } from '../src/support/api.ts';
import { freePort } from '../src/support/ports.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PGBIN = process.env.OPORA_TOPOLOGY_PGBIN ?? '/usr/lib/postgresql/15/bin';
const REDIS_URL = process.env.OPORA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const WORKERS = 4; // concurrent load-generator clients (a 2-core machine shared with other work)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => console.log(`[topology ${new Date().toISOString().slice(11, 19)}] ${msg}`);

// ─── processes ──────────────────────────────────────────────────────────────────────────────

const asRoot = process.getuid?.() === 0;
const pgOs = asRoot ? { uid: Number(sh('id', ['-u', 'postgres']).trim()), gid: Number(sh('id', ['-g', 'postgres']).trim()) } : {};
const tmp = mkdtempSync(path.join(os.tmpdir(), 'opora-topology-'));
chmodSync(tmp, 0o755);
if (asRoot) chownSync(tmp, (pgOs as { uid: number }).uid, (pgOs as { gid: number }).gid);
const children = new Set<ChildProcess>();
const dataDirs: string[] = [];

function sh(cmd: string, args: string[], opts: { asPg?: boolean; env?: Record<string, string> } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: '/', ...(opts.asPg ? pgOs : {}), env: { ...process.env, ...opts.env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
  return r.stdout;
}

function start(name: string, cmd: string, args: string[], opts: { asPg?: boolean; env?: Record<string, string | undefined>; cwd?: string } = {}): ChildProcess {
  const out = createWriteStream(path.join(tmp, `${name}.log`), { flags: 'a' });
  const child = spawn(cmd, args, { cwd: opts.cwd ?? tmp, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], ...(opts.asPg ? pgOs : {}) });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  children.add(child);
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (!cleaned) log(`${name} (pid ${child.pid}) exited: ${signal ?? code}`);
  });
  return child;
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}


async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not ready after ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const child of [...children]) await stop(child, 'SIGKILL').catch(() => {});
  for (const dir of dataDirs) {
    if (existsSync(path.join(dir, 'postmaster.pid'))) spawnSync(`${PGBIN}/pg_ctl`, ['stop', '-D', dir, '-m', 'immediate', '-w'], { cwd: tmp, ...pgOs });
  }
  const keys = spawnSync('redis-cli', ['-u', REDIS_URL, '--scan', '--pattern', `${prefix}*`], { encoding: 'utf8' }).stdout?.split('\n').filter(Boolean) ?? [];
  if (keys.length) spawnSync('redis-cli', ['-u', REDIS_URL, 'del', ...keys]);
  if (process.env.OPORA_TOPOLOGY_KEEP) log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().finally(() => process.exit(130)));

// ─── the topology ───────────────────────────────────────────────────────────────────────────

const run = randomBytes(3).toString('hex');
const prefix = `opora-topology-${run}`;
const ports = { primary: await freePort(), standby: await freePort(), bouncer: await freePort(), haproxy: await freePort(), a: await freePort(), b: await freePort() };
const primaryDir = path.join(tmp, 'primary');
const standbyDir = path.join(tmp, 'standby');
const superUrl = (port: number) => `postgresql://postgres@127.0.0.1:${port}/opora`;
let currentPrimary = ports.primary;

function pgCtl(args: string[]): void {
  sh(`${PGBIN}/pg_ctl`, args, { asPg: true });
}

async function sql<T extends pg.QueryResultRow = any>(port: number, text: string, values: unknown[] = [], database = 'opora'): Promise<T[]> {
  const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/${database}` });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function startPostgres(): Promise<void> {
  dataDirs.push(primaryDir, standbyDir);
  sh(`${PGBIN}/initdb`, ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], { asPg: true });
  const common = [`listen_addresses = '127.0.0.1'`, `unix_socket_directories = '${tmp}'`, `max_connections = 60`, `shared_buffers = 64MB`, `wal_level = replica`, `max_wal_senders = 5`, `hot_standby = on`,
    // The demo seed's aggregate_refresh() once ran 10+ minutes, planned before autovacuum had
    // analyzed the freshly loaded tables (40 s in other runs): analyze them within a second.
    `autovacuum_naptime = 1s`];
  writeFileSync(path.join(primaryDir, 'postgresql.conf'), [readFileSync(path.join(primaryDir, 'postgresql.conf'), 'utf8'), ...common, `port = ${ports.primary}`, ''].join('\n'));
  pgCtl(['start', '-D', primaryDir, '-l', path.join(tmp, 'primary.log'), '-w']);
  await sql(ports.primary, 'CREATE DATABASE opora', [], 'postgres');
  // The standby: a base backup that writes its own recovery settings (-R), streaming.
  sh(`${PGBIN}/pg_basebackup`, ['-h', '127.0.0.1', '-p', String(ports.primary), '-U', 'postgres', '-D', standbyDir, '-R', '-X', 'stream', '-c', 'fast'], { asPg: true });
  writeFileSync(path.join(standbyDir, 'postgresql.conf'), [readFileSync(path.join(standbyDir, 'postgresql.conf'), 'utf8'), `port = ${ports.standby}`, `cluster_name = 'standby1'`, ''].join('\n'));
  pgCtl(['start', '-D', standbyDir, '-l', path.join(tmp, 'standby.log'), '-w']);
  // Synchronous: a commit is acknowledged once the standby has it (set on the primary only, so
  // the promoted standby does not wait for a standby it no longer has).
  await sql(ports.primary, `ALTER SYSTEM SET synchronous_standby_names = 'standby1'`);
  await sql(ports.primary, 'SELECT pg_reload_conf()');
  await waitFor('synchronous standby', async () => (await sql(ports.primary, `SELECT 1 FROM pg_stat_replication WHERE application_name = 'standby1' AND sync_state = 'sync'`)).length === 1);
}

async function migrateAndSeed(): Promise<void> {
  const db = openDatabase({ kind: 'postgres', url: superUrl(ports.primary) });
  try {
    await applyMigrations(db.adapterFactory);
    await seedIfEmpty(db.prisma, { demo: true });
  } finally {
    await db.close();
  }
  // The server login of docs/deployment.md: no table of its own, every transaction becomes one of the three roles.
  await sql(ports.primary, `CREATE ROLE opora_server LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT`);
  await sql(ports.primary, `GRANT opora_app, opora_aggregate, opora_auth TO opora_server`);
}

const bouncerIni = path.join(tmp, 'pgbouncer.ini');
function writeBouncerIni(primaryPort: number): void {
  writeFileSync(path.join(tmp, 'userlist.txt'), '"opora_server" ""\n"postgres" ""\n');
  writeFileSync(
    bouncerIni,
    [
      '[databases]',
      `opora = host=127.0.0.1 port=${primaryPort} dbname=opora`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${ports.bouncer}`,
      `unix_socket_dir = ${tmp}`,
      'auth_type = trust',
      `auth_file = ${path.join(tmp, 'userlist.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 200',
      'default_pool_size = 20',
      'admin_users = postgres',
      // After a failed connection to PostgreSQL, try again after 1 s (the default, 15 s, is the
      // pause the servers would wait after a failover before PgBouncer tries the new primary).
      `server_login_retry = ${process.env.OPORA_TOPOLOGY_LOGIN_RETRY ?? 1}`,
      '',
    ].join('\n'),
  );
  if (asRoot) chownSync(bouncerIni, (pgOs as { uid: number }).uid, (pgOs as { gid: number }).gid);
}
let bouncer: ChildProcess;
async function startBouncer(): Promise<number> {
  bouncer = start('pgbouncer', '/usr/sbin/pgbouncer', [bouncerIni], { asPg: true });
  return waitFor('pgbouncer', async () => (await sql(ports.bouncer, 'SELECT 1')).length === 1, 30_000);
}

const nodes: Record<'a' | 'b', ChildProcess | undefined> = { a: undefined, b: undefined };
const serverEnv = (port: number): Record<string, string | undefined> => {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `postgresql://opora_server@127.0.0.1:${ports.bouncer}/opora`,
    DATABASE_MIGRATION_URL: superUrl(currentPrimary),
    // The network and municipal figures are read on the standby (the runtime login exists there by replication).
    DATABASE_REPLICA_URL: `postgresql://opora_server@127.0.0.1:${ports.standby}/opora`,
    DATABASE_POOL_MAX: '8',
    // PgBouncer 1.18 (Debian 12) has no max_prepared_statements.
    DATABASE_NAMED_STATEMENTS: '0',
    OPORA_DEMO: '0',
    REDIS_URL,
    OPORA_RATE_LIMIT_PREFIX: prefix,
    OPORA_TRUSTED_DOCUMENTS: 'off',
    OPORA_TRUSTED_PROXIES: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  delete env.NODE_OPTIONS;
  return env;
};
async function startNode(name: 'a' | 'b'): Promise<number> {
  const port = ports[name];
  nodes[name] = start(`opora-${name}`, process.execPath, ['--conditions=opora-build', '--enable-source-maps', 'dist/main.js'], { cwd: path.join(repo, 'server'), env: serverEnv(port) });
  const child = nodes[name]!;
  return waitFor(`Opora ${name}`, async () => {
    if (child.exitCode !== null) throw new Error(`Opora ${name} exited: ${readFileSync(path.join(tmp, `opora-${name}.log`), 'utf8').slice(-2000)}`);
    return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
  }, 180_000);
}

async function startHaproxy(): Promise<void> {
  const cfg = path.join(tmp, 'haproxy.cfg');
  writeFileSync(
    cfg,
    [
      'global',
      '  maxconn 200',
      'defaults',
      '  mode http',
      '  timeout connect 2s',
      '  timeout client 30s',
      '  timeout server 30s',
      // Only a connection that failed (the request was never sent) is retried, on another server.
      '  retries 3',
      '  option redispatch',
      'frontend opora',
      `  bind 127.0.0.1:${ports.haproxy}`,
      '  default_backend servers',
      'backend servers',
      '  balance roundrobin',
      '  option httpchk GET /readyz',
      '  http-check expect status 200',
      '  http-response set-header X-Opora-Server %s',
      // A process answers /readyz within 3 s even when it carries the other's load on a busy
      // machine (with the default, the check's timeout is `inter`: 500 ms marked the survivor
      // down too, and HAProxy answered 503 to everyone).
      '  timeout check 3s',
      '  default-server inter 500ms fall 2 rise 2',
      `  server a 127.0.0.1:${ports.a} check`,
      `  server b 127.0.0.1:${ports.b} check`,
      '',
    ].join('\n'),
  );
  start('haproxy', '/usr/sbin/haproxy', ['-db', '-f', cfg], { asPg: true });
  await waitFor('haproxy', async () => (await fetch(`${HAPROXY}/readyz`)).ok, 30_000);
}
const HAPROXY = `http://127.0.0.1:${ports.haproxy}`;

// ─── the load ───────────────────────────────────────────────────────────────────────────────

type Attempt = {
  n: number;
  key: string;
  email: string;
  input: { firstName: string; lastName: string; kind: 'CHILD'; birthYear: number };
  startedAt: number;
  endedAt?: number;
  ok?: boolean;
  clientId?: string;
  replayed?: boolean;
  failure?: string;
  server?: string;
  retryOf?: number;
};
const attempts: Attempt[] = [];
const reads = { ok: 0, failed: 0 };
const failureMessages = new Map<string, string>();
/** The database id in a Relay global id (base64url of `Client:uuid`). */
const dbId = (globalId: string | undefined) => (globalId ? Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1] : undefined);
/** How many of each failure: `CODE ×n`. */
const tally = (list: Attempt[]) => [...list.reduce((m, a) => m.set(a.failure!, (m.get(a.failure!) ?? 0) + 1), new Map<string, number>())].map(([k, n]) => `${k} ×${n}`).join(', ') || '—';
const tokens: Record<string, string> = {};
const STAFF = [DEMO.kazanlakManager, DEMO.plovdivManager];
const REGISTER = `mutation($input: ClientInput!, $key: String) { registerClient(input: $input, idempotencyKey: $key) { client { id } replayed } }`;
const READ = `query($s: String) { clients(first: 5, search: $s) { totalCount } }`;
const READ_ONE = `query($id: ID!) { node(id: $id) { id ... on Client { lastName } } }`;

async function gql(query: string, variables: Record<string, unknown>, token?: string): Promise<{ status: number; server: string; requestId: string; json: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } }> {
  const res = await fetch(`${HAPROXY}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 80)}`, extensions: { code: `HTTP_${res.status}` } }] };
  }
  return { status: res.status, server: res.headers.get('x-opora-server') ?? '-', requestId: res.headers.get('x-request-id') ?? '-', json };
}

async function write(a: Attempt): Promise<Attempt> {
  attempts.push(a);
  try {
    const r = await gql(REGISTER, { input: a.input, key: a.key }, tokens[a.email]);
    a.server = r.server;
    const payload = r.json.data?.registerClient;
    if (payload?.client?.id) Object.assign(a, { ok: true, clientId: payload.client.id, replayed: payload.replayed });
    else {
      Object.assign(a, { ok: false, failure: r.json.errors?.[0]?.extensions?.code ?? `HTTP_${r.status}` });
      if (r.json.errors?.[0]) failureMessages.set(a.failure!, `${r.json.errors[0].message.replace(/\s+/g, " ")} (request ${r.requestId})`);
    }
  } catch (e) {
    Object.assign(a, { ok: false, failure: `network: ${(e as Error).message}` });
  }
  a.endedAt = Date.now();
  return a;
}

let counter = 0;
function newAttempt(email: string): Attempt {
  const n = ++counter;
  return { n, key: `topo-${run}-${n}`, email, input: { firstName: `Топология-${run}`, lastName: `Запис ${n}`, kind: 'CHILD', birthYear: 2015 }, startedAt: Date.now() };
}

let loadOn = false;
const loops: Promise<void>[] = [];
function startLoad(): void {
  loadOn = true;
  for (let w = 0; w < WORKERS; w++) {
    const email = STAFF[w % STAFF.length]!;
    loops.push(
      (async () => {
        for (let i = 0; loadOn; i++) {
          if (i % 3 === 2) {
            try {
              const r = await gql(READ, { s: `Запис ${counter}` }, tokens[email]);
              if (r.json.data?.clients) reads.ok++;
              else reads.failed++;
            } catch {
              reads.failed++;
            }
          } else await write(newAttempt(email));
          await sleep(50);
        }
      })(),
    );
  }
}
async function stopLoad(): Promise<void> {
  loadOn = false;
  await Promise.all(loops.splice(0));
}

/** The failed attempts of a phase, sent again with the same key (as a client retries). */
async function retryFailed(list: Attempt[]): Promise<{ retried: number; ok: number; replayed: number }> {
  let ok = 0;
  let replayed = 0;
  for (const a of list) {
    const again = await write({ ...a, startedAt: Date.now(), endedAt: undefined, ok: undefined, failure: undefined, clientId: undefined, retryOf: a.n });
    if (again.ok) ok++;
    if (again.replayed) replayed++;
  }
  if (ok !== list.length) fail(`${list.length - ok} of ${list.length} retries with the same key failed`);
  return { retried: list.length, ok, replayed };
}

const between = (from: number, to: number) => attempts.filter((a) => a.retryOf === undefined && a.startedAt >= from && a.startedAt < to);
const report: string[] = [];
let problems = 0;
const fail = (line: string) => {
  problems++;
  say(`   ✗ ${line}`);
};
const say = (line: string) => {
  report.push(line);
  log(line);
};

// ─── the checks ─────────────────────────────────────────────────────────────────────────────

async function phaseKillOpora(): Promise<void> {
  const phaseStart = Date.now();
  startLoad();
  await sleep(4000);
  // In flight on the dying process: what was sent before SIGKILL and not answered yet, and what
  // reached it between the signal and its exit (the kernel still accepts connections to it).
  const signalAt = Date.now();
  const openAtSignal = new Set(attempts.filter((a) => a.retryOf === undefined && a.endedAt === undefined));
  const exited = new Promise((r) => nodes.a!.once('exit', r));
  nodes.a!.kill('SIGKILL');
  await exited;
  const exitedAt = Date.now();
  const inFlight = attempts.filter((a) => a.retryOf === undefined && (openAtSignal.has(a) || (a.startedAt >= signalAt && a.startedAt <= exitedAt)));
  await sleep(6000);
  const restart = await startNode('a'); // as systemd's Restart=always would
  await sleep(3000);
  await stopLoad();
  const phase = between(phaseStart, Date.now());
  const failed = phase.filter((a) => !a.ok);
  const failedNotInFlight = failed.filter((a) => !inFlight.includes(a));
  const retry = await retryFailed(failed);
  say(`1. SIGKILL of one of two Opora processes under load (it exited ${exitedAt - signalAt} ms after the signal): ${phase.length} writes in the phase, ${inFlight.length} in flight (on either process) from the signal to the exit, ${failed.length} failed (${tally(failed)}); failed without having been in flight: ${failedNotInFlight.length}. Retried with the same key: ${retry.ok}/${retry.retried} succeeded, ${retry.replayed} of them replayed (had committed). The killed process was ready again ${(restart / 1000).toFixed(1)} s after restart.`);
  if (failedNotInFlight.length) fail(`requests that were not in flight failed: ${tally(failedNotInFlight)}`);
}

async function phaseRestartBouncer(): Promise<void> {
  const phaseStart = Date.now();
  startLoad();
  await sleep(3000);
  await stop(bouncer, 'SIGTERM'); // immediate shutdown: every client and server connection closed
  await sleep(1000);
  const up = await startBouncer();
  const restartedAt = Date.now();
  const firstOk = await waitFor('a write after the PgBouncer restart', async () => attempts.some((a) => a.ok && a.retryOf === undefined && a.startedAt >= restartedAt), 60_000);
  await sleep(3000);
  await stopLoad();
  const phase = between(phaseStart, Date.now());
  const failed = phase.filter((a) => !a.ok);
  const retry = await retryFailed(failed);
  say(`2. PgBouncer restarted (SIGTERM, 1 s down, listening again after ${(up / 1000).toFixed(1)} s): ${phase.length} writes in the phase, ${failed.length} failed (all while it was down or reconnecting) (${tally(failed)}); first acknowledged write ${(firstOk / 1000).toFixed(1)} s after it was back. Retried: ${retry.ok}/${retry.retried} succeeded, ${retry.replayed} replayed.`);
}

const FIGURES = `query($period: MonthRange!) { municipalDashboard(period: $period, indicators: [SESSIONS]) { refreshedAt residents { total { value suppressed } } } }`;

/** The municipal dashboard's `refreshedAt` through HAProxy (asked again while its figures are being prepared). */
async function figuresRefreshedAt(token: string): Promise<string> {
  const year = new Date().getUTCFullYear();
  for (let i = 0; i < 120; i++) {
    const r = await gql(FIGURES, { period: { from: `${year}-01`, to: `${year}-12` } }, token);
    const at = r.json.data?.municipalDashboard?.refreshedAt;
    if (at) return at;
    if (!r.json.errors?.every((e) => e.extensions?.code === 'AGGREGATE_PREPARING')) throw new Error(`municipal figures failed: ${JSON.stringify(r.json).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('municipal figures still being prepared after a minute');
}

async function phaseLaggingReplica(): Promise<void> {
  const viewer = await gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: DEMO.kazanlakViewer, p: DEMO_PASSWORD });
  const viewerToken: string = viewer.json.data.login.token;
  await figuresRefreshedAt(viewerToken); // decided and cached before the pause
  await sql(ports.standby, 'SELECT pg_wal_replay_pause()');
  let readOwn = 0;
  let onStandby = 0;
  const N = 20;
  for (let i = 0; i < N; i++) {
    const a = await write(newAttempt(DEMO.kazanlakManager));
    if (!a.ok) throw new Error(`write failed while the standby lagged: ${a.failure}`);
    const r = await gql(READ_ONE, { id: a.clientId }, tokens[DEMO.kazanlakManager]);
    if (r.json.data?.node?.id === a.clientId) readOwn++;
    else log(`read of ${a.clientId}: ${JSON.stringify(r.json).slice(0, 300)}`);
    const there = await sql(ports.standby, `SELECT 1 FROM "IdempotencyKey" WHERE key = $1`, [a.key]);
    onStandby += there.length;
  }
  // The primary rebuilds this month's rollups (as its scheduled refresh would): the figures read
  // on the paused standby must still say when they were rebuilt there, not on the primary.
  await sql(currentPrimary, `UPDATE "RollupMonth" SET version = version + 1 WHERE month = date_trunc('month', current_date)::date`);
  await sql(currentPrimary, `SELECT aggregate_refresh()`);
  // As the API writes it (UTC, milliseconds), so the two compare as strings.
  const [primary] = await sql(currentPrimary, `SELECT to_char(max("refreshedAt"), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at FROM "RollupMonth"`);
  const whilePaused = await figuresRefreshedAt(viewerToken);
  const [lag] = await sql(ports.standby, `SELECT pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::bigint AS bytes, pg_is_wal_replay_paused() AS paused`);
  await sql(ports.standby, 'SELECT pg_wal_replay_resume()');
  const primaryAt: string = primary.at;
  const caughtUp = await waitFor('the standby’s figures after replay resumed', async () => (await figuresRefreshedAt(viewerToken)) >= primaryAt, 120_000);
  say(`4. Standby replay paused (a lagging replica, ${lag.bytes} bytes received but not replayed): ${N} writes each followed at once by a staff read of the same client through HAProxy: ${readOwn}/${N} read their own write; the standby had ${onStandby}/${N} of them. Staff reads go to the primary (through PgBouncer); the municipal figures go to the standby (DATABASE_REPLICA_URL): while replay was paused they said refreshedAt ${whilePaused}, older than the primary's ${primaryAt}, and ${(caughtUp / 1000).toFixed(1)} s after replay resumed they said the primary's.`);
  if (readOwn !== N) fail('a staff read missed its own write');
  if (!(whilePaused < primaryAt)) fail('the municipal figures did not come from the paused standby');
}

async function phasePromote(): Promise<void> {
  const phaseStart = Date.now();
  startLoad();
  await sleep(3000);
  const lostAt = Date.now();
  pgCtl(['stop', '-D', primaryDir, '-m', 'immediate', '-w']); // the primary's machine is lost
  // The operator's steps: promote the standby, point PgBouncer at it, reload PgBouncer.
  const promoteStart = Date.now();
  pgCtl(['promote', '-D', standbyDir, '-w']);
  const promoted = Date.now() - promoteStart;
  currentPrimary = ports.standby;
  writeBouncerIni(ports.standby);
  bouncer.kill('SIGHUP'); // = RELOAD on the admin console
  const repointedAt = Date.now();
  const firstOk = await waitFor('a write on the promoted standby', async () => attempts.some((a) => a.ok && a.retryOf === undefined && a.startedAt >= repointedAt), 120_000);
  await sleep(4000);
  await stopLoad();
  const phase = between(phaseStart, Date.now());
  const failed = phase.filter((a) => !a.ok);
  const retry = await retryFailed(failed);
  const [state] = await sql(ports.standby, 'SELECT pg_is_in_recovery() AS recovery');
  say(`3. Primary stopped (immediate), standby promoted by hand (pg_ctl promote: ${(promoted / 1000).toFixed(1)} s), PgBouncer repointed (pgbouncer.ini + SIGHUP): first acknowledged write ${((repointedAt - lostAt + firstOk) / 1000).toFixed(1)} s after the primary was lost, ${(firstOk / 1000).toFixed(1)} s after the reload; the servers were not restarted. ${phase.length} writes in the phase, ${failed.length} failed (${tally(failed)}); retried: ${retry.ok}/${retry.retried} succeeded, ${retry.replayed} replayed. New primary in recovery: ${state.recovery}.`);
}

async function verify(): Promise<boolean> {
  const port = currentPrimary;
  const keys = await sql<{ key: string; id: string | null }>(port, `SELECT key, result->>'id' AS id FROM "IdempotencyKey" WHERE key LIKE $1`, [`topo-${run}-%`]);
  const clients = await sql<{ id: string; lastName: string }>(port, `SELECT id, "lastName" FROM "Client" WHERE "firstName" = $1`, [`Топология-${run}`]);
  const audited = new Set((await sql<{ entityId: string }>(port, `SELECT "entityId" FROM "AuditEvent" WHERE action = 'CREATE' AND "entityType" = 'Client' AND "entityId" = ANY($1::text[])`, [clients.map((c) => c.id)])).map((r) => r.entityId));
  const keyByName = new Map(keys.map((k) => [k.key, k.id]));
  const clientById = new Map(clients.map((c) => [c.id, c]));
  const acknowledged = attempts.filter((a) => a.ok);
  const ackMissing = acknowledged.filter((a) => keyByName.get(a.key) !== dbId(a.clientId) || !clientById.has(dbId(a.clientId)!) || !audited.has(dbId(a.clientId)!));
  const halfKeys = keys.filter((k) => !k.id || !clientById.has(k.id));
  const keyed = new Set(keys.map((k) => k.id));
  const orphanClients = clients.filter((c) => !keyed.has(c.id));
  const unaudited = clients.filter((c) => !audited.has(c.id));
  const names = clients.map((c) => c.lastName);
  const duplicates = names.length - new Set(names).size;
  const distinct = new Set(attempts.map((a) => a.key)).size;
  const everAcked = new Set(acknowledged.map((a) => a.key));
  const neverAcked = [...new Set(attempts.map((a) => a.key))].filter((k) => !everAcked.has(k));
  const neverAckedPresent = neverAcked.filter((k) => keyByName.has(k)).length;
  for (const [code, message] of failureMessages) say(`   failure ${code}: ${message.slice(0, 160)}`);
  say(`Check in SQL on the new primary: ${distinct} distinct writes (${attempts.length} requests with retries), ${everAcked.size} acknowledged; acknowledged but missing or incomplete: ${ackMissing.length}; idempotency keys without their client: ${halfKeys.length}; clients without their key: ${orphanClients.length}; clients without their audit event: ${unaudited.length}; duplicates: ${duplicates}; never acknowledged: ${neverAcked.length} (${neverAckedPresent} of them whole in the database, the rest wholly absent). Reads: ${reads.ok} answered, ${reads.failed} failed.`);
  return problems + ackMissing.length + halfKeys.length + orphanClients.length + unaudited.length + duplicates === 0;
}

// ─── main ───────────────────────────────────────────────────────────────────────────────────

let passed = false;
try {
  if (!existsSync(path.join(repo, 'server/dist/main.js'))) throw new Error('no production build: run `node scripts/bootstrap.mjs --server` (pnpm test:topology does)');
  for (const bin of ['/usr/sbin/pgbouncer', '/usr/sbin/haproxy', `${PGBIN}/initdb`]) if (!existsSync(bin)) throw new Error(`${bin} is missing: apt-get install -y pgbouncer haproxy postgresql-15`);
  const t0 = Date.now();
  await startPostgres();
  log(`PostgreSQL primary :${ports.primary} and synchronous standby :${ports.standby} up`);
  await migrateAndSeed();
  log('migrated and seeded (demo data) on the primary');
  writeBouncerIni(ports.primary);
  await startBouncer();
  await Promise.all([startNode('a'), startNode('b')]);
  await startHaproxy();
  log(`PgBouncer :${ports.bouncer} (transaction mode), Opora :${ports.a} and :${ports.b}, HAProxy :${ports.haproxy}, Redis ${REDIS_URL} — ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  for (const email of STAFF) {
    const r = await gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: DEMO_PASSWORD });
    if (!r.json.data?.login) throw new Error(`sign-in failed for ${email}: ${JSON.stringify(r.json.errors)}`);
    tokens[email] = r.json.data.login.token;
  }
  await phaseKillOpora();
  await phaseRestartBouncer();
  await phaseLaggingReplica();
  await phasePromote();
  passed = await verify();
  console.log(`\n## Topology report (${new Date().toISOString()}, ${((Date.now() - t0) / 1000).toFixed(0)} s)\n\n${report.map((l) => `- ${l}`).join('\n')}\n\n${passed ? 'PASS' : 'FAIL'}`);
} catch (e) {
  console.error(`[topology] failed: ${(e as Error).stack ?? e}`);
  for (const name of ['opora-a', 'opora-b', 'pgbouncer', 'haproxy', 'primary', 'standby']) {
    const file = path.join(tmp, `${name}.log`);
    if (existsSync(file)) console.error(`--- ${name}.log (end) ---\n${readFileSync(file, 'utf8').slice(-1500)}`);
  }
} finally {
  await stopLoad().catch(() => {});
  await cleanup();
}
process.exit(passed ? 0 : 1);
