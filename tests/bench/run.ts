// `pnpm bench`: Opora against its own baselines, every figure measured in this run.
//   pnpm bench            national data (150 centers × 10 years) on PostgreSQL (DATABASE_URL's
//                         server, default postgresql://postgres@127.0.0.1:5432/postgres),
//                         database opora_bench_national (loaded once, reused while identical)
//   pnpm bench --quick    a small form (6 centers × 2 years) on in-memory PGlite
//   pnpm bench --import   only the history import section (with --quick: a tenth of the file, on
//                         the small form in PGlite; it is also the last section of the other two;
//                         --history full|small picks the file whatever the mode)
//   pnpm bench --browser  only the browser section (the web app on a throttled phone; also the
//                         last section of the other two)
// Options: --db <name>, --reload (load the data again), --duration <s>, --connections <n>,
//          --runs <n> (sequential samples per variant), --peer-rounds <n> (turns each of Opora
//          and PostGraphile takes per screen and connection count; PostgreSQL only),
//          --skip-browser (leave out the last section), --centers <n> --years <n> (a smaller
//          national form, e.g. for iterating; PostgreSQL), --peer-only (the data, the statement
//          counts and the peer's section only; written to last-report-peer.md), --scale-only (section
//          6c only, the same center with 6 or 150 centers in the database, against the national
//          database as it is: it is checked, never loaded or migrated; written to last-report-scale.md),
//          --scale-rounds <n> (turns each database's server takes per screen and connection count).
// Prints one table and writes it to tests/bench/last-report.md.
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '@opora/prisma/db';
import type { DatabaseTarget } from '@opora/prisma/database-config';
import { DEFAULT_NATIONAL, fingerprint, loadNationalPglite, loadNationalPostgres, withDatabaseName, type LoadReport, type NationalOptions } from '@opora/prisma/national';
import { type OporaServer } from '@opora/server';
import { benchServer } from './bench-server.ts';
import { clearAggregateCaches } from '@opora/schema';
import { buildClientSchema, getIntrospectionQuery, parse, validate, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import pg from 'pg';
import { loadTest as runLoad, startChild as startServer, stopChild, memoryOf, takeTurns, withApplicationName, type Child, type Load, type Tally } from './children.ts';
import { BROWSER_SECTION, browserRows, buildProduction, measureBrowser } from './browser.ts';
import { IMPORT_SECTION, importRows, measureHistoryImport } from './history-import.ts';
import { signPeerToken } from './peer.ts';
import { GraphQLClient, interleaved, ms, ratio, summarize, type Summary } from './measure.ts';
import {
  CASE_PAGE, CASELOAD, CASELOAD_SQL, caseloadRows, casePageRows, PEER_CASE_PAGE, PEER_CASELOAD, MUNICIPAL_DASHBOARD, MUNICIPAL_SHARE, NETWORK_COMPARISON, NETWORK_INDICATORS, NETWORK_SHARE, OPEN_STATUSES, RAW_GROUPED_COUNT_SQL, SESSION_LIST,
  SHARE_INDICATORS,
} from './operations.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    db: { type: 'string', default: 'opora_bench_national' },
    reload: { type: 'boolean', default: false },
    duration: { type: 'string' },
    connections: { type: 'string', default: '50' },
    runs: { type: 'string' },
    browser: { type: 'boolean', default: false },
    import: { type: 'boolean', default: false },
    history: { type: 'string' },
    'browser-runs': { type: 'string' },
    'peer-rounds': { type: 'string', default: '3' },
    'skip-browser': { type: 'boolean', default: false },
    centers: { type: 'string' },
    years: { type: 'string' },
    'peer-only': { type: 'boolean', default: false },
    'scale-only': { type: 'boolean', default: false },
    'scale-rounds': { type: 'string', default: '3' },
  },
});
const quick = args.quick!;
const RUNS = Number(args.runs ?? (quick ? 20 : 60));
const WARMUP = quick ? 4 : 10;
const DURATION_S = Number(args.duration ?? (quick ? 3 : 10));
// The aggregates' samples (each a cold read, a cached read and the raw count): a third of RUNS, at
// least 10; --quick takes 5, enough for its smoke-test p50 (a cold read recomputes every table).
const AGG_RUNS = args.runs || !quick ? Math.max(10, Math.round(RUNS / 3)) : 5;
const CONNECTIONS = Number(args.connections);
const PEER_ROUNDS = Number(args['peer-rounds']);
const SCALE_ROUNDS = Number(args['scale-rounds']);
// The browser section: the median of 3 runs, or one run with --quick (after one warm-up either way).
const BROWSER_RUNS = Number(args['browser-runs'] ?? (quick ? 1 : 3));
const PASSWORD = 'opora-demo';
const ACCOUNTS = {
  manager: 'manager@plovdiv.opora.test',
  analyst: 'analyst@network.opora.test',
  viewer: 'viewer@kazanlak.municipality.opora.test',
};
const QUICK_OPTIONS: NationalOptions = { ...DEFAULT_NATIONAL, centers: 6, years: 2 };
// The year the aggregates are asked about: the last full calendar year of the dataset.
const YEAR = { from: '2025-01', to: '2025-12' };

const SERVER_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const started = performance.now();
const log = (line: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

type Row = { section: string; measure: string; figure: string; baseline: string; ratio: string; goal: string; result: 'pass' | 'FAIL' | '—' | 'n/a' };
const rows: Row[] = [];
const notes: string[] = [];
const add = (row: Row) => {
  rows.push(row);
  log(`  ${row.measure}: ${row.figure}${row.baseline ? ` vs ${row.baseline}` : ''}${row.ratio ? ` = ${row.ratio}` : ''} ${row.result}`);
};

if (args.browser) {
  // The browser section alone: its own server process on the demo data, no national data.
  const figures = await measureBrowser(BROWSER_RUNS, log);
  for (const row of browserRows(figures)) add(row);
  const report = [
    '# Opora benchmark — browser',
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.versions.node}, load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min: times grow with a busy CPU; bytes do not)`,
    '',
    '| measure | figure | baseline (same run) | ratio | goal | result |',
    '|---|---|---|---|---|---|',
    ...groupRows(),
    '',
    `Median of ${figures.runs} runs after one warm-up run. Production server (compiled, NODE_ENV=production, in-memory PGlite with the demo data); Chromium, phone viewport, CDP throttling 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up; the case worker worker@plovdiv.opora.test. Times include the server's deliberately slow password check (argon2).`,
    '',
  ].join('\n');
  process.stdout.write(`\n${report}`);
  writeFileSync(path.join(here, 'last-report-browser.md'), report);
  process.exit(0);
}

// The production build the browser section needs runs while the data loads (nothing is measured
// then) and is awaited before the first measurement, so it never competes with one.
const browserBuild: Promise<void> | null = args['skip-browser'] || args['peer-only'] || args['scale-only'] || args.import ? null : buildProduction(log).catch((error: Error) => {
  log(`production build failed: ${shorten(error.message)}`);
});

