// Small-cell suppression for every aggregate the network and municipalities read. Pure: no
// database, no GraphQL; the unit tests in schema/test/suppression.test.ts play the attacker.
//
// The rules, in the order they apply:
// 1. Primary: a count of 1..k-1 is hidden. 0 is a true zero and is shown.
// 2. Settlements: a settlement whose count in a calendar year is 1..k-1 is merged into "other
//    settlements of <municipality>" before anything else is decided.
// 3. Complementary, inside every month table and with its margins: in every line (a row or
//    column with its total), if exactly one cell is hidden, or the hidden cells add up to less
//    than k, the smallest visible non-zero cell is hidden too, until the line is safe; a line
//    whose total is hidden keeps at least one hidden cell, so the total cannot be re-added.
//    The grand total is hidden only by rule 1, so it is the same in every breakdown.
// 4. Periods: each calendar year is one system of 12 months, 4 quarters and the year, tied by
//    lines in time as well (months add up to their quarter, quarters to the year), so a year or
//    quarter minus its visible parts never isolates a hidden month. A value over any range of
//    months is the sum of its canonical pieces (years, quarters, months) and is published only
//    when every piece is: every published number is a sum of published canonical cells, and no
//    difference of two answers over the period grid isolates a hidden cell.
// 5. Derived figures (hours, rates, medians, per-FTE) are hidden whenever their base is.
// The status of a month cell depends only on the data and the breakdown, never on the
// period asked for or on other fields of the request: asking many times reveals nothing new.

import { protect, type Reason } from './protect.ts';

export type { Reason } from './protect.ts';

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

/** A published number: the value, or null with suppressed = true and the rule that hid it. Never a fake 0. */
export type Published = { value: number | null; suppressed: boolean; reason?: Reason };

const HIDDEN = {
  BELOW_K: Object.freeze({ value: null, suppressed: true, reason: 'BELOW_K' }) as Published,
  PROTECTS_OTHER: Object.freeze({ value: null, suppressed: true, reason: 'PROTECTS_OTHER' }) as Published,
};
/** A hidden value, saying which rule hid it. */
export const hiddenFor = (reason: Reason): Published => HIDDEN[reason];
/** Hidden to protect another hidden value (the default for figures derived from hidden ones). */
export const hidden: Published = HIDDEN.PROTECTS_OTHER;
export const shown = (value: number): Published => ({ value, suppressed: false });

/** Dimension values of a cell, joined; `ALL` stands for a margin ("every value of this dimension"). */
export const ALL = '*';
export const NONE = '-';
export const SEP = '|';
export const keyOf = (parts: readonly (string | null | undefined)[]): string => parts.map((p) => p ?? NONE).join(SEP);
export const partsOf = (key: string): string[] => key.split(SEP);

/** One line: cells that add up to a margin (a row or column with its total, or months with their quarter). */
export type Line = { members: string[]; margin: string };

export type TableValues = Map<string, number>;

/**
 * Primary and complementary suppression of one table given every cell and every margin (for
 * additive counts the margins are sums; for distinct counts they come from the data). Keys have
 * `dims` parts; margins carry ALL in the summed-over positions. Returns the hidden keys.
 */
export function suppressTable(values: TableValues, dims: number, k: number, forced: Iterable<string> = []): Set<string> {
  const grandTotal = keyOf(new Array(dims).fill(ALL));
  return suppressLines(values, dims === 0 ? [] : linesOf(values), k, { forced, protectedKeys: [grandTotal] });
}

/**
 * One additive table with its margins (a stock such as open cases at a month's end), as one
 * protected system: the cells without ALL are the finest, every key is the sum of the cells it
 * covers. Returns the hidden keys and why.
 */
export function protectTable(values: TableValues, dims: number, k: number): Map<string, Reason> {
  const finest = new Map<string, number>();
  const cellsOf = new Map<string, string[]>();
  for (const [key, v] of values) {
    const parts = partsOf(key);
    if (dims > 0 && parts.some((p) => p === ALL)) continue;
    finest.set(key, v);
    for (let mask = 0; mask < 1 << dims; mask++) {
      const margin = dims === 0 ? key : keyOf(parts.map((p, i) => (mask & (1 << i) ? ALL : p)));
      const list = cellsOf.get(margin);
      if (list) list.push(key);
      else cellsOf.set(margin, [key]);
    }
  }
  const grand = keyOf(new Array(dims).fill(ALL));
  return protect(
    {
      values: finest,
      figures: [...values.keys()].map((id) => ({ id, cells: cellsOf.get(id) ?? [] })),
      lines: dims === 0 ? [] : linesOf(values).map((l) => ({ total: l.margin, parts: l.members })),
      lastResort: [grand],
    },
    k,
  );
}

