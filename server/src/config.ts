import { z } from 'zod';

// Configuration, validated once at start: a wrong value stops the server with a clear message.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL')
    .optional(),
  OPORA_DATA_DIR: z.string().optional(),
  /** Load the demo centers and accounts into an empty database. Default: on for PGlite, off for PostgreSQL. */
  OPORA_DEMO: z.enum(['0', '1', 'true', 'false']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted request body, in bytes. */
  OPORA_BODY_LIMIT: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(512 * 1024),
  REDIS_URL: z.string().optional(),
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