// ───────────────────────── 1. The data ─────────────────────────
let load: LoadReport;
let target: () => DatabaseTarget;
let dumpFile: string | null = null;
let pgUrl: string | null = null;
const options: NationalOptions = {
  ...(quick ? QUICK_OPTIONS : DEFAULT_NATIONAL),
  ...(args.centers ? { centers: Number(args.centers) } : {}),
  ...(args.years ? { years: Number(args.years) } : {}),
};
const SCALE_SKIPPED = 'The same center with 6 or 150 centers (section 6c) is skipped in --quick: it needs PostgreSQL, and --quick runs on PGlite. `pnpm bench` or `pnpm bench --scale-only` measures it.';
if (quick && args['scale-only']) {
  log(SCALE_SKIPPED);
  process.exit(0);
}
if (quick) {
  // The small form is cached by generator, options and migrations: a second run starts at once.
  const cacheDir = path.join(here, '..', '..', '.opora-data', 'bench');
  const key = createHash('sha256').update(fingerprint(options)).update(migrationsDigest()).digest('hex').slice(0, 16);
  const cached = path.join(cacheDir, `quick-${key}.tar`);
  let dump: Blob;
  if (existsSync(cached) && !args.reload) {
    log(`small national form from the cache (${path.relative(process.cwd(), cached)})`);
    dump = new Blob([readFileSync(cached)]);
    load = { database: 'pglite (memory)', reused: true, rows: 0, rowsByTable: {}, seconds: { setup: 0, copy: 0, indexes: 0, foreignKeys: 0, analyze: 0, total: 0 }, rowsPerSecond: 0 };
  } else {
    log(`loading the small national form (${options.centers} centers × ${options.years} years) into PGlite…`);
    const loaded = await loadNationalPglite(options, { log });
    dump = loaded.dump;
    load = loaded.report;
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cached, Buffer.from(await dump.arrayBuffer()));
  }
  dumpFile = cached;
  target = () => ({ kind: 'pglite', dataDir: 'memory://', load: dump });
} else if (args['scale-only']) {
  // Section 6c alone reads the national database as it stands: a database other people measure
  // too is never dropped, reloaded or migrated from here.
  log(`national data (${options.centers} centers × ${options.years} years) in ${args.db} on ${new URL(SERVER_URL).host}: checked, not loaded…`);
  await checkStoredNational(SERVER_URL, args.db!, options);
  load = { database: args.db!, reused: true, rows: 0, rowsByTable: {}, seconds: { setup: 0, copy: 0, indexes: 0, foreignKeys: 0, analyze: 0, total: 0 }, rowsPerSecond: 0 };
  pgUrl = withDatabaseName(SERVER_URL, args.db!);
  const url = pgUrl;
  target = () => ({ kind: 'postgres', url });
} else {
  const serverUrl = SERVER_URL;
  log(`national data (${options.centers} centers × ${options.years} years) in ${args.db} on ${new URL(serverUrl).host}…`);
  load = await loadNationalPostgres(serverUrl, args.db!, options, { force: args.reload!, log });
  pgUrl = withDatabaseName(serverUrl, args.db!);
  const url = pgUrl;
  target = () => ({ kind: 'postgres', url });
}

// The servers in their own processes (sections 6, 6b and 6c; children.ts), on the bench database
// unless told another.
const startChild = (mode: 'opora' | 'apollo' | 'peer', extraEnv: NodeJS.ProcessEnv = {}): Promise<Child> =>
  startServer(mode, { ...(dumpFile ? { BENCH_PGLITE_DUMP: dumpFile } : { BENCH_DATABASE_URL: pgUrl! }), ...extraEnv });
const loadTest = (url: string, authorization: string | null, document: string, variables: Record<string, unknown>, connections = CONNECTIONS): Promise<Load> =>
  runLoad(url, authorization, document, variables, connections, DURATION_S);

const caseloadVars = (first: number) => ({ first, status: [...OPEN_STATUSES] });
// A screen that fails is reported with its error and left out of the later measurements.
const failed = (error: unknown) => `error: ${(error as Error).message}`;

// The history import writes 1,630 cases: on a copy of the data, never the data the other sections read.
async function importSection(): Promise<void> {
  log('history import…');
  let copy: { db: Database; drop: () => Promise<void> };
  if (dumpFile) {
    const db = openDatabase({ kind: 'pglite', dataDir: 'memory://', load: new Blob([readFileSync(dumpFile)]) });
    copy = { db, drop: () => db.close() };
  } else {
    const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
    const name = `${args.db}_import`;
    const admin = async (text: string) => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(text);
      } finally {
        await c.end();
      }
    };
    await admin(`DROP DATABASE IF EXISTS ${name}`);
    await admin(`CREATE DATABASE ${name} TEMPLATE ${args.db}`);
    const db = openDatabase({ kind: 'postgres', url: withDatabaseName(serverUrl, name) });
    copy = { db, drop: async () => { await db.close(); await admin(`DROP DATABASE IF EXISTS ${name}`); } };
  }
  try {
    for (const row of importRows(await measureHistoryImport(copy.db, { quick: (args.history ?? (quick ? 'small' : 'full')) === 'small', email: ACCOUNTS.manager, password: PASSWORD, log }))) add(row);
  } catch (error) {
    add({ section: IMPORT_SECTION, measure: 'history import', figure: `n/a (${shorten((error as Error).message)})`, baseline: '', ratio: '', goal: 'report', result: 'n/a' });
  } finally {
    await copy.drop();
  }
}

