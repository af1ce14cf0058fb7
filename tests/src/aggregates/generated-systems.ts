// Random systems of tables for the suppression engine, and the LP attacker over its answer.
// Seeded (pure-rand's xoroshiro128+, a maintained PRNG): the same systems on every run.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { audit, describeBreach, type Figure } from './lp-audit.ts';

// The engine's contract (schema/src/aggregates/protect.ts), restated so this module stands alone.
export type System = {
  values: ReadonlyMap<string, number>;
  figures: ReadonlyArray<{ id: string; cells: readonly string[] }>;
  lines?: ReadonlyArray<{ total: string; parts: readonly string[] }>;
};
export type Reason = 'BELOW_K' | 'PROTECTS_OTHER';
export type Protect = (system: System, k: number) => Map<string, Reason>;

export type Generated = { name: string; system: System };

type Rng = { int: (lo: number, hi: number) => number; pick: <T>(xs: readonly T[]) => T };

function rngOf(seed: number): Rng {
  const g = xoroshiro128plus(seed);
  const int = (lo: number, hi: number) => uniformInt(g, lo, hi);
  return { int, pick: (xs) => xs[int(0, xs.length - 1)]! };
}

/** Mostly small counts, so that suppression is heavy: some zeros, many below k, a few large. */
function count(r: Rng): number {
  const u = r.int(0, 99);
  if (u < 8) return 0;
  if (u < 55) return r.int(1, 4);
  if (u < 85) return r.int(5, 12);
  return r.int(13, 60);
}

