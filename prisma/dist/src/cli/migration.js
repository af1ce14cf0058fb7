// `pnpm db:migration <name>`: `prisma migrate dev --create-only`, diffing against an in-memory shadow.
import path from 'node:path';
import { createMigration } from "../migrate/index.js";
const name = process.argv.slice(2).join('_');
if (!name) {
    console.error('Usage: pnpm db:migration <name>');
    process.exit(2);
}
try {
    const created = await createMigration(name);
    if (!created)
        console.log('schema.prisma and the migrations agree: no migration written.');
    else {
        console.log(`Wrote ${path.relative(process.cwd(), created.path)}`);
        // Hand-written SQL (RLS, policies, grants) belongs in the same file, after the generated part.
        console.log('Review it, add any hand-written SQL, then run `pnpm db:migrate`.');
    }
}
catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
}
//# sourceMappingURL=migration.js.map