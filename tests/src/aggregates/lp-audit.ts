// The attacker of small-cell suppression, in general: given every figure a viewer can obtain
// (each a sum of finest cells, published or hidden), it solves for each hidden figure the
// smallest and largest value consistent with all of them, by linear programming, and reports
// every hidden figure that is determined exactly or shown to be below k.
//
// Solver: HiGHS compiled to WebAssembly (npm `highs`), a maintained LP solver, through its
// persistent model API: one model per independent component, re-solved with new objectives.
import highsModule from 'highs';

// highs ships ESM code with CommonJS-typed declarations: under NodeNext its default import is
// typed as the module, while at run time it is the loader itself.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as typeof highsModule.default;

/** A figure a viewer obtained: the sum of `cells` (finest unknowns), published with a value or hidden (null). */
export type Figure = {
  id: string;
  cells: readonly string[];
  value: number | null;
  /** The true value, when the caller knows it (for messages only). */
  truth?: number;
};

/** Sums the attacker knows to be equal without knowing their value (a breakdown sums to the figure it breaks down). */
export type Identity = { left: readonly string[]; right: readonly string[] };

export type AuditInput = {
  figures: readonly Figure[];
  identities?: readonly Identity[];
  k: number;
  /** True values of the unknowns, when known (for messages; also a witness of feasibility). */
  truth?: ReadonlyMap<string, number>;
};

export type Breach = {
  /** Every figure id with this set of cells. */
  ids: string[];
  cells: string[];
  min: number;
  max: number;
  truth: number | null;
  why: 'EXACT' | 'BELOW_K';
};

export type AuditResult = {
  breaches: Breach[];
  /** Distinct hidden figures (by their set of cells) audited. */
  hidden: number;
  published: number;
  components: number;
  /** LP solves run. */
  solves: number;
};

// Values are counts: an interval narrower than half a unit holds a single integer.
const EXACT_WIDTH = 0.5;
const TOL = 1e-6;

type Row = { coef: Map<string, number>; lo: number; hi: number };

type HighsInstance = Awaited<ReturnType<typeof loadHighs>>;
let highsPromise: Promise<HighsInstance> | null = null;
const highs = () => (highsPromise ??= loadHighs());

const setKey = (cells: readonly string[]) => [...new Set(cells)].sort().join('\u0001');

