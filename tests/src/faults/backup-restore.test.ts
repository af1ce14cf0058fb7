import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpPglite, dumpPostgres, readBackup, restoreIntoPglite, restoreIntoPostgres, writeBackup } from '@opora/prisma/backup';
import type { Database } from '@opora/prisma/db';
import { DEMO, TestApi } from '../support/api.ts';
import { testEngine, withDatabase } from '../support/engine.ts';

// A backup of the demo database, the database destroyed, the backup restored: every table's
// rows (the audit trail among them), the row-level security policies and the grants are what
// they were. The embedded database's dump also goes into PostgreSQL (a laptop's data moved to a
// server). Rows are compared by a digest of each table's rows in a fixed order.

type Query = (sql: string) => Promise<Record<string, unknown>[]>;
const SERVER = process.env.DATABASE_URL ?? process.env.OPORA_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function fingerprint(query: Query): Promise<Record<string, string>> {
  await query(`SET search_path TO "$user", public`); // policies are printed relative to it
  const tables = await query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const out: Record<string, string> = {};
  for (const { tablename } of tables) {
    const [row] = await query(`SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS f FROM public."${String(tablename)}" t`);
    out[`table ${String(tablename)}`] = String(row!.f);
  }
  const [policies] = await query(`SELECT count(*)::text || ':' || md5(string_agg(tablename || '.' || policyname || coalesce(qual, '') || coalesce(with_check, ''), '|' ORDER BY tablename, policyname)) AS f FROM pg_policies WHERE schemaname = 'public'`);
  out.policies = String(policies!.f);
  const [grants] = await query(`SELECT count(*)::text || ':' || md5(string_agg(grantee || '.' || table_name || '.' || privilege_type, '|' ORDER BY grantee, table_name, privilege_type)) AS f FROM information_schema.role_table_grants WHERE table_schema = 'public' AND grantee LIKE 'opora_%'`);
  out.grants = String(grants!.f);
  const [rls] = await query(`SELECT string_agg(relname, ',' ORDER BY relname) AS f FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relrowsecurity`);
  out.rowLevelSecurity = String(rls!.f);
  return out;
}

const pgliteQuery = (db: PGlite): Query => async (sql) => (await db.query<Record<string, unknown>>(sql)).rows;

async function withClient<T>(url: string, work: (q: Query) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(async (sql) => (await client.query(sql)).rows);
  } finally {
    await client.end();
  }
}

async function createDatabase(): Promise<string> {
  const name = `opora_restore_${randomBytes(4).toString('hex')}`;
  await withClient(SERVER, (q) => q(`CREATE DATABASE ${name}`));
  return name;
}
const dropDatabase = (name: string) => withClient(SERVER, (q) => q(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

const postgresReachable = await withClient(SERVER, (q) => q('SELECT 1')).then(() => true, () => false);
if (!postgresReachable) console.log(`[backup-restore] the restore into PostgreSQL is skipped: no server at ${SERVER}`);

let api: TestApi | undefined;
let db: Database;
let before: Record<string, string>;
let file: string;
const created: string[] = [];
beforeAll(async () => {
  // A serving Opora: a manager reads clients, so the audit trail has rows that must come back,
  // and the embedded backup is taken while the server holds the database.
  api = await TestApi.start();
  db = api.db;
  const token = await api.login(DEMO.kazanlakManager);
  await api.ok(`{ clients(first: 5) { edges { node { id firstName } } } }`, {}, token);
  expect(await db.prisma.auditEvent.count()).toBeGreaterThan(0);
}, 240_000);
afterAll(async () => {
  await api?.stop();
  for (const name of created) await dropDatabase(name);
});

describe('backups that have been restored', { timeout: 600_000 }, () => {
  it('backs up the demo database, destroys it, restores it: rows, audit trail, policies and grants identical', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'opora-backups-'));
    if (testEngine() === 'pglite') {
      const live = db.adapterFactory.pglite!;
      before = await fingerprint(pgliteQuery(live));
      file = await writeBackup(dir, await dumpPglite(live), 2);
    } else {
      const url = (db.target as { url: string }).url;
      before = await withClient(url, fingerprint);
      file = await writeBackup(dir, await dumpPostgres(url), 2);
    }
    expect(Object.keys(before).filter((k) => k.startsWith('table ')).length).toBeGreaterThan(30);
    expect(before['table AuditEvent']).not.toMatch(/^0:/);
    await api!.stop(); // destroyed: what follows reads only the backup file
    api = undefined;

    const dump = await readBackup(file);
    if (testEngine() === 'pglite') {
      const restored = new PGlite();
      try {
        await restoreIntoPglite(restored, dump);
        expect(await fingerprint(pgliteQuery(restored))).toEqual(before);
      } finally {
        await restored.close();
      }
    } else {
      const name = await createDatabase();
      created.push(name);
      await restoreIntoPostgres(withDatabase(SERVER, name), dump);
      expect(await withClient(withDatabase(SERVER, name), fingerprint)).toEqual(before);
    }
    // Retention: a directory keeps the newest `keep` backups.
    const kept = await mkdtemp(path.join(tmpdir(), 'opora-retention-'));
    for (let i = 0; i < 4; i++) await writeBackup(kept, 'SELECT 1;', 2, new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
    expect(await readdir(kept)).toEqual(['opora-20260101T000002Z.sql.gz', 'opora-20260101T000003Z.sql.gz']);
  });

  // On the PGlite run the backup above is the embedded database's: it goes into PostgreSQL too.
  it.skipIf(!postgresReachable || testEngine() !== 'pglite')('a backup of the embedded database restores into PostgreSQL (laptop → server)', async () => {
    const dump = await readBackup(file);
    const name = await createDatabase();
    created.push(name);
    const url = withDatabase(SERVER, name);
    await restoreIntoPostgres(url, dump);
    expect(await withClient(url, fingerprint)).toEqual(before);
    // Into a database that is not empty: refused, nothing changed.
    await expect(restoreIntoPostgres(url, dump)).rejects.toThrow(/not empty/);
    expect(await withClient(url, fingerprint)).toEqual(before);
  });
});
