// One protected system per viewer: every table a viewer can obtain over one calendar year, in
// every breakdown, is a set of sums of finest cells, decided together by protect() (protect.ts).
//
// A breakdown is a family of finest cells: the same people (or sessions) counted once more,
// split by the breakdown's values. The base family is what every other family breaks down (a
// municipality: center × residence municipality; the network: center); a family's cells that
// refine one cell of its parent add up to it (an identity the attacker knows, and so does
// protect()). A table's figure whose breakdown is a margin (ALL) is its parent table's figure:
// one figure, one decision, in every table that shows it.
//
// A municipality sees two tables of one measure that overlap: its residents at any center (by
// center, or by a breakdown) and the centers on its territory (by center and residence, or by
// center and a breakdown). The network sees its centers, alone and by each breakdown. Each year
// is one system: 12 months, 4 quarters and the year, tied by lines in time (additive counts);
// stocks (open cases at a month's end) have months only, each its own.
import { protect, type Reason, type System } from './protect.ts';
import { ALL, keyOf, partsOf, type TableValues, type YearSystem } from './suppression.ts';

const MONTH_IDS = Array.from({ length: 12 }, (_, i) => `M${String(i + 1).padStart(2, '0')}`);
const QUARTER_IDS = ['Q1', 'Q2', 'Q3', 'Q4'];

/** One table of a family: which finest cells it covers and the key it gives them (null: not in this table). */
export type FamilyTable = {
  /** Unique over the whole system. */
  name: string;
  dims: number;
  project: (finest: string[]) => string[] | null;
  /** Where position `pos` is a margin (ALL), the figure is table `table`'s figure at `key(the other positions)`. */
  same?: { pos: number; table: string; key: (rest: string[]) => string[] };
};

export type Family = {
  /** Unique; '' for the base. */
  name: string;
  /** The family's finest cells, one per month of the year (a map, or [key, value] pairs with unique keys; keys over the family's dimensions). */
  monthFinest: readonly Iterable<readonly [string, number]>[];
  /** The family this one breaks down, and where each finest key falls there. */
  parent?: { family: string; lift: (finest: string[]) => string[] };
  tables: readonly FamilyTable[];
};

export type SolvedTable = { values: TableValues; hidden: Set<string>; reasons: Map<string, Reason> };
export type SolvedSystem = { tables: Map<string, SolvedTable> };

/**
 * Every family's tables over one calendar year as one protected system. With `time`, each
 * table has its months, quarters and year tied by lines in time (additive counts); without,
 * only months, each its own.
 */
export function solveFamilies(families: readonly Family[], k: number, opts: { time: boolean }): SolvedSystem {
  const assembled = assembleFamilies(families, opts);
  return publishFamilies(assembled, protect(assembled.system, k));
}

/** A system's figures, lines and identities, and every table's values (no decision yet). */
export type Assembled = {
  system: System;
  tableSpecs: readonly FamilyTable[];
  tableValues: Map<string, TableValues>;
  resolve: (figure: string) => string;
};

/** Every table's values and which figure each key is: what publishFamilies needs once a decision exists. */
export type AssembledTables = Pick<Assembled, 'tableSpecs' | 'tableValues' | 'resolve'>;

/**
 * The tables of a system and the figure each of their keys stands for, without the figures' cells,
 * lines and identities: what a request needs to publish a decision made elsewhere (a worker),
 * at a fraction of assembleFamilies' work (a network's comparison publishes 150 centers' systems).
 */
export function familyTables(families: readonly Family[], opts: { time: boolean }, only?: ReadonlySet<string>): AssembledTables {
  return assemble(families, opts, false, only);
}

/** The figures of every table and how they add up, before anything is decided. */
export function assembleFamilies(families: readonly Family[], opts: { time: boolean }): Assembled {
  return assemble(families, opts, true) as Assembled;
}

