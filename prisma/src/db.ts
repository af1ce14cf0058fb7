import { setting } from '@opora/common/config';
import { PrismaClient } from './client.ts';
import { createAdapterFactory, type OporaAdapterFactory } from './adapters.ts';
import { databaseTargetFromEnv, type DatabaseTarget } from './database-config.ts';

/** One database for the life of a process: the Prisma client and the adapter it runs on. */
export type Database = {
  target: DatabaseTarget;
  prisma: PrismaClient;
  /** The adapter factory, shared with the migrate runner (PGlite allows one opener per directory). */
  adapterFactory: OporaAdapterFactory;
  /** How many connections it has and how long a request waits for one (the server's request gate sizes itself by these). */
  limits: { connections: number; txMaxWaitMs: number };
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** Called with every SQL statement Prisma sends and its time (tests and benchmarks count them). */
  onQuery?: (sql: string, durationMs: number) => void;
};

export function openDatabase(target: DatabaseTarget = databaseTargetFromEnv(), options: DatabaseOptions = {}): Database {
  const adapterFactory = createAdapterFactory(target);
  const limits = {
    // PGlite is one connection; the pool's size is read as adapters.ts reads it.
    connections: target.kind === 'pglite' ? 1 : setting('DATABASE_POOL_MAX'),
    txMaxWaitMs: setting('DATABASE_TX_MAX_WAIT_MS'),
  };
  const prisma = new PrismaClient({
    adapter: adapterFactory,
    ...(options.onQuery ? { log: [{ emit: 'event' as const, level: 'query' as const }] } : {}),
    // Interactive transactions: a request waits at most this long for a connection
    // (PGlite has one; a pool has a few), then fails with a clear error.
    transactionOptions: {
      maxWait: limits.txMaxWaitMs,
      timeout: setting('DATABASE_TX_TIMEOUT_MS'),
    },
  });
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (prisma as unknown as { $on(e: 'query', cb: (e: { query: string; duration: number }) => void): void }).$on('query', (e) => onQuery(e.query, Number(e.duration)));
  }
  let closed = false;
  return {
    target,
    prisma,
    adapterFactory,
    limits,
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await adapterFactory.close();
    },
  };
}

