// Seeding: the shared catalogue (every deployment) and the demo tenants (demo only).
// Writes run as the connecting login, which must bypass row-level security (a superuser,
// or a role with BYPASSRLS): centers have no INSERT policy for the runtime role.
import type { PrismaClient } from '../client.ts';
import { seedCatalogue, type CatalogueCounts } from './catalogue.ts';
import { seedDemo, type DemoCounts } from './demo.ts';

export { seedCatalogue, type CatalogueCounts } from './catalogue.ts';
export { DEMO_EMAILS, DEMO_PASSWORD, DISABLED_PASSWORD_HASH, NETWORK, seedDemo, type DemoCounts } from './demo.ts';

/** A database with no center has never been seeded (or was emptied on purpose). */
export async function isDatabaseEmpty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.center.count()) === 0;
}

export type SeedResult = { seeded: boolean; catalogue: CatalogueCounts; demo?: DemoCounts };

/**
 * The catalogue always (idempotent); the demo only into an empty database, so a real
 * deployment's data is never mixed with synthetic people.
 */
export async function seedIfEmpty(prisma: PrismaClient, options: { demo: boolean; today?: Date }): Promise<SeedResult> {
  const empty = await isDatabaseEmpty(prisma);
  const catalogue = await seedCatalogue(prisma);
  if (!options.demo || !empty) return { seeded: false, catalogue };
  const demo = await seedDemo(prisma, options.today ? { today: options.today } : {});
  await prisma.$queryRawUnsafe(`SELECT aggregate_refresh()`); // build the demo's rollups once, not in the first aggregate request
  return { seeded: true, catalogue, demo };
}
