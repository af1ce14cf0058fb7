// `pnpm db:seed`: the catalogue, and the demo tenants when the database has no center yet.
//   --no-demo           catalogue only (a real deployment)
//   --today=YYYY-MM-DD  date the demo is built around (default: today)
// The database comes from the environment (DATABASE_URL, else PGlite in OPORA_DATA_DIR);
// run `pnpm db:migrate` first.
import { dayOf } from '@opora/common/calendar';
import { openDatabase } from "../db.js";
import { seedIfEmpty } from "../seed/index.js";
const args = process.argv.slice(2);
const demo = !args.includes('--no-demo');
const todayArg = args.find((a) => a.startsWith('--today='))?.slice('--today='.length);
const today = todayArg ? dayOf(todayArg) : undefined;
if (today && Number.isNaN(today.getTime())) {
    console.error(`--today: not a date: ${todayArg}`);
    process.exit(2);
}
const db = openDatabase();
const started = performance.now();
try {
    const result = await seedIfEmpty(db.prisma, { demo, ...(today ? { today } : {}) });
    const c = result.catalogue;
    console.log(`catalogue: ${c.municipalities} municipalities, ${c.settlements} settlements, ${c.professions} professions, ${c.serviceKinds} service kinds, ${c.targetGroups} target groups`);
    if (result.demo) {
        for (const center of result.demo.centers) {
            console.log(`${center.code}: ${center.staff} staff, ${center.services} services, ${center.clients} clients, ${center.cases} cases, ` +
                `${center.sessions} sessions, ${center.groupPrograms} group programs (${center.meetings} meetings), ` +
                `${center.openAccessContacts} open-access contacts, ${center.consents} consents`);
        }
        console.log(`users: ${result.demo.users} (demo password for the demo accounts: opora-demo)`);
    }
    else if (demo) {
        console.log('demo: skipped, the database already has centers');
    }
    console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
catch (error) {
    console.error(error);
    process.exitCode = 1;
}
finally {
    await db.close();
}
//# sourceMappingURL=seed.js.map