import type { Database } from '@opora/prisma/db';
import { createLogger, createOporaServer, createRateLimits } from '@opora/server';

type ServerOptions = Parameters<typeof createOporaServer>[0];

/**
 * An Opora server for the benchmark and its probes, on a database the caller opened: silent, no
 * web app, and the rate limits out of the way (a benchmark asks far more often than a person
 * could, and would otherwise measure the limiter's refusals).
 */
export function benchServer(database: Database, options: Partial<ServerOptions> = {}): ReturnType<typeof createOporaServer> {
  const logger = createLogger('silent');
  const unlimited = { points: 1_000_000, durationS: 1 };
  return createOporaServer({ database, logger, webDir: null, rateLimits: createRateLimits({ logger, aggregate: unlimited, signIn: unlimited, upload: unlimited }), ...options });
}
