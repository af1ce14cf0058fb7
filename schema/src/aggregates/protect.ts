// One protected system: every figure a viewer can obtain from one set of finest cells, and
// which of them are hidden. Pure (no database, no GraphQL).
//
// 1. A figure is its set of finest cells: two tables that publish the same sum publish one
//    figure, so a value hidden in one is hidden in the other.
// 2. Primary: a figure of 1..k-1 is hidden (BELOW_K). 0 is a true zero and is shown.
// 3. Complementary, over the lines (a total and the figures that add up to it, in any table or
//    in time): a line never has exactly one hidden part, its hidden parts leave each small one
//    room to reach k, and a hidden total keeps a hidden part. The cheapest figure is hidden
//    first: the smallest value, then the finest (interior cells before margins and totals).
// 4. Audit and repair: for every hidden figure the attacker's linear programme (every published
//    figure fixed, every hidden one at least 1, every cell at least 0) gives its smallest and
//    largest possible value. A figure that is determined exactly, or whose largest value shows
//    it is below k, gets the complements of the cheapest change to published figures that
//    frees it (see cheapestChange). Repeat until no hidden figure is exposed, or nothing can
//    free it (a figure the viewer reads, fixed shown, in a coarser table pins it).
// HiGHS (the `highs` package: the HiGHS solver compiled to WebAssembly) solves the programmes;
// one shared model is re-solved with a new objective from the last basis.
import highsModule from 'highs';

// The package's types describe an ES default export inside a CommonJS package: TypeScript sees
// the namespace, Node's ESM loader hands over the function itself.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as typeof highsModule.default;
const highs = await loadHighs();
// One model for the process, emptied for each programme: creating a HiGHS instance costs more
// than a small solve. protect() is synchronous, so no two programmes ever share it at once.
const shared = highs.createModel();
shared.options.set({ output_flag: false, presolve: 'off', simplex_strategy: 4 });
const freshModel = () => {
  shared.clearModel();
  return shared;
};

export type System = {
  /** Finest cell → its value (a non-negative count). Cells not listed are true zeros. */
  values: ReadonlyMap<string, number>;
  /** Every figure a viewer can obtain: the sum of its finest cells. */
  figures: ReadonlyArray<{ id: string; cells: readonly string[] }>;
  /** How figures add up (figure ids): total = Σ parts. Optional; the audit does not depend on them. */
  lines?: ReadonlyArray<{ total: string; parts: readonly string[] }>;
  /** Settled by a smaller system the viewer also sees: hidden there → hidden here; shown there → never hidden here. */
  fixedHidden?: Iterable<string>;
  fixedShown?: Iterable<string>;
  /** Hidden only when nothing cheaper protects (grand totals). */
  lastResort?: Iterable<string>;
};

export type Reason = 'BELOW_K' | 'PROTECTS_OTHER';

type Canon = {
  cells: number[]; // indices into cellKeys
  value: number;
  size: number;
};

const EPS = 1e-6;
const MAX_CHANGES = 200;

