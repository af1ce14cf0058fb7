// One protected system per viewer: every table a viewer can obtain over one calendar year is a
// set of sums of the same finest cells, decided together by protect() (protect.ts).
//
// A municipality sees two tables of one measure that overlap: its residents at any center
// (by center, or by a breakdown) and the centers on its territory (by center and residence, or
// by center and a breakdown). Their finest cells are center × residence municipality (× the
// breakdown's value) × month, kept where the center is on the territory or the person lives
// there. Level 0 holds the residents by center and the territory by center × residence, with
// every margin; each other breakdown is a level-1 system over center × residence × value,
// which carries every level-0 figure with its level-0 status (so a total reads the same in
// every breakdown, and a settlement's figures add up to its municipality's).
import { protect, type Reason } from './protect.ts';
import { ALL, keyOf, partsOf, type TableValues, type YearSystem } from './suppression.ts';

const MONTH_IDS = Array.from({ length: 12 }, (_, i) => `M${String(i + 1).padStart(2, '0')}`);
const QUARTER_IDS = ['Q1', 'Q2', 'Q3', 'Q4'];

/** One table of a system: which finest cells it covers and the key it gives them (null: not in this table). */
export type TableSpec = { name: string; dims: number; project: (finest: string[]) => string[] | null };

export type SolvedSystem = {
  tables: Map<string, { values: TableValues; hidden: Set<string>; reasons: Map<string, Reason> }>;
  /** Every figure (id → its finest cells "<month>#<key>") and the hidden ones, for a finer system to carry. */
  figures: Map<string, string[]>;
  hidden: Map<string, Reason>;
};

/**
 * The tables over one calendar year as one protected system. With `time`, each table has its
 * months, quarters and year tied by lines in time (additive counts); without, only months,
 * each its own (stocks such as open cases at a month's end). `lower` is a coarser system the
 * viewer also reads, and `lift` maps a finest key here to its finest key there.
 */
