// A CPU profile of one Opora server process under the caseload at one connection (issue #21's
// "Closing the gap" in docs/benchmarks.md): the server runs in its own process with
// `node --cpu-prof` (one process, BENCH_WORKERS=1), 30 warm-up requests, then 15 s of autocannon;
// the .cpuprofile lands in the directory given (default .opora-data/bench/profile), for Chrome
// DevTools or speedscope.
//   npx tsx bench/profile-caseload.ts [--db opora_bench_gap] [--dir <directory>]
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { GraphQLClient } from './measure.ts';
import { CASELOAD, OPEN_STATUSES } from './operations.ts';
const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { db: { type: 'string', default: 'opora_bench_gap' }, dir: { type: 'string', default: path.join(here, '..', '..', '.opora-data', 'bench', 'profile') } } });
const server = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
server.pathname = `/${args.db}`;
const proc = fork(path.join(here, 'server-process.ts'), ['opora'], {
  env: { ...process.env, BENCH_WORKERS: '1', BENCH_DATABASE_URL: server.toString(), NODE_ENV: 'production' },
  execArgv: ['--import', 'tsx', '--cpu-prof', `--cpu-prof-dir=${args.dir}`],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const url = await new Promise<string>((resolve) => proc.on('message', (m: any) => m.type === 'ready' && resolve(m.url)));
const c = await new GraphQLClient(url).login('manager@plovdiv.opora.test', 'opora-demo');
const vars = { first: 10, status: [...OPEN_STATUSES] };
for (let i = 0; i < 30; i++) await c.ok(CASELOAD, vars);
const r = await autocannon({ url: `${url}/graphql`, method: 'POST', connections: 1, duration: 15, headers: { 'content-type': 'application/json', authorization: c.authorization! }, body: JSON.stringify({ query: CASELOAD, variables: vars }) });
console.log(`profile in ${args.dir}: requests ${r.requests.total}, p50 ${r.latency.p50} ms, errors ${r.errors + r.non2xx}`);
proc.send({ type: 'stop' });
await new Promise((resolve) => proc.once('exit', resolve));