/** Hidden figures (by id) and why. */
export function protect(system: System, k: number): Map<string, Reason> {
  const cellIndex = new Map<string, number>();
  const cellValues: number[] = [];
  const cellOf = (key: string): number | null => {
    const v = system.values.get(key) ?? 0;
    if (v <= 0) return null; // a true zero: no unknown for the attacker
    let i = cellIndex.get(key);
    if (i === undefined) {
      i = cellValues.length;
      cellIndex.set(key, i);
      cellValues.push(v);
    }
    return i;
  };
  // 1. One figure per distinct set of cells.
  const canonByKey = new Map<string, number>();
  const canons: Canon[] = [];
  const canonOfId = new Map<string, number>();
  for (const f of system.figures) {
    const cells = [...new Set(f.cells.map(cellOf).filter((c): c is number => c !== null))].sort((a, b) => a - b);
    const key = cells.join(',');
    let c = canonByKey.get(key);
    if (c === undefined) {
      c = canons.length;
      canonByKey.set(key, c);
      canons.push({ cells, value: cells.reduce((s, i) => s + cellValues[i]!, 0), size: f.cells.length });
    } else {
      canons[c]!.size = Math.max(canons[c]!.size, f.cells.length);
    }
    canonOfId.set(f.id, c);
  }
  const n = canons.length;
  const canonIds = (ids: Iterable<string> | undefined) => {
    const out = new Set<number>();
    for (const id of ids ?? []) {
      const c = canonOfId.get(id);
      if (c !== undefined) out.add(c);
    }
    return out;
  };
  const fixedShown = canonIds(system.fixedShown);
  const lastResort = canonIds(system.lastResort);
  const hidden = new Uint8Array(n);
  for (const c of canonIds(system.fixedHidden)) if (canons[c]!.value > 0) hidden[c] = 1;
  // 2. Primary.
  for (let c = 0; c < n; c++) if (canons[c]!.value > 0 && canons[c]!.value < k) hidden[c] = 1;
  for (const c of fixedShown) hidden[c] = 0;

  // Lines in canonical figures; figures by the lines they are part or total of.
  const lines: { total: number; parts: number[] }[] = [];
  const seenLine = new Set<string>();
  for (const line of system.lines ?? []) {
    const total = canonOfId.get(line.total);
    if (total === undefined) continue;
    const parts = [...new Set(line.parts.map((p) => canonOfId.get(p)).filter((p): p is number => p !== undefined && p !== total))];
    if (parts.length === 0) continue;
    parts.sort((a, b) => a - b);
    const key = `${total}:${parts.join(',')}`;
    if (seenLine.has(key)) continue;
    seenLine.add(key);
    lines.push({ total, parts });
  }
  const linesAsPart: number[][] = Array.from({ length: n }, () => []);
  const linesAsTotal: number[][] = Array.from({ length: n }, () => []);
  lines.forEach((line, i) => {
    linesAsTotal[line.total]!.push(i);
    for (const p of line.parts) linesAsPart[p]!.push(i);
  });

  const hideable = (c: number, allowLastResort: boolean) =>
    !hidden[c] && canons[c]!.value > 0 && !fixedShown.has(c) && (allowLastResort || !lastResort.has(c));
  const cheaper = (a: number, b: number) => canons[a]!.value - canons[b]!.value || canons[a]!.size - canons[b]!.size || a - b;
  const cheapest = (candidates: Iterable<number>, allowLastResort = false): number | null => {
    let best: number | null = null;
    for (const c of candidates) if (hideable(c, allowLastResort) && (best === null || cheaper(c, best) < 0)) best = c;
    return best;
  };

  // 3. Complementary over the lines, until every line is safe.
  const closeLines = () => {
    const queue = lines.map((_, i) => i);
    const queued = new Uint8Array(lines.length).fill(1);
    const touch = (c: number) => {
      for (const i of [...linesAsPart[c]!, ...linesAsTotal[c]!]) {
        if (!queued[i]) {
          queued[i] = 1;
          queue.push(i);
        }
      }
    };
    while (queue.length > 0) {
      const i = queue.pop()!;
      queued[i] = 0;
      const line = lines[i]!;
      for (;;) {
        let hiddenCount = 0;
        let hiddenSum = 0;
        let small = false;
        let nonZero = 0;
        for (const p of line.parts) {
          const v = canons[p]!.value;
          if (v <= 0) continue;
          nonZero++;
          if (hidden[p]) {
            hiddenCount++;
            hiddenSum += v;
            if (v < k) small = true;
          }
        }
        const unsafe = hidden[line.total]
          ? hiddenCount === 0 && nonZero > 0
          : hiddenCount === 1 || (small && hiddenSum - (hiddenCount - 1) < k);
        if (!unsafe) break;
        const next = cheapest(line.parts) ?? (hideable(line.total, false) ? line.total : null) ?? cheapest(line.parts, true);
        if (next === null) break; // nothing left to hide here: the audit decides
        hidden[next] = 1;
        touch(next);
      }
    }
  };
  closeLines();

  // 4. Audit and repair, smallest exposed figure first. The complements for an exposed figure
  // come from one more programme: the cheapest change to the published figures (weighted by
  // what hiding each would lose: its value, more for margins and totals, most for the last
  // resort) that lets the figure reach k (or move at all, for a complement); every figure that
  // change touches is hidden. Nothing the viewer reads in a coarser table (fixed shown) and no
  // true zero may change. Only components that changed are audited again.
  const changedCells = (before: Uint8Array) => {
    const out = new Set<number>();
    for (let c = 0; c < n; c++) if (hidden[c] !== before[c]) for (const x of canons[c]!.cells) out.add(x);
    return out;
  };
  const given = new Uint8Array(n); // exposed figures nothing can protect: not tried again
  let dirty: Set<number> | null = null; // cells whose figures changed status; null: audit everything
  // A bound on the work of one system (a request waits for it): past it, the figures still
  // exposed stay as the lines left them.
  let changes = 0;
  for (let round = 0; round < 50 && changes < MAX_CHANGES; round++) {
    const exposed = audit(canons, cellValues, hidden, k, dirty).filter((e) => !given[e.figure]);
    if (exposed.length === 0) break;
    exposed.sort((a, b) => canons[a.figure]!.value - canons[b.figure]!.value || a.figure - b.figure);
    const roundStart = Uint8Array.from(hidden);
    const repaired = new Set<number>();
    for (const { figure, component } of exposed) {
      if (!hidden[figure] || repaired.has(component) || changes >= MAX_CHANGES) continue;
      changes++;
      const f = canons[figure]!;
      const change = cheapestChange(canons, cellValues, hidden, figure, f.value < k ? k : f.value + 1, (c) =>
        fixedShown.has(c) ? Infinity : lastResort.has(c) ? 1000 * canons[c]!.value : canons[c]!.value * (1 + Math.log2(canons[c]!.cells.length)),
      );
      if (change === null) {
        given[figure] = 1;
        continue;
      }
      for (const c of change) if (canons[c]!.value > 0) hidden[c] = 1;
      repaired.add(component);
    }
    if (repaired.size === 0) break;
    closeLines();
    dirty = changedCells(roundStart);
  }

  const out = new Map<string, Reason>();
  for (const [id, c] of canonOfId) if (hidden[c]) out.set(id, canons[c]!.value < k ? 'BELOW_K' : 'PROTECTS_OTHER');
  return out;
}

