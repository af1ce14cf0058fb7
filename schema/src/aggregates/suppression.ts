// Small-cell suppression for every aggregate the network and municipalities read. Pure: no
// database, no GraphQL; the unit tests in schema/test/suppression.test.ts play the attacker.
//
// The rules, in the order they apply:
// 1. Primary: a count of 1..k-1 is hidden. 0 is a true zero and is shown.
// 2. Settlements: a settlement whose count in a month is 1..k-1 is merged into "other
//    settlements of <municipality>" before anything else is decided.
// 3. Complementary, inside every month table and with its margins: in every line (a row or
//    column with its total), if exactly one cell is hidden, or the hidden cells add up to less
//    than k, the smallest visible non-zero cell is hidden too, until the line is safe; a line
//    whose total is hidden keeps at least one hidden cell, so the total cannot be re-added.
//    The grand total is hidden only by rule 1, so it is the same in every breakdown.
// 4. Periods: a value over several months is published only when every month cell inside it is
//    published. So every published number is a sum of published month cells, and no difference
//    of two answers over the month grid isolates a hidden cell.
// 5. Derived figures (hours, rates, medians, per-FTE) are hidden whenever their base is.
// The status of a month cell depends only on the data and the breakdown, never on the
// period asked for or on other fields of the request: asking many times reveals nothing new.

export const DEFAULT_K = 5;
export const MIN_K = 3;

/** k from OPORA_SUPPRESSION_K (default 5); a deployment may raise it, never below 3. */
export function suppressionThreshold(env: Record<string, string | undefined> = process.env): number {
  const raw = env.OPORA_SUPPRESSION_K;
  if (raw === undefined || raw.trim() === '') return DEFAULT_K;
  const k = Number(raw);
  if (!Number.isInteger(k) || k < MIN_K || k > 100) {
    throw new Error(`OPORA_SUPPRESSION_K must be an integer from ${MIN_K} to 100 (got "${raw}")`);
  }
  return k;
}

/** A published number: the value, or null with suppressed = true. Never a fake 0. */
export type Published = { value: number | null; suppressed: boolean };

export const hidden: Published = Object.freeze({ value: null, suppressed: true }) as Published;
export const shown = (value: number): Published => ({ value, suppressed: false });

/** Dimension values of a cell, joined; `ALL` stands for a margin ("every value of this dimension"). */
export const ALL = '*';
export const NONE = '-';
const SEP = '|';
export const keyOf = (parts: readonly (string | null | undefined)[]): string => parts.map((p) => p ?? NONE).join(SEP);
export const partsOf = (key: string): string[] => key.split(SEP);

/** One line of a table: cells that add up to a margin. */
type Line = { members: string[]; margin: string };

export type TableValues = Map<string, number>;

/**
 * Primary and complementary suppression of one table given every cell and every margin (for
 * additive counts the margins are sums; for distinct counts they come from the data). Keys have
 * `dims` parts; margins carry ALL in the summed-over positions. Returns the hidden keys.
 */
export function suppressTable(values: TableValues, dims: number, k: number, forced: Iterable<string> = []): Set<string> {
  const hiddenKeys = new Set<string>();
  for (const [key, v] of values) if (v > 0 && v < k) hiddenKeys.add(key);
  for (const key of forced) if ((values.get(key) ?? 0) > 0) hiddenKeys.add(key);
  const lines = linesOf(values, dims);
  const grandTotal = keyOf(new Array(dims).fill(ALL));
  // The grand total is never a complement (rule 3): it stays the same in every breakdown.
  const protectedKeys = new Set([grandTotal]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      const margin = line.margin;
      for (;;) {
        const nonZero = line.members.filter((m) => (values.get(m) ?? 0) > 0);
        const hiddenMembers = nonZero.filter((m) => hiddenKeys.has(m));
        const hiddenSum = hiddenMembers.reduce((s, m) => s + values.get(m)!, 0);
        const unsafe = hiddenKeys.has(margin)
          ? hiddenMembers.length === 0 && nonZero.length > 0
          : hiddenMembers.length === 1 || (hiddenSum > 0 && hiddenSum < k);
        if (!unsafe) break;
        const candidate = nonZero
          .filter((m) => !hiddenKeys.has(m) && !protectedKeys.has(m))
          .sort((a, b) => values.get(a)! - values.get(b)! || (a < b ? -1 : a > b ? 1 : 0))[0];
        if (!candidate) {
          // Nothing left to hide in the line: hide its margin instead (never the grand total).
          if (!hiddenKeys.has(margin) && !protectedKeys.has(margin)) {
            hiddenKeys.add(margin);
            changed = true;
          }
          break;
        }
        hiddenKeys.add(candidate);
        changed = true;
      }
    }
  }
  return hiddenKeys;
}