/** `whole`: the figures' cells, lines and identities too (a system to decide); `only`: just these tables (publishing, `whole` false). */
function assemble(families: readonly Family[], opts: { time: boolean }, whole: boolean, only?: ReadonlySet<string>): Assembled | AssembledTables {
  const finest = new Map<string, number>();
  const figureCells = new Map<string, string[]>();
  const alias = new Map<string, string>(); // a table's figure → the figure it is (same)
  const tableValues = new Map<string, TableValues>();
  const everyTable: FamilyTable[] = families.flatMap((f) => f.tables);
  const wanted = (t: FamilyTable) => whole || !only || only.has(t.name);
  const tableSpecs = everyTable.filter(wanted);
  for (const t of tableSpecs) tableValues.set(t.name, new Map());
  const cellId = (family: string, m: number, key: string) => `${family}|${MONTH_IDS[m]}#${key}`;
  const figureId = (table: string, pk: string) => `${table}|${pk}`;
  const addTo = (id: string, cell: string) => {
    const list = figureCells.get(id);
    if (list) list.push(cell);
    else figureCells.set(id, [cell]);
  };
  const byName = new Map(everyTable.map((t) => [t.name, t]));
  // The figure a table's key stands for, following `same` down to the table that owns it.
  const owner = (table: FamilyTable, period: string, parts: string[]): string => {
    let t = table;
    let p = parts;
    while (t.same && p[t.same.pos] === ALL) {
      const rest = p.filter((_, i) => i !== t.same!.pos);
      p = t.same.key(rest);
      t = byName.get(t.same.table)!;
    }
    return figureId(t.name, `${period}#${keyOf(p)}`);
  };
  const identities: { plus: string[]; minus: string[] }[] = [];
  const owners = new Map<string, string>(); // a table's figure → the figure it is (itself or its `same`)

  for (const family of families) {
    const tables = family.tables.filter(wanted);
    if (tables.length === 0) continue;
    const refines = new Map<string, string[]>(); // parent cell → this family's cells in it
    family.monthFinest.forEach((cells, m) => {
      const periods = opts.time ? [MONTH_IDS[m]!, QUARTER_IDS[Math.floor(m / 3)]!, 'Y'] : [MONTH_IDS[m]!];
      for (const [key, v] of cells) {
        if (v <= 0) continue;
        const cell = whole ? cellId(family.name, m, key) : '';
        if (whole) finest.set(cell, v);
        const parts = partsOf(key);
        if (whole && family.parent) {
          const up = cellId(family.parent.family, m, keyOf(family.parent.lift(parts)));
          const list = refines.get(up) ?? [];
          list.push(cell);
          refines.set(up, list);
        }
        for (const t of tables) {
          const projected = t.project(parts);
          if (!projected) continue;
          const values = tableValues.get(t.name)!;
          for (let mask = 0; mask < 1 << t.dims; mask++) {
            const marginParts = projected.map((p, i) => (mask & (1 << i) ? ALL : p));
            const margin = keyOf(marginParts);
            for (const period of periods) {
              const pk = `${period}#${margin}`;
              values.set(pk, (values.get(pk) ?? 0) + v);
              const id = figureId(t.name, pk);
              let own = owners.get(id);
              if (own === undefined) {
                owners.set(id, (own = owner(t, period, marginParts)));
                if (own !== id) alias.set(id, own);
              }
              if (whole && own === id) addTo(own, cell);
            }
          }
        }
      }
    });
    for (const [up, cells] of refines) identities.push({ plus: cells, minus: [up] });
  }
  // Every table has its totals, zero or not.
  const allPeriods = opts.time ? [...MONTH_IDS, ...QUARTER_IDS, 'Y'] : MONTH_IDS;
  for (const t of tableSpecs) {
    const values = tableValues.get(t.name)!;
    for (const period of allPeriods) {
      const parts = new Array<string>(t.dims).fill(ALL);
      const pk = `${period}#${keyOf(parts)}`;
      if (!values.has(pk)) values.set(pk, 0);
      const own = owner(t, period, parts);
      if (own !== figureId(t.name, pk)) alias.set(figureId(t.name, pk), own);
      else if (!figureCells.has(own)) figureCells.set(own, []);
    }
  }
  const resolve = (id: string) => alias.get(id) ?? id;
  if (!whole) return { tableSpecs, tableValues, resolve };

  const lines: { total: string; parts: string[] }[] = [];
  for (const t of tableSpecs) {
    const values = tableValues.get(t.name)!;
    const id = (pk: string) => resolve(figureId(t.name, pk));
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
  }

  const lastResort = tableSpecs.map((t) => resolve(figureId(t.name, `Y#${keyOf(new Array(t.dims).fill(ALL))}`)));
  const figures = [...figureCells.entries()].map(([id, cells]) => ({ id, cells }));
  return { system: { values: finest, figures, lines, identities, lastResort }, tableSpecs, tableValues, resolve };
}

