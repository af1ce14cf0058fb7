// `pnpm db:migrate`: `prisma migrate deploy` for PGlite or PostgreSQL, without the native engine.
import { databaseTargetFromEnv } from "../database-config.js";
import { applyMigrations } from "../migrate/index.js";
const target = databaseTargetFromEnv();
const where = target.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite at ${target.dataDir}`;
try {
    const applied = await applyMigrations(target);
    if (applied.length === 0)
        console.log(`No pending migrations on ${where}.`);
    else
        console.log(`Applied ${applied.length} migration(s) to ${where}:\n${applied.map((n) => `  ${n}`).join('\n')}`);
}
catch (error) {
    console.error(`Migration failed on ${where}:`);
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
}
//# sourceMappingURL=migrate.js.map