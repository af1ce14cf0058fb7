import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@opora/prisma/db';
import { migrationsUpToDate } from '@opora/prisma/migrate';
import { seedCatalogue } from '@opora/prisma/seed';
import { openTestDatabase } from '../support/test-database.ts';

// A restart on existing data does no work it need not: the schema engine loads only when a
// migration is pending or changed, and the catalogue writes only what differs.

let db: Database;
let statements: string[] | null = null;
beforeAll(async () => {
  db = await openTestDatabase({ onQuery: (sql) => statements?.push(sql) });
});
afterAll(async () => {
  await db?.close();
});

const writes = (sql: string[]) => sql.filter((s) => /^\s*(INSERT|UPDATE|DELETE)\b/i.test(s));

describe('restart on existing data', () => {
  it('migrations: up to date only when every migration on disk is applied unchanged', async () => {
    expect(await migrationsUpToDate(db.prisma)).toBe(true);
    const [last] = await db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
      `SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`,
    );
    // An applied migration edited on disk (its checksum differs): the engine must decide.
    await db.prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET checksum = 'edited' WHERE migration_name = $1`, last!.migration_name);
    expect(await migrationsUpToDate(db.prisma)).toBe(false);
    // A migration on disk that the database has not applied.
    await db.prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET migration_name = 'renamed' WHERE migration_name = $1`, last!.migration_name);
    expect(await migrationsUpToDate(db.prisma)).toBe(false);
    await db.prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET migration_name = $1, checksum = $2 WHERE migration_name = 'renamed'`, last!.migration_name, last!.checksum);
    expect(await migrationsUpToDate(db.prisma)).toBe(true);
    // A migration that failed half way.
    await db.prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = $1`, last!.migration_name);
    expect(await migrationsUpToDate(db.prisma)).toBe(false);
  });

  it('catalogue: nothing written when it is current, only the row that differs otherwise', async () => {
    statements = [];
    await seedCatalogue(db.prisma);
    expect(writes(statements)).toEqual([]);
    await db.prisma.municipality.update({ where: { code: 'SZR12' }, data: { nameBg: 'Старо име' } });
    statements = [];
    await seedCatalogue(db.prisma);
    expect(writes(statements)).toHaveLength(1);
    statements = null;
    expect((await db.prisma.municipality.findUniqueOrThrow({ where: { code: 'SZR12' } })).nameBg).toBe('Казанлък');
  });
});
