import { describe, expect, test } from 'vitest';
import { audit, describeBreach, type Figure } from './lp-audit.ts';
import { auditProtected, generateSystems, type Reason } from './generated-systems.ts';

// The LP attacker on cases whose answer is known by hand.

const K = 5;

/** A table of rows × columns with all margins: figures for every cell, row, column and the total. */
function table(name: string, values: number[][], hidden: ReadonlySet<string> = new Set(), hideMargins: ReadonlySet<string> = new Set()): { figures: Figure[]; truth: Map<string, number> } {
  const truth = new Map<string, number>();
  const figures: Figure[] = [];
  const cell = (r: number, c: number) => `${name}[${r},${c}]`;
  values.forEach((row, r) => row.forEach((v, c) => truth.set(cell(r, c), v)));
  const sum = (cells: string[]) => cells.reduce((s, x) => s + truth.get(x)!, 0);
  const figure = (id: string, cells: string[], hide: boolean) => figures.push({ id, cells, value: hide ? null : sum(cells) });
  values.forEach((row, r) => row.forEach((_, c) => figure(cell(r, c), [cell(r, c)], hidden.has(`${r},${c}`))));
  values.forEach((row, r) => figure(`${name}[${r},*]`, row.map((_, c) => cell(r, c)), hideMargins.has(`${r},*`)));
  values[0]!.forEach((_, c) => figure(`${name}[*,${c}]`, values.map((_, r) => cell(r, c)), hideMargins.has(`*,${c}`)));
  figure(`${name}[*,*]`, [...truth.keys()], hideMargins.has('*,*'));
  return { figures, truth };
}

const ids = (r: Awaited<ReturnType<typeof audit>>) => r.breaches.flatMap((b) => b.ids).sort();

