// Which database engine the suite runs on: PostgreSQL when DATABASE_URL is set, else PGlite.
export type TestEngine = 'postgres' | 'pglite';

export function testEngine(): TestEngine {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

/** The server URL with another database name (per-run template, per-file copies). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
