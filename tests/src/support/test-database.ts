import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database, type DatabaseOptions } from '@opora/prisma/db';
import { withDatabase } from './engine.ts';

/**
 * A private copy of the seeded template for one test file: a PGlite loaded from the
 * template's tarball, or a PostgreSQL database created WITH TEMPLATE.
 */
export async function openTestDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const template = inject('opora_template');
  if (inject('opora_engine') === 'pglite') {
    const load = new Blob([readFileSync(template)]);
    return openDatabase({ kind: 'pglite', dataDir: 'memory://', load }, options);
  }
  const serverUrl = process.env.DATABASE_URL!;
  const name = `${template}_f${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const db = openDatabase({ kind: 'postgres', url: withDatabase(serverUrl, name) }, options);
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      const drop = new pg.Client({ connectionString: serverUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => drop.end());
    },
  });
}
