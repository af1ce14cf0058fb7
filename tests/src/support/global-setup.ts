import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '@opora/prisma/db';
import { applyMigrations } from '@opora/prisma/migrate';
import { seedIfEmpty } from '@opora/prisma/seed';
import { testEngine, withDatabase } from './engine.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: a tarball of the seeded data directory. PostgreSQL: the template database name. */
    opora_template: string;
    opora_engine: 'postgres' | 'pglite';
  }
}

// Builds the migrated, demo-seeded template once per run; each test file clones it.
export default async function setup(project: TestProject) {
  const started = Date.now();
  const engine = testEngine();
  if (engine === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'opora-test-'));
    const db = openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await applyMigrations(db.adapterFactory);
    await seedIfEmpty(db.prisma, { demo: true });
    const pglite = (db.adapterFactory as unknown as { pglite: { dumpDataDir(c: 'none'): Promise<Blob> } }).pglite;
    const tarball = path.join(dir, 'template.tar');
    writeFileSync(tarball, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
    await db.close();
    project.provide('opora_template', tarball);
    project.provide('opora_engine', engine);
    console.log(`[opora] PGlite template ready in ${Date.now() - started} ms`);
    return () => rmSync(dir, { recursive: true, force: true });
  }

  const serverUrl = process.env.DATABASE_URL!;
  const template = `opora_tpl_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  const db = openDatabase({ kind: 'postgres', url: withDatabase(serverUrl, template) });
  await applyMigrations(db.adapterFactory);
  await seedIfEmpty(db.prisma, { demo: true });
  await db.close();
  project.provide('opora_template', template);
  project.provide('opora_engine', engine);
  console.log(`[opora] PostgreSQL template ${template} ready in ${Date.now() - started} ms`);
  return async () => {
    // Drop the template and every per-file copy made from it.
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [template, `${template}_f%`],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await admin.end();
  };
}
