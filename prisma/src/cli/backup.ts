// `npm run backup` and `npm run restore [file]` (README, "Backups"). The embedded database is
// backed up by the server holding it when it runs (asked with SIGUSR2), else read directly;
// PostgreSQL by pg_dump. A restore goes into an empty database only: the embedded data
// directory is moved aside first, a PostgreSQL database must be new.
import { existsSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { setting } from '@opora/common/config';
import { backupDirFromEnv, databaseTargetFromEnv, pidFileOf } from '../database-config.ts';
import { dumpPglite, dumpPostgres, readBackup, restoreIntoPglite, restoreIntoPostgres, writeBackup } from '../backup/index.ts';

const [command, argument] = process.argv.slice(2);
const target = databaseTargetFromEnv();
const dir = backupDirFromEnv();
const keep = setting('OPORA_BACKUP_KEEP');

function runningServer(dataDir: string): number | null {
  const pidFile = pidFileOf(dataDir);
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

const backups = () => (existsSync(dir) ? readdirSync(dir).filter((f) => /^opora-.*\.sql\.gz$/.test(f)).sort() : []);

async function backup(): Promise<string> {
  if (target.kind === 'postgres') return writeBackup(dir, await dumpPostgres(setting('DATABASE_MIGRATION_URL') ?? target.url), keep);
  const pid = runningServer(target.dataDir);
  if (pid) {
    // The server holds the data directory: it writes the backup; wait for the new file.
    const before = new Set(backups());
    process.kill(pid, 'SIGUSR2');
    console.log(`[opora] asked the running server (pid ${pid}) for a backup…`);
    for (let waited = 0; waited < 600; waited++) {
      const added = backups().find((f) => !before.has(f));
      if (added) return path.join(dir, added);
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error('the server did not write a backup within 10 minutes (see its log)');
  }
  const db = new PGlite({ dataDir: target.dataDir });
  try {
    return await writeBackup(dir, await dumpPglite(db), keep);
  } finally {
    await db.close();
  }
}

async function restore(): Promise<string> {
  const file = argument ? path.resolve(argument) : backups().at(-1) && path.join(dir, backups().at(-1)!);
  if (!file || !existsSync(file)) throw new Error(`no backup to restore (give a file, or put one in ${dir})`);
  const dump = await readBackup(file);
  if (target.kind === 'postgres') {
    await restoreIntoPostgres(setting('DATABASE_MIGRATION_URL') ?? target.url, dump);
    return file;
  }
  if (runningServer(target.dataDir)) throw new Error('stop the server first: it holds the embedded database');
  if (existsSync(target.dataDir)) {
    const aside = `${target.dataDir}.before-restore-${new Date().toISOString().replace(/[-:.]/g, '')}`;
    renameSync(target.dataDir, aside);
    console.log(`[opora] the current database was moved aside to ${aside}`);
  }
  const db = new PGlite({ dataDir: target.dataDir });
  try {
    await restoreIntoPglite(db, dump);
  } finally {
    await db.close();
  }
  return file;
}

try {
  if (command === 'backup') console.log(`[opora] backup written: ${await backup()}`);
  else if (command === 'restore') console.log(`[opora] restored from ${await restore()}`);
  else throw new Error('usage: backup | restore [file]');
} catch (error) {
  console.error(`[opora] ${(error as Error).message}`);
  process.exit(1);
}