/** Every table of an assembled system with a decision (hidden figures by id) applied. */
export function publishFamilies({ tableSpecs, tableValues, resolve }: AssembledTables, hidden: ReadonlyMap<string, Reason>): SolvedSystem {
  const out = new Map<string, SolvedTable>();
  for (const t of tableSpecs) {
    const values = tableValues.get(t.name)!;
    const hiddenKeys = new Set<string>();
    const reasons = new Map<string, Reason>();
    for (const pk of values.keys()) {
      const reason = hidden.get(resolve(`${t.name}|${pk}`));
      if (reason) {
        hiddenKeys.add(pk);
        reasons.set(pk, reason);
      }
    }
    out.set(t.name, { values, hidden: hiddenKeys, reasons });
  }
  return { tables: out };
}

/**
 * A requested table out of a system's table: keep the keys whose dropped positions are
 * margins (ALL), or the value `pick` names for that position (one center of the network's
 * table), and drop those positions. `keep` lists the system table's positions kept, in the
 * requested order.
 */
export function viewOf(
  solved: SolvedTable,
  dims: number,
  keep: readonly number[],
  merged: Set<string>,
  pick: ReadonlyMap<number, string> = new Map(),
): YearSystem {
  const values: TableValues = new Map();
  const hidden = new Set<string>();
  const reasons = new Map<string, Reason>();
  for (const [pk, v] of solved.values) {
    const at = pk.indexOf('#');
    const parts = partsOf(pk.slice(at + 1));
    let dropped = false;
    for (let i = 0; i < dims; i++) if (!keep.includes(i) && parts[i] !== (pick.get(i) ?? ALL)) dropped = true;
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

/**
 * A network's figures from its centers' own systems (one per center, each decided alone). Every
 * key with a center is that center's figure; a figure over every center (the center position is
 * a margin) is the sum of the centers' figures, published only when every one of them is: then it
 * is a sum of published figures and tells nothing the centers' own figures do not, so the
 * network's system is as safe as each center's. A margin hidden this way says why: below k, or
 * to protect the hidden figure it would otherwise give away.
 */
export function combineCenters(systems: readonly SolvedSystem[], k: number): SolvedSystem {
  const names = new Set(systems.flatMap((s) => [...s.tables.keys()]));
  return { tables: new Map([...names].map((name) => [name, combineTable(systems.flatMap((s) => s.tables.get(name) ?? []), k)])) };
}

/** One table of a network from the same table of each of its centers' systems (combineCenters). */
export function combineTable(centers: readonly SolvedTable[], k: number): SolvedTable {
  const out: SolvedTable = { values: new Map(), hidden: new Set(), reasons: new Map() };
  const sums = new Map<string, { value: number; hidden: boolean }>();
  for (const t of centers) {
    for (const [pk, v] of t.values) {
      const at = pk.indexOf('#');
      if (partsOf(pk.slice(at + 1))[0] !== ALL) {
        out.values.set(pk, v);
        if (t.hidden.has(pk)) {
          out.hidden.add(pk);
          out.reasons.set(pk, t.reasons.get(pk)!);
        }
        continue;
      }
      const sum = sums.get(pk) ?? { value: 0, hidden: false };
      sum.value += v;
      sum.hidden ||= t.hidden.has(pk);
      sums.set(pk, sum);
    }
  }
  for (const [pk, { value, hidden }] of sums) {
    out.values.set(pk, value);
    if (hidden || (value > 0 && value < k)) {
      out.hidden.add(pk);
      out.reasons.set(pk, value > 0 && value < k ? 'BELOW_K' : 'PROTECTS_OTHER');
    }
  }
  return out;
}
