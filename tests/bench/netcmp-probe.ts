// Probe: the network comparison cold, with nothing decided and with decisions kept (not part of pnpm bench).
// npx tsx bench/netcmp-probe.ts --db opora_netcmp [--keep] [--changes N]
//   --keep: leave AggregateDecision as it is at the start
//   --changes N: then N times a real change at one center of the network (a 2025 session one
//   minute longer, the next center each time) and the read after it, as a network analyst meets it
//   --profile <file>: a .cpuprofile of those reads after a change (Chrome DevTools or speedscope)
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '@opora/prisma/db';
import { withDatabaseName } from '@opora/prisma/national';
import { clearAggregateCaches, settledDecisions } from '@opora/schema';
import pg from 'pg';
import { benchServer } from './bench-server.ts';
import { GraphQLClient } from './measure.ts';
import { NETWORK_COMPARISON, NETWORK_INDICATORS } from './operations.ts';

const { values: args } = parseArgs({ options: { db: { type: 'string', default: 'opora_netcmp' }, keep: { type: 'boolean', default: false }, changes: { type: 'string', default: '0' }, profile: { type: 'string' } } });
const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const url = withDatabaseName(serverUrl, args.db!);
let counting: { q: string; ms: number }[] | null = null;
const database = openDatabase({ kind: 'postgres', url }, { onQuery: (q, ms) => counting?.push({ q, ms }) });
const app = benchServer(database);
const base = await app.listen(0, '127.0.0.1');
const pool = new pg.Pool({ connectionString: url, max: 1 });
const client = await new GraphQLClient(base).login('analyst@network.opora.test', 'opora-demo');
const variables = { period: { from: '2025-01', to: '2025-12' }, indicators: [...NETWORK_INDICATORS] };
const load = () => os.loadavg().map((l) => l.toFixed(1)).join('/');

/** One request, or with `untilFigures` as many as it takes (AGGREGATE_PREPARING asked again), counted together. */
async function once(label: string, untilFigures = false) {
  counting = [];
  const t0 = performance.now();
  let r = await client.request(NETWORK_COMPARISON, variables);
  let requests = 1;
  while (untilFigures && r.errors?.length && r.errors.every((e) => e.extensions?.code === 'AGGREGATE_PREPARING')) {
    r = await client.request(NETWORK_COMPARISON, variables);
    requests++;
  }
  if (requests > 1) label += ` (${requests} requests)`;
  const wall = performance.now() - t0;
  const stmts = counting;
  counting = null;
  const db = stmts.reduce((s, x) => s + x.ms, 0);
  const err = r.errors?.map((e) => `${String(e.extensions?.code ?? '')}: ${e.message.slice(0, 60)}`).join('; ');
  console.log(`${label}: ${Math.round(wall)} ms wall, ${stmts.length} statements, ${Math.round(db)} ms in db, load ${load()}${err ? `, ERROR ${err}` : ', figures'}`);
  const shapes = new Map<string, { n: number; ms: number }>();
  for (const s of stmts) {
    const k = s.q.replace(/\s+/g, ' ').slice(0, 140);
    const e = shapes.get(k) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += s.ms;
    shapes.set(k, e);
  }
  for (const [k, e] of [...shapes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 6)) console.log(`   ${e.n}× ${Math.round(e.ms)} ms  ${k}`);
  return r;
}

if (!args.keep) {
  clearAggregateCaches();
  await pool.query(`DELETE FROM "AggregateDecision"`);
  await once('nothing decided, first request');
  const t0 = performance.now();
  let tries = 1;
  for (;;) {
    const r = await client.request(NETWORK_COMPARISON, variables);
    tries++;
    if (!r.errors?.length) break;
    if (!r.errors.every((e) => e.extensions?.code === 'AGGREGATE_PREPARING')) {
      console.log('  error while waiting:', r.errors.map((e) => e.message.slice(0, 80)).join('; '));
    }
  }
  console.log(`  figures after ${tries} requests, ${Math.round(performance.now() - t0)} ms more, load ${load()}`);
  await settledDecisions();
}
clearAggregateCaches();
await once('cold (decisions kept in the database)', true);
await once('warm');
// A change at one center: the reader's own refresh rebuilds that center's month, the rollups'
// version moves, and the read after it is what an analyst meets after a colleague's work.
const centers = (await pool.query(`SELECT c.id::text FROM "Center" c JOIN "Network" n ON n.id = c."networkId" ORDER BY c.code`)).rows.map((r) => r.id as string);
const inspector = args.profile ? new Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}
const changed: string[] = [];
for (let i = 0; i < Number(args.changes); i++) {
  const center = centers[i % centers.length]!;
  const { rowCount, rows } = await pool.query(
    `UPDATE "Session" SET "durationMinutes" = "durationMinutes" + 1
      WHERE id = (SELECT id FROM "Session" WHERE "centerId" = $1::uuid AND status = 'HELD'
                    AND "startsAt" >= '2025-03-01' AND "startsAt" < '2025-04-01' ORDER BY id LIMIT 1)
     RETURNING id`,
    [center],
  );
  changed.push(...rows.map((r) => r.id as string));
  await once(`after a change at center ${i + 1} (${rowCount} session)`, true);
}
if (inspector) {
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(args.profile!, JSON.stringify(profile));
  console.log(`profile of the reads after a change: ${args.profile}`);
}
// The sessions as they were, and their months rebuilt.
if (changed.length > 0) {
  await pool.query(`UPDATE "Session" SET "durationMinutes" = "durationMinutes" - 1 WHERE id = ANY($1::uuid[])`, [changed]);
  await pool.query(`SELECT aggregate_refresh()`);
}
globalThis.gc?.();
console.log(`heap used after the reads: ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
const [{ n }] = (await pool.query(`SELECT count(*)::int AS n FROM "AggregateDecision"`)).rows;
console.log(`AggregateDecision rows: ${n}`);
await app.close();
await pool.end();
await database.close();
process.exit(0);
