import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url + '/../schema/');

// One suite for the whole workspace. The database is PGlite unless DATABASE_URL names a
// PostgreSQL server; either way each test file gets its own copy of a migrated, seeded
// template (built once per run in global setup), so files never see each other's writes.
export default defineConfig({
  resolve: {
    // One graphql: Node resolves `graphql` to its CommonJS build (no "exports" map), and so
    // do graphql-shield and graphql-middleware; Vite would pick the .mjs build for our own
    // code, and two copies break schema identity ("from another module or realm").
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: [
      'common/test/**/*.test.ts',
      'prisma/test/**/*.test.ts',
      'schema/test/**/*.test.ts',
      'server/test/**/*.test.ts',
      'tests/src/**/*.test.ts',
    ],
    globalSetup: ['tests/src/support/global-setup.ts'],
    testTimeout: 60_000,
    // expect.poll waits for a screen or a server to catch up; 1 s (vitest's default) is less
    // than a query takes on a busy 2-core machine, and a poll only waits when it would fail.
    expect: { poll: { timeout: 30_000, interval: 100 } },
    hookTimeout: 240_000,
    pool: 'forks',
    // Two cores here: more workers only add PGlite memory and contention.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
