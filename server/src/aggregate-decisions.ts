// Where the server keeps the municipal systems the workers decide (schema's decider.ts): the
// table "AggregateDecision", written through aggregate_decision_put() in a short transaction of
// its own as the aggregate role, never inside a request's transaction (a request that waited
// for a decision, or gave up waiting, does not hold the write).
import type { Database } from '@opora/prisma/db';
import { AGGREGATE_ROLE, applySettings } from '@opora/prisma/tenant';
import { AGGREGATE_ROLES } from '@opora/prisma/roles';
import { prepareAggregateSystems, redecideMunicipal, registerDecisionStore, type Context } from '@opora/schema';
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
          logger.info({ ...key, hidden: decision.hidden.size, figures: decision.figures, ms: decision.ms }, 'aggregate system decided');
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

/**
 * At start and after each refresh: every municipality and network with a viewer gets its
 * systems (the last complete year and the current one) read, and those not kept yet go to the workers, so its viewers
 * find them decided. Returns how many tables were ready and how many are being prepared.
 */
export async function prepareAggregateDecisions(database: Database, logger: Logger): Promise<{ ready: number; preparing: number }> {
  // Which municipalities and networks have viewers is the server's own bookkeeping (read as the owner, outside any tenant).
  const rows = await database.prisma.$queryRawUnsafe<{ municipalityId: string | null; networkId: string | null }[]>(
    `SELECT DISTINCT "municipalityId", "networkId" FROM "Membership"
      WHERE role::text = ANY($1::text[]) AND ("endedOn" IS NULL OR "endedOn" >= current_date)`,
    [...AGGREGATE_ROLES],
  );
  const municipalityIds = [...new Set(rows.flatMap((r) => (r.municipalityId ? [r.municipalityId] : [])))].sort();
  const networkIds = [...new Set(rows.flatMap((r) => (r.networkId ? [r.networkId] : [])))].sort();
  if (municipalityIds.length + networkIds.length === 0) return { ready: 0, preparing: 0 };
  const counts = await prepareAggregateSystems(
    (work) =>
      database.prisma.$transaction(
        async (tx) => {
          await applySettings(tx, { role: AGGREGATE_ROLE, centerId: '', userId: '', statementTimeoutMs: 60_000 });
          return work({ db: tx, locale: 'bg' } as unknown as Context);
        },
        { maxWait: 60_000, timeout: 120_000 },
      ),
    { municipalityIds, networkIds },
  );
  logger.info({ municipalities: municipalityIds.length, networks: networkIds.length, ...counts }, 'aggregate figures prepared');
  return counts;
}
