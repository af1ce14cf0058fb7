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
  /** A read replica for the network and municipal figures (DATABASE_REPLICA_URL), or null: see replica.ts. */
  replica: PrismaClient | null;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** Called with every SQL statement Prisma sends and its time (tests and benchmarks count them). */
  onQuery?: (sql: string, durationMs: number) => void;
  /** Called with every message sent to PostgreSQL, several statements in one where they ride together (tests count round trips). */
  onRoundTrip?: (sql: string) => void;
  /** A streaming standby (PostgreSQL only) the aggregate reads go to. */
  replicaUrl?: string | null;
};

export function openDatabase(target: DatabaseTarget = databaseTargetFromEnv(), options: DatabaseOptions = {}): Database {
  const adapterFactory = createAdapterFactory(target, options.onRoundTrip ? { onRoundTrip: options.onRoundTrip } : {});
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
  if (options.replicaUrl && target.kind !== 'postgres') throw new Error('DATABASE_REPLICA_URL needs DATABASE_URL: a replica is a PostgreSQL standby');
  const replicaAdapter = options.replicaUrl ? createAdapterFactory({ kind: 'postgres', url: options.replicaUrl }) : null;
  const replica = replicaAdapter
    ? new PrismaClient({ adapter: replicaAdapter, transactionOptions: { maxWait: limits.txMaxWaitMs, timeout: setting('DATABASE_TX_TIMEOUT_MS') } })
    : null;
  let closed = false;
  return {
    target,
    prisma,
    adapterFactory,
    limits,
    replica,
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await adapterFactory.close();
      await replica?.$disconnect();
      await replicaAdapter?.close();
    },
  };
}

