import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setting } from '@opora/common/config';

// PostgreSQL when DATABASE_URL is set; otherwise embedded PGlite, so a laptop needs no server.
export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string /* a directory, or 'memory://' */; load?: Blob /* a dumpDataDir tarball to start from */ };

// The repository root (where pnpm-workspace.yaml is), up from this file: prisma/src in
// TypeScript, prisma/dist/src in the production build.
const repoRoot = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    dir = up;
  }
  return dir;
})();

export const defaultPgliteDataDir = path.join(repoRoot, '.opora-data', 'pglite');

/** Where backups go (OPORA_BACKUP_DIR, else .opora-data/backups at the repository root). */
export function backupDirFromEnv(): string {
  const dir = setting('OPORA_BACKUP_DIR');
  return dir ? path.resolve(dir) : path.join(repoRoot, '.opora-data', 'backups');
}

/** The key file that encrypts second-factor secrets when OPORA_SECRET_KEY is not set (schema/src/accounts/secret-box.ts). */
export const secretKeyFile = path.join(repoRoot, '.opora-data', 'secret.key');

/** The running server's process id is kept here while it serves an embedded database, so `npm run backup` can ask it for one. */
export const pidFileOf = (dataDir: string) => `${dataDir.replace(/\/+$/, '')}.pid`;

let cached: DatabaseTarget | undefined;

// Read once: the process talks to one database for its whole life.
export function databaseTargetFromEnv(): DatabaseTarget {
  if (cached) return cached;
  const url = setting('DATABASE_URL');
  const dataDir = setting('OPORA_DATA_DIR');
  cached = url
    ? { kind: 'postgres', url }
    : { kind: 'pglite', dataDir: dataDir ? resolveDataDir(dataDir) : defaultPgliteDataDir };
  return cached;
}

function resolveDataDir(dir: string): string {
  return dir.startsWith('memory://') ? dir : path.resolve(dir);
}
