// Loading the national dataset: a fresh database, migrated and given the catalogue, then
// every generated row through COPY. On PostgreSQL the keys and indexes of the big tables
// are dropped for the load and built again afterwards (one sort per index instead of
// millions of index insertions, and every foreign key validated in one join), which also
// proves the generator kept every composite key and CHECK constraint.
import { PASSWORD_HASHING } from '@opora/common/password-hashing';
import argon2 from 'argon2';
import pg from 'pg';
import { openDatabase } from '../db.ts';
import { applyMigrations } from '../migrate/index.ts';
import { seedCatalogue } from '../seed/catalogue.ts';
import { DEMO_PASSWORD } from '../seed/demo.ts';
import { DEFAULT_NATIONAL, generateNational, type CatalogueIds, type GenerateStats, type NationalOptions } from './generate.ts';
import { pgliteSink, postgresSink } from './sinks.ts';
import { CATALOGUE_TABLES, TABLE_ORDER } from './tables.ts';

/** Bump when the generated rows change, so a stored bench database is rebuilt. */
export const NATIONAL_GENERATOR_VERSION = 1;

export type LoadReport = {
  database: string;
  reused: boolean;
  stats?: GenerateStats;
  rows: number;
  rowsByTable: Record<string, number>;
  seconds: { setup: number; copy: number; indexes: number; foreignKeys: number; analyze: number; total: number };
  rowsPerSecond: number;
};