if (args.import) {
  await importSection();
  const report = [
    `# Opora benchmark — history import (${quick ? 'quick, PGlite' : 'PostgreSQL'})`,
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.versions.node}, load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`,
    '',
    `Into a copy of the ${quick ? 'small' : 'national'} form (${options.centers} centers × ${options.years} years), as ${ACCOUNTS.manager}; wall time of each request as the screen sees it.`,
    '',
    '| measure | figure | baseline (same run) | ratio | goal | result |',
    '|---|---|---|---|---|---|',
    ...groupRows(),
    '',
    `Total run time ${((performance.now() - started) / 1000).toFixed(0)} s.`,
    '',
  ].join('\n');
  process.stdout.write(`\n${report}`);
  writeFileSync(path.join(here, quick ? 'last-report-import-quick.md' : 'last-report-import.md'), report);
  process.exit(0);
}

if (args['scale-only']) {
  await measureScale();
  await writeReport(`the same center with 6 or ${options.centers} centers (PostgreSQL)`, 'the stored database, checked (its load fingerprint and migrations), never loaded or migrated by --scale-only.', [], 'last-report-scale.md');
  process.exit(0);
}

if (browserBuild) {
  log('waiting for the production build before measuring…');
  await browserBuild;
}

// ───────────────────────── 2. Servers in this process ─────────────────────────
// The full stack and the same server with graphql-shield switched off (benchmark-only flag). Rate limits are opened wide on both: the
// benchmark asks far more often than a person may.
// One database (one pool, or one embedded PGlite) behind both servers, so they differ only in
// the switched-off layers; the statement hook counts only while a count is running.
let counting: string[] | null = null;
// The database time of one request: every statement's time as Prisma reports it.
let dbTime: number | null = null;
// On PostgreSQL the count is of round trips, the messages sent to the server (statements that
// ride together, as BEGIN with the role and deadline, or the audit rows with COMMIT, count once;
// prisma/src/round-trips.ts); on PGlite, which has none, of the statements Prisma sends.
const countsRoundTrips = target().kind === 'postgres';
const database: Database = openDatabase(target(), {
  onQuery: (q, ms) => {
    if (!countsRoundTrips) counting?.push(q);
    if (dbTime !== null) dbTime += ms;
  },
  onRoundTrip: (q) => {
    if (countsRoundTrips) counting?.push(q);
  },
});
await database.prisma.$queryRawUnsafe('SELECT 1'); // an embedded database opens from its dump first
type Counted = { app: OporaServer; url: string };
async function startInProcess(withoutShield: boolean): Promise<Counted> {
  const app = benchServer(database, {
    // Row-level security stays on here: the resolvers scope their queries only through it, so
    // with it off (`withoutRowLevelSecurity`, the superuser) they would read every center's rows
    // and measure other work. Its price is measured on the SQL itself (rlsPrice below).
    ...(withoutShield ? { unsafe: { withoutShield: true } } : {}),
  });
  return { app, url: await app.listen(0, '127.0.0.1') };
}
log('starting servers…');
const full = await startInProcess(false);
const bare = await startInProcess(true);

// The hand-written baselines: their own pg connections, or the same embedded database.
const sqlPool = pgUrl ? new pg.Pool({ connectionString: pgUrl, max: 2 }) : null;
async function sql(text: string, params: unknown[]): Promise<unknown[]> {
  if (sqlPool) return (await sqlPool.query(text, params)).rows;
  return (await database.adapterFactory.pglite!.query(text, params)).rows;
}

// Every statement of every counted request, for reading what a screen sends (not in the table).
const statementLog: string[] = [];
async function countStatements(name: string, work: () => Promise<unknown>): Promise<number> {
  counting = [];
  try {
    await work();
    statementLog.push(`── ${name}: ${counting.length} statements`, ...counting.map((q, i) => `${String(i + 1).padStart(3)}. ${q.replace(/\s+/g, ' ')}`), '');
    return counting.length;
  } finally {
    counting = null;
  }
}

const fullClient = new GraphQLClient(full.url);
const bareClient = new GraphQLClient(bare.url);
const introspection = await fullClient.ok(getIntrospectionQuery());
const schema: GraphQLSchema = buildClientSchema(introspection as unknown as IntrospectionQuery);
function checkDocument(document: string): string | null {
  try {
    const errors = validate(schema, parse(document));
    return errors.length ? errors.map((e) => e.message).join('; ') : null;
  } catch (error) {
    return (error as Error).message;
  }
}
log('signing in…');
const managerFull = await fullClient.login(ACCOUNTS.manager, PASSWORD);
const managerBare = await bareClient.login(ACCOUNTS.manager, PASSWORD);
const analystFull = await fullClient.login(ACCOUNTS.analyst, PASSWORD);
const viewerFull = await fullClient.login(ACCOUNTS.viewer, PASSWORD);
const managerCenter = (await sql(
  `SELECT m."centerId" FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1 AND m."centerId" IS NOT NULL`,
  [ACCOUNTS.manager],
)) as { centerId: string }[];
const centerId = managerCenter[0]!.centerId;

// ───────────────────────── 3. Screens: statements and the price of security ─────────────────────────
type Screen = { name: string; document: string; variables: Record<string, unknown>; why?: string };
const firstPage = await managerFull.ok(CASELOAD, caseloadVars(10));
const caseId = firstPage.cases.edges[0]?.node.id as string;
const openCases = firstPage.cases.totalCount as number;
notes.push(`Caseload: ${openCases} open cases in the manager's center (${ACCOUNTS.manager}); the case page is the newest of them.`);

const screens: Screen[] = [
  { name: 'caseload first: 10', document: CASELOAD, variables: caseloadVars(10) },
  { name: 'caseload first: 100', document: CASELOAD, variables: caseloadVars(100) },
  { name: 'case page', document: CASE_PAGE, variables: { id: caseId } },
  { name: 'session list first: 10', document: SESSION_LIST, variables: { first: 10 } },
  { name: 'session list first: 100', document: SESSION_LIST, variables: { first: 100 } },
];
for (const s of screens) {
  const why = checkDocument(s.document);
  if (why) s.why = why;
}

log('counting SQL statements…');
const statementCounts = new Map<string, number>();
for (const s of screens) {
  if (s.why) continue;
  try {
    await managerFull.ok(s.document, s.variables);
    statementCounts.set(s.name, await countStatements(s.name, () => managerFull.ok(s.document, s.variables)));
  } catch (error) {
    s.why = failed(error);
  }
}
const aggregateScreens: { name: string; client: GraphQLClient; document: string; variables: Record<string, unknown>; why: string | null }[] = [
  { name: 'network comparison', client: analystFull, document: NETWORK_COMPARISON, variables: { period: YEAR, indicators: [...NETWORK_INDICATORS] }, why: checkDocument(NETWORK_COMPARISON) },
  { name: 'municipal dashboard', client: viewerFull, document: MUNICIPAL_DASHBOARD, variables: { period: YEAR }, why: checkDocument(MUNICIPAL_DASHBOARD) },
];
// A municipal dashboard with nothing decided: every system of every indicator goes to the
// workers, and the first read (asked again while "being prepared") waits for all of them.
let coldMunicipalMs: number | null = null;
{
  const m = aggregateScreens.find((a) => a.name === 'municipal dashboard')!;
  if (!m.why) {
    clearAggregateCaches();
    await sql(`DELETE FROM "AggregateDecision"`, []);
    const started = performance.now();
    try {
      await m.client.ok(MUNICIPAL_SHARE, { period: YEAR, indicators: [...SHARE_INDICATORS], breakdown: null });
      coldMunicipalMs = performance.now() - started;
    } catch (error) {
      m.why = failed(error);
    }
  }
}
for (const a of aggregateScreens) {
  if (a.why) continue;
  try {
    await a.client.ok(a.document, a.variables);
    // Counted with nothing cached: every statement the first read after a change sends.
    clearAggregateCaches();
    statementCounts.set(a.name, await countStatements(a.name, () => a.client.ok(a.document, a.variables)));
  } catch (error) {
    a.why = failed(error);
  }
}
const pair = (small: string, large: string, what: string) => {
  const a = statementCounts.get(small);
  const b = statementCounts.get(large);
  if (a === undefined || b === undefined) {
    add({ section: '1. SQL statements per operation', measure: what, figure: 'n/a', baseline: '', ratio: '', goal: 'constant in page size', result: 'n/a' });
    return;
  }
  add({ section: '1. SQL statements per operation', measure: what, figure: `${a} / ${b}`, baseline: '', ratio: '', goal: 'constant in page size', result: a === b ? 'pass' : 'FAIL' });
};
const statementsFile = path.join(here, '..', '..', '.opora-data', 'bench', `statements-${quick ? 'quick' : 'national'}.txt`);
mkdirSync(path.dirname(statementsFile), { recursive: true });
writeFileSync(statementsFile, statementLog.join('\n'));
pair('caseload first: 10', 'caseload first: 100', 'caseload, first: 10 / first: 100');
for (const name of ['case page', 'network comparison', 'municipal dashboard']) {
  const n = statementCounts.get(name);
  const why = screens.find((s) => s.name === name)?.why ?? aggregateScreens.find((a) => a.name === name)?.why;
  add({ section: '1. SQL statements per operation', measure: name, figure: n === undefined ? `n/a (${shorten(why ?? 'not measured')})` : String(n), baseline: '', ratio: '', goal: 'fixed (no per-row queries)', result: n === undefined ? 'n/a' : '—' });
}
pair('session list first: 10', 'session list first: 100', 'session list, first: 10 / first: 100');
notes.push(countsRoundTrips ? 'Statements are the round trips of one request to PostgreSQL, BEGIN and COMMIT included: statements sent together in one message (BEGIN with the role and deadline, the audit rows with COMMIT) count once.' : 'Statements are every SQL statement Prisma sent for one request, BEGIN/COMMIT and the tenant settings included.');

if (args['peer-only']) {
  // The statement counts and the peer alone: for measuring a change to the request path.
  const counts = await datasetCounts();
  await full.app.close();
  await bare.app.close();
  await database.close();
  if (pgUrl) await measurePeer();
  await writeReport(`statements and the peer (${quick ? 'PGlite' : 'PostgreSQL'})`, `${counts}.`, [], 'last-report-peer.md');
  process.exit(0);
}

log(`sequential latency, ${RUNS} runs per variant after ${WARMUP} warm-up…`);
const securityOps = screens.filter((s) => !s.why && (s.name === 'caseload first: 10' || s.name === 'caseload first: 100' || s.name === 'case page' || s.name === 'session list first: 10'));
const latency = new Map<string, { full: Summary; bare: Summary }>();
const SECURITY = '2. Price of the security layers (p50)';
for (const s of securityOps) {
  try {
    const samples = await interleaved(
      { full: () => managerFull.ok(s.document, s.variables), bare: () => managerBare.ok(s.document, s.variables) },
      RUNS,
      WARMUP,
    );
    latency.set(s.name, { full: summarize(samples.full!), bare: summarize(samples.bare!) });
  } catch (error) {
    add({ section: SECURITY, measure: s.name, figure: `n/a (${shorten(failed(error))})`, baseline: '', ratio: '', goal: '', result: 'n/a' });
  }
}
// Row-level security's price: the caseload's page and count queries as the runtime role under
// RLS, against the same queries as the owner with the center written into the WHERE clause.
const PAGE_RLS = `SELECT c.id, c.number, c.status, c."referralDate", c."childId", c."leadWorkerId" FROM "Case" c WHERE c.status = ANY($1::"CaseStatus"[]) ORDER BY c."referralDate" DESC, c.id DESC LIMIT $2`;
const COUNT_RLS = `SELECT count(*) FROM "Case" c WHERE c.status = ANY($1::"CaseStatus"[])`;
const PAGE_OWN = `SELECT c.id, c.number, c.status, c."referralDate", c."childId", c."leadWorkerId" FROM "Case" c WHERE c."centerId" = $3 AND c.status = ANY($1::"CaseStatus"[]) ORDER BY c."referralDate" DESC, c.id DESC LIMIT $2`;
const COUNT_OWN = `SELECT count(*) FROM "Case" c WHERE c."centerId" = $2 AND c.status = ANY($1::"CaseStatus"[])`;
async function inTransaction(statements: [string, unknown[]][]): Promise<void> {
  if (sqlPool) {
    const client = await sqlPool.connect();
    try {
      await client.query('BEGIN');
      for (const [text, params] of statements) await client.query(text, params);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  } else {
    await database.adapterFactory.pglite!.transaction(async (tx) => {
      for (const [text, params] of statements) await tx.query(text, params);
    });
  }
}
const statuses = [...OPEN_STATUSES];
const rlsSamples = await interleaved(
  {
    rls: () => inTransaction([[`SELECT set_config('role', 'opora_app', true), set_config('app.center_id', $1, true)`, [centerId]], [PAGE_RLS, [statuses, 11]], [COUNT_RLS, [statuses]]]),
    owner: () => inTransaction([[`SELECT set_config('app.center_id', $1, true)`, [centerId]], [PAGE_OWN, [statuses, 11, centerId]], [COUNT_OWN, [statuses, centerId]]]),
  },
  RUNS,
  WARMUP,
);
const rlsPrice = { rls: summarize(rlsSamples.rls!), owner: summarize(rlsSamples.owner!) };

for (const [name, l] of latency) {
  const r = l.full.p50 / l.bare.p50;
  const isCaseload = name.startsWith('caseload');
  add({
    section: SECURITY,
    measure: `${name}: graphql-shield (server ÷ server without shield)`,
    figure: `${ms(l.full.p50)} (p95 ${ms(l.full.p95)})`,
    baseline: `${ms(l.bare.p50)} (p95 ${ms(l.bare.p95)})`,
    ratio: ratio(r),
    goal: 'report',
    result: '—',
  });
}
const rlsRatio = rlsPrice.rls.p50 / rlsPrice.owner.p50;
add({
  section: SECURITY,
  measure: 'caseload SQL: row-level security (runtime role + RLS ÷ owner with centerId in WHERE)',
  figure: `${ms(rlsPrice.rls.p50)} (p95 ${ms(rlsPrice.rls.p95)})`,
  baseline: `${ms(rlsPrice.owner.p50)} (p95 ${ms(rlsPrice.owner.p95)})`,
  ratio: ratio(rlsRatio),
  goal: 'report',
  result: '—',
});
for (const name of ['caseload first: 10', 'caseload first: 100']) {
  const l = latency.get(name);
  if (!l) continue;
  // RLS adds (rls − owner) milliseconds of database time to the request; shield multiplies the rest.
  const withBoth = l.full.p50;
  const withNeither = l.bare.p50 - (rlsPrice.rls.p50 - rlsPrice.owner.p50);
  const r = withBoth / withNeither;
  add({
    section: SECURITY,
    measure: `${name}: both layers`,
    figure: ms(withBoth),
    baseline: `${ms(withNeither)} (without shield, minus RLS's SQL time)`,
    ratio: ratio(r),
    goal: '≤ 1.25×',
    result: r <= 1.25 ? 'pass' : 'FAIL',
  });
}

// ───────────────────────── 4. GraphQL's price ─────────────────────────
log('GraphQL against hand-written SQL…');
for (const first of [10, 100]) {
  const name = `caseload first: ${first}`;
  const screen = screens.find((s) => s.name === name)!;
  if (screen.why) continue;
  let samples: Record<string, number[]>;
  try {
    samples = await interleaved(
      {
        graphql: () => managerFull.ok(screen.document, screen.variables),
        sql: () => sql(CASELOAD_SQL, [centerId, [...OPEN_STATUSES], first]),
      },
      RUNS,
      WARMUP,
    );
  } catch (error) {
    add({ section: "3. GraphQL's price (p50, server ÷ one SQL query over pg)", measure: name, figure: `n/a (${shorten(failed(error))})`, baseline: '', ratio: '', goal: 'report', result: 'n/a' });
    continue;
  }
  const g = summarize(samples.graphql!);
  const q = summarize(samples.sql!);
  add({ section: "3. GraphQL's price (p50, server ÷ one SQL query over pg)", measure: name, figure: `${ms(g.p50)} (p95 ${ms(g.p95)})`, baseline: `${ms(q.p50)} (p95 ${ms(q.p95)})`, ratio: ratio(g.p50 / q.p50), goal: 'report', result: '—' });
}

// ───────────────────────── 5. Aggregates ─────────────────────────
log('aggregates against a raw grouped count…');
const yearFrom = `${YEAR.from}-01T00:00:00Z`;
const yearTo = `${Number(YEAR.to.slice(0, 4)) + 1}-01-01T00:00:00Z`;
for (const a of aggregateScreens) {
  if (a.why) {
    add({ section: '4. Aggregates (p50, raw grouped count over Session ÷ aggregate query)', measure: a.name, figure: `n/a (${shorten(a.why)})`, baseline: '', ratio: '', goal: '≥ 50× faster', result: 'n/a' });
    continue;
  }
  const coldDbTimes: number[] = [];
  // The network comparison after a real change at one of its centers (a March session a minute
  // longer, the next center each time): the reader's own refresh rebuilds that center's month,
  // and the centers' kept cells and systems (center-cells.ts) spare the other 149. Timed from
  // the read alone, not the UPDATE; the sessions are put back after.
  const changedWall: number[] = [];
  const changedDbTimes: number[] = [];
  const changedSessions: string[] = [];
  const network = a.name === 'network comparison' ? ((await sql(`SELECT id::text AS id FROM "Center" WHERE "networkId" IS NOT NULL ORDER BY code`, [])) as { id: string }[]).map((r) => r.id) : [];
  let samples: Record<string, number[]>;
  try {
    samples = await interleaved(
      {
        aggregate: () => a.client.ok(a.document, a.variables),
        // The first read after the data changed: every table computed again from the rollups.
        cold: async () => {
          clearAggregateCaches();
          dbTime = 0;
          await a.client.ok(a.document, a.variables);
          coldDbTimes.push(dbTime);
          dbTime = null;
        },
        ...(network.length > 0
          ? {
              changed: async () => {
                const center = network[changedSessions.length % network.length]!;
                const [row] = (await sql(
                  `UPDATE "Session" SET "durationMinutes" = "durationMinutes" + 1
                    WHERE id = (SELECT id FROM "Session" WHERE "centerId" = $1::uuid AND status = 'HELD'
                                  AND "startsAt" >= $2::timestamptz AND "startsAt" < $3::timestamptz ORDER BY id LIMIT 1)
                   RETURNING id::text AS id`,
                  [center, `${YEAR.from.slice(0, 4)}-03-01T00:00:00Z`, `${YEAR.from.slice(0, 4)}-04-01T00:00:00Z`],
                )) as { id: string }[];
                if (row) changedSessions.push(row.id);
                const t = performance.now();
                dbTime = 0;
                await a.client.ok(a.document, a.variables);
                changedDbTimes.push(dbTime);
                dbTime = null;
                changedWall.push(performance.now() - t);
              },
            }
          : {}),
        raw: () => sql(RAW_GROUPED_COUNT_SQL, [yearFrom, yearTo]),
      },
      AGG_RUNS,
      Math.min(WARMUP, 5),
    );
  } catch (error) {
    add({ section: '4. Aggregates (p50, raw grouped count over Session ÷ aggregate query)', measure: a.name, figure: `n/a (${shorten(failed(error))})`, baseline: '', ratio: '', goal: '≥ 50× faster', result: 'n/a' });
    continue;
  }
  const raw = summarize(samples.raw!);
  // The rollups against the raw table, at the database: every statement of a read with nothing
  // kept (sign-in, tenant, refresh check and the rollup reads) against the one raw count.
  const db = summarize(coldDbTimes);
  add({
    section: '4. Aggregates (p50, raw grouped count over Session ÷ aggregate query)',
    measure: `${a.name}: database time of the first read with nothing kept (all its statements)`,
    figure: `${ms(db.p50)} (p95 ${ms(db.p95)})`,
    baseline: `${ms(raw.p50)} (p95 ${ms(raw.p95)})`,
    ratio: `${ratio(raw.p50 / db.p50)} faster`,
    goal: 'report',
    result: '—',
  });
  for (const [variant, label] of [['aggregate', 'published tables cached'], ['cold', 'first read with nothing kept, as a new process']] as const) {
    const g = summarize(samples[variant]!);
    const r = raw.p50 / g.p50;
    add({
      section: '4. Aggregates (p50, raw grouped count over Session ÷ aggregate query)',
      measure: `${a.name} (${label})`,
      figure: `${ms(g.p50)} (p95 ${ms(g.p95)})`,
      baseline: `${ms(raw.p50)} (p95 ${ms(raw.p95)})`,
      ratio: `${ratio(r)} faster`,
      goal: '≥ 50× faster',
      result: r >= 50 ? 'pass' : 'FAIL',
    });
  }
  if (changedWall.length > 0) {
    for (const [times, what, goal] of [
      [changedWall, 'the whole request', 10],
      [changedDbTimes, 'database time (all its statements)', 50],
    ] as const) {
      const g = summarize([...times]);
      const r = raw.p50 / g.p50;
      add({
        section: '4. Aggregates (p50, raw grouped count over Session ÷ aggregate query)',
        measure: `${a.name}, first read after a change at one of its centers: ${what}`,
        figure: `${ms(g.p50)} (p95 ${ms(g.p95)})`,
        baseline: `${ms(raw.p50)} (p95 ${ms(raw.p95)})`,
        ratio: `${ratio(r)} faster`,
        goal: `≥ ${goal}× faster`,
        result: r >= goal ? 'pass' : 'FAIL',
      });
    }
    // The sessions as they were, and their months rebuilt, for the sections after this one.
    await sql(`UPDATE "Session" s SET "durationMinutes" = s."durationMinutes" - c.n FROM (SELECT id::uuid, count(*)::int AS n FROM unnest($1::text[]) AS id GROUP BY 1) c WHERE s.id = c.id`, [changedSessions]);
    await sql(`SELECT aggregate_refresh()`, []);
  }
}

// ───────────────────────── 4b. Small-cell protection: what share of the figures is published ─────────────────────────
// Every figure of every suppressible indicator a screen returns (cells, margins, totals, month
// trends), without a breakdown and by sex; "not below k" is what hiding only the small figures
// would leave, the most any complementary rule can publish.
{
  type Value = { suppressed: boolean; suppressionReason: string | null };
  const values = (tables: any[]): Value[] =>
    tables.flatMap((t) => [
      ...t.cells.map((c: any) => c.value),
      ...t.margins.map((c: any) => c.value),
      t.total,
      ...t.months.flatMap((m: any) => [m.total, ...m.cells.map((c: any) => c.value)]),
    ]);
  // Group programs know no person, so no sex.
  const indicatorsFor = (breakdown: string | null) => SHARE_INDICATORS.filter((c) => breakdown === null || !c.startsWith('GROUP_'));
  // One indicator a request: the network's 150 centers by sex, nine indicators at once, are
  // more than one request's deadline.
  const perIndicator = async (breakdown: string | null, read: (indicators: string[]) => Promise<any[]>) => {
    const out: any[] = [];
    for (const code of indicatorsFor(breakdown)) out.push(...(await read([code])));
    return out;
  };
  const screens = [
    {
      name: 'network comparison',
      read: (breakdown: string | null) =>
        perIndicator(breakdown, async (indicators) => (await analystFull.ok(NETWORK_SHARE, { period: YEAR, indicators, breakdown })).networkComparison.tables),
    },
    {
      name: `municipal dashboard (${ACCOUNTS.viewer})`,
      read: (breakdown: string | null) =>
        perIndicator(breakdown, async (indicators) => {
          const d = (await viewerFull.ok(MUNICIPAL_SHARE, { period: YEAR, indicators, breakdown })).municipalDashboard;
          return [...d.residents, ...d.territory];
        }),
    },
  ];
  add({
    section: '4b. Small-cell protection (share of figures published, no breakdown and by sex)',
    measure: `municipal dashboard, nothing decided: first answer (every indicator's system decided in worker threads)`,
    figure: coldMunicipalMs === null ? 'n/a' : ms(coldMunicipalMs),
    baseline: '',
    ratio: '',
    goal: 'report',
    result: '—',
  });
  for (const screen of screens) {
    try {
      const all = [...values(await screen.read(null)), ...values(await screen.read('SEX'))];
      const shown = all.filter((v) => !v.suppressed).length;
      const notSmall = all.filter((v) => v.suppressionReason !== 'BELOW_K').length;
      add({
        section: '4b. Small-cell protection (share of figures published, no breakdown and by sex)',
        measure: screen.name,
        figure: `${((100 * shown) / all.length).toFixed(1)} % of ${all.length.toLocaleString('en')}`,
        baseline: `${((100 * notSmall) / all.length).toFixed(1)} % not below k`,
        ratio: '',
        goal: 'report',
        result: '—',
      });
    } catch (error) {
      add({ section: '4b. Small-cell protection (share of figures published, no breakdown and by sex)', measure: screen.name, figure: `n/a (${shorten(failed(error))})`, baseline: '', ratio: '', goal: 'report', result: 'n/a' });
    }
  }
}

const counts = await datasetCounts();
await full.app.close();
await bare.app.close();
await database.close();

// ───────────────────────── 6. Load: 50 connections, separate server processes ─────────────────────────
log(`load: ${CONNECTIONS} connections × ${DURATION_S} s per screen, servers in their own processes…`);
const apolloChild = await startChild('apollo');
const apolloLoad = await loadTest(apolloChild.url, null, '{ __typename }', {});
await stopChild(apolloChild);

const opora = await startChild('opora');
const oporaClient = new GraphQLClient(opora.url);
const manager = await oporaClient.login(ACCOUNTS.manager, PASSWORD);
const loadScreens = screens.filter((s) => !s.why && (s.name === 'caseload first: 10' || s.name === 'case page' || s.name === 'session list first: 10'));
const loads = new Map<string, Load>();
for (const s of loadScreens) {
  try {
    await manager.ok(s.document, s.variables); // warm the path and check it answers
    loads.set(s.name, await loadTest(opora.url, manager.authorization, s.document, s.variables));
  } catch (error) {
    notes.push(`Load on ${s.name} not measured: ${failed(error)}`);
  }
}
const memory = await memoryOf(opora);
await stopChild(opora);

const caseloadLoad = loads.get('caseload first: 10');
if (caseloadLoad) {
  add({
    section: `5. Throughput, ${CONNECTIONS} connections`,
    measure: 'caseload first: 10 ÷ bare Apollo { __typename }',
    figure: `${Math.round(caseloadLoad.rps)} req/s`,
    baseline: `${Math.round(apolloLoad.rps)} req/s`,
    ratio: ratio(caseloadLoad.rps / apolloLoad.rps),
    goal: 'report',
    result: '—',
  });
}
for (const [name, l] of loads) {
  add({
    section: `5. Throughput, ${CONNECTIONS} connections`,
    measure: `${name}: p95 under load`,
    figure: l.answered === 0
      ? `no answer in ${DURATION_S} s (${l.requests} sent, ${l.errors} errors or timeouts)`
      : `${ms(l.p95)} (p50 ${ms(l.p50)}, ${Math.round(l.rps)} req/s${l.errors ? `, ${l.errors} errors` : ''})`,
    baseline: '',
    ratio: '',
    goal: '≤ 100 ms',
    result: l.p95 <= 100 && l.errors === 0 ? 'pass' : 'FAIL',
  });
}
add({ section: '6. Server memory after the load', measure: `RSS / heap used${opora.processes > 1 ? ` (${opora.processes} server processes together)` : ''}`, figure: `${mb(memory.rss)} / ${mb(memory.heapUsed)}`, baseline: '', ratio: '', goal: 'report', result: '—' });

// ───────────────────────── 6b. The peer: PostGraphile 5 on the same database ─────────────────────────
if (pgUrl) await measurePeer();
else notes.push('The peer (PostGraphile 5, section 6b) is skipped in --quick: it needs PostgreSQL, and --quick runs on PGlite. `pnpm bench` measures it.');

// ───────────────────────── 6c. The same center with 6 or 150 centers in the database ─────────────────────────
if (pgUrl) await measureScale();
else notes.push(SCALE_SKIPPED);

// ───────────────────────── 8. The web app in a phone's browser ─────────────────────────
if (args['skip-browser']) notes.push('The browser section was skipped (--skip-browser).');
else try {
  for (const row of browserRows(await measureBrowser(BROWSER_RUNS, log))) add(row);
} catch (error) {
  add({ section: BROWSER_SECTION, measure: 'browser section', figure: `n/a (${shorten(failed(error))})`, baseline: '', ratio: '', goal: 'report', result: 'n/a' });
}

// ───────────────────────── 8. The history import ─────────────────────────
// Last: on PostgreSQL its copy of the data needs every connection to the bench database closed.
if (sqlPool) await sqlPool.end();
await importSection();

// ───────────────────────── Report ─────────────────────────
const dataLine = load.reused
  ? `dataset reused (loaded before by the same generator and options; \`--reload\` loads it again)`
  : `loaded ${load.rows.toLocaleString('en')} rows in ${load.seconds.total.toFixed(0)} s: setup (migrations, catalogue) ${load.seconds.setup.toFixed(0)} s, generate + COPY ${load.seconds.copy.toFixed(0)} s (${Math.round(load.rows / load.seconds.copy).toLocaleString('en')} rows/s), keys and indexes ${load.seconds.indexes.toFixed(0)} s, foreign keys ${load.seconds.foreignKeys.toFixed(0)} s, vacuum/analyze/rollups ${load.seconds.analyze.toFixed(0)} s`;
await writeReport(
  quick ? 'quick (PGlite)' : 'national (PostgreSQL)',
  `${counts}. ${dataLine}.`,
  [`Sequential figures: ${RUNS} runs per variant (the aggregates ${AGG_RUNS}), interleaved, after ${WARMUP} warm-up runs. Load: autocannon, ${CONNECTIONS} connections × ${DURATION_S} s per screen, against servers in their own processes (Opora: ${opora.processes} process${opora.processes > 1 ? 'es, node:cluster' : ''}, pool ${process.env.DATABASE_POOL_MAX ?? 10} connections each; bare Apollo the same number); bare Apollo ${Math.round(apolloLoad.rps)} req/s (p95 ${ms(apolloLoad.p95)}).`],
  quick ? 'last-report-quick.md' : 'last-report.md',
);
process.exit(0);

function groupRows(): string[] {
  const out: string[] = [];
  let section = '';
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      out.push(`| **${section}** | | | | | |`);
    }
    out.push(`| ${r.measure} | ${r.figure} | ${r.baseline} | ${r.ratio} | ${r.goal} | ${r.result === 'pass' ? '✅ pass' : r.result === 'FAIL' ? '❌ FAIL' : r.result} |`);
  }
  return out;
}

