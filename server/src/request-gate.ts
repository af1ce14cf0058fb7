import { getOperationAST, parse, type DocumentNode } from 'graphql';
import { isExpensiveRootField, MAX_TOKENS } from './limits.ts';
import { rootFieldNames } from './rate-limit.ts';

// Who goes to the database first. PGlite is one connection: a request's transaction holds it
// from BEGIN to COMMIT, so ten network comparisons in a row kept every staff member waiting
// behind them. The gate admits request transactions in priority order: staff work first, then
// expensive aggregate requests (network, municipal, yearly reports), at most `aggregateSlots`
// of those at once, with at most `aggregateQueue` waiting; beyond that an aggregate request is
// refused at once (503 SERVICE_UNAVAILABLE, Retry-After) rather than queued without end.
// On PostgreSQL the pool is the queue for staff (`slots` unlimited); the gate only keeps
// aggregate requests off the last two connections of the pool.

export type RequestClass = 'staff' | 'aggregate';
/** A request as the transport sees it before any transaction: sign-in runs outside the gate, without a session. */
export type RequestKind = RequestClass | 'signIn';

export type RequestGateOptions = {
  /** Request transactions at once (PGlite: 1, its one connection). */
  slots: number;
  /** Aggregate request transactions at once. */
  aggregateSlots: number;
  /** Aggregate requests that may wait; the next one is refused. */
  aggregateQueue: number;
  /** The longest wait for a turn, then 503. */
  maxWaitMs: number;
};

export class GateRefusal extends Error {
  constructor(readonly reason: 'queueFull' | 'waitedTooLong') {
    super(`request gate: ${reason}`);
    this.name = 'GateRefusal';
  }
}

export type RequestGate = {
  run<T>(kind: RequestClass, work: () => Promise<T>): Promise<T>;
  readonly options: RequestGateOptions;
  state(): { running: number; runningAggregate: number; waitingStaff: number; waitingAggregate: number };
};

type Waiter = { admit: () => void };

export function createRequestGate(options: RequestGateOptions): RequestGate {
  let running = 0;
  let runningAggregate = 0;
  const staff: Waiter[] = [];
  const aggregate: Waiter[] = [];

  const pump = () => {
    while (running < options.slots) {
      const next = staff.shift();
      if (next) {
        running++;
        next.admit();
        continue;
      }
      if (aggregate.length && runningAggregate < options.aggregateSlots) {
        running++;
        runningAggregate++;
        aggregate.shift()!.admit();
        continue;
      }
      break;
    }
  };

  return {
    options,
    state: () => ({ running, runningAggregate, waitingStaff: staff.length, waitingAggregate: aggregate.length }),
    async run<T>(kind: RequestClass, work: () => Promise<T>): Promise<T> {
      const queue = kind === 'staff' ? staff : aggregate;
      if (kind === 'aggregate' && aggregate.length >= options.aggregateQueue) throw new GateRefusal('queueFull');
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          admit: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(new GateRefusal('waitedTooLong'));
        }, options.maxWaitMs);
        queue.push(waiter);
        pump();
      });
      try {
        return await work();
      } finally {
        running--;
        if (kind === 'aggregate') runningAggregate--;
        pump();
      }
    },
  };
}

/** The gate for a database: one transaction at a time on PGlite; part of the pool for aggregates on PostgreSQL. */
export function defaultGateOptions(kind: 'pglite' | 'postgres', maxWaitMs: number, connections: number): RequestGateOptions {
  if (kind === 'pglite') return { slots: 1, aggregateSlots: 1, aggregateQueue: 8, maxWaitMs };
  const size = connections;
  // Two connections of the pool always stay for staff work.
  return { slots: Number.POSITIVE_INFINITY, aggregateSlots: Math.max(1, size - 2), aggregateQueue: 4 * size, maxWaitMs };
}

// Parsed documents by text (the web app sends a few dozen distinct ones); bounded.
const parsed = new Map<string, DocumentNode | null>();

/**
 * From the document alone (before any transaction): a query with an expensive root field is
 * aggregate work; a mutation that signs in is sign-in; everything else is staff work.
 */
export function requestKind(body: unknown, search: string): RequestKind {
  let query: unknown;
  let operationName: unknown;
  if (body && typeof body === 'object') {
    ({ query, operationName } = body as { query?: unknown; operationName?: unknown });
  } else {
    const params = new URLSearchParams(search);
    query = params.get('query');
    operationName = params.get('operationName');
  }
  if (typeof query !== 'string') return 'staff';
  let document = parsed.get(query);
  if (document === undefined) {
    try {
      document = parse(query, { maxTokens: MAX_TOKENS });
    } catch {
      document = null; // Apollo answers the syntax error
    }
    if (parsed.size >= 500) parsed.clear();
    parsed.set(query, document);
  }
  if (!document) return 'staff';
  const operation = getOperationAST(document, typeof operationName === 'string' ? operationName : undefined);
  if (!operation) return 'staff';
  const roots = rootFieldNames(operation, document);
  if (operation.operation === 'mutation') return roots.includes('login') ? 'signIn' : 'staff';
  if (operation.operation !== 'query') return 'staff';
  return roots.some(isExpensiveRootField) ? 'aggregate' : 'staff';
}
