// Backups in one place: a logical, PostgreSQL-compatible SQL dump of the whole database (schema,
// rows, row-level security, grants), taken from the embedded database while the server runs or
// by PostgreSQL's own pg_dump, and restored into a new embedded database or a PostgreSQL
// database (the move from a laptop to a server). pg_dump for PGlite is @electric-sql/pglite-tools
// (PostgreSQL's own pg_dump compiled to WASM), so the embedded dump is what pg_dump would write.
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';
import pg from 'pg';
import { AGGREGATE_ROLE, AUTH_ROLE, RUNTIME_ROLE } from '../roles.ts';

/** The roles Opora's grants name: cluster-wide, so a dump carries its GRANTs but not the roles. */
export const ROLES_SQL = [RUNTIME_ROLE, AGGREGATE_ROLE, AUTH_ROLE]
  .map(
    (role) => `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
    CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END $$;`,
  )
  .join('\n');

/**
 * A consistent dump of a running embedded database: PGlite's clone() copies the data directory
 * between two statements (under its query lock), and pg_dump reads the copy, so requests go on.
 */
export async function dumpPglite(live: PGlite): Promise<string> {
  const copy = (await live.clone()) as PGlite;
  try {
    const file = await pgDump({ pg: copy, args: ['--no-owner'] });
    return await file.text();
  } finally {
    await copy.close();
  }
}

/** PostgreSQL's own pg_dump of a database (plain SQL, owners left out: the restoring login owns). */
export function dumpPostgres(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pg_dump', ['--no-owner', '--format=plain', '--inserts', '--rows-per-insert=200', '--dbname', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`pg_dump failed: ${Buffer.concat(err).toString('utf8')}`))));
  });
}

/**
 * The dump as a script any PostgreSQL from 15 on runs: psql meta-commands (`\restrict`, which
 * newer pg_dump writes) and settings older servers do not know are left out; nothing else changes.
 */
export function portableScript(dump: string): string {
  return dump
    .split('\n')
    .filter((line) => !line.startsWith('\\') && !/^SET (transaction_timeout|xmloption)\b/.test(line))
    .join('\n');
}

/** Runs a dump into an empty embedded database (the roles first). */
export async function restoreIntoPglite(target: PGlite, dump: string): Promise<void> {
  await target.exec(ROLES_SQL);
  await target.exec(portableScript(dump));
  // The dump's settings are its session's (an empty search_path, row_security off, …): the
  // instance goes on serving after a restore, as a fresh session would.
  await target.exec('RESET ALL');
}

/** Runs a dump into an empty PostgreSQL database, as one transaction: all of it or nothing. */
export async function restoreIntoPostgres(url: string, dump: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(ROLES_SQL);
    const existing = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    if (existing.rows[0].n > 0) throw new Error('restore: the target database is not empty (restore into a new database)');
    await client.query('BEGIN');
    await client.query(portableScript(dump));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

const FILE = /^opora-(\d{8}T\d{6}Z)\.sql\.gz$/;

/** Writes a dump as `opora-<UTC time>.sql.gz` in `dir` and keeps the newest `keep` of them. */
export async function writeBackup(dir: string, dump: string, keep: number, now = new Date()): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = path.join(dir, `opora-${stamp}.sql.gz`);
  await writeFile(file, gzipSync(dump));
  const backups = (await readdir(dir)).filter((f) => FILE.test(f)).sort();
  for (const old of backups.slice(0, Math.max(0, backups.length - keep))) await rm(path.join(dir, old));
  return file;
}

/** A backup file's dump (gzip or plain SQL). */
export async function readBackup(file: string): Promise<string> {
  const bytes = await readFile(file);
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
}
