import cluster from 'node:cluster';

/**
 * How each server process of a cluster runs (main.ts; the benchmark's servers the same way).
 *
 * A larger young generation: a GraphQL request allocates a lot that dies young (parsed rows,
 * resolver promises, the answer's JSON), and with V8's default semi-space (16 MB) much of it
 * was promoted and collected again under load. With 32 MB a caseload request cost 13 % less
 * server CPU at 50 connections and 5 % less at one (docs/benchmarks.md, "Closing the gap",
 * 2026-12-04), for at most 32 MB more memory per process. It must be given at start: V8 does
 * not resize the young generation for a flag set at run time.
 */
export const WORKER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

/** Called by a cluster's primary before it forks its server processes. */
export function setUpServerWorkers(): void {
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...WORKER_NODE_FLAGS] });
}
