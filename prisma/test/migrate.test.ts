import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapterFactory } from '../src/adapters.ts';
import { applyMigrations, createMigration, migrationDrift, type MigratePaths } from '../src/migrate/index.ts';

const datasource = 'datasource db {\n  provider = "postgresql"\n}\n';
const centerModel = `
model Center {
  id   String @id @default(uuid())
  name String
}
`;
const caseModel = `
model Case {
  id       String @id @default(uuid())
  centerId String
  title    String
}
`;

// Hand-written SQL of the kinds our real migrations carry: roles, RLS, policies, grants, functions,
// triggers and DO blocks (semicolons inside $$ bodies must not split the script).
const handWritten = `
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'opora_test_app') THEN
    CREATE ROLE opora_test_app NOLOGIN;
  END IF;
END
$$;
ALTER TABLE "Center" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Center" FORCE ROW LEVEL SECURITY;
CREATE POLICY center_isolation ON "Center"
  USING ("id" = nullif(current_setting('app.center_id', true), ''));
GRANT SELECT, INSERT, UPDATE ON "Center" TO opora_test_app;
CREATE FUNCTION center_name_trim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."name" := btrim(NEW."name");
  RETURN NEW;
END;
$$;
CREATE TRIGGER center_name_trim BEFORE INSERT OR UPDATE ON "Center"
  FOR EACH ROW EXECUTE FUNCTION center_name_trim();
`;

let workDir: string;
let paths: Required<MigratePaths>;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'opora-migrate-'));
  paths = { schemaPath: path.join(workDir, 'schema.prisma'), migrationsDir: path.join(workDir, 'migrations') };
  await writeFile(paths.schemaPath, datasource + centerModel);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

// Every in-memory PGlite takes a second or more to start.
describe('migrate over the WASM schema engine', { timeout: 120_000 }, () => {
  let first: string;

  it('writes a migration with the SQL for the schema', async () => {
    const created = await createMigration('init', paths);
    expect(created?.name).toMatch(/^\d{14}_init$/);
    first = created!.name;
    const sql = await readFile(path.join(paths.migrationsDir, first, 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "Center"');
    expect(await readFile(path.join(paths.migrationsDir, 'migration_lock.toml'), 'utf8')).toContain(
      'provider = "postgresql"',
    );
    // Our hand-written part goes into the same script, as it would in the repo.
    await writeFile(path.join(paths.migrationsDir, first, 'migration.sql'), sql + handWritten);
  });

  it('writes nothing when the schema and migrations agree', async () => {
    expect(await createMigration('nothing', paths)).toBeNull();
    expect((await readdir(paths.migrationsDir)).sort()).toEqual([first, 'migration_lock.toml'].sort());
  });

  it('has no drift right after creating the migration', async () => {
    expect(await migrationDrift(paths)).toBe('');
  });

  it('applies on PGlite, records _prisma_migrations, and applies nothing twice', async () => {
    const factory = createAdapterFactory({ kind: 'pglite', dataDir: 'memory://' });
    try {
      expect(await applyMigrations(factory, paths)).toEqual([first]);
      const adapter = await factory.connect();
      const rows = await adapter.queryRaw({
        sql: 'SELECT migration_name, finished_at IS NOT NULL AS finished, applied_steps_count, rolled_back_at, length(checksum) AS checksum_length FROM _prisma_migrations',
        args: [],
        argTypes: [],
      });
      expect(rows.rows).toEqual([[first, true, 1, null, 64]]);
      // The hand-written parts really ran: the trigger trims, RLS is forced.
      await adapter.executeRaw({ sql: `INSERT INTO "Center" ("id", "name") VALUES ('c1', '  Sofia  ')`, args: [], argTypes: [] });
      const check = await adapter.queryRaw({
        sql: `SELECT (SELECT "name" FROM "Center"), (SELECT relforcerowsecurity FROM pg_class WHERE relname = 'Center')`,
        args: [],
        argTypes: [],
      });
      expect(check.rows).toEqual([['Sofia', true]]);

      expect(await applyMigrations(factory, paths)).toEqual([]);
    } finally {
      await factory.close();
    }
  });

  it('reports a failing migration instead of recording it as applied', async () => {
    const dir = path.join(workDir, 'broken');
    await rm(dir, { recursive: true, force: true });
    const { cp } = await import('node:fs/promises');
    await cp(paths.migrationsDir, dir, { recursive: true });
    await (await import('node:fs/promises')).mkdir(path.join(dir, '29990101000000_broken'));
    await writeFile(path.join(dir, '29990101000000_broken', 'migration.sql'), 'CREATE TABLE "X" (id int);\nSELECT no_such_function();\n');
    const factory = createAdapterFactory({ kind: 'pglite', dataDir: 'memory://' });
    try {
      await expect(applyMigrations(factory, { migrationsDir: dir })).rejects.toThrow(/no_such_function/);
      const adapter = await factory.connect();
      const rows = await adapter.queryRaw({
        sql: `SELECT migration_name, finished_at IS NULL, (SELECT count(*) FROM pg_tables WHERE tablename = 'X') FROM _prisma_migrations ORDER BY started_at`,
        args: [],
        argTypes: [],
      });
      // The script ran as one transaction: the table from its first statement is gone too.
      expect(rows.rows).toEqual([
        [first, false, '0'],
        ['29990101000000_broken', true, '0'],
      ]);
    } finally {
      await factory.close();
    }
  });

  it('shows drift once schema.prisma changes', async () => {
    await writeFile(paths.schemaPath, datasource + centerModel + caseModel);
    const drift = await migrationDrift(paths);
    expect(drift).toContain('CREATE TABLE "Case"');
  });

  describe.skipIf(!process.env.DATABASE_URL)('on PostgreSQL (DATABASE_URL)', () => {
    it('applies the same migrations and then nothing', async () => {
      // A throwaway database on the server DATABASE_URL names, never that database itself.
      const server = process.env.DATABASE_URL!;
      const name = `opora_migrate_test_${process.pid}_${Date.now()}`;
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const parsed = new URL(server);
      parsed.pathname = `/${name}`;
      const url = parsed.toString();
      try {
        expect(await applyMigrations({ kind: 'postgres', url }, paths)).toEqual([first]);
        expect(await applyMigrations({ kind: 'postgres', url }, paths)).toEqual([]);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          const { rows } = await client.query(
            'SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations',
          );
          expect(rows).toEqual([{ migration_name: first, finished: true }]);
        } finally {
          await client.end();
        }
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    });
  });
});
