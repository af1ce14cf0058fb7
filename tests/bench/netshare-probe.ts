// Probe: the network comparison one indicator a request, without a breakdown and by sex, as
// pnpm bench's section 4b reads it (not part of pnpm bench): every request until figures, with
// its wall time, statements, database time and answer, so a request that ends in an error shows.
// npx tsx bench/netshare-probe.ts --db opora_bench_national [--fresh] [--indicators SESSIONS,NEW_CASES] [--breakdowns none,SEX]
//   --fresh: delete every kept decision and empty the caches first (the bench's 4b after section 4 keeps them)
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '@opora/prisma/db';
import { withDatabaseName } from '@opora/prisma/national';
import { clearAggregateCaches } from '@opora/schema';
import pg from 'pg';
import { benchServer } from './bench-server.ts';
import { GraphQLClient } from './measure.ts';
import { NETWORK_SHARE, SHARE_INDICATORS } from './operations.ts';

const { values: args } = parseArgs({
  options: { db: { type: 'string', default: 'opora_bench_national' }, fresh: { type: 'boolean', default: false }, indicators: { type: 'string' }, breakdowns: { type: 'string', default: 'none,SEX' } },
});
const url = withDatabaseName(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres', args.db!);
let counting: { q: string; ms: number }[] | null = null;
const database = openDatabase({ kind: 'postgres', url }, { onQuery: (q, ms) => counting?.push({ q, ms }) });
const app = benchServer(database);
const base = await app.listen(0, '127.0.0.1');
const pool = new pg.Pool({ connectionString: url, max: 1 });
const client = await new GraphQLClient(base).login('analyst@network.opora.test', 'opora-demo');
const load = () => os.loadavg().map((l) => l.toFixed(1)).join('/');
if (args.fresh) {
  clearAggregateCaches();
  await pool.query(`DELETE FROM "AggregateDecision"`);
}
const indicators = args.indicators ? args.indicators.split(',') : [...SHARE_INDICATORS];
const breakdowns = args.breakdowns!.split(',').map((b) => (b === 'none' ? null : b));
for (const breakdown of breakdowns) {
  for (const code of indicators) {
    if (breakdown !== null && code.startsWith('GROUP_')) continue;
    const started = performance.now();
    for (let request = 1; ; request++) {
      counting = [];
      const t0 = performance.now();
      const r = await client.request(NETWORK_SHARE, { period: { from: '2025-01', to: '2025-12' }, indicators: [code], breakdown });
      const stmts = counting;
      counting = null;
      const db = stmts.reduce((s, x) => s + x.ms, 0);
      const codes = r.errors?.map((e) => String(e.extensions?.code ?? e.message.slice(0, 60))) ?? [];
      const slowest = [...stmts].sort((a, b) => b.ms - a.ms)[0];
      console.log(
        `${code} ${breakdown ?? 'none'} #${request}: ${Math.round(performance.now() - t0)} ms, ${stmts.length} statements, ${Math.round(db)} ms in db` +
          `${slowest ? ` (slowest ${Math.round(slowest.ms)} ms: ${slowest.q.replace(/\s+/g, ' ').slice(0, 90)})` : ''}, load ${load()}: ${codes.length ? codes.join(', ') : 'figures'}`,
      );
      if (!codes.length || !codes.every((c) => c === 'AGGREGATE_PREPARING')) break;
    }
    console.log(`  ${code} ${breakdown ?? 'none'}: ${Math.round(performance.now() - started)} ms until an answer`);
  }
}
await app.close();
await pool.end();
await database.close();
process.exit(0);