type Log = (line: string) => void;
type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export function fingerprint(options: NationalOptions): string {
  return JSON.stringify({ opora_national: NATIONAL_GENERATOR_VERSION, ...options });
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Creates (or reuses, when an identical load finished there before) `name` on the PostgreSQL
 * server of `serverUrl` and fills it. Returns what was done and how fast.
 */
export async function loadNationalPostgres(
  serverUrl: string,
  name: string,
  options: NationalOptions = DEFAULT_NATIONAL,
  opts: { force?: boolean; log?: Log } = {},
): Promise<LoadReport> {
  const log = opts.log ?? (() => {});
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name must be lower-case letters, digits and _: ${name}`);
  const url = withDatabaseName(serverUrl, name);
  const t0 = performance.now();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const existing = await admin.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    );
    if (!opts.force && existing.rows[0]?.comment === fingerprint(options)) {
      // Same generator, same options, load finished: migrate forward only.
      const applied = await applyMigrations({ kind: 'postgres', url });
      if (applied.length) {
        log(`applied ${applied.length} new migration(s) to the stored dataset: ${applied.join(', ')}`);
        // A migration that changes what the rollups hold marks the months it invalidates
        // (as 20261125060537_aggregate_totals does); rebuild those, not every month.
        await refreshAggregates(url, log);
      }
      return { database: name, reused: true, rows: 0, rowsByTable: {}, seconds: zeroSeconds((performance.now() - t0) / 1000), rowsPerSecond: 0 };
    }
    log(`creating database ${name}`);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }

  await applyMigrations({ kind: 'postgres', url });
  const db = openDatabase({ kind: 'postgres', url });
  try {
    await seedCatalogue(db.prisma);
  } finally {
    await db.close();
  }
  const passwordHash = await argon2.hash(DEMO_PASSWORD, PASSWORD_HASHING);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let report: LoadReport;
  try {
    const query: Query = async (sql, params) => (await client.query(sql, params)).rows;
    const catalogue = await readCatalogue(query);
    const saved = await dropKeysAndIndexes(query);
    const tSetup = performance.now();
    log(`setup ${secs(tSetup - t0)} s; generating ${options.centers} centers × ${options.years} years`);

    const sink = await postgresSink(url);
    const stats = await generateNational(sink, catalogue, options, { passwordHash }, (done, total) => {
      if (done % 10 === 0 || done === total) log(`  ${done}/${total} centers, ${Math.round((performance.now() - tSetup) / 1000)} s`);
    });
    const rowsByTable = await sink.finish();
    const rows = Object.values(rowsByTable).reduce((a, b) => a + b, 0);
    const tCopy = performance.now();
    log(`copied ${rows.toLocaleString('en')} rows in ${secs(tCopy - tSetup)} s (${Math.round(rows / ((tCopy - tSetup) / 1000)).toLocaleString('en')} rows/s)`);

    await restoreIndexes(url, saved.indexes, log);
    const tIndexes = performance.now();
    log(`indexes and keys built in ${secs(tIndexes - tCopy)} s`);
    await restoreForeignKeys(url, saved.foreignKeys, log);
    const tFks = performance.now();
    log(`foreign keys validated in ${secs(tFks - tIndexes)} s`);
    for (const t of saved.triggerTables) await client.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
    await client.query(`VACUUM (ANALYZE)`);
    await markEverythingDirty(query, log);
    await refreshAggregates(url, log);
    const tDone = performance.now();
    log(`vacuum, analyze and aggregate refresh in ${secs(tDone - tFks)} s`);
    await client.query(`COMMENT ON DATABASE ${name} IS ${literal(fingerprint(options))}`);
    report = {
      database: name,
      reused: false,
      stats,
      rows,
      rowsByTable,
      seconds: {
        setup: (tSetup - t0) / 1000,
        copy: (tCopy - tSetup) / 1000,
        indexes: (tIndexes - tCopy) / 1000,
        foreignKeys: (tFks - tIndexes) / 1000,
        analyze: (tDone - tFks) / 1000,
        total: (tDone - t0) / 1000,
      },
      rowsPerSecond: rows / ((tDone - t0) / 1000),
    };
  } finally {
    await client.end();
  }
  return report;
}

/** The small form: an in-memory PGlite, loaded and dumped; the caller opens copies of the dump. */
export async function loadNationalPglite(options: NationalOptions, opts: { log?: Log } = {}): Promise<{ dump: Blob; report: LoadReport }> {
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  const db = openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  try {
    const pglite = db.adapterFactory.pglite!;
    const query: Query = async (sql, params) => (await pglite.query<Record<string, unknown>>(sql, params)).rows;
    await applyMigrations(db.adapterFactory);
    await seedCatalogue(db.prisma);
    const passwordHash = await argon2.hash(DEMO_PASSWORD, PASSWORD_HASHING);
    const catalogue = await readCatalogue(query);
    const saved = await dropKeysAndIndexes(query);
    const tSetup = performance.now();
    log(`PGlite: migrated and catalogue seeded in ${secs(tSetup - t0)} s`);
    const sink = pgliteSink(pglite);
    const stats = await generateNational(sink, catalogue, options, { passwordHash });
    const rowsByTable = await sink.finish();
    const rows = Object.values(rowsByTable).reduce((a, b) => a + b, 0);
    const tCopy = performance.now();
    log(`PGlite: ${rows.toLocaleString('en')} rows copied in ${secs(tCopy - tSetup)} s`);
    for (const ix of saved.indexes) await query(ix.sql);
    const tIndexes = performance.now();
    for (const fk of saved.foreignKeys) await query(fk.sql.replace(/ NOT VALID$/, ''));
    const tFks = performance.now();
    log(`PGlite: keys and indexes ${secs(tIndexes - tCopy)} s, foreign keys ${secs(tFks - tIndexes)} s`);
    for (const t of saved.triggerTables) await query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
    await pglite.exec('VACUUM ANALYZE');
    await markEverythingDirty(query, log);
    await refreshAggregatesWith(query, log);
    const tDone = performance.now();
    // A checkpoint first, so a copy opened from the dump has no WAL to replay.
    await pglite.exec('CHECKPOINT');
    const dump = await pglite.dumpDataDir('none');
    return {
      dump: dump as Blob,
      report: {
        database: 'pglite (memory)',
        reused: false,
        stats,
        rows,
        rowsByTable,
        seconds: { setup: (tSetup - t0) / 1000, copy: (tCopy - tSetup) / 1000, indexes: (tIndexes - tCopy) / 1000, foreignKeys: (tFks - tIndexes) / 1000, analyze: (tDone - tFks) / 1000, total: (tDone - t0) / 1000 },
        rowsPerSecond: rows / ((tDone - t0) / 1000),
      },
    };
  } finally {
    await db.close();
  }
}

async function readCatalogue(query: Query): Promise<CatalogueIds> {
  const municipalities = await query(`SELECT id, code, "regionCode", "nameBg", "nameEn" FROM "Municipality" ORDER BY code`);
  const settlements = await query(`SELECT s.id, s.ekatte, s.kind, m.code AS "municipalityCode" FROM "Settlement" s JOIN "Municipality" m ON m.id = s."municipalityId" ORDER BY s.ekatte`);
  const byCode = async (table: string) => new Map((await query(`SELECT id, code FROM "${table}" ORDER BY code`)).map((r) => [String(r.code), String(r.id)]));
  return {
    municipalities: new Map(municipalities.map((m) => [String(m.code), { id: String(m.id), regionCode: String(m.regionCode), nameBg: String(m.nameBg), nameEn: String(m.nameEn) }])),
    settlements: new Map(settlements.map((s) => [String(s.ekatte), { id: String(s.id), kind: s.kind as 'CITY' | 'VILLAGE', municipalityCode: String(s.municipalityCode) }])),
    professions: await byCode('Profession'),
    serviceKinds: await byCode('ServiceKind'),
    targetGroups: await byCode('TargetGroup'),
  };
}

type SavedDefinitions = {
  /** Tables whose user triggers (the aggregates' dirty-month marks) are off during the load. */
  triggerTables: string[];
  /** CREATE INDEX statements and ADD CONSTRAINT (primary key / unique) statements. */
  indexes: { table: string; sql: string }[];
  foreignKeys: { table: string; name: string; sql: string }[];
};

// The big tables lose their keys and indexes for the load; the catalogue keeps its own
// (the generator adds a few synthetic municipalities next to the real ones).
async function dropKeysAndIndexes(query: Query): Promise<SavedDefinitions> {
  const loaded = TABLE_ORDER.filter((t) => !CATALOGUE_TABLES.includes(t));
  const fks = await query(
    `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY 1, 2`,
  );
  const keys = await query(
    `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE contype IN ('p', 'u') AND connamespace = 'public'::regnamespace
        AND conrelid::regclass::text = ANY($1) ORDER BY 1, 2`,
    [loaded.map((t) => `"${t}"`)],
  );
  const indexes = await query(
    `SELECT format('%I', i.tablename) AS table, i.indexname AS name, i.indexdef AS def
       FROM pg_indexes i
      WHERE i.schemaname = 'public' AND format('%I', i.tablename) = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass AND c.contype IN ('p', 'u'))`,
    [loaded.map((t) => `"${t}"`)],
  );
  // Statement triggers that mark rollup months dirty would fire once per COPY over millions of
  // rows; the load marks every month dirty itself afterwards (markEverythingDirty).
  const triggered = (await query(
    `SELECT DISTINCT tgrelid::regclass::text AS table FROM pg_trigger
      WHERE NOT tgisinternal AND tgrelid::regclass::text = ANY($1) ORDER BY 1`,
    [loaded.map((t) => `"${t}"`)],
  )).map((r) => String(r.table));
  for (const t of triggered) await query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
  type Def = { table: string; name: string; def: string };
  const [f, k, ix] = [fks as Def[], keys as Def[], indexes as Def[]];
  for (const d of f) await query(`ALTER TABLE ${d.table} DROP CONSTRAINT "${d.name}"`);
  for (const d of k) await query(`ALTER TABLE ${d.table} DROP CONSTRAINT "${d.name}"`);
  for (const d of ix) await query(`DROP INDEX "${d.name}"`);
  return {
    triggerTables: triggered,
    indexes: [
      ...k.map((d) => ({ table: d.table, sql: `ALTER TABLE ${d.table} ADD CONSTRAINT "${d.name}" ${d.def}` })),
      ...ix.map((d) => ({ table: d.table, sql: d.def })),
    ],
    foreignKeys: f.map((d) => ({ table: d.table, name: d.name, sql: `ALTER TABLE ${d.table} ADD CONSTRAINT "${d.name}" ${d.def} NOT VALID` })),
  };
}

// Two workers (this machine has two cores); within a table the statements run one after
// another, because building a key or an index locks its table against the others.
async function parallelByTable(url: string, items: { table: string; sql: string }[], workers: number, setup: string[]): Promise<void> {
  const byTable = new Map<string, string[]>();
  for (const item of items) byTable.set(item.table, [...(byTable.get(item.table) ?? []), item.sql]);
  // Largest first, so the long ones don't end up last on one worker.
  const queue = [...byTable.values()].sort((a, b) => b.length - a.length);
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const s of setup) await client.query(s);
        for (let job = queue.shift(); job; job = queue.shift()) for (const sql of job) await client.query(sql);
      } finally {
        await client.end();
      }
    }),
  );
}

async function restoreIndexes(url: string, items: { table: string; sql: string }[], log: Log): Promise<void> {
  log(`building ${items.length} keys and indexes`);
  await parallelByTable(url, items, 2, [`SET maintenance_work_mem = '1GB'`, `SET max_parallel_maintenance_workers = 0`]);
}

async function restoreForeignKeys(url: string, fks: { table: string; name: string; sql: string }[], log: Log): Promise<void> {
  log(`adding and validating ${fks.length} foreign keys`);
  // NOT VALID first (a moment's lock each), then VALIDATE, which other tables' validations don't block.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const fk of fks) await client.query(fk.sql);
  } finally {
    await client.end();
  }
  await parallelByTable(url, fks.map((fk) => ({ table: fk.table, sql: `ALTER TABLE ${fk.table} VALIDATE CONSTRAINT "${fk.name}"` })), 2, [`SET work_mem = '256MB'`]);
}

/**
 * Rows that arrived without their triggers (or before the rollups existed) have marked nothing:
 * every month of every center, from some months before its first referral (group programs and
 * open-access contacts may come first) to today, is marked dirty through the
 * aggregates' own aggregate_mark_ranges(), so the next refresh rebuilds them all.
 */
async function markEverythingDirty(query: Query, log: Log): Promise<void> {
  const exists = await query(`SELECT 1 FROM pg_proc WHERE proname = 'aggregate_mark_ranges' AND pronamespace = 'public'::regnamespace`);
  if (exists.length === 0) return;
  await query(
    `SELECT aggregate_mark_ranges(array_agg(c.id), array_agg(f.first - 200), array_agg(greatest(current_date, f.last)))
       FROM "Center" c
       JOIN LATERAL (SELECT min("referralDate") AS first, max(coalesce("closedOn", "referralDate")) AS last FROM "Case" k WHERE k."centerId" = c.id) f ON f.first IS NOT NULL`,
  );
  log('marked every center-month dirty for the aggregate refresh');
}

/**
 * Hook for the aggregate surface: refreshes every materialized view and calls every
 * argument-less function or procedure in `public` whose name says it refreshes rollups.
 */
export async function refreshAggregates(url: string, log: Log): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await refreshAggregatesWith(async (sql) => (await client.query(sql)).rows, log);
  } finally {
    await client.end();
  }
}

async function refreshAggregatesWith(query: Query, log: Log): Promise<void> {
  const views = await query(`SELECT format('%I.%I', schemaname, matviewname) AS name FROM pg_matviews WHERE schemaname = 'public' ORDER BY 1`);
  for (const v of views) {
    await query(`REFRESH MATERIALIZED VIEW ${v.name}`);
    log(`refreshed materialized view ${v.name}`);
  }
  const routines = await query(
    `SELECT format('%I', p.proname) AS name, p.prokind AS kind FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace AND p.pronargs = 0 AND p.proname ~* 'refresh' AND p.proname ~* 'rollup|aggregate'
      ORDER BY 1`,
  );
  for (const r of routines) {
    const t = performance.now();
    await query(r.kind === 'p' ? `CALL ${r.name}()` : `SELECT ${r.name}()`);
    log(`ran ${r.name}() in ${secs(performance.now() - t)} s`);
  }
  // Millions of fresh rollup rows: statistics and the visibility map now, not when autovacuum wakes.
  if (views.length || routines.length) await query('VACUUM (ANALYZE)');
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function secs(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function zeroSeconds(total: number): LoadReport['seconds'] {
  return { setup: 0, copy: 0, indexes: 0, foreignKeys: 0, analyze: 0, total };
}