class Builder {
  readonly values = new Map<string, number>();
  readonly figures: { id: string; cells: string[] }[] = [];
  readonly lines: { total: string; parts: string[] }[] = [];
  private readonly cellsOf = new Map<string, string[]>();
  constructor(private readonly r: Rng) {}
  cell(key: string): string {
    if (!this.values.has(key)) this.values.set(key, count(this.r));
    return key;
  }
  figure(id: string, cells: string[]): string {
    if (this.cellsOf.has(id)) return id;
    this.cellsOf.set(id, cells);
    this.figures.push({ id, cells });
    return id;
  }
  line(total: string, parts: string[]) {
    this.lines.push({ total, parts });
  }
  cells(id: string): string[] {
    return this.cellsOf.get(id)!;
  }
  /** A figure that is the sum of other figures, with its line. */
  sum(id: string, parts: string[]): string {
    this.figure(id, [...new Set(parts.flatMap((p) => this.cells(p)))]);
    this.line(id, parts);
    return id;
  }
  done(name: string): Generated {
    return { name, system: { values: this.values, figures: this.figures, lines: this.lines } };
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A two-way table of figures (rows × columns, each already a figure) with all margins. */
function twoWay(b: Builder, name: string, grid: string[][]): { rows: string[]; cols: string[]; total: string } {
  const rows = grid.map((row, i) => b.sum(`${name}[${i},*]`, row));
  const cols = grid[0]!.map((_, j) => b.sum(`${name}[*,${j}]`, grid.map((row) => row[j]!)));
  const total = b.sum(`${name}[*,*]`, rows);
  b.line(total, cols);
  return { rows, cols, total };
}

function oneWay(r: Rng, i: number): Generated {
  const b = new Builder(r);
  const cells = range(r.int(2, 8)).map((j) => b.figure(`t[${j}]`, [b.cell(`c${j}`)]));
  b.sum('t[*]', cells);
  return b.done(`one-way #${i}`);
}

function twoWayTable(r: Rng, i: number): Generated {
  const b = new Builder(r);
  const columns = r.int(2, 5);
  const grid = range(r.int(2, 5)).map((x) => range(columns).map((y) => b.figure(`t[${x},${y}]`, [b.cell(`c${x}.${y}`)])));
  twoWay(b, 't', grid);
  return b.done(`two-way #${i}`);
}

/** Each category's 12 months, 4 quarters and the year, and each period's total. */
function timeLines(r: Rng, i: number): Generated {
  const b = new Builder(r);
  const categories = range(r.int(1, 4));
  const month = (c: number | '*', m: number) => `${c === '*' ? 'total' : `cat${c}`}@M${m + 1}`;
  for (const c of categories) for (const m of range(12)) b.figure(month(c, m), [b.cell(`c${c}.m${m + 1}`)]);
  for (const m of range(12)) b.sum(month('*', m), categories.map((c) => month(c, m)));
  for (const c of [...categories, '*' as const]) {
    const quarters = range(4).map((q) => b.sum(`${c === '*' ? 'total' : `cat${c}`}@Q${q + 1}`, range(3).map((j) => month(c, q * 3 + j))));
    const year = b.sum(`${c === '*' ? 'total' : `cat${c}`}@Y`, quarters);
    b.line(year, range(12).map((m) => month(c, m)));
  }
  for (const q of range(4)) b.line(`total@Q${q + 1}`, categories.map((c) => `cat${c}@Q${q + 1}`));
  b.line('total@Y', categories.map((c) => `cat${c}@Y`));
  return b.done(`time lines #${i}`);
}

/**
 * The municipal crossing: centres × residences restricted to centres in M or residents of M,
 * published as (i) the residents of M by centre, with their total, and (ii) the centres in M by
 * residence, with both margins and the total. A cell (centre in M, resident of M) is in both.
 */
function municipalCrossing(r: Rng, i: number): Generated {
  const b = new Builder(r);
  const inM = range(r.int(1, 3)).map((c) => `inM${c}`);
  const outside = range(r.int(1, 4)).map((c) => `out${c}`);
  const residences = ['M', ...range(r.int(1, 4)).map((x) => `R${x}`)];
  // The same finest cell is a figure of both tables, under each table's own name.
  const cell = (table: string, c: string, res: string) => b.figure(`${table}[${c}×${res}]`, [b.cell(`${c}.${res}`)]);
  // (i) residents of M by centre.
  b.sum('residents[*]', [...inM, ...outside].map((c) => cell('residents', c, 'M')));
  // (ii) the territory: centres in M by residence.
  twoWay(b, 'territory', inM.map((c) => residences.map((res) => cell('territory', c, res))));
  return b.done(`municipal crossing #${i}`);
}

/** Settlements nested in municipalities: a table by municipality and one by settlement, one total. */
function nested(r: Rng, i: number): Generated {
  const b = new Builder(r);
  const municipalities = range(r.int(2, 4)).map((m) => ({ m, settlements: range(r.int(1, 4)).map((s) => b.figure(`settlement[${m}.${s}]`, [b.cell(`s${m}.${s}`)])) }));
  const byMunicipality = municipalities.map(({ m, settlements }) => b.sum(`municipality[${m}]`, settlements));
  b.sum('total', byMunicipality);
  b.line('total', municipalities.flatMap((x) => x.settlements));
  return b.done(`nested #${i}`);
}

/** ~`n` systems of every shape, deterministic for a seed. */
export function generateSystems(seed: number, n = 200): Generated[] {
  const r = rngOf(seed);
  const shapes = [oneWay, twoWayTable, timeLines, municipalCrossing, nested];
  return range(n).map((i) => shapes[i % shapes.length]!(r, i));
}

export type SystemVerdict = {
  name: string;
  problems: string[];
  figures: number;
  published: number;
};

/** The attacker over one system as the engine protected it; also every rule a single figure can break. */
export async function auditProtected(g: Generated, hidden: ReadonlyMap<string, Reason>, k: number): Promise<SystemVerdict> {
  const { values, figures } = g.system;
  const problems: string[] = [];
  const truthOf = (cells: readonly string[]) => cells.reduce((s, c) => s + values.get(c)!, 0);
  const known = new Set(figures.map((f) => f.id));
  for (const id of hidden.keys()) if (!known.has(id)) problems.push(`${id}: hidden but not a figure of the system`);
  const auditFigures: Figure[] = [];
  for (const f of figures) {
    const truth = truthOf(f.cells);
    const isHidden = hidden.has(f.id);
    if (isHidden && truth === 0) problems.push(`${f.id}: a true zero is hidden (hidden must mean not zero)`);
    else if (!isHidden && truth > 0 && truth < k) problems.push(`${f.id}: ${truth} published, below k=${k}`);
    else if (isHidden && hidden.get(f.id) === 'BELOW_K' && truth >= k) problems.push(`${f.id}: says "fewer than k" but is ${truth}`);
    auditFigures.push({ id: f.id, cells: f.cells, value: isHidden ? null : truth, truth });
  }
  // A hidden zero would make the attacker's own premise false: report it instead of auditing.
  if (problems.length === 0) {
    const result = await audit({ figures: auditFigures, k, truth: values });
    for (const b of result.breaches) problems.push(describeBreach(b, k));
  }
  return { name: g.name, problems, figures: figures.length, published: figures.length - hidden.size };
}