/** The report (the table of every measure, then the notes), printed and written beside this file. */
async function writeReport(title: string, data: string, lead: string[], file: string): Promise<void> {
  const report = [
    `# Opora benchmark — ${title}`,
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${await describeMachine()}`,
    '',
    `Data: ${options.centers} centers × ${options.years} years — ${data}`,
    '',
    ...(quick
      ? [`**Quick run**: the small form on in-memory PGlite (one embedded connection), ${RUNS} samples per variant (the aggregates ${AGG_RUNS}), ${DURATION_S} s of load per screen, ${BROWSER_RUNS} browser run${BROWSER_RUNS > 1 ? 's' : ''}, the history import a tenth of the file, no peer (PostgreSQL only). Every section prints its kind of figure; the goals are judged on the national data (\`pnpm bench\`), so read these as a smoke test, not as the goals' figures.`, '']
      : []),
    '| measure | figure | baseline (same run) | ratio | goal | result |',
    '|---|---|---|---|---|---|',
    ...groupRows(),
    '',
    ...lead,
    ...notes.map((n) => `- ${n}`),
    '',
    `Total run time ${((performance.now() - started) / 1000).toFixed(0)} s.`,
    '',
  ].join('\n');
  process.stdout.write(`\n${report}`);
  writeFileSync(path.join(here, file), report);
  log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

