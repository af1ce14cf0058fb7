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
//    it is below k, gets one more complement: the cheapest published figure whose equation
//    binds that bound (non-zero dual). Repeat until no hidden figure is exposed.
// HiGHS (the `highs` package: the HiGHS solver compiled to WebAssembly) solves the programmes;
// a persistent model per component is re-solved with a new objective from the last basis.
import highsModule from 'highs';

// The package's types describe an ES default export inside a CommonJS package: TypeScript sees
// the namespace, Node's ESM loader hands over the function itself.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as typeof highsModule.default;
const highs = await loadHighs();

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

  // 4. Audit and repair, smallest exposed figure first. A complement is kept only when it
  // protects the figure it was chosen for (with the lines closed after it); when a figure the
  // viewer reads in a coarser table pins it, nothing here helps and hiding more would only lose.
  // Only components that changed are audited again.
  const changedCells = (before: Uint8Array) => {
    const out = new Set<number>();
    for (let c = 0; c < n; c++) if (hidden[c] !== before[c]) for (const x of canons[c]!.cells) out.add(x);
    return out;
  };
  const given = new Uint8Array(n); // exposed figures nothing could protect: not tried again
  let dirty: Set<number> | null = null; // cells whose figures changed status; null: audit everything
  for (let round = 0; round < 1_000; round++) {
    const exposed = audit(canons, cellValues, hidden, k, dirty).filter((e) => !given[e.figure]);
    if (exposed.length === 0) break;
    exposed.sort((a, b) => canons[a.figure]!.value - canons[b.figure]!.value || a.figure - b.figure);
    const roundStart = Uint8Array.from(hidden);
    const repaired = new Set<number>();
    for (const { figure, component, binding } of exposed) {
      if (!hidden[figure] || repaired.has(component)) continue;
      const tried = new Set<number>();
      let fixed = false;
      for (let attempt = 0; attempt < 3 && !fixed; attempt++) {
        const pool = [binding, siblingsOf(figure), overlapping(figure)].map((list) => list.filter((c) => !tried.has(c)));
        const next = cheapest(pool[0]!) ?? cheapest(pool[1]!) ?? cheapest(pool[0]!, true) ?? cheapest(pool[1]!, true) ?? cheapest(pool[2]!, true);
        if (next === null) break;
        tried.add(next);
        const before = Uint8Array.from(hidden);
        hidden[next] = 1;
        closeLines();
        const after = audit(canons, cellValues, hidden, k, new Set([...changedCells(before), ...canons[figure]!.cells]));
        if (after.some((e) => e.figure === figure)) hidden.set(before);
        else fixed = true;
      }
      if (fixed) repaired.add(component);
      else given[figure] = 1;
    }
    if (repaired.size === 0) break;
    dirty = changedCells(roundStart);
  }

  function siblingsOf(c: number): number[] {
    const out: number[] = [];
    for (const i of linesAsPart[c]!) out.push(...lines[i]!.parts, lines[i]!.total);
    for (const i of linesAsTotal[c]!) out.push(...lines[i]!.parts);
    return out;
  }
  function overlapping(c: number): number[] {
    const mine = new Set(canons[c]!.cells);
    const out: number[] = [];
    for (let o = 0; o < n; o++) if (o !== c && canons[o]!.cells.some((x) => mine.has(x))) out.push(o);
    return out;
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
): { figure: number; component: number; binding: number[] }[] {
  const cellCount = cellValues.length;
  // A cell that is itself a published figure is known: a constant, not an unknown.
  const known = new Uint8Array(cellCount);
  const pin = new Int32Array(cellCount).fill(-1); // the published figure that is this cell alone
  canons.forEach((f, c) => {
    if (!hidden[c] && f.cells.length === 1) {
      known[f.cells[0]!] = 1;
      pin[f.cells[0]!] = c;
    }
  });
  // Constraints over unknown cells; union-find joins the cells of each constraint.
  const parent = Int32Array.from({ length: cellCount }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  // `pins`: the published cells folded into the row's constant; hiding one of them relaxes it too.
  type Row = { figure: number; pins: number[]; cells: number[]; lower: number; upper: number };
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
      rows.push({ figure: c, pins: [], cells: unknown, lower: 1 - constant, upper: Infinity });
    } else {
      const pins = f.cells.filter((x) => known[x]).map((x) => pin[x]!);
      rows.push({ figure: c, pins, cells: unknown, lower: f.value - constant, upper: f.value - constant });
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
  const exposed: { figure: number; component: number; binding: number[] }[] = [];
  const models = new Map<number, ComponentModel>();
  try {
    const modelOf = (root: number): ComponentModel => {
      let m = models.get(root);
      if (!m) models.set(root, (m = new ComponentModel(byComponent.get(root) ?? [])));
      return m;
    };
    canons.forEach((f, c) => {
      if (!hidden[c]) return;
      const unknown = f.cells.filter((x) => !known[x]);
      const constant = f.value - unknown.reduce((s, x) => s + cellValues[x]!, 0);
      if (unknown.length === 0) {
        if (dirty === null || f.cells.some((x) => dirty.has(x))) exposed.push({ figure: c, component: -1 - c, binding: [] });
        return;
      }
      if (!unknown.some((x) => audited(find(x)))) return;
      const component = find(unknown[0]!);
      // The objective may span components: each is bounded on its own and the bounds add up.
      const parts = new Map<number, number[]>();
      for (const x of unknown) {
        const root = find(x);
        const list = parts.get(root) ?? [];
        list.push(x);
        parts.set(root, list);
      }
      const bound = (sense: 'max' | 'min') => {
        let total = constant;
        const binding: number[] = [];
        for (const [root, cells] of parts) {
          const r = modelOf(root).solve(cells, sense);
          if (r.value === Infinity) return { value: Infinity, binding: [] };
          total += r.value;
          binding.push(...r.binding);
        }
        return { value: total, binding };
      };
      const hi = bound('max');
      if (f.value < k) {
        if (hi.value < k - EPS) exposed.push({ figure: c, component, binding: hi.binding });
        return;
      }
      if (hi.value > f.value + 0.5) return;
      const lo = bound('min');
      if (lo.value < f.value - 0.5) return;
      exposed.push({ figure: c, component, binding: [...hi.binding, ...lo.binding] });
    });
  } finally {
    for (const m of models.values()) m.dispose();
  }
  return exposed;
}

class ComponentModel {
  private model: ReturnType<typeof highs.createModel>;
  private columns = new Map<number, number>(); // cell → column
  private rows: { figure: number; pins: number[] }[] = [];
  private lastObjective: number[] = [];

  constructor(rows: { figure: number; pins: number[]; cells: number[]; lower: number; upper: number }[]) {
    this.model = highs.createModel();
    this.model.options.set({ output_flag: false });
    for (const r of rows) for (const x of r.cells) if (!this.columns.has(x)) this.columns.set(x, this.columns.size);
    const count = this.columns.size;
    if (count > 0) this.model.addVars(new Array(count).fill(0), new Array(count).fill(highs.infinity));
    for (const r of rows) {
      this.model.addRow(r.lower, r.upper === Infinity ? highs.infinity : r.upper, {
        indices: r.cells.map((x) => this.columns.get(x)!),
        values: r.cells.map(() => 1),
      });
      this.rows.push({ figure: r.figure, pins: r.pins });
    }
  }

  solve(cells: number[], sense: 'max' | 'min'): { value: number; binding: number[] } {
    const m = this.model;
    if (this.lastObjective.length > 0) m.changeColsCost({ kind: 'set', indices: this.lastObjective }, this.lastObjective.map(() => 0));
    const cols = cells.map((x) => this.columns.get(x));
    if (cols.some((c) => c === undefined)) return { value: Infinity, binding: [] }; // an unconstrained unknown
    this.lastObjective = cols as number[];
    m.changeColsCost({ kind: 'set', indices: this.lastObjective }, this.lastObjective.map(() => 1));
    m.changeObjectiveSense(sense === 'max' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize);
    m.run();
    const status = m.getModelStatus();
    if (status === highs.constants.modelStatus.unbounded || status === highs.constants.modelStatus.unboundedOrInfeasible) {
      return { value: sense === 'max' ? Infinity : -Infinity, binding: [] };
    }
    if (status !== highs.constants.modelStatus.optimal) throw new Error(`suppression audit: the solver stopped with status ${status}`);
    const duals = m.getSolution().rowDual;
    const binding: number[] = [];
    duals.forEach((d: number, i: number) => {
      if (Math.abs(d) > EPS) binding.push(this.rows[i]!.figure, ...this.rows[i]!.pins);
    });
    return { value: m.getObjectiveValue(), binding };
  }

  dispose(): void {
    this.model.dispose();
  }
}
