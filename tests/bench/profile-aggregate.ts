// A CPU profile of the municipal dashboard's first read after a change (issue #21: "at least 10×
// faster than the raw grouped count"): an Opora server in this process on the national data,
// every aggregate cache emptied before each request (as section 4's "cold" variant), the time
// of each request and of its statements, and a .cpuprofile of the loop for Chrome DevTools or
// speedscope.
//   npx tsx bench/profile-aggregate.ts [--db opora_bench_national] [--runs 30] [--dir <directory>] [--statements]
// (--statements also prints the last request's statements with their times)
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '@opora/prisma/db';
import { clearAggregateCaches } from '@opora/schema';
import { benchServer } from './bench-server.ts';
import { GraphQLClient, ms, summarize } from './measure.ts';
import { MUNICIPAL_DASHBOARD } from './operations.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'opora_bench_national' },
    runs: { type: 'string', default: '30' },
    statements: { type: 'boolean', default: false },
    dir: { type: 'string', default: path.join(here, '..', '..', '.opora-data', 'bench', 'profile') },
  },
});
const url = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
url.pathname = `/${args.db}`;
let dbTime: number | null = null;
let statements = 0;
const seen: { q: string; t: number }[] = [];
const database = openDatabase(
  { kind: 'postgres', url: url.toString() },
  {
    onQuery: (q, t) => {
      if (dbTime === null) return;
      dbTime += t;
      statements++;
      if (args.statements) seen.push({ q, t });
    },
  },
);
const app = benchServer(database);
const client = await new GraphQLClient(await app.listen(0, '127.0.0.1')).login('viewer@kazanlak.municipality.opora.test', 'opora-demo');
const variables = { period: { from: '2025-01', to: '2025-12' } };
for (let i = 0; i < 5; i++) await client.ok(MUNICIPAL_DASHBOARD, variables);
const inspector = new Session();
inspector.connect();
await inspector.post('Profiler.enable');
await inspector.post('Profiler.start');
const walls: number[] = [];
const dbs: number[] = [];
for (let i = 0; i < Number(args.runs); i++) {
  clearAggregateCaches();
  dbTime = 0;
  statements = 0;
  const t0 = performance.now();
  await client.ok(MUNICIPAL_DASHBOARD, variables);
  walls.push(performance.now() - t0);
  dbs.push(dbTime);
  dbTime = null;
}
const { profile } = await inspector.post('Profiler.stop');
mkdirSync(args.dir!, { recursive: true });
const file = path.join(args.dir!, `aggregate-${Date.now()}.cpuprofile`);
writeFileSync(file, JSON.stringify(profile));
if (args.statements) for (const s of seen.slice(-statements)) console.log(`${s.t.toFixed(1)} ms  ${s.q.replace(/\s+/g, " ").slice(0, 160)}`);
const w = summarize(walls);
const d = summarize(dbs);
console.log(`municipal dashboard, first read after a change: p50 ${ms(w.p50)} (p95 ${ms(w.p95)}), of which statements ${ms(d.p50)} (${statements} statements); profile ${file}`);
await app.close();
await database.close();
process.exit(0);
