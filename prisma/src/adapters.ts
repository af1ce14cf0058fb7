import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { setting } from '@opora/common/config';
import type { DatabaseTarget } from './database-config.ts';
import { roundTrips, type RoundTrips } from './round-trips.ts';

// Synchronous on purpose: PGlite queues queries until it is ready, so callers need no await here.
export function openPglite(dataDir: string, load?: Blob): PGlite {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  return new PGlite({ dataDir, ...(load ? { loadDataDir: load } : {}) });
}

// A Prisma adapter factory plus close(): PGlite and the PostgreSQL pool live outside any adapter
// (their dispose() leaves them open), so whoever created the factory must close it.
export type OporaAdapterFactory = SqlMigrationAwareDriverAdapterFactory & {
  close(): Promise<void>;
  /** The embedded database, when the target is PGlite (tests clone it with dumpDataDir). */
  pglite?: PGlite;
  /** The connection pool, when the target is PostgreSQL (the server's metrics read its use). */
  pool?: pg.Pool;
};

export function createAdapterFactory(target: DatabaseTarget, hooks: { onRoundTrip?: (sql: string) => void } = {}): OporaAdapterFactory {
  if (target.kind === 'pglite') {
    const db = openPglite(target.dataDir, target.load);
    const factory = withWholeScripts(new PrismaPGlite(db), { shadow: inMemoryPgliteAdapter });
    return Object.assign(factory, { pglite: db, close: () => (db.closed ? Promise.resolve() : db.close()) });
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    // Bounded pool and connect timeout: a dead server must fail fast, never hang a request.
    max: setting('DATABASE_POOL_MAX'),
    connectionTimeoutMillis: 5000,
  });
  // A connection the server drops (restart, pg_terminate_backend) emits 'error'. pg-pool
  // listens only while a client is idle, the adapter only while a transaction is open; in
  // between (released with an error, being closed) an unheard 'error' would crash the
  // process. Every client keeps a listener for life; the failing query still fails.
  pool.on('connect', (client) => {
    client.on('error', () => {});
    withRoundTrips(client, hooks.onRoundTrip);
  });
  pool.on('error', () => {});
  // One pg at run time; the adapter's @types/pg is newer than ours, hence the cast.
  // DATABASE_NAMED_STATEMENTS=0 behind a pooler that hands each transaction another server
  // connection (PgBouncer in transaction mode before 1.21, or without max_prepared_statements).
  const named = setting('DATABASE_NAMED_STATEMENTS');
  // The pool lives as long as the factory: it is ended by close(), never by an adapter's
  // dispose(). The schema engine disposes the adapters it opened when a migration run ends; with
  // disposeExternalPool that ended the pool under the Prisma client too, so a start that applied
  // migrations on PostgreSQL failed at its next query (tests/src/faults/upgrade.test.ts).
  const factory = new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0], {
    disposeExternalPool: false,
    // Typed to return a name; pg sends a statement without one unnamed, as before.
    ...(named ? { statementNameGenerator: statementName as (query: { sql: string }) => string } : {}),
  });
  let ended: Promise<void> | undefined;
  return Object.assign(withWholeScripts(factory), { pool, close: () => (ended ??= pool.end()) });
}

type QueryConfig = { text?: string; name?: string; values?: unknown[]; rowMode?: string; types?: unknown };
type Result = { rows: Record<string, unknown>[]; rowCount: number | null };

// What each connection's open transaction sends with its BEGIN and COMMIT (round-trips.ts). By
// connection, not by async context: a deferred statement must never miss its COMMIT.
const tripsOf = new WeakMap<object, RoundTrips>();

/**
 * The pool's connections send a transaction's prelude in BEGIN's message and its deferred
 * statements in COMMIT's (round-trips.ts). Prisma's adapter sends BEGIN, COMMIT and ROLLBACK as
 * statements of their own through `client.query`; everything else passes through untouched.
 */
function withRoundTrips(client: pg.PoolClient, onRoundTrip?: (sql: string) => void): void {
  const send = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const query = onRoundTrip
    ? (config: unknown, ...rest: unknown[]) => {
        onRoundTrip(typeof config === 'string' ? config : String((config as QueryConfig)?.text));
        return send(config, ...rest);
      }
    : send;
  // No name, no values: pg sends it with the simple query protocol, which allows several statements.
  const simple = async (text: string): Promise<Result> => {
    const results = (await query({ text })) as Result | Result[];
    return Array.isArray(results) ? results[results.length - 1]! : results;
  };
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (config: unknown, ...rest: unknown[]) => {
    const text = config && typeof config === 'object' && rest.length === 0 ? (config as QueryConfig).text : undefined;
    if (text === 'BEGIN') {
      tripsOf.delete(client); // whatever an earlier transaction left, it is not this one's
      const trips = roundTrips.getStore();
      if (trips && !trips.sent) {
        trips.sent = true;
        trips.connection = client;
        tripsOf.set(client, trips);
        return simple(`BEGIN; ${trips.prelude}`);
      }
    }
    const open = tripsOf.get(client);
    if (open && text !== undefined) {
      const epilogue = open.epilogue ?? [];
      if (text === 'COMMIT' || text === 'ROLLBACK') {
        tripsOf.delete(client);
        open.ended = true;
        open.epilogue = undefined;
        // A rolled-back transaction drops its deferred statements with the rest of its work.
        if (text === 'COMMIT' && epilogue.length > 0) return commitWith(client, simple, epilogue);
      } else if (epilogue.length > 0) {
        // A statement after a deferred one: the deferred one goes first, as it would have.
        open.epilogue = undefined;
        return simple(epilogue.join('; ')).then(() => query(config));
      }
    }
    return query(config, ...rest);
  };
}

