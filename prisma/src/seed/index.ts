// Seeding: the shared catalogue (every deployment) and the demo tenants (demo only).
// Writes run as the connecting login, which must bypass row-level security (a superuser,
// or a role with BYPASSRLS): centers have no INSERT policy for the runtime role.
import type { PrismaClient } from '../client.ts';
import { seedCatalogue, type CatalogueCounts } from './catalogue.ts';
import { DEMO_ACCOUNTS, DEMO_EMAILS, seedDemo, type DemoAccount, type DemoCounts } from './demo.ts';

export { seedCatalogue, type CatalogueCounts } from './catalogue.ts';
export { DEMO_ACCOUNTS, DEMO_EMAILS, DEMO_PASSWORD, DISABLED_PASSWORD_HASH, NETWORK, seedDemo, type DemoAccount, type DemoCounts } from './demo.ts';

/**
 * The demo accounts to name on the sign-in page and the start line: only in demo mode and when
 * they are in this database (a real deployment's data never gets the demo loaded over it).
 * A login that cannot read users (row-level security) names none.
 */
export async function demoAccountsOf(prisma: PrismaClient, demo: boolean): Promise<readonly DemoAccount[] | null> {
  if (!demo) return null;
  const present = await prisma.user.count({ where: { email: { in: [...DEMO_EMAILS] } } }).catch(() => 0);
  return present > 0 ? DEMO_ACCOUNTS : null;
}

/** A database with no center has never been seeded (or was emptied on purpose). */
export async function isDatabaseEmpty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.center.count()) === 0;
}

export type SeedResult = { seeded: boolean; catalogue: CatalogueCounts; demo?: DemoCounts };

/**
 * The catalogue always (idempotent); the demo only into an empty database, so a real
 * deployment's data is never mixed with synthetic people.
 */
export async function seedIfEmpty(
  prisma: PrismaClient,
  options: { demo: boolean; today?: Date; progress?: (step: string) => void },
): Promise<SeedResult> {
  const empty = await isDatabaseEmpty(prisma);
  const catalogue = await seedCatalogue(prisma);
  if (!options.demo || !empty) return { seeded: false, catalogue };
  const demo = await seedDemo(prisma, { ...(options.today ? { today: options.today } : {}), ...(options.progress ? { progress: options.progress } : {}) });
  options.progress?.('demo data: building the anonymous figures (rollups)…');
  await prisma.$queryRawUnsafe(`SELECT aggregate_refresh()`); // build the demo's rollups once, not in the first aggregate request
  return { seeded: true, catalogue, demo };
}