async function describeMachine(): Promise<string> {
  const cpus = os.cpus();
  let database = 'PGlite (in memory)';
  if (pgUrl) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    const v = (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v;
    await c.end();
    database = `PostgreSQL ${v.split(' ')[0]}`;
  }
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.versions.node}, ${database}, load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`;
}

async function datasetCounts(): Promise<string> {
  const text = 'SELECT (SELECT count(*) FROM "Case")::int AS cases, (SELECT count(*) FROM "Session")::int AS sessions, (SELECT count(*) FROM "Client")::int AS clients';
  const r = (await sql(text, []))[0] as { cases: number; sessions: number; clients: number };
  return `${r.cases.toLocaleString('en')} cases, ${r.sessions.toLocaleString('en')} sessions (${(r.sessions / r.cases).toFixed(1)} per case), ${r.clients.toLocaleString('en')} clients`;
}

function migrationsDigest(): string {
  const dir = path.join(here, '..', '..', 'prisma', 'migrations');
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name, 'migration.sql');
    if (existsSync(file)) hash.update(name).update(readFileSync(file));
  }
  return hash.digest('hex');
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MB`;
}

function shorten(text: string): string {
  return text.length > 90 ? `${text.slice(0, 87)}…` : text;
}

// ───────────────────────── The peer ─────────────────────────
// PostGraphile 5 (peer.ts) and Opora, each in its own processes (the same number of each), on the
// same national database, roles and policies. Both must return the same rows first; then each
// screen is loaded at CONNECTIONS and at 1 connection, the two servers taking turns (PEER_ROUNDS
// rounds, the first to go alternating), while the CPU time of each server's processes and of the
// PostgreSQL backends serving it (told apart by application_name) is read from /proc.
async function measurePeer(): Promise<void> {
  const SECTION = `6b. The peer: PostGraphile 5 on the same database, roles and RLS (interleaved, ${PEER_ROUNDS} rounds × ${DURATION_S} s each)`;
  const secret = randomBytes(32).toString('hex');
  const named = (application: string) => withApplicationName(pgUrl!, application);
  log('the peer: PostGraphile 5 and Opora, each in its own processes…');
  const loadAtStart = os.loadavg()[0]!;
  const oporaChild = await startChild('opora', { BENCH_DATABASE_URL: named('opora_bench_opora') });
  let peerChild: Child;
  try {
    peerChild = await startChild('peer', { BENCH_DATABASE_URL: named('opora_bench_peer'), BENCH_PEER_SECRET: secret, GRAPHILE_ENV: 'production' });
  } catch (error) {
    add({ section: SECTION, measure: 'PostGraphile 5', figure: `n/a (${shorten(failed(error))})`, baseline: '', ratio: '', goal: 'report', result: 'n/a' });
    await stopChild(oporaChild);
    return;
  }
  const monitor = new pg.Client({ connectionString: pgUrl! });
  await monitor.connect();
  try {
    const oporaClient = await new GraphQLClient(oporaChild.url).login(ACCOUNTS.manager, PASSWORD);
    const me = (await sql(`SELECT u.id AS "userId", m."centerId" FROM "User" u JOIN "Membership" m ON m."userId" = u.id WHERE u.email = $1 AND m."centerId" IS NOT NULL`, [ACCOUNTS.manager]))[0] as { userId: string; centerId: string };
    const peerClient = new GraphQLClient(peerChild.url, signPeerToken(secret, { userId: me.userId, centerId: me.centerId, exp: Math.floor(Date.now() / 1000) + 6 * 3600 }));
    const rich = await richCase((text, params) => sql(text, params), me.centerId);
    const caseUuid = rich?.id ?? Buffer.from(caseId, 'base64url').toString('utf8').split(':')[1]!;
    const pageId = rich ? Buffer.from(`Case:${rich.id}`, 'utf8').toString('base64url') : caseId;
    const pages = [
      { name: 'caseload first: 10', opora: [CASELOAD, caseloadVars(10)], peer: [PEER_CASELOAD, caseloadVars(10)], rows: caseloadRows },
      { name: 'case page', opora: [CASE_PAGE, { id: pageId }], peer: [PEER_CASE_PAGE, { id: caseUuid }], rows: casePageRows },
    ] as const;
    const measured: typeof pages[number][] = [];
    for (const page of pages) {
      try {
        const a = page.rows(await oporaClient.ok(page.opora[0], page.opora[1]), false) as any;
        const b = page.rows(await peerClient.ok(page.peer[0], page.peer[1]), true) as any;
        const same = JSON.stringify(a) === JSON.stringify(b);
        const what = page.name.startsWith('caseload')
          ? `${a.rows.length} cases of ${a.totalCount}: ids, order, child, lead worker, target groups, total`
          : `case, person, household, lead worker, ${a.targetGroups.length} target groups, ${a.teamMembers.length} team members, ${a.participants.length} participants, ${a.statusHistory.length} status changes, ${a.assessments.length} assessments, ${a.supportPlans.length} plans, ${a.sessions.length} of ${a.sessionCount} sessions in order`;
        if (!same) notes.push(`${page.name}: Opora ${JSON.stringify(a)} — peer ${JSON.stringify(b)}`);
        add({ section: SECTION, measure: `${page.name}: the same rows from both`, figure: same ? `same (${what})` : 'DIFFERENT (see the note below)', baseline: '', ratio: '', goal: 'identical', result: same ? 'pass' : 'FAIL' });
        measured.push(page);
      } catch (error) {
        add({ section: SECTION, measure: `${page.name}: the same rows from both`, figure: `n/a (${shorten(failed(error))})`, baseline: '', ratio: '', goal: 'identical', result: 'n/a' });
      }
    }
    for (const connections of [CONNECTIONS, 1]) {
      for (const page of measured) {
        log(`  ${page.name}, ${connections} connection${connections > 1 ? 's' : ''}: ${PEER_ROUNDS} rounds, Opora and the peer in turn`);
        const [o, p] = await takeTurns(
          monitor,
          [
            { child: oporaChild, application: 'opora_bench_opora', authorization: oporaClient.authorization, document: page.opora[0], variables: page.opora[1] },
            { child: peerChild, application: 'opora_bench_peer', authorization: peerClient.authorization, document: page.peer[0], variables: page.peer[1] },
          ],
          PEER_ROUNDS,
          connections,
          DURATION_S,
        );
        const os_ = summarize(o.latencies);
        const ps = summarize(p.latencies);
        const perRound = o.rps.map((r, i) => p.rps[i]! / r);
        const range = `${ratio(Math.min(...perRound))}–${ratio(Math.max(...perRound))}`;
        const rps = (t: Tally) => t.requests / t.seconds;
        const label = `${page.name}, ${connections} connection${connections > 1 ? 's' : ''}`;
        const errors = (t: Tally) => (t.errors ? `, ${t.errors} errors` : '');
        add({
          section: SECTION,
          measure: `${label}: req/s (p50 / p95), Opora vs peer`,
          figure: `${Math.round(rps(o))} req/s (${ms(os_.p50)} / ${ms(os_.p95)})${errors(o)}`,
          baseline: `${Math.round(rps(p))} req/s (${ms(ps.p50)} / ${ms(ps.p95)})${errors(p)}`,
          ratio: `peer ÷ Opora ${ratio(rps(p) / rps(o))} (rounds ${range})`,
          goal: connections > 1 ? 'Opora ≥ peer (ratio ≤ 1.0)' : 'Opora p50 ≤ peer p50',
          result: (connections > 1 ? rps(o) >= rps(p) : os_.p50 <= ps.p50) ? 'pass' : 'FAIL',
        });
        add({
          section: SECTION,
          measure: `${label}: CPU per request, server processes / PostgreSQL backends`,
          figure: `${ms(o.serverMs / o.requests)} / ${ms(o.pgMs / o.requests)}`,
          baseline: `${ms(p.serverMs / p.requests)} / ${ms(p.pgMs / p.requests)}`,
          ratio: `Opora ÷ peer ${ratio(o.serverMs / o.requests / (p.serverMs / p.requests))} / ${ratio(o.pgMs / o.requests / (p.pgMs / p.requests))}`,
          goal: 'report',
          result: '—',
        });
      }
    }
    notes.push(
      `The peer (section 6b): PostGraphile ${peerVersion()} (Amber preset, a \`statusIn\` condition added for the caseload's open statuses), in ${peerChild.processes} process${peerChild.processes > 1 ? 'es' : ''} like Opora, pool ${process.env.DATABASE_POOL_MAX ?? 10} connections each, connecting as the same login and running every request in one transaction as \`opora_app\` with \`app.center_id\` and \`app.user_id\` set by \`pgSettings\` from a token verified in its own process (HMAC, no database round trip). It does less than Opora per request: no database sign-in (a session revoked in the database is not refused until the token expires), no permission layer (graphql-shield) — row-level security is its only wall — and no audit of the people it returns (Opora inserts one audit row per request that reads a person). Both answer as the Plovdiv manager; the load generator runs on the same machine. Load average (1 min) ${loadAtStart.toFixed(1)} when the section began, ${os.loadavg()[0]!.toFixed(1)} when it ended (${os.cpus().length} cores): read the ratios, not the times.`,
    );
  } finally {
    await monitor.end();
    await stopChild(peerChild);
    await stopChild(oporaChild);
  }
}