export async function audit(input: AuditInput): Promise<AuditResult> {
  const h = await highs();
  const { k } = input;

  // One target per distinct set of hidden cells; published figures deduplicated likewise.
  const targets = new Map<string, { ids: string[]; cells: string[]; truth: number | null }>();
  const published = new Map<string, { cells: string[]; value: number; ids: string[] }>();
  for (const f of input.figures) {
    const key = setKey(f.cells);
    const cells = [...new Set(f.cells)];
    if (f.value === null) {
      const t = targets.get(key);
      const truth = f.truth ?? (input.truth ? cells.reduce((s, c) => s + (input.truth!.get(c) ?? 0), 0) : null);
      if (t) t.ids.push(f.id);
      else targets.set(key, { ids: [f.id], cells, truth });
    } else {
      if (!Number.isFinite(f.value) || f.value < 0) throw new Error(`${f.id}: published value ${f.value} is not a count`);
      const p = published.get(key);
      if (p && Math.abs(p.value - f.value) > TOL) throw new Error(`inconsistent: ${p.ids[0]} = ${p.value} but ${f.id} = ${f.value} over the same cells`);
      if (p) p.ids.push(f.id);
      else published.set(key, { cells, value: f.value, ids: [f.id] });
    }
  }

  // Equality rows: published figures and identities.
  const equalities: Row[] = [];
  for (const p of published.values()) equalities.push({ coef: new Map(p.cells.map((c) => [c, 1])), lo: p.value, hi: p.value });
  for (const id of input.identities ?? []) {
    const coef = new Map<string, number>();
    for (const c of new Set(id.left)) coef.set(c, (coef.get(c) ?? 0) + 1);
    for (const c of new Set(id.right)) coef.set(c, (coef.get(c) ?? 0) - 1);
    for (const [c, v] of coef) if (v === 0) coef.delete(c);
    if (coef.size > 0) equalities.push({ coef, lo: 0, hi: 0 });
  }

  // Presolve: a published zero pins its cells at 0, an equality with one free cell pins it;
  // repeat until nothing moves. This is what an attacker does by hand, and it shrinks the LPs.
  const fixed = new Map<string, number>();
  const rowsOf = new Map<string, number[]>();
  equalities.forEach((r, i) => {
    for (const c of r.coef.keys()) {
      const list = rowsOf.get(c);
      if (list) list.push(i);
      else rowsOf.set(c, [i]);
    }
  });
  const queue = equalities.map((_, i) => i);
  const queued = new Set(queue);
  const fix = (c: string, v: number) => {
    if (fixed.has(c)) return;
    fixed.set(c, Math.abs(v - Math.round(v)) < TOL ? Math.round(v) : v);
    for (const i of rowsOf.get(c) ?? []) if (!queued.has(i)) (queued.add(i), queue.push(i));
  };
  while (queue.length) {
    const i = queue.pop()!;
    queued.delete(i);
    const r = equalities[i]!;
    let rhs = r.lo;
    const free: [string, number][] = [];
    for (const [c, a] of r.coef) {
      const v = fixed.get(c);
      if (v === undefined) free.push([c, a]);
      else rhs -= a * v;
    }
    if (free.length === 0) {
      if (Math.abs(rhs) > TOL) throw new Error(`inconsistent figures: a published sum is off by ${rhs}`);
    } else if (free.length === 1) {
      const [c, a] = free[0]!;
      if (rhs / a < -TOL) throw new Error(`inconsistent figures: ${c} would be negative`);
      fix(c, rhs / a);
    } else if (Math.abs(rhs) < TOL && (free.every(([, a]) => a > 0) || free.every(([, a]) => a < 0))) {
      for (const [c] of free) fix(c, 0);
    }
  }

  const breaches: Breach[] = [];
  const report = (t: { ids: string[]; cells: string[]; truth: number | null }, min: number, max: number) => {
    const exact = max - min < EXACT_WIDTH;
    const below = max < k - TOL;
    if (exact || below) breaches.push({ ids: t.ids, cells: t.cells, min, max, truth: t.truth, why: exact ? 'EXACT' : 'BELOW_K' });
  };

  // Hidden figures whose every cell is pinned are determined without an LP.
  type Target = { ids: string[]; cells: string[]; truth: number | null; free: string[]; offset: number };
  const open: Target[] = [];
  for (const t of targets.values()) {
    const free = t.cells.filter((c) => !fixed.has(c));
    const offset = t.cells.reduce((s, c) => s + (fixed.get(c) ?? 0), 0);
    if (free.length === 0) report(t, offset, offset);
    else open.push({ ...t, free, offset });
  }

  // Components: free cells linked by any row (equalities left after presolve, hidden figures).
  const parent = new Map<string, string>();
  const find = (c: string): string => {
    let r = c;
    while (parent.get(r) !== r) r = parent.get(r)!;
    while (parent.get(c) !== r) {
      const next = parent.get(c)!;
      parent.set(c, r);
      c = next;
    }
    return r;
  };
  const add = (c: string) => (parent.has(c) ? undefined : parent.set(c, c));
  const union = (cells: readonly string[]) => {
    if (cells.length === 0) return;
    add(cells[0]!);
    for (const c of cells.slice(1)) {
      add(c);
      const a = find(cells[0]!);
      const b = find(c);
      if (a !== b) parent.set(a, b);
    }
  };
  const liveRows: Row[] = [];
  for (const r of equalities) {
    const coef = new Map<string, number>();
    let rhs = r.lo;
    for (const [c, a] of r.coef) {
      const v = fixed.get(c);
      if (v === undefined) coef.set(c, a);
      else rhs -= a * v;
    }
    if (coef.size === 0) continue;
    liveRows.push({ coef, lo: rhs, hi: rhs });
    union([...coef.keys()]);
  }
  const hiddenRows: Row[] = open.map((t) => ({ coef: new Map(t.free.map((c) => [c, 1])), lo: 1 - t.offset, hi: Infinity }));
  for (const t of open) union(t.free);

  const groups = new Map<string, { targets: Target[]; rows: Row[] }>();
  for (const t of open) {
    const root = find(t.free[0]!);
    const g = groups.get(root) ?? { targets: [], rows: [] };
    g.targets.push(t);
    groups.set(root, g);
  }
  // Rows of components without a hidden figure are dropped: they protect nothing.
  for (const r of [...liveRows, ...hiddenRows]) groups.get(find(r.coef.keys().next().value!))?.rows.push(r);

  let solves = 0;
  for (const g of groups.values()) solves += solveComponent(h, g.targets, g.rows, k, input.truth, report);

  return { breaches, hidden: targets.size, published: published.size, components: groups.size, solves };
}

