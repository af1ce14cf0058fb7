// The staff screens under load, two server variants A/B (issue #21: "staff screens' p95 ≤ 100 ms
// under 50 connections"). Both variants run in their own processes on the same PostgreSQL
// database at once; each screen is loaded at --connections for --duration seconds, A and B taking
// turns for --rounds rounds (who goes first alternates), and the CPU time of each variant's server
// processes and of the PostgreSQL backends serving it (by application_name) is read from /proc.
//   npx tsx bench/staff-load-ab.ts --db opora_bench_q --a 'DATABASE_POOL_MAX=10' --b 'DATABASE_POOL_MAX=4'
//   npx tsx bench/staff-load-ab.ts --db opora_bench_q --b 'BENCH_WITHOUT_SHIELD=1'
//   npx tsx bench/staff-load-ab.ts --db opora_bench_national --b-dir /work/wt-base --connections 1
// Variants are environment settings (space-separated NAME=value) for server-process.ts, and
// optionally another checkout (--a-dir/--b-dir, bootstrapped) whose code that variant runs: a
// change's before and after in the same minutes.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { cpuMeter, GraphQLClient, ms, summarize } from './measure.ts';
import { CASE_PAGE, CASELOAD, OPEN_STATUSES, SESSION_LIST } from './operations.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'opora_bench_q' },
    a: { type: 'string', default: '' },
    b: { type: 'string', default: '' },
    'a-dir': { type: 'string' },
    'b-dir': { type: 'string' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
  },
});
const server = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
server.pathname = `/${args.db}`;
const env = (spec: string) => Object.fromEntries(spec.split(/\s+/).filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const named = (application: string) => {
  const u = new URL(server);
  u.searchParams.set('application_name', application);
  return u.toString();
};
type Child = { proc: ChildProcess; url: string; pids: number[] };
async function start(name: string, spec: string, dir: string | undefined): Promise<Child> {
  const benchDir = dir ? path.join(path.resolve(dir), 'tests', 'bench') : here;
  const proc = fork(path.join(benchDir, 'server-process.ts'), ['opora'], {
    cwd: path.dirname(benchDir),
    env: { ...process.env, NODE_ENV: 'production', OPORA_TRUSTED_DOCUMENTS: 'off', BENCH_DATABASE_URL: named(`opora_ab_${name}`), ...env(spec) },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; pids: number[] }>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    proc.on('message', (m: { type: string; url: string; pids: number[] }) => m.type === 'ready' && resolve(m));
  });
  return { proc, ...ready };
}
const variants = { A: await start('a', args.a!, args['a-dir']), B: await start('b', args.b!, args['b-dir']) };
const monitor = new pg.Client({ connectionString: server.toString() });
await monitor.connect();
const CONNECTIONS = Number(args.connections);
const DURATION = Number(args.duration);
const clients = Object.fromEntries(
  await Promise.all(Object.entries(variants).map(async ([k, v]) => [k, await new GraphQLClient(v.url).login('manager@plovdiv.opora.test', 'opora-demo')] as const)),
);
const first = await clients.A!.ok(CASELOAD, { first: 10, status: [...OPEN_STATUSES] });
const screens = [
  { name: 'caseload first: 10', document: CASELOAD, variables: { first: 10, status: [...OPEN_STATUSES] } },
  { name: 'case page', document: CASE_PAGE, variables: { id: first.cases.edges[0].node.id } },
  { name: 'session list first: 10', document: SESSION_LIST, variables: { first: 10 } },
];
type Turn = { latencies: number[]; requests: number; errors: number; serverMs: number; pgMs: number; seconds: number };
const results: Record<string, Record<string, Turn[]>> = {};
for (const s of screens) {
  for (const k of Object.keys(variants)) await clients[k]!.ok(s.document, s.variables); // warm
}
for (let round = 0; round < Number(args.rounds); round++) {
  for (const s of screens) {
    const order = round % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    for (const k of order) {
      const v = variants[k as 'A' | 'B'];
      const latencies: number[] = [];
      const meter = await cpuMeter(monitor, v.pids, `opora_ab_${k.toLowerCase()}`);
      const t0 = performance.now();
      let finish!: (error: Error | null, result: autocannon.Result) => void;
      const done = new Promise<autocannon.Result>((resolve, reject) => {
        finish = (error, result) => (error ? reject(error) : resolve(result));
      });
      const instance = autocannon(
        {
          url: `${v.url}/graphql`,
          method: 'POST',
          connections: CONNECTIONS,
          duration: DURATION,
          headers: { 'content-type': 'application/json', authorization: clients[k]!.authorization! },
          body: JSON.stringify({ query: s.document, variables: s.variables }),
        },
        (error, result) => finish(error, result),
      );
      instance.on('response', (_c, status, _b, t) => {
        if (status === 200) latencies.push(t);
      });
      const r = await done;
      const cpu = await meter.stop();
      ((results[s.name] ??= {})[k] ??= []).push({ latencies, requests: latencies.length, errors: r.errors + r.non2xx + r.timeouts, ...cpu, seconds: (performance.now() - t0) / 1000 });
      process.stderr.write(`round ${round + 1} ${s.name} ${k}: ${latencies.length} answered, p95 ${ms(summarize(latencies).p95)}\n`);
    }
  }
}
const lines = [
  `A: ${[args['a-dir'], args.a].filter(Boolean).join(' ') || '(this checkout)'} · B: ${[args['b-dir'], args.b].filter(Boolean).join(' ') || '(this checkout)'} · ${args.db} · ${CONNECTIONS} connections, ${args.rounds} rounds × ${DURATION} s per screen and variant, interleaved · ${os.cpus().length} cores, load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  '| screen | variant | req/s | p50 | p95 | errors | CPU per request: server / PostgreSQL |',
  '|---|---|---:|---:|---:|---:|---|',
];
for (const s of screens) {
  for (const k of ['A', 'B']) {
    const turns = results[s.name]![k]!;
    const all = turns.flatMap((t) => t.latencies);
    const n = turns.reduce((a, t) => a + t.requests, 0);
    const secs = turns.reduce((a, t) => a + t.seconds, 0);
    const sum = summarize(all);
    const per = (x: number) => ms(x / Math.max(1, n));
    lines.push(`| ${s.name} | ${k} | ${Math.round(n / secs)} | ${ms(sum.p50)} | ${ms(sum.p95)} | ${turns.reduce((a, t) => a + t.errors, 0)} | ${per(turns.reduce((a, t) => a + t.serverMs, 0))} / ${per(turns.reduce((a, t) => a + t.pgMs, 0))} |`);
  }
}
console.log(lines.join('\n'));
await monitor.end();
for (const v of Object.values(variants)) {
  v.proc.send({ type: 'stop' });
  await new Promise((resolve) => v.proc.once('exit', resolve));
}
process.exit(0);
