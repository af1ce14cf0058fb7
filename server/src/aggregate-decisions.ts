// Where the server keeps the municipal systems the workers decide (schema's decider.ts): the
// table "AggregateDecision", written through aggregate_decision_put() in a short transaction of
// its own as the aggregate role, never inside a request's transaction (a request that waited
// for a decision, or gave up waiting, does not hold the write).
import type { Database } from '@opora/prisma/db';
import { AGGREGATE_ROLE, applySettings } from '@opora/prisma/tenant';
import { redecideMunicipal, registerDecisionStore, type Context } from '@opora/schema';
import type { Logger } from 'pino';

export function keepAggregateDecisions(database: Database, logger: Logger): () => void {
  return registerDecisionStore({
    async write(key, decision) {
      // PGlite is one connection: wait for the requests in flight rather than give up.
      for (let attempt = 1; ; attempt++) {
        try {
          await database.prisma.$transaction(
            async (tx) => {
              await applySettings(tx, { role: AGGREGATE_ROLE, centerId: '', userId: '', statementTimeoutMs: 10_000 });
              await tx.$executeRawUnsafe(
                `SELECT aggregate_decision_put($1, $2, $3, $4, $5::jsonb, $6, $7)`,
                key.scope,
                key.measure,
                key.year,
                key.digest,
                JSON.stringify(Object.fromEntries(decision.hidden)),
                decision.figures,
                decision.ms,
              );
            },
            { maxWait: 30_000, timeout: 30_000 },
          );
          logger.info({ ...key, hidden: decision.hidden.size, figures: decision.figures, ms: decision.ms }, 'municipal system decided');
          return;
        } catch (error) {
          if (attempt >= 3) {
            logger.error({ err: error, ...key }, 'keeping a municipal decision failed');
            throw error;
          }
        }
      }
    },
  });
}

/**
 * After a rollup refresh: the municipal systems viewers asked for are read again and those whose
 * cells changed go to the workers, so the next request finds their decisions ready.
 */
export async function redecideAfterRefresh(database: Database, logger: Logger): Promise<void> {
  const queued = await database.prisma.$transaction(
    async (tx) => {
      await applySettings(tx, { role: AGGREGATE_ROLE, centerId: '', userId: '', statementTimeoutMs: 60_000 });
      return redecideMunicipal({ db: tx, locale: 'bg' } as unknown as Context);
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
  if (queued) logger.info({ systems: queued }, 'municipal systems queued after the refresh');
}