function solveComponent(
  h: HighsInstance,
  targets: { ids: string[]; cells: string[]; truth: number | null; free: string[]; offset: number }[],
  rows: Row[],
  k: number,
  truth: ReadonlyMap<string, number> | undefined,
  report: (t: { ids: string[]; cells: string[]; truth: number | null }, min: number, max: number) => void,
): number {
  const index = new Map<string, number>();
  for (const r of rows) for (const c of r.coef.keys()) if (!index.has(c)) index.set(c, index.size);
  const n = index.size;
  const cols = targets.map((t) => Int32Array.from(t.free.map((c) => index.get(c)!)).sort());

  // The values each target was seen to take in feasible solutions: a target seen both ≥ k and
  // half a unit apart is safe without solving for it.
  const seenLo = new Float64Array(targets.length).fill(Infinity);
  const seenHi = new Float64Array(targets.length).fill(-Infinity);
  const see = (x: ArrayLike<number>) => {
    for (let i = 0; i < targets.length; i++) {
      let s = targets[i]!.offset;
      for (const j of cols[i]!) s += x[j]!;
      if (s < seenLo[i]!) seenLo[i] = s;
      if (s > seenHi[i]!) seenHi[i] = s;
    }
  };
  const safe = (i: number) => seenHi[i]! >= k - TOL && seenHi[i]! - seenLo[i]! >= EXACT_WIDTH;
  if (truth) see(Float64Array.from(index.keys(), (c) => truth.get(c) ?? 0));

  const model = h.createModel();
  let solves = 0;
  try {
    // Presolve off: each solve then starts from the previous basis (only the objective changed).
    model.options.set({ output_flag: false, presolve: 'off', simplex_strategy: 4 });
    model.addVars(new Float64Array(n), new Float64Array(n).fill(h.infinity));
    const starts = new Int32Array(rows.length + 1);
    const idx: number[] = [];
    const val: number[] = [];
    rows.forEach((r, i) => {
      for (const [c, a] of r.coef) (idx.push(index.get(c)!), val.push(a));
      starts[i + 1] = idx.length;
    });
    model.addRows({
      lower: Float64Array.from(rows, (r) => r.lo),
      upper: Float64Array.from(rows, (r) => (r.hi === Infinity ? h.infinity : r.hi)),
      matrix: { format: 'csr', numRows: rows.length, numCols: n, starts, indices: Int32Array.from(idx), values: Float64Array.from(val) },
    });
    const { optimal, unbounded, unboundedOrInfeasible } = h.constants.modelStatus;
    let costed: Int32Array | null = null;
    const solve = (i: number, sense: 'min' | 'max'): number => {
      if (costed) model.changeColsCost({ kind: 'set', indices: costed }, new Float64Array(costed.length));
      costed = cols[i]!;
      // Always minimising (a maximum is minus the minimum of minus the sum): only costs change
      // between solves, so the last basis stays valid and the next solve starts from it.
      const sign = sense === 'min' ? 1 : -1;
      model.changeColsCost({ kind: 'set', indices: costed }, new Float64Array(costed.length).fill(sign));
      model.run();
      solves++;
      const status = model.getModelStatus();
      if (status === optimal) {
        see(model.getSolution().colValue);
        return targets[i]!.offset + sign * model.getObjectiveValue();
      }
      if (sense === 'max' && (status === unbounded || status === unboundedOrInfeasible)) return Infinity;
      throw new Error(`LP for ${targets[i]!.ids[0]} (${sense}) ended with status ${status}: the figures are inconsistent`);
    };
    for (let i = 0; i < targets.length; i++) {
      if (safe(i)) continue;
      // Solve first for the side not yet seen; every solution found may settle other targets.
      if (seenHi[i]! >= k - TOL) {
        const min = solve(i, 'min');
        if (safe(i)) continue;
        report(targets[i]!, min, solve(i, 'max'));
      } else {
        const max = solve(i, 'max');
        if (safe(i)) continue;
        report(targets[i]!, solve(i, 'min'), max);
      }
    }
  } finally {
    model.dispose();
  }
  return solves;
}

/** One line per breach, for a test's failure message. */
export function describeBreach(b: Breach, k: number): string {
  const range = b.max === Infinity ? `[${fmt(b.min)}, ∞)` : `[${fmt(b.min)}, ${fmt(b.max)}]`;
  const what = b.why === 'EXACT' ? 'determined exactly' : `shown below k=${k}`;
  const same = b.ids.length > 1 ? ` (and ${b.ids.length - 1} more figure${b.ids.length > 2 ? 's' : ''} over the same cells)` : '';
  return `${b.ids[0]}${same}: ${what}, ${range}${b.truth === null ? '' : ` (true ${b.truth})`}`;
}

const fmt = (x: number) => String(Math.round(x * 1000) / 1000);