export function solveTables(
  monthFinest: readonly TableValues[],
  tables: readonly TableSpec[],
  k: number,
  opts: { time: boolean; lower?: { system: SolvedSystem; lift: (finest: string[]) => string } },
): SolvedSystem {
  const finest = new Map<string, number>();
  const figureCells = new Map<string, string[]>();
  const tableValues = new Map<string, TableValues>(tables.map((t) => [t.name, new Map()]));
  const addTo = (id: string, cell: string) => {
    const list = figureCells.get(id);
    if (list) list.push(cell);
    else figureCells.set(id, [cell]);
  };
  monthFinest.forEach((cells, m) => {
    const periods = opts.time ? [MONTH_IDS[m]!, QUARTER_IDS[Math.floor(m / 3)]!, 'Y'] : [MONTH_IDS[m]!];
    for (const [key, v] of cells) {
      if (v <= 0) continue;
      const cell = `${MONTH_IDS[m]}#${key}`;
      finest.set(cell, v);
      const parts = partsOf(key);
      for (const t of tables) {
        const projected = t.project(parts);
        if (!projected) continue;
        const values = tableValues.get(t.name)!;
        for (let mask = 0; mask < 1 << t.dims; mask++) {
          const margin = keyOf(projected.map((p, i) => (mask & (1 << i) ? ALL : p)));
          for (const period of periods) {
            const pk = `${period}#${margin}`;
            values.set(pk, (values.get(pk) ?? 0) + v);
            addTo(`${t.name}|${pk}`, cell);
          }
        }
      }
    }
  });
  // Every table has its totals, zero or not.
  const allPeriods = opts.time ? [...MONTH_IDS, ...QUARTER_IDS, 'Y'] : MONTH_IDS;
  for (const t of tables) {
    const values = tableValues.get(t.name)!;
    for (const period of allPeriods) {
      const pk = `${period}#${keyOf(new Array(t.dims).fill(ALL))}`;
      if (!values.has(pk)) values.set(pk, 0);
    }
  }

  const lines: { total: string; parts: string[] }[] = [];
  for (const t of tables) {
    const values = tableValues.get(t.name)!;
    const id = (pk: string) => `${t.name}|${pk}`;
    const keys = new Set<string>();
    const byPeriod = new Map<string, string[]>();
    for (const pk of values.keys()) {
      const at = pk.indexOf('#');
      const period = pk.slice(0, at);
      keys.add(pk.slice(at + 1));
      const list = byPeriod.get(period) ?? [];
      list.push(pk.slice(at + 1));
      byPeriod.set(period, list);
    }
    // Inside each period's table: each cell or margin with the ones one dimension finer.
    for (const [period, periodKeys] of byPeriod) {
      const members = new Map<string, string[]>();
      for (const key of periodKeys) {
        const parts = partsOf(key);
        parts.forEach((p, i) => {
          if (p === ALL) return;
          const margin = keyOf(parts.map((q, j) => (j === i ? ALL : q)));
          const list = members.get(margin) ?? [];
          list.push(id(`${period}#${key}`));
          members.set(margin, list);
        });
      }
      for (const [margin, parts] of members) lines.push({ total: id(`${period}#${margin}`), parts });
    }
    if (opts.time) {
      for (const key of keys) {
        QUARTER_IDS.forEach((q, qi) => lines.push({ total: id(`${q}#${key}`), parts: [0, 1, 2].map((i) => id(`${MONTH_IDS[qi * 3 + i]}#${key}`)) }));
        lines.push({ total: id(`Y#${key}`), parts: QUARTER_IDS.map((q) => id(`${q}#${key}`)) });
      }
    }
    for (const pk of values.keys()) if (!figureCells.has(id(pk))) figureCells.set(id(pk), []);
  }

  // A coarser system's figures, over this system's cells, keep their status.
  const fixedHidden: string[] = [];
  const fixedShown: string[] = [];
  const figures = [...figureCells.entries()].map(([id, cells]) => ({ id, cells }));
  if (opts.lower) {
    const { system, lift } = opts.lower;
    const fineOf = new Map<string, string[]>();
    for (const cell of finest.keys()) {
      const at = cell.indexOf('#');
      const coarse = `${cell.slice(0, at)}#${lift(partsOf(cell.slice(at + 1)))}`;
      const list = fineOf.get(coarse) ?? [];
      list.push(cell);
      fineOf.set(coarse, list);
    }
    for (const [id, cells] of system.figures) {
      const lifted = `lower|${id}`;
      figures.push({ id: lifted, cells: cells.flatMap((c) => fineOf.get(c) ?? []) });
      (system.hidden.has(id) ? fixedHidden : fixedShown).push(lifted);
    }
  }
  const lastResort = tables.map((t) => `${t.name}|Y#${keyOf(new Array(t.dims).fill(ALL))}`);
  const hidden = protect({ values: finest, figures, lines, fixedHidden, fixedShown, lastResort }, k);

  const out: SolvedSystem['tables'] = new Map();
  for (const t of tables) {
    const values = tableValues.get(t.name)!;
    const hiddenKeys = new Set<string>();
    const reasons = new Map<string, Reason>();
    for (const pk of values.keys()) {
      const reason = hidden.get(`${t.name}|${pk}`);
      if (reason) {
        hiddenKeys.add(pk);
        reasons.set(pk, reason);
      }
    }
    out.set(t.name, { values, hidden: hiddenKeys, reasons });
  }
  const ownFigures = new Map<string, string[]>();
  const ownHidden = new Map<string, Reason>();
  for (const [id, cells] of figureCells) {
    ownFigures.set(id, cells);
    const r = hidden.get(id);
    if (r) ownHidden.set(id, r);
  }
  return { tables: out, figures: ownFigures, hidden: ownHidden };
}

/**
 * A requested table out of a system's table: keep the keys whose dropped positions are
 * margins (ALL), and drop those positions. `keep` lists the system table's positions kept, in
 * the requested order.
 */
export function viewOf(
  solved: { values: TableValues; hidden: Set<string>; reasons: Map<string, Reason> },
  dims: number,
  keep: readonly number[],
  merged: Set<string>,
): YearSystem {
  const values: TableValues = new Map();
  const hidden = new Set<string>();
  const reasons = new Map<string, Reason>();
  for (const [pk, v] of solved.values) {
    const at = pk.indexOf('#');
    const parts = partsOf(pk.slice(at + 1));
    let dropped = false;
    for (let i = 0; i < dims; i++) if (!keep.includes(i) && parts[i] !== ALL) dropped = true;
    if (dropped) continue;
    const key = `${pk.slice(0, at)}#${keyOf(keep.map((i) => parts[i]!))}`;
    values.set(key, v);
    if (solved.hidden.has(pk)) {
      hidden.add(key);
      reasons.set(key, solved.reasons.get(pk)!);
    }
  }
  return { values, hidden, reasons, merged };
}
