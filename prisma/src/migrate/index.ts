import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { DiffTarget, MigrationList, SchemaFilter } from '@prisma/schema-engine-wasm';
import { createAdapterFactory, scratchPgliteFactory, withWholeScripts } from '../adapters.ts';
import type { DatabaseTarget } from '../database-config.ts';
import type { PrismaClient } from '../client.ts';
import {
  LOCKFILE,
  LOCKFILE_CONTENT,
  MIGRATION_FILE,
  migrationSlug,
  nextMigrationTimestamp,
  readMigrationList,
} from './migrations-dir.ts';
import { openSchemaEngine, type EngineLog } from './schema-engine.ts';

export { loadSchemaEngine, openSchemaEngine } from './schema-engine.ts';

// The package root, where schema.prisma and migrations/ live: up from this file, which runs
// from prisma/src/migrate (TypeScript) or prisma/dist/src/migrate (the production build).
const packageRoot = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'schema.prisma'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('prisma/schema.prisma not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
})();

export type MigratePaths = { schemaPath?: string; migrationsDir?: string };
export type MigrateOptions = MigratePaths & { log?: EngineLog };

const noFilter: SchemaFilter = { externalTables: [], externalEnums: [] };

function resolvePaths(opts: MigratePaths): { schemaPath: string; migrationsDir: string } {
  return {
    schemaPath: path.resolve(opts.schemaPath ?? path.join(packageRoot, 'schema.prisma')),
    migrationsDir: path.resolve(opts.migrationsDir ?? path.join(packageRoot, 'migrations')),
  };
}

// Applying needs no models, only the provider: deploys must not depend on a schema.prisma mid-edit.
const DEPLOY_SCHEMA = 'datasource db {\n  provider = "postgresql"\n}\n';

function isAdapterFactory(value: unknown): value is SqlMigrationAwareDriverAdapterFactory {
  return typeof value === 'object' && value !== null && 'connectToShadowDb' in value;
}

/**
 * `prisma migrate deploy`: applies pending migrations in order, each script as one implicit
 * transaction, recording them in `_prisma_migrations`. Returns the names applied now.
 */
export async function applyMigrations(
  target: DatabaseTarget | SqlMigrationAwareDriverAdapterFactory,
  opts: MigrateOptions = {},
): Promise<string[]> {
  const { migrationsDir } = resolvePaths(opts);
  const migrationsList = await readMigrationList(migrationsDir);
  // A factory we create here is ours to close; a caller's factory stays open for the caller.
  const owned = isAdapterFactory(target) ? undefined : createAdapterFactory(target);
  const factory = owned ?? withWholeScripts(target as SqlMigrationAwareDriverAdapterFactory);
  try {
    const opened = await openSchemaEngine(factory, DEPLOY_SCHEMA, opts.log);
    try {
      const { appliedMigrationNames } = await opened.engine.applyMigrations({ migrationsList, filters: noFilter });
      return appliedMigrationNames;
    } finally {
      await opened.close();
    }
  } finally {
    await owned?.close();
  }
}

/**
 * Whether every migration on disk is applied, finished and unchanged (same name and checksum
 * in `_prisma_migrations`, which Prisma writes as the sha256 of the script), and none failed:
 * then a start needs no schema engine (loading its WASM costs seconds). Anything else, or
 * a database without the table, answers false and the engine decides.
 */
export async function migrationsUpToDate(prisma: PrismaClient, opts: MigratePaths = {}): Promise<boolean> {
  const { migrationsDir } = resolvePaths(opts);
  const { migrationDirectories } = await readMigrationList(migrationsDir);
  let rows: { migration_name: string; checksum: string; finished: boolean; rolled_back: boolean }[];
  try {
    rows = await prisma.$queryRawUnsafe(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM _prisma_migrations`,
    );
  } catch {
    return false;
  }
  if (rows.some((r) => !r.finished && !r.rolled_back)) return false;
  const applied = new Map(rows.filter((r) => r.finished && !r.rolled_back).map((r) => [r.migration_name, r.checksum]));
  return migrationDirectories.every(
    (d) => d.migrationFile.content.tag === 'ok' && applied.get(d.path) === createHash('sha256').update(d.migrationFile.content.value).digest('hex'),
  );
}

export type CreatedMigration = { name: string; path: string; sql: string };

/**
 * `prisma migrate dev --create-only`: writes migrations/<UTC timestamp>_<name>/migration.sql with the
 * SQL that takes the migrations to schema.prisma. Returns null (and writes nothing) when in sync.
 */
export async function createMigration(name: string, opts: MigrateOptions = {}): Promise<CreatedMigration | null> {
  const slug = migrationSlug(name);
  const { migrationsDir } = resolvePaths(opts);
  const { sql, migrationsList } = await diffMigrationsToSchema(opts);
  if (!sql) return null;

  const dirName = `${nextMigrationTimestamp(migrationsList.migrationDirectories.map((d) => d.path))}_${slug}`;
  const dir = path.join(migrationsDir, dirName);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, MIGRATION_FILE), `${sql}\n`);
  const lockPath = path.join(migrationsDir, LOCKFILE);
  if (!existsSync(lockPath)) await writeFile(lockPath, LOCKFILE_CONTENT);
  return { name: dirName, path: path.join(dir, MIGRATION_FILE), sql };
}

/**
 * The SQL that would take the migrations to schema.prisma; '' when they agree. Replays the
 * migrations into an in-memory PGlite shadow database, so it needs no server.
 */
export async function migrationDrift(opts: MigrateOptions = {}): Promise<string> {
  return (await diffMigrationsToSchema(opts)).sql;
}

// The engine's createMigration cannot reach a shadow database in the WASM build (only diff is handed
// the adapter factory; createMigration fails with "PostgreSQL shadow DB must be provided through an
// external factory"), so both commands are `migrate diff --from-migrations --to-schema`.
async function diffMigrationsToSchema(opts: MigrateOptions): Promise<{ sql: string; migrationsList: MigrationList }> {
  const { schemaPath, migrationsDir } = resolvePaths(opts);
  const schema = await readFile(schemaPath, 'utf8');
  const migrationsList = await readMigrationList(migrationsDir);
  // The engine refuses a migrations directory without a lockfile; before the first migration there is
  // none yet (createMigration writes it), and ours is always PostgreSQL.
  const from: DiffTarget = {
    tag: 'migrations',
    ...migrationsList,
    lockfile: { ...migrationsList.lockfile, content: migrationsList.lockfile.content ?? LOCKFILE_CONTENT },
  };
  const sql = await withScratchEngine(schema, opts.log, async (engine) => {
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: true, // 2 when there is a difference, 0 when there is none
      filters: noFilter,
    });
    return result.exitCode === 0 ? '' : (result.stdout ?? '').trim();
  });
  return { sql, migrationsList };
}

// Diffing needs only a shadow database: a throwaway in-memory PGlite, so no server is needed.
async function withScratchEngine<T>(
  schema: string,
  log: EngineLog | undefined,
  run: (engine: Awaited<ReturnType<typeof openSchemaEngine>>['engine']) => Promise<T>,
): Promise<T> {
  const factory = await scratchPgliteFactory();
  try {
    const opened = await openSchemaEngine(factory, schema, log);
    try {
      return await run(opened.engine);
    } finally {
      await opened.close();
    }
  } finally {
    await factory.close();
  }
}
