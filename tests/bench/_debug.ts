import { openDatabase } from '@opora/prisma/db';
import { createLogger, createOporaServer, createRateLimits } from '@opora/server';
import { GraphQLClient } from './measure.ts';
import { CASELOAD, CASE_PAGE, SESSION_LIST, OPEN_STATUSES } from './operations.ts';
let t0 = performance.now();
let log: string[] | null = null;
const db = openDatabase({ kind: 'postgres', url: 'postgresql://postgres@127.0.0.1:5432/opora_bench_national' }, { onQuery: (q) => log?.push(`${(performance.now() - t0).toFixed(0)}ms ${q.replace(/\s+/g, ' ').slice(0, 400)}`) });
const logger = createLogger('warn');
const app = createOporaServer({ database: db, logger, webDir: null, rateLimits: createRateLimits({ logger, aggregate: { points: 1e6, durationS: 1 }, signIn: { points: 1e6, durationS: 1 } }) });
const url = await app.listen(0, '127.0.0.1');
const m = await new GraphQLClient(url).login('manager@plovdiv.opora.test', 'opora-demo');
const ops: [string, string, any][] = [['caseload10', CASELOAD, { first: 10, status: [...OPEN_STATUSES] }], ['caseload100', CASELOAD, { first: 100, status: [...OPEN_STATUSES] }], ['sessions10', SESSION_LIST, { first: 10 }]];
for (const [name, doc, vars] of ops) {
  log = []; t0 = performance.now();
  const r = await m.request(doc, vars);
  console.log(`== ${name} ${(performance.now() - t0).toFixed(0)} ms errors=${JSON.stringify(r.errors?.map((e) => e.message))}`);
  console.log(log.join('\n'));
  if (name === 'caseload10' && r.data) {
    const id = r.data.cases.edges[0].node.id;
    log = []; t0 = performance.now();
    const c = await m.request(CASE_PAGE, { id });
    console.log(`== case page ${(performance.now() - t0).toFixed(0)} ms errors=${JSON.stringify(c.errors?.map((e) => e.message))}`);
    console.log(log.join('\n'));
  }
}
await app.close(); await db.close();
