// Servers in their own processes (server-process.ts), the load generator, and turns taken under
// load with the CPU of each side read from /proc: what sections 6, 6b (the peer) and 6c (the
// same center with 6 or 150 centers in the database) share.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type pg from 'pg';
import { cpuMeter, summarize } from './measure.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export type Child = { proc: ChildProcess; url: string; processes: number; pids: number[] };

const children = new Set<ChildProcess>();
// A server that hangs under load must not outlive the benchmark.
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts server-process.ts in `mode` with `env` over this process's environment; resolves when it listens. */
export async function startChild(mode: 'opora' | 'apollo' | 'peer', env: NodeJS.ProcessEnv): Promise<Child> {
  const proc = fork(path.join(here, 'server-process.ts'), [mode], { env: { ...process.env, ...env }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(proc);
  const ready = await new Promise<{ url: string; processes: number; pids: number[] }>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
    proc.on('message', (m: { type: string; url?: string; processes?: number; pids?: number[] }) =>
      m.type === 'ready' && resolve({ url: m.url!, processes: m.processes ?? 1, pids: m.pids ?? [proc.pid!] }));
  });
  return { proc, ...ready };
}

export async function memoryOf(child: Child): Promise<{ rss: number; heapUsed: number }> {
  return new Promise((resolve) => {
    const onMessage = (m: { type: string; rss: number; heapUsed: number }) => {
      if (m.type !== 'memory') return;
      child.proc.off('message', onMessage);
      resolve(m);
    };
    child.proc.on('message', onMessage);
    child.proc.send({ type: 'memory' });
  });
}

export async function stopChild(child: Child): Promise<void> {
  const exited = new Promise((resolve) => child.proc.once('exit', resolve));
  child.proc.send({ type: 'stop' });
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
}

export type Load = { rps: number; p50: number; p95: number; p99: number; errors: number; requests: number; answered: number; latencies: number[] };

/** autocannon: one GraphQL request over and over, `connections` at a time, for `durationS` seconds; latencies of the answered (200) requests. */
export async function loadTest(url: string, authorization: string | null, document: string, variables: Record<string, unknown>, connections: number, durationS: number): Promise<Load> {
  const latencies: number[] = [];
  let finish!: (error: Error | null, result: autocannon.Result) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (error, result) => (error ? reject(error) : resolve(result));
  });
  const instance = autocannon(
    {
      url: `${url}/graphql`,
      method: 'POST',
      connections,
      duration: durationS,
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query: document, variables }),
    },
    (error, result) => finish(error, result),
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode === 200) latencies.push(responseTime);
  });
  const result = await done;
  const s = summarize(latencies);
  return { rps: result.requests.average, p50: s.p50, p95: s.p95, p99: latencies.length ? [...latencies].sort((a, b) => a - b)[Math.floor(latencies.length * 0.99)]! : NaN, errors: result.errors + result.non2xx + result.timeouts, requests: result.requests.sent, answered: latencies.length, latencies };
}

/** One side of a comparison: a server, the application_name its PostgreSQL backends carry, and what it is asked. */
export type Side = { child: Child; application: string; authorization: string | null; document: string; variables: Record<string, unknown> };
/** Summed over the turns; `rps` and `p50` one entry per turn. */
export type Tally = { requests: number; seconds: number; errors: number; latencies: number[]; serverMs: number; pgMs: number; rps: number[]; p50: number[] };

/**
 * Two sides take turns under the same load, `rounds` rounds, the first to go alternating (so a
 * machine that grows busier hurts both alike); the CPU time of each side's server processes and
 * of its PostgreSQL backends is read around each turn. Returns one tally per side, in order.
 */
export async function takeTurns(monitor: pg.Client, sides: readonly [Side, Side], rounds: number, connections: number, durationS: number): Promise<[Tally, Tally]> {
  const tally = (): Tally => ({ requests: 0, seconds: 0, errors: 0, latencies: [], serverMs: 0, pgMs: 0, rps: [], p50: [] });
  const tallies: [Tally, Tally] = [tally(), tally()];
  for (let round = 0; round < rounds; round++) {
    for (const i of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const side = sides[i]!;
      const t = tallies[i]!;
      const meter = await cpuMeter(monitor, side.child.pids, side.application);
      const l = await loadTest(side.child.url, side.authorization, side.document, side.variables, connections, durationS);
      const cpu = await meter.stop();
      t.requests += l.answered;
      t.seconds += durationS;
      t.errors += l.errors;
      t.latencies.push(...l.latencies);
      t.serverMs += cpu.serverMs;
      t.pgMs += cpu.pgMs;
      t.rps.push(l.answered / durationS);
      t.p50.push(l.p50);
    }
  }
  return tallies;
}

/** A connection string with an application_name, by which cpuMeter tells a server's PostgreSQL backends apart. */
export function withApplicationName(url: string, application: string): string {
  const u = new URL(url);
  u.searchParams.set('application_name', application);
  return u.toString();
}