// Every line of a table of `dims` dimensions (margins included as members of the outer lines).
function linesOf(values: TableValues, dims: number): Line[] {
  const byMargin = new Map<string, string[]>();
  for (const key of values.keys()) {
    const parts = partsOf(key);
    parts.forEach((part, i) => {
      if (part === ALL) return;
      const margin = keyOf(parts.map((p, j) => (j === i ? ALL : p)));
      const members = byMargin.get(margin) ?? [];
      members.push(key);
      byMargin.set(margin, members);
    });
  }
  void dims;
  return [...byMargin.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([margin, members]) => ({ margin, members: members.sort() }));
}

/** Adds every margin of an additive table (sums over each subset of dimensions). */
export function withMargins(cells: TableValues, dims: number): TableValues {
  const out: TableValues = new Map(cells);
  for (const [key, v] of cells) {
    const parts = partsOf(key);
    for (let mask = 1; mask < 1 << dims; mask++) {
      const margin = keyOf(parts.map((p, i) => (mask & (1 << i) ? ALL : p)));
      out.set(margin, (out.get(margin) ?? 0) + v);
    }
  }
  const grand = keyOf(new Array(dims).fill(ALL));
  if (!out.has(grand)) out.set(grand, 0);
  return out;
}

/**
 * Rule 2: within one month, settlements (dimension `dim`) with a count of 1..k-1 merge into
 * `other(settlement)` ("other settlements of <municipality>"). Returns the merged cells and
 * the settlements that were merged.
 */
export function mergeSmallSettlements(
  cells: TableValues,
  dim: number,
  k: number,
  other: (settlementKey: string) => string,
): { cells: TableValues; merged: Set<string> } {
  const totals = new Map<string, number>();
  for (const [key, v] of cells) {
    const s = partsOf(key)[dim]!;
    totals.set(s, (totals.get(s) ?? 0) + v);
  }
  const merged = new Set<string>();
  for (const [s, v] of totals) if (v > 0 && v < k && s !== NONE) merged.add(s);
  if (merged.size === 0) return { cells, merged };
  const out: TableValues = new Map();
  for (const [key, v] of cells) {
    const parts = partsOf(key);
    if (merged.has(parts[dim]!)) parts[dim] = other(parts[dim]!);
    const next = keyOf(parts);
    out.set(next, (out.get(next) ?? 0) + v);
  }
  return { cells: out, merged };
}

export type MonthTable = { month: string; values: TableValues; hidden: Set<string>; merged: Set<string> };
export type PublishedTable = Map<string, Published>;

export type AdditiveOptions = {
  k: number;
  dims: number;
  /** Index of the SETTLEMENT dimension, and the "other settlements" key of a settlement. */
  settlement?: { dim: number; other: (settlementKey: string) => string };
};

/**
 * Rules 1–4 for an additive count over whole months: each month's table with its margins is
 * suppressed on its own (canonically), then the period's values are sums of month cells,
 * published only when every month cell inside is published.
 */