describe('the LP attacker', () => {
  test('a 2×2 table with one hidden cell and its margins published: the cell is recovered', async () => {
    const t = table('T', [[7, 3], [9, 12]], new Set(['0,1']));
    const r = await audit({ figures: t.figures, k: K, truth: t.truth });
    expect(ids(r)).toEqual(['T[0,1]']);
    expect(r.breaches[0]).toMatchObject({ why: 'EXACT', min: 3, max: 3, truth: 3 });
  });

  test('a properly protected 2×2 (four hidden cells, margins published, values large enough): nothing recovered', async () => {
    const t = table('T', [[7, 8], [9, 12]], new Set(['0,0', '0,1', '1,0', '1,1']));
    const r = await audit({ figures: t.figures, k: K, truth: t.truth });
    expect(r.breaches.map((b) => describeBreach(b, K))).toEqual([]);
    expect(r.hidden).toBe(4);
  });

  test('four hidden ones: knowing that hidden is never zero pins every cell', async () => {
    const t = table('T', [[1, 1], [1, 1], [6, 6]], new Set(['0,0', '0,1', '1,0', '1,1']));
    const r = await audit({ figures: t.figures, k: K, truth: t.truth });
    expect(ids(r)).toEqual(['T[0,0]', 'T[0,1]', 'T[1,0]', 'T[1,1]']);
  });

  test('a cycle of small cells whose row sum is published shows them below k', async () => {
    // Row 0 sums to 4: both hidden cells are at most 3, without being exact.
    const t = table('T', [[2, 2], [9, 7]], new Set(['0,0', '0,1', '1,0', '1,1']));
    const r = await audit({ figures: t.figures, k: K, truth: t.truth });
    expect(r.breaches.filter((b) => b.ids.includes('T[0,0]'))).toMatchObject([{ why: 'BELOW_K', min: 1, max: 3 }]);
  });

  test('the bridge: two protected 2×2 cycles joined by one hidden cell give that cell away', async () => {
    const values = [
      [20, 21, 30, 31],
      [22, 23, 32, 33],
      [40, 41, 24, 25],
      [42, 43, 26, 27],
    ];
    const cycleA = ['0,0', '0,1', '1,0', '1,1'];
    const cycleB = ['2,2', '2,3', '3,2', '3,3'];
    const safe = table('T', values, new Set([...cycleA, ...cycleB]));
    expect((await audit({ figures: safe.figures, k: K, truth: safe.truth })).breaches).toEqual([]);
    const bridged = table('T', values, new Set([...cycleA, ...cycleB, '1,2']));
    const r = await audit({ figures: bridged.figures, k: K, truth: bridged.truth });
    expect(r.breaches.map((b) => describeBreach(b, K))).toEqual(['T[1,2]: determined exactly, [32, 32] (true 32)']);
  });

  test('a planted leak: the same cell published in one table and hidden in another', async () => {
    const t = table('T', [[7, 8], [9, 12]], new Set(['0,0', '0,1', '1,0', '1,1']));
    // Another table (another breakdown, another period) publishes T[1,1] as its own figure.
    const leak: Figure = { id: 'U[1]', cells: ['T[1,1]'], value: 12 };
    const r = await audit({ figures: [...t.figures, leak], k: K, truth: t.truth });
    expect(ids(r)).toEqual(['T[0,0]', 'T[0,1]', 'T[1,0]', 'T[1,1]']);
    expect(r.breaches.every((b) => b.why === 'EXACT' && b.min === b.truth)).toBe(true);
  });

  test('a breakdown linked to another by an identity (the same total): a margin hidden in one is published in the other', async () => {
    // By sex: F, M hidden, total hidden. By age: A, B published. Same people: F + M = A + B.
    const figures: Figure[] = [
      { id: 'sex:F', cells: ['F'], value: null },
      { id: 'sex:M', cells: ['M'], value: null },
      { id: 'sex:total', cells: ['F', 'M'], value: null },
      { id: 'age:A', cells: ['A'], value: 6 },
      { id: 'age:B', cells: ['B'], value: 7 },
    ];
    const r = await audit({ figures, identities: [{ left: ['F', 'M'], right: ['A', 'B'] }], k: K });
    expect(ids(r)).toEqual(['sex:total']);
    const without = await audit({ figures, k: K });
    expect(without.breaches).toEqual([]);
  });

  test('independent tables are split into components and tables with nothing hidden are dropped', async () => {
    const parts = Array.from({ length: 30 }, (_, i) => table(`T${i}`, [[7 + i, 8], [9, 12 + i]], i % 3 === 0 ? new Set() : new Set(['0,0', '0,1', '1,0', '1,1'])));
    const r = await audit({ figures: parts.flatMap((p) => p.figures), k: K });
    expect(r.breaches).toEqual([]);
    expect(r.components).toBe(20);
    expect(r.hidden).toBe(80);
  });

  test('inconsistent figures are an error, not a pass', async () => {
    await expect(audit({ figures: [{ id: 'a', cells: ['x', 'y'], value: 3 }, { id: 'b', cells: ['x'], value: 5 }, { id: 'h', cells: ['y'], value: null }], k: K })).rejects.toThrow(/inconsistent/);
  });
});

describe('the generated systems and their audit', () => {
  const systems = generateSystems(20261202, 60);
  const truthOf = (cells: readonly string[], values: ReadonlyMap<string, number>) => cells.reduce((s, c) => s + values.get(c)!, 0);

  test('are deterministic for a seed and cover every shape', () => {
    expect(generateSystems(20261202, 60).map((g) => [g.name, [...g.system.values]])).toEqual(systems.map((g) => [g.name, [...g.system.values]]));
    expect(new Set(systems.map((g) => g.name.split(' #')[0]))).toEqual(new Set(['one-way', 'two-way', 'time lines', 'municipal crossing', 'nested']));
  });

  test('catch a protector that hides only the small figures (no complementary suppression)', async () => {
    let breached = 0;
    for (const g of systems) {
      const hidden = new Map<string, Reason>();
      for (const f of g.system.figures) {
        const v = truthOf(f.cells, g.system.values);
        if (v > 0 && v < K) hidden.set(f.id, 'BELOW_K');
      }
      if ((await auditProtected(g, hidden, K)).problems.length > 0) breached++;
    }
    expect(breached).toBeGreaterThan(systems.length / 2);
  });

  test('pass a protector that hides every figure that is not zero', async () => {
    for (const g of systems) {
      const hidden = new Map<string, Reason>();
      for (const f of g.system.figures) {
        const v = truthOf(f.cells, g.system.values);
        if (v > 0) hidden.set(f.id, v < K ? 'BELOW_K' : 'PROTECTS_OTHER');
      }
      expect(await auditProtected(g, hidden, K)).toMatchObject({ name: g.name, problems: [] });
    }
  });
});