// The deferred statements and COMMIT in one message. If one fails, PostgreSQL skips the rest,
// COMMIT too, and leaves the transaction failed: it is rolled back here (Prisma's adapter
// releases the connection after a failed COMMIT without a ROLLBACK of its own), and a connection
// that cannot even roll back is closed so the pool never hands it out again.
async function commitWith(client: pg.PoolClient, simple: (text: string) => Promise<Result>, epilogue: string[]): Promise<Result> {
  try {
    return await simple(`${epilogue.join('; ')}; COMMIT`);
  } catch (error) {
    await simple('ROLLBACK').catch(() => (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy());
    throw error;
  }
}

// Named statements: PostgreSQL parses and plans each of Opora's statements once per connection,
// not on every request (pg keeps the names per connection; plans still follow role and
// row-level security, which PostgreSQL re-checks). Bounded: a statement whose text varies with
// the data (an IN list of any length) would otherwise grow every connection without end, and
// every connection may hold every name, so past the first STATEMENT_NAMES distinct texts of a
// process new ones go unnamed as before (a screen's statements are among the first it sends).
const STATEMENT_NAMES = 200;
const statementNames = new Map<string, string>();
function statementName(query: { sql: string }): string | undefined {
  let name = statementNames.get(query.sql);
  if (name === undefined) {
    if (statementNames.size >= STATEMENT_NAMES) return undefined;
    name = `opora_${createHash('sha1').update(query.sql).digest('hex')}`;
    statementNames.set(query.sql, name);
  }
  return name;
}


// A throwaway PGlite as shadow database: migrate diff/createMigration then need no server.
export async function inMemoryPgliteAdapter(): Promise<SqlDriverAdapter> {
  const db = await freshInMemoryPglite();
  return pgliteAdapterClosingDb(db);
}

async function pgliteAdapterClosingDb(db: PGlite): Promise<SqlDriverAdapter> {
  const adapter = wholeScriptAdapter(await new PrismaPGlite(db).connect());
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    if (!db.closed) await db.close();
  };
  return adapter;
}

let emptyClusterDump: Promise<Blob> | undefined;

// initdb takes seconds per in-memory PGlite (4-8 s on a busy 2-core machine); loading a dump of an
// empty cluster taken once per process takes about a second.
export async function freshInMemoryPglite(): Promise<PGlite> {
  if (!emptyClusterDump) {
    const first = openPglite('memory://');
    // dumpDataDir() before the instance is ready never settles (and keeps nothing alive).
    await first.waitReady;
    emptyClusterDump = first.dumpDataDir('none');
    await emptyClusterDump.catch(() => (emptyClusterDump = undefined));
    return first;
  }
  return new PGlite({ dataDir: 'memory://', loadDataDir: await emptyClusterDump });
}

// For diffing only: "main" and shadow database are one throwaway PGlite, because diff from
// migrations to a schema never reads the main database, and every PGlite costs seconds to start.
export async function scratchPgliteFactory(): Promise<OporaAdapterFactory> {
  const db = await freshInMemoryPglite();
  const factory = withWholeScripts(new PrismaPGlite(db), {
    shadow: async () => wholeScriptAdapter(await new PrismaPGlite(db).connect()),
  });
  return Object.assign(factory, { close: () => (db.closed ? Promise.resolve() : db.close()) });
}

type Options = { shadow?: () => Promise<SqlDriverAdapter> };

// Both adapters get executeScript wrong for migrations: PrismaPg splits the script on ';' (breaking
// `DO $$ … $$`, function bodies and string literals), and PrismaPGlite does not await `exec`, so a
// failing migration is reported as applied. We send the whole script as one simple-protocol query,
// which is what the native engine does: PostgreSQL runs it as one implicit transaction.
export function withWholeScripts(
  factory: SqlMigrationAwareDriverAdapterFactory,
  options: Options = {},
): SqlMigrationAwareDriverAdapterFactory {
  if (wrappedFactories.has(factory)) return factory;
  const wrapped: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wholeScriptAdapter(await factory.connect()),
    connectToShadowDb: async () =>
      options.shadow ? options.shadow() : wholeScriptAdapter(await factory.connectToShadowDb()),
  };
  wrappedFactories.add(wrapped);
  return wrapped;
}

const wrappedFactories = new WeakSet<object>();

type ScriptRunner = { exec?: (sql: string) => Promise<unknown>; query?: (sql: string) => Promise<unknown> };
type AdapterInternals = {
  client?: ScriptRunner;
  underlyingDriver?: () => unknown;
  onError?: (error: unknown) => never;
};

export function wholeScriptAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const internals = adapter as unknown as AdapterInternals;
  const runner = scriptRunnerOf(internals);
  if (!runner) return adapter;
  adapter.executeScript = async (script: string) => {
    try {
      await runner(script);
    } catch (error) {
      // The adapters' own onError turns driver errors into DriverAdapterError the engine can report.
      if (internals.onError) internals.onError.call(adapter, error);
      throw error;
    }
  };
  return adapter;
}

function scriptRunnerOf(internals: AdapterInternals): ((sql: string) => Promise<unknown>) | undefined {
  const client = internals.client;
  // PGlite: exec() runs a multi-statement script over the simple protocol.
  if (client && typeof client.exec === 'function') return (sql) => client.exec!(sql);
  // pg.Pool: query() without parameters uses the simple protocol on one pooled connection.
  if (client && typeof client.query === 'function' && typeof internals.underlyingDriver === 'function') {
    return (sql) => client.query!(sql);
  }
  return undefined;
}
