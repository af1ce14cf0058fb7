// Municipal systems are decided off the request path: in worker threads (decide-worker.mjs),
// once per system digest, kept in memory and in the database ("AggregateDecision", written by
// the server's store, see registerDecisionStore). A request publishes a municipal figure only
// from the decision for the data it read: it waits for that decision within its deadline and
// otherwise answers AGGREGATE_PREPARING (engine.ts); nothing decided any other way is shown.
import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LRUCache } from 'lru-cache';
import type { SystemSpec } from './municipal-system.ts';
import type { Reason } from './protect.ts';

export type Decision = { hidden: ReadonlyMap<string, Reason>; ms: number; figures: number };
/** Where a decision belongs: the viewer scope, the measure and the calendar year (and the digest of its cells). */
export type DecisionKey = { scope: string; measure: string; year: number; digest: string };

/** What the server gives the engine to keep decisions across processes and restarts. */
export type DecisionStore = {
  write(key: DecisionKey, decision: Decision): Promise<void>;
};

const stores = new Set<DecisionStore>();
/**
 * A server's writer of decided systems (a short transaction of its own, never the request's).
 * Returns its removal. A decision is a function of its system alone, so every store gets it.
 */
export function registerDecisionStore(store: DecisionStore): () => void {
  stores.add(store);
  return () => stores.delete(store);
}

/** For tests and the bench: `queued` when a system goes to a worker, `decided` when its decision is kept. */
export const decisionEvents = new EventEmitter();

// ───────────────────────────── the workers ─────────────────────────────

type Job = { id: number; spec: SystemSpec; gate: Int32Array | null; resolve: (d: Decision) => void; reject: (e: Error) => void };

class Pool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private nextId = 1;

  constructor(private readonly size: number) {}

  run(spec: SystemSpec, gate: Int32Array | null): Promise<Decision> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, spec, gate, resolve, reject });
      this.pump();
    });
  }

  private spawn(): void {
    const worker = new Worker(new URL('./decide-worker.mjs', import.meta.url));
    worker.unref(); // a process that is done does not wait for idle workers
    this.all.push(worker);
    worker.on('message', (m: { ready?: true; id?: number; hidden?: [string, Reason][]; figures?: number; ms?: number; error?: string }) => {
      if (m.ready) {
        this.idle.push(worker);
        this.pump();
        return;
      }
      const job = this.running.get(worker);
      this.running.delete(worker);
      this.idle.push(worker);
      if (job) {
        if (m.error !== undefined) job.reject(new Error(`deciding a municipal system failed: ${m.error}`));
        else job.resolve({ hidden: new Map(m.hidden!), ms: m.ms!, figures: m.figures! });
      }
      this.pump();
    });
    worker.on('error', (error) => {
      const job = this.running.get(worker);
      this.running.delete(worker);
      this.all.splice(this.all.indexOf(worker), 1);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      job?.reject(error instanceof Error ? error : new Error(String(error)));
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      // Keep the process alive while a worker has work.
      worker.ref();
      worker.once('message', () => worker.unref());
      worker.postMessage({ id: job.id, spec: job.spec, gate: job.gate });
    }
    if (this.queue.length && this.all.length < this.size) this.spawn();
  }

  async close(): Promise<void> {
    await Promise.all(this.all.splice(0).map((w) => w.terminate()));
    this.idle.length = 0;
  }
}

// One core stays for the event loop; the others decide.
const pool = new Pool(Math.max(1, Math.min(4, availableParallelism() - 1)));

/** Stops the workers (tests and a stopping server). */
export function closeDeciders(): Promise<void> {
  return pool.close();
}

// ───────────────────────────── decisions by digest ─────────────────────────────

const decided = new LRUCache<string, Decision>({ max: 2_000 });
const inFlight = new Map<string, Promise<Decision>>();
/** Decisions being written to the stores. */
const storing = new Set<Promise<void>>();

/** A decision this process already holds (decided here, or read from the database). */
export function knownDecision(digest: string): Decision | undefined {
  return decided.get(digest);
}

/** Keeps a decision read from the database. */
export function rememberDecision(digest: string, decision: Decision): void {
  decided.set(digest, decision);
}

// Tests hold the workers (never in production): a job sent while held waits in its worker
// thread, as a long decision would, until released.
let held: Int32Array | null = null;
/** Until `release()`, every system sent to a worker waits there before it is decided (tests of the waiting path). */
export function holdDecisions(): () => void {
  const gate = new Int32Array(new SharedArrayBuffer(4));
  held = gate;
  return () => {
    if (held === gate) held = null;
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
  };
}

/**
 * The decision of one system: from memory, else decided once in a worker (however many ask),
 * then kept in memory and handed to the store. Never decided on the caller's thread.
 */
export function decide(key: DecisionKey, spec: SystemSpec): Promise<Decision> {
  const known = decided.get(key.digest);
  if (known) return Promise.resolve(known);
  let pending = inFlight.get(key.digest);
  if (!pending) {
    decisionEvents.emit('queued', key);
    pending = pool
      .run(spec, held)
      .then(async (decision) => {
        decided.set(key.digest, decision);
        decisionEvents.emit('decided', key, decision);
        for (const store of stores) {
          const writing = store.write(key, decision).then(
            () => void decisionEvents.emit('stored', key),
            (error: unknown) => void decisionEvents.emit('storeFailed', key, error),
          );
          storing.add(writing);
          void writing.finally(() => storing.delete(writing));
        }
        return decision;
      })
      .finally(() => inFlight.delete(key.digest));
    inFlight.set(key.digest, pending);
  }
  return pending;
}

/** Empties the memory of decisions (the bench measures a cold decision with it). */
export function forgetDecisions(): void {
  decided.clear();
}

/** Resolves once every decision under way (now, or queued while waiting) has been decided and kept, or has failed. */
export async function settledDecisions(): Promise<void> {
  while (inFlight.size > 0 || storing.size > 0) await Promise.allSettled([...inFlight.values(), ...storing]);
}
