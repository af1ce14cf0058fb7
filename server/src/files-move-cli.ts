// `pnpm files:move --to s3` / `pnpm files:move --to database` (see files-move.ts and README).
import { loadConfig } from '@opora/common/config';
import { openDatabase } from '@opora/prisma/db';
import { moveAttachments } from './files-move.ts';
import { configuredObjectStore } from './object-store.ts';

const at = process.argv.indexOf('--to');
const to = process.argv[at + 1];
if (at < 0 || (to !== 's3' && to !== 'database')) {
  console.error('Usage: pnpm files:move --to s3|database   (the object store from OPORA_S3_*)');
  process.exit(2);
}
const config = loadConfig();
const objects = configuredObjectStore();
if (!objects) {
  console.error('Set OPORA_S3_BUCKET (and OPORA_S3_ENDPOINT, OPORA_S3_ACCESS_KEY_ID, OPORA_S3_SECRET_ACCESS_KEY) first.');
  process.exit(2);
}
// As the owner: the migration login when the server's own is the runtime login.
const database = config.DATABASE_MIGRATION_URL ? openDatabase({ kind: 'postgres', url: config.DATABASE_MIGRATION_URL }) : openDatabase();
try {
  const result = await moveAttachments(database.prisma, objects, to, (line) => console.log(line));
  console.log(`${result.moved} files (${result.bytes} bytes) moved to ${to === 's3' ? 'the object store' : 'the database'}.`);
  if (to === 's3' && config.OPORA_FILE_STORE !== 's3') console.log('New files still go to the database: set OPORA_FILE_STORE=s3 for them too.');
  if (to === 'database' && config.OPORA_FILE_STORE === 's3') console.log('New files still go to the object store: set OPORA_FILE_STORE=database for them too.');
} finally {
  await database.close();
}
