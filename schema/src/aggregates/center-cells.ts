// A network's cells kept per center, under the versions of that center's months.
//
// The rollups' version (aggregate_current) moves whenever any center's month is rebuilt: with 150
// centers logging work all day it moves every minute, and every cache keyed by it empties. A
// network comparison then read every center's cells again (17 grouped reads over a year of
// RollupActivity for 150 centers, about 1.2 s of database time) to show one center's change.
// A center's cells change only when one of its own months is rebuilt ("refreshedVersion" in
// RollupMonth, written by the rebuild in the same transaction as the cells), so they are kept
// here per center under those versions, and after a change only the changed centers are read.
import { LRUCache } from 'lru-cache';
import type { Context } from '../context.ts';
import type { TableValues } from './suppression.ts';

/** Month ("YYYY-MM") → cells, for one center. */
export type CenterMonths = Map<string, TableValues>;

// Bounded by cells, not entries: a center's family over a year is tens to thousands of cells.
// A national network comparison (150 centers, six indicators, a year) holds about 400,000.
const cache = new LRUCache<string, CenterMonths>({
  maxSize: 1_500_000,
  sizeCalculation: (months) => {
    let n = 1;
    for (const cells of months.values()) n += cells.size;
    return n;
  },
});

const perRequest = new WeakMap<Context, Map<string, Promise<Map<string, string>>>>();

/**
 * Each center's version over the months from `from` to `to` ("YYYY-MM-01"), once per request and
 * range: the months' rebuild versions, hashed. Read in the same transaction as the cells, after
 * the request's refresh (aggregate_current), so a center's cells are never older than its version.
 */
export function centerVersions(ctx: Context, db: Context['db'], centerIds: readonly string[], { from, to }: { from: string; to: string }): Promise<Map<string, string>> {
  let memo = perRequest.get(ctx);
  if (!memo) perRequest.set(ctx, (memo = new Map()));
  const key = `${from}|${to}|${[...centerIds].sort().join(',')}`;
  let versions = memo.get(key);
  if (!versions) {
    versions = db
      .$queryRawUnsafe<{ c: string; v: string }[]>(
        `SELECT "centerId"::text AS c,
                md5(string_agg(to_char("month", 'YYYY-MM') || ':' || "refreshedVersion", ',' ORDER BY "month")) AS v
           FROM "RollupMonth"
          WHERE "centerId" = ANY($1::uuid[]) AND "month" >= $2::date AND "month" <= $3::date
          GROUP BY 1`,
        [...centerIds],
        from,
        to,
      )
      .then((rows) => new Map(rows.map((r) => [r.c, r.v])));
    memo.set(key, versions);
  }
  return versions;
}

/**
 * The cells of `centerIds` for one read (`what` names it: measure, breakdown and range), each
 * center's from this process's memory when its months are unchanged, the others by `read`, in
 * one call for all of them.
 */
export async function cellsPerCenter(
  ctx: Context,
  db: Context['db'],
  what: string,
  centerIds: readonly string[],
  range: { from: string; to: string },
  read: (centerIds: string[]) => Promise<Map<string, CenterMonths>>,
): Promise<Map<string, CenterMonths>> {
  const versions = await centerVersions(ctx, db, centerIds, range);
  const keyOf = (center: string) => `${what}|${range.from}|${range.to}|${center}|${versions.get(center)}`;
  const out = new Map<string, CenterMonths>();
  const missing: string[] = [];
  for (const center of centerIds) {
    // A center without a version (no month in the range, or none this role may see) is read
    // every time, never kept: nothing would tell its kept cells are out of date.
    const hit = versions.has(center) ? cache.get(keyOf(center)) : undefined;
    if (hit) out.set(center, hit);
    else missing.push(center);
  }
  if (missing.length > 0) {
    const fresh = await read(missing);
    for (const center of missing) {
      const months = fresh.get(center) ?? new Map<string, TableValues>();
      if (versions.has(center)) cache.set(keyOf(center), months);
      out.set(center, months);
    }
  }
  return out;
}

/** Empties the cache (with the engine's other caches). */
export function clearCenterCells(): void {
  cache.clear();
}
