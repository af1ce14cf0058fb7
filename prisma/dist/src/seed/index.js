import { seedCatalogue } from "./catalogue.js";
import { DEMO_ACCOUNTS, DEMO_EMAILS, seedDemo } from "./demo.js";
export { seedCatalogue } from "./catalogue.js";
export { DEMO_ACCOUNTS, DEMO_EMAILS, DEMO_PASSWORD, DISABLED_PASSWORD_HASH, NETWORK, seedDemo } from "./demo.js";
/**
 * The demo accounts to name on the sign-in page and the start line: only in demo mode and when
 * they are in this database (a real deployment's data never gets the demo loaded over it).
 * A login that cannot read users (row-level security) names none.
 */
export async function demoAccountsOf(prisma, demo) {
    if (!demo)
        return null;
    const present = await prisma.user.count({ where: { email: { in: [...DEMO_EMAILS] } } }).catch(() => 0);
    return present > 0 ? DEMO_ACCOUNTS : null;
}
/** A database with no center has never been seeded (or was emptied on purpose). */
export async function isDatabaseEmpty(prisma) {
    return (await prisma.center.count()) === 0;
}
/**
 * The catalogue always (idempotent); the demo only into an empty database, so a real
 * deployment's data is never mixed with synthetic people.
 */
export async function seedIfEmpty(prisma, options) {
    const empty = await isDatabaseEmpty(prisma);
    const catalogue = await seedCatalogue(prisma);
    if (!options.demo || !empty)
        return { seeded: false, catalogue };
    const demo = await seedDemo(prisma, { ...(options.today ? { today: options.today } : {}), ...(options.progress ? { progress: options.progress } : {}) });
    options.progress?.('demo data: building the anonymous figures (rollups)…');
    await prisma.$queryRawUnsafe(`SELECT aggregate_refresh()`); // build the demo's rollups once, not in the first aggregate request
    return { seeded: true, catalogue, demo };
}
//# sourceMappingURL=index.js.map