/**
 * The complementary-suppression loop over any set of lines. `forced` keys start hidden; a
 * `protectedKeys` key is never chosen as a complement (grand totals, and margins whose status was
 * settled by a smaller breakdown, so they read the same in every breakdown).
 */
export function suppressLines(
  values: TableValues,
  lines: readonly Line[],
  k: number,
  opts: { forced?: Iterable<string>; protectedKeys?: Iterable<string> } = {},
): Set<string> {
  const hiddenKeys = new Set<string>();
  const protectedKeys = new Set(opts.protectedKeys ?? []);
  for (const [key, v] of values) if (v > 0 && v < k) hiddenKeys.add(key);
  for (const key of opts.forced ?? []) if ((values.get(key) ?? 0) > 0) hiddenKeys.add(key);
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
          // Nothing left to hide in the line: hide its margin instead (never a protected one).
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

// Every line of a table (margins included as members of the outer lines).
function linesOf(values: TableValues): Line[] {
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

export type MonthTable = { month: string; values: TableValues; hidden: Set<string>; reasons?: Map<string, Reason>; merged: Set<string> };
export type PublishedTable = Map<string, Published>;

export type AdditiveOptions = {
  k: number;
  dims: number;
  /** A mask of dimensions whose table is a viewer's table on its own (the centers): settled first. */
  firstLevel?: number;
  /** Index of the SETTLEMENT dimension, and the "other settlements" key of a settlement. */
  settlement?: { dim: number; other: (settlementKey: string) => string };
};

const QUARTER_OF = (m: number) => Math.floor(m / 3); // month index 0..11 → quarter 0..3
const periodKey = (period: string, key: string) => `${period}#${key}`;
const MONTH_IDS = Array.from({ length: 12 }, (_, i) => `M${String(i + 1).padStart(2, '0')}`);
const QUARTER_IDS = ['Q1', 'Q2', 'Q3', 'Q4'];

/**
 * Rules 1–4 for an additive count over one calendar year, as one system: the 12 month tables,
 * the 4 quarter tables and the year table (each with its margins), tied by the lines inside
 * each table and by the lines in time (months → their quarter, quarters → the year). Margins of
 * a breakdown are settled first by the smaller breakdowns (so a one-way cell reads the same as
 * the margin of a two-way table) and the grand totals by time alone.
 * Returns hidden keys as "<period>#<key>" (period M01..M12, Q1..Q4, Y).
 */
export function suppressYear(
  monthCells: readonly TableValues[],
  dims: number,
  k: number,
  firstLevel?: number,
): { values: TableValues; hidden: Set<string>; reasons: Map<string, Reason> } {
  const memo = new Map<number, { values: TableValues; hidden: Set<string>; reasons: Map<string, Reason> }>();
  const full = (1 << dims) - 1;
  const project = (key: string, mask: number) => keyOf(partsOf(key).filter((_, i) => mask & (1 << i)));
  const solve = (mask: number): { values: TableValues; hidden: Set<string>; reasons: Map<string, Reason> } => {
    const cached = memo.get(mask);
    if (cached) return cached;
    const subDims = popcount(mask);
    // Finest cells: a month and a full key of this breakdown. Every figure is a sum of them.
    const finest = new Map<string, number>();
    const figureCells = new Map<string, string[]>();
    const values: TableValues = new Map();
    monthCells.forEach((cells, m) => {
      const projected: TableValues = new Map();
      for (const [key, v] of cells) projected.set(project(key, mask), (projected.get(project(key, mask)) ?? 0) + v);
      const periods = [MONTH_IDS[m]!, QUARTER_IDS[QUARTER_OF(m)]!, 'Y'];
      for (const [key, v] of projected) {
        const cell = periodKey(MONTH_IDS[m]!, key);
        finest.set(cell, v);
        const parts = partsOf(key);
        for (let sub = 0; sub < 1 << subDims; sub++) {
          const margin = subDims === 0 ? key : keyOf(parts.map((p, i) => (sub & (1 << i) ? ALL : p)));
          for (const period of periods) {
            const pk = periodKey(period, margin);
            values.set(pk, (values.get(pk) ?? 0) + v);
            const list = figureCells.get(pk);
            if (list) list.push(cell);
            else figureCells.set(pk, [cell]);
          }
        }
      }
    });
    for (const period of [...MONTH_IDS, ...QUARTER_IDS, 'Y']) {
      const grand = periodKey(period, keyOf(new Array(subDims).fill(ALL)));
      if (!values.has(grand)) values.set(grand, 0);
    }
    const lines: Line[] = [];
    const keysByPeriod = new Map<string, TableValues>();
    for (const [pk, v] of values) {
      const [period, key] = pk.split('#') as [string, string];
      const t = keysByPeriod.get(period) ?? new Map<string, number>();
      t.set(key, v);
      keysByPeriod.set(period, t);
    }
    const cellKeys = new Set<string>();
    for (const [period, table] of keysByPeriod) {
      for (const key of table.keys()) cellKeys.add(key);
      if (subDims > 0) for (const line of linesOf(table)) lines.push({ margin: periodKey(period, line.margin), members: line.members.map((m) => periodKey(period, m)) });
    }
    for (const key of [...cellKeys].sort()) {
      QUARTER_IDS.forEach((q, qi) => lines.push({ margin: periodKey(q, key), members: [0, 1, 2].map((i) => periodKey(MONTH_IDS[qi * 3 + i]!, key)) }));
      lines.push({ margin: periodKey('Y', key), members: QUARTER_IDS.map((q) => periodKey(q, key)) });
    }
    // Settled by smaller breakdowns: hidden there → hidden here; shown there → never hidden here.
    const fixedHidden: string[] = [];
    const fixedShown: string[] = [];
    // Only the coarser level a viewer also reads on its own (the center table under a center ×
    // breakdown table) is settled first; every other margin is decided here with the cells.
    for (const sub of mask === full && firstLevel !== undefined && firstLevel !== full ? [firstLevel] : []) {
      const lower = solve(sub);
      for (const [pk] of lower.values) {
        const [period, key] = pk.split('#') as [string, string];
        const here = periodKey(period, embedInto(key, sub, mask));
        if (!values.has(here)) continue;
        (lower.hidden.has(pk) ? fixedHidden : fixedShown).push(here);
      }
    }
    const hiddenKeys = protect(
      {
        values: finest,
        figures: [...values.keys()].map((id) => ({ id, cells: figureCells.get(id) ?? [] })),
        lines: lines.map((l) => ({ total: l.margin, parts: l.members })),
        fixedHidden,
        fixedShown,
        lastResort: [periodKey('Y', keyOf(new Array(subDims).fill(ALL)))],
      },
      k,
    );
    const result = { values, hidden: new Set(hiddenKeys.keys()), reasons: hiddenKeys };
    memo.set(mask, result);
    return result;
  };
  // A key over the dimensions of `sub` (in order) → a key over the dimensions of `mask` (ALL elsewhere).
  const embedInto = (key: string, sub: number, mask: number): string => {
    const parts = popcount(sub) === 0 ? [] : partsOf(key);
    let j = 0;
    const out: string[] = [];
    for (let i = 0; i < dims; i++) {
      if (!(mask & (1 << i))) continue;
      out.push(sub & (1 << i) ? parts[j++]! : ALL);
    }
    return keyOf(out);
  };
  return solve(full);
}

function popcount(n: number): number {
  let c = 0;
  for (let x = n; x; x >>= 1) c += x & 1;
  return c;
}

export function publishAdditive(
  monthCells: Map<string, TableValues>,
  months: readonly string[],
  opts: AdditiveOptions,
): { months: { month: string; table: PublishedTable }[]; period: PublishedTable; monthTables: MonthTable[] } {
  return publishYears(additiveYears(monthCells, [...new Set(months.map((m) => m.slice(0, 4)))], opts), months, opts);
}

/** Rules 1–4 for each calendar year: the year's system of one table (see suppressYear). */
export function additiveYears(monthCells: Map<string, TableValues>, years: readonly string[], opts: AdditiveOptions): Map<string, YearSystem> {
  const systems = new Map<string, YearSystem>();
  for (const year of years) {
    let cells = MONTH_IDS.map((_, i) => monthCells.get(`${year}-${String(i + 1).padStart(2, '0')}`) ?? new Map<string, number>());
    let merged = new Set<string>();
    if (opts.settlement) {
      // Rule 2, decided once for the calendar year: a settlement with fewer than k in the year
      // is "other settlements of <municipality>" in every month of it.
      const yearTotal: TableValues = new Map();
      for (const c of cells) for (const [key, v] of c) yearTotal.set(key, (yearTotal.get(key) ?? 0) + v);
      merged = mergeSmallSettlements(yearTotal, opts.settlement.dim, opts.k, opts.settlement.other).merged;
      const { dim, other } = opts.settlement;
      cells = cells.map((c) => relabelKeys(c, dim, merged, other));
    }
    systems.set(year, { ...suppressYear(cells, opts.dims, opts.k, opts.firstLevel), merged });
  }
  return systems;
}

/** One calendar year of one table: every period#key figure, the hidden ones, and the settlements merged away. */
export type YearSystem = { values: TableValues; hidden: Set<string>; merged: Set<string>; reasons?: Map<string, Reason> };

/**
 * A table over any months, from its calendar years' systems. A month's status is the same
 * whatever period is asked. The period's value is the sum of its canonical pieces (whole
 * years, then whole quarters, then months), published only when every piece is: every
 * published number is a sum of published canonical cells, so no difference of two answers
 * isolates a hidden one.
 */
export function publishYears(
  systems: Map<string, YearSystem>,
  months: readonly string[],
  opts: { dims: number; settlement?: { dim: number } },
): { months: { month: string; table: PublishedTable }[]; period: PublishedTable; monthTables: MonthTable[] } {
  const years = [...new Set(months.map((m) => m.slice(0, 4)))];
  const tableOf = (year: string, period: string) => {
    const sys = systems.get(year)!;
    const values: TableValues = new Map();
    const hiddenKeys = new Set<string>();
    const reasons = new Map<string, Reason>();
    for (const [pk, v] of sys.values) {
      const at = pk.indexOf('#');
      if (pk.slice(0, at) !== period) continue;
      const key = pk.slice(at + 1);
      values.set(key, v);
      if (sys.hidden.has(pk)) {
        hiddenKeys.add(key);
        reasons.set(key, sys.reasons?.get(pk) ?? 'PROTECTS_OTHER');
      }
    }
    const grand = keyOf(new Array(opts.dims).fill(ALL));
    if (!values.has(grand)) values.set(grand, 0);
    return { values, hidden: hiddenKeys, reasons };
  };
  const monthTables: MonthTable[] = months.map((month) => {
    const t = tableOf(month.slice(0, 4), MONTH_IDS[Number(month.slice(5, 7)) - 1]!);
    return { month, values: t.values, hidden: t.hidden, reasons: t.reasons, merged: systems.get(month.slice(0, 4))!.merged };
  });
  // The period as canonical pieces: whole years, whole quarters, single months.
  const pieces: { values: TableValues; hidden: Set<string>; reasons: Map<string, Reason> }[] = [];
  const set = new Set(months);
  for (const year of years) {
    const inYear = MONTH_IDS.map((_, i) => set.has(`${year}-${String(i + 1).padStart(2, '0')}`));
    if (inYear.every(Boolean)) {
      pieces.push(tableOf(year, 'Y'));
      continue;
    }
    for (let q = 0; q < 4; q++) {
      if (inYear[q * 3] && inYear[q * 3 + 1] && inYear[q * 3 + 2]) pieces.push(tableOf(year, QUARTER_IDS[q]!));
      else for (let i = q * 3; i < q * 3 + 3; i++) if (inYear[i]) pieces.push(tableOf(year, MONTH_IDS[i]!));
    }
  }
  const keys = new Set<string>();
  for (const p of pieces) for (const key of p.values.keys()) keys.add(key);
  const period: PublishedTable = new Map();
  for (const key of keys) {
    let sum = 0;
    let reason: Reason | null = null;
    for (const p of pieces) {
      const v = p.values.get(key);
      if (v === undefined) continue; // a true zero
      if (p.hidden.has(key)) reason = reason === 'BELOW_K' ? reason : p.reasons.get(key) ?? 'PROTECTS_OTHER';
      sum += v;
    }
    // A sum of several pieces with a hidden one is hidden to protect it.
    period.set(key, reason ? hiddenFor(pieces.length === 1 ? reason : 'PROTECTS_OTHER') : shown(sum));
  }
  // A settlement merged away in a year of the period has no value of its own there.
  if (opts.settlement) {
    const dim = opts.settlement.dim;
    for (const year of years) for (const s of systems.get(year)!.merged) for (const key of keys) if (partsOf(key)[dim] === s) period.set(key, hiddenFor('PROTECTS_OTHER'));
  }
  return {
    months: monthTables.map((t) => ({ month: t.month, table: publishTable(t.values, t.hidden, t.reasons) })),
    period,
    monthTables,
  };
}

/**
 * Stocks (open cases at the month's end) do not add up over months: each month's table is
 * suppressed on its own, and the period's value is its last month's.
 */
export function publishMonthly(
  monthCells: Map<string, TableValues>,
  months: readonly string[],
  opts: AdditiveOptions,
): { months: { month: string; table: PublishedTable }[] } {
  return {
    months: months.map((month) => {
      let cells = monthCells.get(month) ?? new Map<string, number>();
      if (opts.settlement) cells = mergeSmallSettlements(cells, opts.settlement.dim, opts.k, opts.settlement.other).cells;
      const values = withMargins(cells, opts.dims);
      const reasons = protectTable(values, opts.dims, opts.k);
      return { month, table: publishTable(values, new Set(reasons.keys()), reasons) };
    }),
  };
}

export function relabelKeys(cells: TableValues, dim: number, merged: Set<string>, other: (s: string) => string): TableValues {
  if (merged.size === 0) return cells;
  const out: TableValues = new Map();
  for (const [key, v] of cells) {
    const parts = partsOf(key);
    if (parts[dim] !== ALL && merged.has(parts[dim]!)) parts[dim] = other(parts[dim]!);
    const next = keyOf(parts);
    out.set(next, (out.get(next) ?? 0) + v);
  }
  return out;
}

export function publishTable(values: TableValues, hiddenKeys: Set<string>, reasons?: Map<string, Reason>, k?: number): PublishedTable {
  const out: PublishedTable = new Map();
  for (const [key, v] of values) {
    if (!hiddenKeys.has(key)) out.set(key, shown(v));
    else out.set(key, hiddenFor(reasons?.get(key) ?? (k !== undefined && v > 0 && v < k ? 'BELOW_K' : 'PROTECTS_OTHER')));
  }
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
  return publishTable(values, suppressTable(values, dims, k, forced), undefined, k);
}

/** Stock figures (open cases, staff at the month's end): the period's value is its last month's. */
export function lastMonth<T>(months: readonly { month: string; table: T }[]): T | undefined {
  return months[months.length - 1]?.table;
}

/** Rule 5: a derived figure is hidden whenever any of its bases is, or it cannot be computed. */
export function derive(bases: readonly Published[], compute: (values: number[]) => number | null): Published {
  const hiddenBase = bases.find((b) => b.suppressed);
  if (hiddenBase) return hiddenFor(hiddenBase.reason ?? 'PROTECTS_OTHER');
  if (bases.some((b) => b.value === null)) return hidden;
  const value = compute(bases.map((b) => b.value!));
  return value === null || !Number.isFinite(value) ? { value: null, suppressed: false } : shown(value);
}

/**
 * A share (on time / due) is hidden when the count done, the count due or the count missed
 * is a small cell: "28 of 30 on time" would tell that 2 were late.
 */
export function share(done: Published, due: Published, k: number): Published {
  if (done.suppressed || due.suppressed) return hiddenFor((done.suppressed ? done.reason : due.reason) ?? 'PROTECTS_OTHER');
  if (done.value === null || due.value === null) return hidden;
  const missed = due.value - done.value;
  if ((missed > 0 && missed < k) || (done.value > 0 && done.value < k)) return hiddenFor('BELOW_K');
  return due.value === 0 ? { value: null, suppressed: false } : shown(done.value / due.value);
}

/** Median of a histogram (value → count), hidden when fewer than k cases are behind it. */
export function medianOf(histogram: ReadonlyMap<number, number>, k: number): Published {
  const n = [...histogram.values()].reduce((s, c) => s + c, 0);
  if (n === 0) return { value: null, suppressed: false };
  if (n < k) return hiddenFor('BELOW_K');
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
