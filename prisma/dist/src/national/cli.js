// pnpm --filter @opora/prisma db:national [--db opora_bench_national] [--centers 150] [--years 10] [--force]
// Loads the national dataset into a PostgreSQL database on the server of DATABASE_URL
// (default postgresql://postgres@127.0.0.1:5432/postgres).
import { parseArgs } from 'node:util';
import { setting } from '@opora/common/config';
import { DEFAULT_NATIONAL } from "./generate.js";
import { loadNationalPostgres } from "./load.js";
const { values } = parseArgs({
    options: {
        db: { type: 'string', default: 'opora_bench_national' },
        centers: { type: 'string' },
        years: { type: 'string' },
        force: { type: 'boolean', default: false },
    },
});
const serverUrl = setting('DATABASE_URL') ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const options = {
    ...DEFAULT_NATIONAL,
    ...(values.centers ? { centers: Number(values.centers) } : {}),
    ...(values.years ? { years: Number(values.years) } : {}),
};
const report = await loadNationalPostgres(serverUrl, values.db, options, { force: values.force, log: (l) => console.log(l) });
console.log(JSON.stringify(report, null, 2));
//# sourceMappingURL=cli.js.map