function peerVersion(): string {
  try {
    // The package exports no package.json: find it above its entry point.
    let dir = path.dirname(createRequire(import.meta.url).resolve('postgraphile'));
    while (!existsSync(path.join(dir, 'package.json')) || JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== 'postgraphile') dir = path.dirname(dir);
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '5';
  }
}

/**
 * The case page the load sections ask for: a case with something on every list (the newest case
 * has no session yet), the newest of the center's cases with an assessment, a plan and more
 * than 20 held sessions.
 */
async function richCase(query: (text: string, params: unknown[]) => Promise<unknown[]>, center: string): Promise<{ id: string } | undefined> {
  const rows = (await query(
    `SELECT c.id FROM "Case" c
      WHERE c."centerId" = $1
        AND EXISTS (SELECT 1 FROM "Assessment" a WHERE a."centerId" = c."centerId" AND a."caseId" = c.id)
        AND EXISTS (SELECT 1 FROM "SupportPlan" p WHERE p."centerId" = c."centerId" AND p."caseId" = c.id)
        AND (SELECT count(*) FROM "Session" s WHERE s."centerId" = c."centerId" AND s."caseId" = c.id AND s.status = 'HELD') > 20
      ORDER BY c."referralDate" DESC, c.id DESC LIMIT 1`,
    [center],
  )) as { id: string }[];
  return rows[0];
}

