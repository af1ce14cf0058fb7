// `prisma generate` without the native schema engine: the CLI only checks that
// PRISMA_SCHEMA_ENGINE_BINARY names an existing file, and never runs it for
// `generate` (see shared/ENGINEERING.md). Point it at this script itself.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const result = spawnSync('prisma', ['generate', '--schema', join(here, '..', 'schema.prisma')], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
  cwd: join(here, '..'),
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
