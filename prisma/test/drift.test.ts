import { expect, test } from 'vitest';
import { migrationDrift } from '../src/migrate/index.ts';

// schema.prisma and migrations/ must describe the same database: a model changed without a
// migration (or the reverse) fails here. Needs no server: the shadow database is PGlite.
test('prisma/schema.prisma and prisma/migrations agree (else: pnpm db:migration <name>)', async () => {
  const drift = await migrationDrift();
  expect(drift.trim()).toBe('');
}, 120_000);
