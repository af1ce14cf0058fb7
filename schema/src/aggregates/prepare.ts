// Decisions prepared ahead, so a municipal viewer or a network analyst rarely waits for one: the
// server asks, off any request, for what a municipal dashboard or the network comparison reads
// (every indicator of the last complete calendar year and of the current one), as a viewer of
// each municipality and network with viewers would, without waiting. Every system not yet decided goes to the workers
// (decider.ts); those already kept in "AggregateDecision" are read back, not decided again.
import type { Context } from '../context.ts';
import { currentYear } from '@opora/common/calendar';
import { INDICATORS } from './catalogue.ts';
import { indicatorTable, labels, yearPeriod } from './engine.ts';
import { municipalScopeOf, networkScopeOf } from './scope.ts';

/** The calendar years a municipal screen opens on: the last complete one (its default) and the current one. */
export const preparedYears = (): number[] => [currentYear() - 1, currentYear()];

/** Runs `work` in a short transaction of its own as the aggregate role (the caller's engine). */
export type AggregateRunner = <T>(work: (ctx: Context) => Promise<T>) => Promise<T>;

/**
 * Queues the decisions of every system the municipalities' dashboards and the networks' comparisons read for
 * `years`. Each table is asked in a transaction of its own (`run`), so the requests of a server
 * just started (PGlite has one connection) wait for one table's cells at most, not for all of
 * them. Returns how many tables were already decided (the rest are being decided in the
 * workers: await `settledDecisions()` for them).
 */
export async function prepareAggregateSystems(
  run: AggregateRunner,
  viewers: { municipalityIds: readonly string[]; networkIds: readonly string[] },
  years: readonly number[] = preparedYears(),
): Promise<{ ready: number; preparing: number }> {
  // Ask without waiting: past its deadline a table answers AGGREGATE_PREPARING, its system queued.
  const asking = (ctx: Context): Context => ({ ...ctx, deadline: Date.now() });
  const l = await run((ctx) => labels(asking(ctx)));
  let ready = 0;
  let preparing = 0;
  const ask = async (table: (ctx: Context) => Promise<unknown>) => {
    try {
      await run((ctx) => table(asking(ctx)));
      ready++;
    } catch (error) {
      if ((error as { extensions?: { code?: string } }).extensions?.code !== 'AGGREGATE_PREPARING') throw error;
      preparing++;
    }
  };
  for (const networkId of viewers.networkIds) {
    const scope = networkScopeOf(networkId, [...l.centers.values()].filter((c) => c.networkId === networkId));
    if (scope.centerIds.length === 0) continue;
    for (const year of years) {
      // The comparison's tables are the centers by a breakdown: the centers' system carries them all.
      for (const def of INDICATORS) if (def.suppressed && def.breakdowns.includes('CENTER')) await ask((ctx) => indicatorTable(ctx, def.code, ['CENTER'], yearPeriod(year), scope));
    }
  }
  for (const municipalityId of viewers.municipalityIds) {
    if (!l.municipalities.has(municipalityId)) continue;
    const scope = municipalScopeOf(l, municipalityId);
    for (const year of years) {
      const period = yearPeriod(year);
      // One system per measure and year carries every breakdown: no breakdown needs asking.
      for (const def of INDICATORS) {
        if (!def.suppressed) continue;
        if (def.byResidence) await ask((ctx) => indicatorTable(ctx, def.code, [], period, scope.residents));
        if (scope.territoryCenters.length > 0 && def.breakdowns.includes('CENTER')) await ask((ctx) => indicatorTable(ctx, def.code, ['CENTER'], period, scope.territory));
      }
    }
  }
  return { ready, preparing };
}
