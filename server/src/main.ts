import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@opora/prisma/db';
import { databaseTargetFromEnv } from '@opora/prisma/database-config';
import { applyMigrations } from '@opora/prisma/migrate';
import { seedIfEmpty } from '@opora/prisma/seed';
import { createOporaServer } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

// `pnpm start`: migrate, load the demo data into an empty database (demo mode), serve.
const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
})();
const logger = createLogger(config.LOG_LEVEL);
const target = databaseTargetFromEnv();
logger.info({ database: target.kind === 'postgres' ? 'postgresql' : `pglite ${target.dataDir}` }, 'opening database');
const database = openDatabase(target);

const applied = await applyMigrations(database.adapterFactory);
if (applied.length) logger.info({ applied }, 'migrations applied');
const seeded = await seedIfEmpty(database.prisma, { demo: config.demo });
if (seeded.seeded) logger.info({ demo: config.demo }, 'database was empty: catalogue' + (config.demo ? ' and demo data loaded' : ' loaded'));

const webDir = fileURLToPath(new URL('../../web/dist', import.meta.url));
const app = createOporaServer({
  database,
  logger,
  production: config.production,
  bodyLimit: config.OPORA_BODY_LIMIT,
  webDir: existsSync(webDir) ? webDir : null,
});
const url = await app.listen(config.PORT, config.HOST);
logger.info({ url, graphql: `${url}/graphql`, web: existsSync(webDir) }, 'Opora is running');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing requests in flight');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  try {
    await app.close();
    await database.close();
  } finally {
    process.exit(0);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
