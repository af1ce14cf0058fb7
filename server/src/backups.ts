import { rmSync, writeFileSync } from 'node:fs';
import type { Database } from '@opora/prisma/db';
import { backupDirFromEnv, pidFileOf } from '@opora/prisma/database-config';
import { dumpPglite, writeBackup } from '@opora/prisma/backup';
import type { Logger } from 'pino';

// The embedded database's backups are taken by the server that holds it (a PGlite data
// directory has one opener): every OPORA_BACKUP_EVERY_H hours, and at once on SIGUSR2, which
// `npm run backup` sends to the process named in the pid file beside the data directory.
export function scheduleBackups(
  database: Database,
  logger: Logger,
  options: { everyHours: number; keep: number; onBackup?: (outcome: 'ok' | 'error', seconds: number) => void },
): () => void {
  const pglite = database.adapterFactory.pglite;
  if (database.target.kind !== 'pglite' || !pglite || database.target.dataDir.startsWith('memory://')) return () => undefined;
  const pidFile = pidFileOf(database.target.dataDir);
  writeFileSync(pidFile, `${process.pid}\n`);
  let running = false;
  const backup = async (why: string) => {
    if (running) return;
    running = true;
    const started = Date.now();
    try {
      const file = await writeBackup(backupDirFromEnv(), await dumpPglite(pglite), options.keep);
      logger.info({ file, seconds: Math.round((Date.now() - started) / 1000), why }, `backup written: ${file}`);
      options.onBackup?.('ok', (Date.now() - started) / 1000);
    } catch (error) {
      logger.error({ err: error, why }, 'backup failed');
      options.onBackup?.('error', (Date.now() - started) / 1000);
    } finally {
      running = false;
    }
  };
  const onSignal = () => void backup('asked (SIGUSR2)');
  process.on('SIGUSR2', onSignal);
  const every = options.everyHours * 3_600_000;
  let timer: NodeJS.Timeout | null = null;
  const arm = (ms: number) => {
    timer = setTimeout(() => {
      void backup('scheduled');
      arm(every);
    }, ms);
    timer.unref();
  };
  if (every) arm(Math.min(every, 3_600_000));
  return () => {
    if (timer) clearTimeout(timer);
    process.off('SIGUSR2', onSignal);
    rmSync(pidFile, { force: true });
  };
}
