import { test } from 'vitest';
import { openDatabase } from './src/db.ts';
import { applyMigrations } from './src/migrate/index.ts';
import { seedCatalogue, seedDemo } from './src/seed/index.ts';
const TODAY = new Date('2026-11-25T00:00:00Z');
async function run(disable: boolean) {
  const db = openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  await applyMigrations(db.adapterFactory);
  if (disable) {
    for (const t of ['Session','SessionClient','Case','CaseTargetGroup','Assessment','PlanReview','GroupMeeting','Attendance','OpenAccessContact','Membership','Client'])
      await db.prisma.$executeRawUnsafe(`ALTER TABLE "${t}" DISABLE TRIGGER USER`);
  }
  const t0 = performance.now();
  await seedCatalogue(db.prisma);
  await seedDemo(db.prisma, { today: TODAY });
  const ms = performance.now() - t0;
  await db.close();
  return ms;
}
test('measure', async () => {
  const off = await run(true);
  const on = await run(false);
  console.log(`seed without triggers ${Math.round(off)} ms, with ${Math.round(on)} ms`);
}, 600_000);
