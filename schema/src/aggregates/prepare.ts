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

/**
 * Queues the decisions of every system the municipalities' dashboards and the networks' comparisons read for
 * `years`. `ctx` is a transaction as the aggregate role; returns how many tables were already
 * decided (the rest are being decided in the workers: await `settledDecisions()` for them).
 */
export async function prepareAggregateSystems(
  ctx: Context,
  viewers: { municipalityIds: readonly string[]; networkIds: readonly string[] },
  years: readonly number[] = preparedYears(),
): Promise<{ ready: number; preparing: number }> {
  // Ask without waiting: past its deadline a table answers AGGREGATE_PREPARING, its system queued.
  const asking: Context = { ...ctx, deadline: Date.now() };
  const l = await labels(asking);
  let ready = 0;
  let preparing = 0;
  const ask = async (run: () => Promise<unknown>) => {
    try {
      await run();
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
      for (const def of INDICATORS) if (def.suppressed && def.breakdowns.includes('CENTER')) await ask(() => indicatorTable(asking, def.code, ['CENTER'], yearPeriod(year), scope));
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
        if (def.byResidence) await ask(() => indicatorTable(asking, def.code, [], period, scope.residents));
        if (scope.territoryCenters.length > 0 && def.breakdowns.includes('CENTER')) await ask(() => indicatorTable(asking, def.code, ['CENTER'], period, scope.territory));
      }
    }
  }
  return { ready, preparing };
}