/** --scale-only: the stored national database must be the one these options load, with every migration applied. */
async function checkStoredNational(serverUrl: string, name: string, wanted: NationalOptions): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  let comment: string | null | undefined;
  try {
    comment = (await c.query<{ comment: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`, [name])).rows[0]?.comment;
  } finally {
    await c.end();
  }
  if (comment !== fingerprint(wanted)) throw new Error(`${name} does not hold the national data of ${fingerprint(wanted)} (found ${comment === undefined ? 'no such database' : comment ?? 'no finished load'}); load it first with \`pnpm --filter @opora/prisma db:national --db ${name}${wanted.centers !== DEFAULT_NATIONAL.centers ? ` --centers ${wanted.centers}` : ''}${wanted.years !== DEFAULT_NATIONAL.years ? ` --years ${wanted.years}` : ''}\` or a run of \`pnpm bench\``);
  const d = new pg.Client({ connectionString: withDatabaseName(serverUrl, name) });
  await d.connect();
  try {
    const applied = new Set((await d.query<{ name: string }>(`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL`)).rows.map((r) => r.name));
    const dir = path.join(here, '..', '..', 'prisma', 'migrations');
    const pending = readdirSync(dir).filter((m) => existsSync(path.join(dir, m, 'migration.sql')) && !applied.has(m));
    if (pending.length) throw new Error(`${name} lacks ${pending.length} migration(s) of this tree (${pending.join(', ')}); --scale-only does not migrate it`);
  } finally {
    await d.end();
  }
}

// ───────────────────────── The same center with 6 or 150 centers ─────────────────────────
// The goal of issue #21: a center's caseload costs the same whether the database holds 6 centers
// or 150. A second database is loaded by the same generator with 6 centers and the same years;
// the generator seeds every center from its index, so the Plovdiv center (index 0, whose manager
// the bench signs in as) is the same rows in both, which is checked first. Then an Opora server on
// each (the same processes and pool), answering as that manager, takes turns under the same load
// as section 6b, and the CPU of each server and of its PostgreSQL backends is read from /proc.

async function measureScale(): Promise<void> {
  const few = 6;
  const SECTION = `6c. The same center with ${few} or ${options.centers} centers in the database (Opora on each, interleaved, ${SCALE_ROUNDS} rounds × ${DURATION_S} s each)`;
  if (options.centers <= few) {
    notes.push(`Section 6c needs more than ${few} centers in the national form; this run has ${options.centers}.`);
    return;
  }
  const manyUrl = pgUrl!;
  const fewName = `${args.db}_six`;
  const fewOptions: NationalOptions = { ...options, centers: few };
  log(`${few} centers × ${options.years} years in ${fewName} (the same generator)…`);
  const fewLoad = await loadNationalPostgres(SERVER_URL, fewName, fewOptions, { force: args.reload!, log });
  const fewUrl = withDatabaseName(SERVER_URL, fewName);

  // The same center in both: its id, its open cases (what the caseload lists) and all its cases and sessions.
  const centerDigest = async (url: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<{ centerId: string; open: string; cases: string; sessions: string; openCount: number; caseCount: number; sessionCount: number; allCases: number }>(
        `WITH me AS (SELECT m."centerId" AS id FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1 AND m."centerId" IS NOT NULL)
         SELECT me.id AS "centerId",
                (SELECT md5(string_agg(concat_ws('|', k.id, k.number, k.status, k."referralDate", k."childId", k."leadWorkerId"), ',' ORDER BY k.id)) FROM "Case" k WHERE k."centerId" = me.id AND k.status = ANY($2::"CaseStatus"[])) AS open,
                (SELECT count(*)::int FROM "Case" k WHERE k."centerId" = me.id AND k.status = ANY($2::"CaseStatus"[])) AS "openCount",
                (SELECT md5(string_agg(concat_ws('|', k.id, k.status, k."closedOn"), ',' ORDER BY k.id)) FROM "Case" k WHERE k."centerId" = me.id) AS cases,
                (SELECT count(*)::int FROM "Case" k WHERE k."centerId" = me.id) AS "caseCount",
                (SELECT md5(string_agg(concat_ws('|', s.id, s."caseId", s."startsAt", s.status), ',' ORDER BY s.id)) FROM "Session" s WHERE s."centerId" = me.id) AS sessions,
                (SELECT count(*)::int FROM "Session" s WHERE s."centerId" = me.id) AS "sessionCount",
                (SELECT count(*)::int FROM "Case") AS "allCases"
           FROM me`,
        [ACCOUNTS.manager, [...OPEN_STATUSES]],
      )).rows[0]!;
    } finally {
      await c.end();
    }
  };
  const [many, fewer] = [await centerDigest(manyUrl), await centerDigest(fewUrl)];
  const sameCenter = many.centerId === fewer.centerId && many.open === fewer.open && many.cases === fewer.cases && many.sessions === fewer.sessions;
  add({
    section: SECTION,
    measure: `the Plovdiv center in both databases (${ACCOUNTS.manager})`,
    figure: sameCenter
      ? `same rows: center id, ${many.openCount} open cases (id, number, status, referral date, child, lead worker), all ${many.caseCount.toLocaleString('en')} cases, ${many.sessionCount.toLocaleString('en')} sessions`
      : `DIFFERENT: ${JSON.stringify(many)} vs ${JSON.stringify(fewer)}`,
    baseline: `${many.allCases.toLocaleString('en')} vs ${fewer.allCases.toLocaleString('en')} cases in the database`,
    ratio: ratio(many.allCases / fewer.allCases),
    goal: 'identical',
    result: sameCenter ? 'pass' : 'FAIL',
  });

  log(`  an Opora server on each database…`);
  const loadAtStart = os.loadavg()[0]!;
  const manyApp = `opora_bench_n${options.centers}`;
  const fewApp = `opora_bench_n${few}`;
  const manyChild = await startChild('opora', { BENCH_DATABASE_URL: withApplicationName(manyUrl, manyApp) });
  let fewChild: Child;
  try {
    fewChild = await startChild('opora', { BENCH_DATABASE_URL: withApplicationName(fewUrl, fewApp) });
  } catch (error) {
    await stopChild(manyChild);
    throw error;
  }
  const monitor = new pg.Client({ connectionString: manyUrl });
  await monitor.connect();
  try {
    const manyClient = await new GraphQLClient(manyChild.url).login(ACCOUNTS.manager, PASSWORD);
    const fewClient = await new GraphQLClient(fewChild.url).login(ACCOUNTS.manager, PASSWORD);
    const rich = await richCase(async (text, params) => (await monitor.query(text, params)).rows, many.centerId);
    const first = (await manyClient.ok(CASELOAD, caseloadVars(10))).cases.edges[0]?.node.id as string;
    const pageId = rich ? Buffer.from(`Case:${rich.id}`, 'utf8').toString('base64url') : first;
    const pages = [
      { name: 'caseload first: 10', document: CASELOAD, variables: caseloadVars(10) },
      { name: 'case page', document: CASE_PAGE, variables: { id: pageId } as Record<string, unknown> },
    ];
    const measured: typeof pages = [];
    for (const page of pages) {
      try {
        // Both are Opora: the whole answer must be the same, byte for byte.
        const a = await manyClient.ok(page.document, page.variables);
        const b = await fewClient.ok(page.document, page.variables);
        const same = JSON.stringify(a) === JSON.stringify(b);
        const what = page.document === CASELOAD ? `${a.cases.edges.length} cases of ${a.cases.totalCount}` : `${a.node?.sessions.edges.length} of ${a.node?.sessions.totalCount} sessions and every list`;
        if (!same) notes.push(`6c, ${page.name}: ${options.centers} centers ${JSON.stringify(a)} — ${few} centers ${JSON.stringify(b)}`);
        add({ section: SECTION, measure: `${page.name}: the same answer from both`, figure: same ? `same, the whole answer (${what})` : 'DIFFERENT (see the note below)', baseline: '', ratio: '', goal: 'identical', result: same ? 'pass' : 'FAIL' });
        if (same) measured.push(page);
      } catch (error) {
        add({ section: SECTION, measure: `${page.name}: the same answer from both`, figure: `n/a (${shorten(failed(error))})`, baseline: '', ratio: '', goal: 'identical', result: 'n/a' });
      }
    }
    for (const connections of [CONNECTIONS, 1]) {
      for (const page of measured) {
        log(`  ${page.name}, ${connections} connection${connections > 1 ? 's' : ''}: ${SCALE_ROUNDS} rounds, ${options.centers} and ${few} centers in turn`);
        const [m, f] = await takeTurns(
          monitor,
          [
            { child: manyChild, application: manyApp, authorization: manyClient.authorization, document: page.document, variables: page.variables },
            { child: fewChild, application: fewApp, authorization: fewClient.authorization, document: page.document, variables: page.variables },
          ],
          SCALE_ROUNDS,
          connections,
          DURATION_S,
        );
        const ms_ = summarize(m.latencies);
        const fs_ = summarize(f.latencies);
        const rps = (t: Tally) => t.requests / t.seconds;
        const errors = (t: Tally) => (t.errors ? `, ${t.errors} errors` : '');
        const label = `${page.name}, ${connections} connection${connections > 1 ? 's' : ''}`;
        // Under load the cost is time per request (1 ÷ req/s); alone, the median wait.
        const timeRatio = connections > 1 ? rps(f) / rps(m) : ms_.p50 / fs_.p50;
        const perRound = connections > 1 ? m.rps.map((r, i) => f.rps[i]! / r) : m.p50.map((p, i) => p / f.p50[i]!);
        const range = `rounds ${ratio(Math.min(...perRound))}–${ratio(Math.max(...perRound))}`;
        add({
          section: SECTION,
          measure: `${label}: req/s (p50 / p95), ${options.centers} vs ${few} centers`,
          figure: `${Math.round(rps(m))} req/s (${ms(ms_.p50)} / ${ms(ms_.p95)})${errors(m)}`,
          baseline: `${Math.round(rps(f))} req/s (${ms(fs_.p50)} / ${ms(fs_.p95)})${errors(f)}`,
          ratio: connections > 1
            ? `time per request ${options.centers} ÷ ${few}: ${ratio(timeRatio)} (${range})`
            : `p50 ${options.centers} ÷ ${few}: ${ratio(timeRatio)} (${range})`,
          goal: '≤ 1.2×',
          result: timeRatio <= 1.2 && m.errors === 0 && f.errors === 0 ? 'pass' : 'FAIL',
        });
        const cpu = (t: Tally) => (t.serverMs + t.pgMs) / t.requests;
        const cpuRatio = cpu(m) / cpu(f);
        add({
          section: SECTION,
          measure: `${label}: CPU per request, server processes / PostgreSQL backends`,
          figure: `${ms(m.serverMs / m.requests)} / ${ms(m.pgMs / m.requests)}`,
          baseline: `${ms(f.serverMs / f.requests)} / ${ms(f.pgMs / f.requests)}`,
          ratio: `${options.centers} ÷ ${few}: ${ratio(m.serverMs / m.requests / (f.serverMs / f.requests))} / ${ratio(m.pgMs / m.requests / (f.pgMs / f.requests))}, together ${ratio(cpuRatio)}`,
          goal: 'together ≤ 1.2×',
          result: cpuRatio <= 1.2 ? 'pass' : 'FAIL',
        });
      }
    }
    notes.push(
      `The same center with ${few} or ${options.centers} centers (section 6c): ${fewName} was ${fewLoad.reused ? 'reused (loaded before by the same generator and options)' : `loaded in ${fewLoad.seconds.total.toFixed(0)} s`}. An Opora server on each database, ${manyChild.processes} process${manyChild.processes > 1 ? 'es' : ''} and a pool of ${process.env.DATABASE_POOL_MAX ?? 10} connections each, both answering as ${ACCOUNTS.manager}; the first to go alternates by round. Load average (1 min) ${loadAtStart.toFixed(1)} when the section began, ${os.loadavg()[0]!.toFixed(1)} when it ended (${os.cpus().length} cores).`,
    );
  } finally {
    await monitor.end();
    await stopChild(fewChild);
    await stopChild(manyChild);
  }
}
