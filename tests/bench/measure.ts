// Timing helpers: sequential latency samples (interleaved, so background noise hits every
// variant alike), percentiles, and a GraphQL client over keep-alive HTTP.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type pg from 'pg';
export type Samples = number[];

export function percentile(samples: Samples, p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}

export type Summary = { p50: number; p95: number; mean: number; n: number };

export function summarize(samples: Samples): Summary {
  return {
    p50: percentile(samples, 0.5),
    p95: percentile(samples, 0.95),
    mean: samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length),
    n: samples.length,
  };
}

/**
 * Runs every variant `runs` times, one after another, rotating which goes first each round;
 * `warmup` rounds first are not recorded. Returns milliseconds per variant.
 */
export async function interleaved(variants: Record<string, () => Promise<unknown>>, runs: number, warmup: number): Promise<Record<string, Samples>> {
  const names = Object.keys(variants);
  const out: Record<string, Samples> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < warmup + runs; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      const t = performance.now();
      await variants[name]!();
      const ms = performance.now() - t;
      if (round >= warmup) out[name]!.push(ms);
    }
  }
  return out;
}

export type GraphQLResult = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

export class GraphQLClient {
  constructor(
    readonly url: string,
    private token: string | null = null,
  ) {}

  withToken(token: string): GraphQLClient {
    return new GraphQLClient(this.url, token);
  }

  get authorization(): string | null {
    return this.token ? `Bearer ${this.token}` : null;
  }

  async request(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResult;
  }

  /**
   * Fails on any GraphQL error: a benchmark of an error page measures nothing. A municipal system
   * still being decided (AGGREGATE_PREPARING, "try again in a moment") is asked again, as the
   * message says.
   */
  async ok(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
    let result = await this.request(query, variables);
    while (result.errors?.length && result.errors.every((e) => e.extensions?.code === 'AGGREGATE_PREPARING')) result = await this.request(query, variables);
    if (result.errors?.length) throw new Error(result.errors.map((e) => `${e.message} (${String(e.extensions?.code ?? '')})`).join('; '));
    return result.data!;
  }

  async login(email: string, password: string): Promise<GraphQLClient> {
    const data = await this.ok(`mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`, { email, password });
    return this.withToken(data.login.token as string);
  }
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value < 10 ? `${value.toFixed(2)} ms` : value < 100 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

export function ratio(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value < 10 ? `${value.toFixed(2)}×` : `${Math.round(value)}×`;
}

/** CPU time (user + system, from /proc/<pid>/stat) of a server's processes and of the PostgreSQL backends with its application_name. */
export async function cpuMeter(monitor: pg.Client, serverPids: number[], application: string): Promise<{ stop: () => Promise<{ serverMs: number; pgMs: number }> }> {
  const tickMs = 1000 / clockTicks();
  const ticks = (pid: number): number | null => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  };
  const serverTicks = () => serverPids.reduce((sum, pid) => sum + (ticks(pid) ?? 0), 0);
  const firstSeen = new Map<number, number>();
  const lastSeen = new Map<number, number>();
  const backends = async (initial: boolean) => {
    const { rows } = await monitor.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [application]);
    for (const { pid } of rows) {
      const t = ticks(pid);
      if (t === null) continue;
      // A backend that appears during the run counts from its start.
      if (!firstSeen.has(pid)) firstSeen.set(pid, initial ? t : 0);
      lastSeen.set(pid, t);
    }
  };
  const serverStart = serverTicks();
  await backends(true);
  let running = true;
  const polling = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await backends(false);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await polling;
      await backends(false);
      let pg = 0;
      for (const [pid, first] of firstSeen) pg += lastSeen.get(pid)! - first;
      return { serverMs: (serverTicks() - serverStart) * tickMs, pgMs: pg * tickMs };
    },
  };
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