/**
 * The attacker's view: for each hidden figure, its smallest and largest value consistent with
 * everything published. Returns the exposed ones, each with the published figures whose
 * equations bind the bound that exposed it.
 */
function audit(
  canons: Canon[],
  cellValues: readonly number[],
  hidden: Uint8Array,
  k: number,
  dirty: Set<number> | null,
): { figure: number; component: number }[] {
  const cellCount = cellValues.length;
  // A cell that is itself a published figure is known: a constant, not an unknown.
  const known = new Uint8Array(cellCount);
  canons.forEach((f, c) => {
    if (!hidden[c] && f.cells.length === 1) {
      known[f.cells[0]!] = 1;
    }
  });
  // Constraints over unknown cells; union-find joins the cells of each constraint.
  const parent = Int32Array.from({ length: cellCount }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  type Row = { cells: number[]; lower: number; upper: number };
  const rows: Row[] = [];
  const seen = new Set<string>();
  canons.forEach((f, c) => {
    const unknown = f.cells.filter((x) => !known[x]);
    if (unknown.length === 0) return;
    const constant = f.cells.reduce((s, x) => s + (known[x] ? cellValues[x]! : 0), 0);
    const key = `${hidden[c]}:${unknown.join(',')}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (hidden[c]) {
      if (constant >= 1) return; // at least 1 already
      rows.push({ cells: unknown, lower: 1 - constant, upper: Infinity });
    } else {
      rows.push({ cells: unknown, lower: f.value - constant, upper: f.value - constant });
    }
    for (const x of unknown) parent[find(x)] = find(unknown[0]!);
  });
  const byComponent = new Map<number, Row[]>();
  for (const r of rows) {
    const root = find(r.cells[0]!);
    const list = byComponent.get(root) ?? [];
    list.push(r);
    byComponent.set(root, list);
  }
  // Components with a changed cell (or all, the first time); a cell outside every row is its own.
  const audited = (root: number) => dirty === null || dirtyRoots.has(root);
  const dirtyRoots = new Set<number>();
  for (const x of dirty ?? []) dirtyRoots.add(find(x));
  const exposed: { figure: number; component: number }[] = [];
  // The hidden figures to audit, and one programme holding every component they touch (the
  // components are independent blocks; one model re-solved per objective is far cheaper than a
  // model per component, whose first solve costs milliseconds).
  const targets: { figure: number; unknown: number[]; constant: number; component: number }[] = [];
  const roots = new Set<number>();
  canons.forEach((f, c) => {
    if (!hidden[c]) return;
    const unknown = f.cells.filter((x) => !known[x]);
    if (unknown.length === 0) {
      if (dirty === null || f.cells.some((x) => dirty.has(x))) exposed.push({ figure: c, component: -1 - c });
      return;
    }
    if (!unknown.some((x) => audited(find(x)))) return;
    for (const x of unknown) roots.add(find(x));
    targets.push({ figure: c, unknown, constant: f.value - unknown.reduce((s, x) => s + cellValues[x]!, 0), component: find(unknown[0]!) });
  });
  if (targets.length === 0) return exposed;
  const model = new LpModel([...roots].flatMap((root) => byComponent.get(root) ?? []));
  {
    for (const { figure: c, unknown, constant, component } of targets) {
      const f = canons[c]!;
      const hi = constant + model.solve(unknown, 'max');
      if (f.value < k) {
        if (hi < k - EPS) exposed.push({ figure: c, component });
        continue;
      }
      if (hi > f.value + 0.5) continue;
      const lo = constant + model.solve(unknown, 'min');
      if (lo < f.value - 0.5) continue;
      exposed.push({ figure: c, component });
    }
  }
  return exposed;
}

/**
 * The cheapest set of published figures whose change lets `figure` reach `target`: minimise the
 * weighted change of published figures, with every hidden figure (and every published non-zero
 * one) at least 1 and every cell at least 0. Null when no such change exists.
 */
function cheapestChange(
  canons: Canon[],
  cellValues: readonly number[],
  hidden: Uint8Array,
  figure: number,
  target: number,
  weight: (c: number) => number,
): number[] | null {
  const model = freshModel();
  {
    const cells = cellValues.length;
    if (cells > 0) model.addVars(new Array(cells).fill(0), new Array(cells).fill(highs.infinity));
    const slackOf: number[] = [];
    let columns = cells;
    canons.forEach((f, c) => {
      if (f.cells.length === 0) return;
      const indices = [...f.cells];
      const values = f.cells.map(() => 1);
      if (hidden[c]) {
        model.addRow(1, highs.infinity, { indices, values });
        return;
      }
      const w = weight(c);
      if (f.value > 0 && Number.isFinite(w)) {
        // value + over − under = Σ cells; over, under ≥ 0 cost w each.
        model.addVars([0, 0], [highs.infinity, highs.infinity]);
        model.changeColsCost({ kind: 'set', indices: [columns, columns + 1] }, [w, w]);
        indices.push(columns, columns + 1);
        values.push(-1, 1);
        slackOf.push(c);
        columns += 2;
        model.addRow(f.value, f.value, { indices, values });
        model.addRow(1, highs.infinity, { indices: [...f.cells], values: f.cells.map(() => 1) });
      } else {
        model.addRow(f.value, f.value, { indices, values });
      }
    });
    const f = canons[figure]!;
    model.addRow(target, highs.infinity, { indices: [...f.cells], values: f.cells.map(() => 1) });
    model.changeObjectiveSense(highs.constants.objectiveSense.minimize);
    model.run();
    if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return null;
    const x = model.getSolution().colValue;
    const changed: number[] = [];
    slackOf.forEach((c, i) => {
      if (x[cells + 2 * i]! + x[cells + 2 * i + 1]! > EPS) changed.push(c);
    });
    return changed;
  }
}

/** One persistent HiGHS model: the attacker's constraints, re-solved for each objective from the last basis. */
class LpModel {
  private model: ReturnType<typeof highs.createModel>;
  private columns = new Map<number, number>(); // cell → column
  private lastObjective: number[] = [];

  constructor(rows: { cells: number[]; lower: number; upper: number }[]) {
    this.model = freshModel();
    this.model.changeObjectiveSense(highs.constants.objectiveSense.minimize);
    for (const r of rows) for (const x of r.cells) if (!this.columns.has(x)) this.columns.set(x, this.columns.size);
    const count = this.columns.size;
    if (count > 0) this.model.addVars(new Array(count).fill(0), new Array(count).fill(highs.infinity));
    for (const r of rows) {
      this.model.addRow(r.lower, r.upper === Infinity ? highs.infinity : r.upper, {
        indices: r.cells.map((x) => this.columns.get(x)!),
        values: r.cells.map(() => 1),
      });
    }
  }

  /** The largest or smallest sum of these cells; ±Infinity when unbounded. */
  solve(cells: number[], sense: 'max' | 'min'): number {
    const m = this.model;
    if (this.lastObjective.length > 0) m.changeColsCost({ kind: 'set', indices: this.lastObjective }, this.lastObjective.map(() => 0));
    const cols = cells.map((x) => this.columns.get(x));
    // A cell in no constraint is free upwards (and can fall to 0).
    if (cols.some((c) => c === undefined)) {
      if (sense === 'max') return Infinity;
    }
    // HiGHS wants a set's indices strictly increasing.
    this.lastObjective = [...new Set(cols.filter((c): c is number => c !== undefined))].sort((a, b) => a - b);
    if (this.lastObjective.length === 0) return 0;
    // Always minimise (−Σ for a maximum): the sense never changes, so each solve starts from the
    // last basis (the primal simplex keeps it feasible).
    m.changeColsCost({ kind: 'set', indices: this.lastObjective }, this.lastObjective.map(() => (sense === 'max' ? -1 : 1)));
    m.run();
    const status = m.getModelStatus();
    if (status === highs.constants.modelStatus.unbounded || status === highs.constants.modelStatus.unboundedOrInfeasible) {
      return sense === 'max' ? Infinity : -Infinity;
    }
    if (status !== highs.constants.modelStatus.optimal) throw new Error(`suppression audit: the solver stopped with status ${status}`);
    return sense === 'max' ? -m.getObjectiveValue() : m.getObjectiveValue();
  }

}