export function publishAdditive(
  monthCells: Map<string, TableValues>,
  months: readonly string[],
  opts: AdditiveOptions,
): { months: { month: string; table: PublishedTable }[]; period: PublishedTable; monthTables: MonthTable[] } {
  const monthTables: MonthTable[] = months.map((month) => {
    let cells = monthCells.get(month) ?? new Map<string, number>();
    let merged = new Set<string>();
    if (opts.settlement) ({ cells, merged } = mergeSmallSettlements(cells, opts.settlement.dim, opts.k, opts.settlement.other));
    const values = withMargins(cells, opts.dims);
    return { month, values, hidden: suppressTable(values, opts.dims, opts.k), merged };
  });
  const keys = new Set<string>();
  for (const t of monthTables) for (const key of t.values.keys()) keys.add(key);
  const period: PublishedTable = new Map();
  for (const key of keys) {
    let sum = 0;
    let ok = true;
    for (const t of monthTables) {
      const v = t.values.get(key);
      if (v === undefined) {
        // Absent is a true zero, unless the settlement was merged away that month.
        if (opts.settlement && t.merged.has(partsOf(key)[opts.settlement.dim]!)) ok = false;
        continue;
      }
      if (t.hidden.has(key)) ok = false;
      sum += v;
    }
    period.set(key, ok ? shown(sum) : hidden);
  }
  const grand = keyOf(new Array(opts.dims).fill(ALL));
  if (!period.has(grand)) period.set(grand, shown(0));
  return {
    months: monthTables.map((t) => ({ month: t.month, table: publishTable(t.values, t.hidden) })),
    period,
    monthTables,
  };
}

export function publishTable(values: TableValues, hiddenKeys: Set<string>): PublishedTable {
  const out: PublishedTable = new Map();
  for (const [key, v] of values) out.set(key, hiddenKeys.has(key) ? hidden : shown(v));
  return out;
}

/**
 * Distinct counts (clients served) do not add up over months or across cells, so they are
 * published only for canonical periods (a month, a calendar quarter, a calendar year), and a
 * period's cell is also hidden when it differs from the same cell over one of its canonical
 * sub-periods by 1..k-1 (the quarter against its months, the year against its quarters and
 * months): differencing nested periods cannot isolate a few people.
 */
export function publishDistinct(
  values: TableValues,
  dims: number,
  k: number,
  subPeriods: readonly TableValues[] = [],
): PublishedTable {
  const forced = new Set<string>();
  for (const [key, v] of values) {
    for (const sub of subPeriods) {
      const diff = v - (sub.get(key) ?? 0);
      if (diff > 0 && diff < k) forced.add(key);
    }
  }
  return publishTable(values, suppressTable(values, dims, k, forced));
}

/** Stock figures (open cases, staff at the month's end): the period's value is its last month's. */
export function lastMonth<T>(months: readonly { month: string; table: T }[]): T | undefined {
  return months[months.length - 1]?.table;
}

/** Rule 5: a derived figure is hidden whenever any of its bases is, or it cannot be computed. */
export function derive(bases: readonly Published[], compute: (values: number[]) => number | null): Published {
  if (bases.some((b) => b.suppressed || b.value === null)) return hidden;
  const value = compute(bases.map((b) => b.value!));
  return value === null || !Number.isFinite(value) ? { value: null, suppressed: false } : shown(value);
}

/**
 * A share (on time / due) is hidden when the count done, the count due or the count missed
 * is a small cell: "28 of 30 on time" would tell that 2 were late.
 */
export function share(done: Published, due: Published, k: number): Published {
  if (done.suppressed || due.suppressed || done.value === null || due.value === null) return hidden;
  const missed = due.value - done.value;
  if ((missed > 0 && missed < k) || (done.value > 0 && done.value < k)) return hidden;
  return due.value === 0 ? { value: null, suppressed: false } : shown(done.value / due.value);
}

/** Median of a histogram (value → count), hidden when fewer than k cases are behind it. */
export function medianOf(histogram: ReadonlyMap<number, number>, k: number): Published {
  const n = [...histogram.values()].reduce((s, c) => s + c, 0);
  if (n === 0) return { value: null, suppressed: false };
  if (n < k) return hidden;
  const sorted = [...histogram.entries()].sort(([a], [b]) => a - b);
  const at = (i: number) => {
    let seen = 0;
    for (const [value, count] of sorted) {
      seen += count;
      if (i < seen) return value;
    }
    return sorted[sorted.length - 1]![0];
  };
  return shown(n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2);
}
