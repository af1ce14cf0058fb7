import { z } from 'zod';
import { parseTrustedProxies } from './client-address.ts';
import { AGGREGATE_POINTS, QUERY_TIMEOUT_MS, SIGN_IN_POINTS } from './limits.ts';

// Configuration, validated once at start: a wrong value stops the server with a clear message.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL')
    .optional(),
  /**
   * The owner's connection, for migrations and the seed at start (production: DATABASE_URL is
   * the runtime login, which may only become opora_app / opora_aggregate / opora_auth).
   */
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_MIGRATION_URL must be a postgresql:// URL')
    .optional(),
  OPORA_DATA_DIR: z.string().optional(),
  /** Load the demo centers and accounts into an empty database. Default: on for PGlite, off for PostgreSQL. */
  OPORA_DEMO: z.enum(['0', '1', 'true', 'false']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted request body, in bytes. */
  OPORA_BODY_LIMIT: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(512 * 1024),
  /** Rate limits are shared between server processes through Redis when set; in memory otherwise. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL')
    .optional(),
  /** Namespace of the rate-limit keys in Redis (one per deployment). */
  OPORA_RATE_LIMIT_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,60}$/).default('opora'),
  /** Expensive aggregate queries per viewer per minute. */
  OPORA_AGGREGATE_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(AGGREGATE_POINTS),
  /** Sign-in attempts per client address per minute. */
  OPORA_SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(SIGN_IN_POINTS),
  /** Per-request deadline in ms (statement_timeout; the transaction gets 2 s more). */
  OPORA_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(QUERY_TIMEOUT_MS),
  /**
   * The trusted-documents manifest (default web/dist/trusted-documents.json); enforced in
   * production. `off` accepts any document in production too (an API for other clients).
   */
  OPORA_TRUSTED_DOCUMENTS: z.string().optional(),
  /**
   * Server processes (node:cluster) sharing the port: a number, or `auto` for one per core.
   * PostgreSQL only: PGlite lives inside one process.
   */
  /**
   * Seconds between background refreshes of the aggregate rollups (months changed by writes, and
   * the current month hourly), so a reader seldom rebuilds anything itself. 0 turns it off.
   */
  OPORA_AGGREGATE_REFRESH_S: z.coerce.number().int().min(0).max(86_400).default(60),
  /**
   * Reverse proxies (comma-separated IP addresses) whose X-Forwarded-For names the client.
   * Empty: the socket's peer is the client, and the header is ignored.
   */
  OPORA_TRUSTED_PROXIES: z
    .string()
    .refine((v) => {
      try {
        parseTrustedProxies(v);
        return true;
      } catch {
        return false;
      }
    }, 'OPORA_TRUSTED_PROXIES must list IP addresses, comma-separated')
    .optional(),
  OPORA_WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).default(1),
});

export type Config = z.infer<typeof schema> & { demo: boolean; production: boolean };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const demo = c.OPORA_DEMO === undefined ? !c.DATABASE_URL : c.OPORA_DEMO === '1' || c.OPORA_DEMO === 'true';
  return { ...c, demo, production: c.NODE_ENV === 'production' };
}
