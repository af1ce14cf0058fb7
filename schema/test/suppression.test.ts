import { describe, expect, test } from 'vitest';
import {
  ALL,
  keyOf,
  medianOf,
  publishAdditive,
  publishDistinct,
  share,
  shown,
  hidden,
  hiddenFor,
  suppressTable,
  suppressionThreshold,
  withMargins,
  type TableValues,
} from '../src/aggregates/suppression.ts';

const K = 5;
const table = (entries: Record<string, number>): TableValues => new Map(Object.entries(entries));

describe('the threshold', () => {
  test('defaults to 5, follows OPORA_SUPPRESSION_K, refuses anything below 3', () => {
    expect(suppressionThreshold({})).toBe(5);
    expect(suppressionThreshold({ OPORA_SUPPRESSION_K: '10' })).toBe(10);
    expect(suppressionThreshold({ OPORA_SUPPRESSION_K: '3' })).toBe(3);
    expect(() => suppressionThreshold({ OPORA_SUPPRESSION_K: '2' })).toThrow(/at least|from 3/);
    expect(() => suppressionThreshold({ OPORA_SUPPRESSION_K: 'five' })).toThrow();
  });
});

describe('one table with its total', () => {
  test('a small count is hidden, and so is the next smallest cell, so the total cannot give it back', () => {
    const values = withMargins(table({ a: 2, b: 40, c: 12, d: 0 }), 1);
    const hiddenKeys = suppressTable(values, 1, K);
    expect(hiddenKeys.has('a')).toBe(true);
    expect(hiddenKeys.has('c')).toBe(true); // the complement: smallest visible non-zero
    expect(hiddenKeys.has('b')).toBe(false);
    expect(hiddenKeys.has('d')).toBe(false); // a true zero stays a zero
    expect(hiddenKeys.has(ALL)).toBe(false);
  });

  test('two small cells whose sum is still below k pull in a third', () => {
    const values = withMargins(table({ a: 1, b: 2, c: 30, d: 9 }), 1);
    const hiddenKeys = suppressTable(values, 1, K);
    expect([...hiddenKeys].sort()).toEqual(['a', 'b', 'd']);
  });

  test('a total below k hides everything non-zero', () => {
    const values = withMargins(table({ a: 1, b: 2, c: 0 }), 1);
    expect([...suppressTable(values, 1, K)].sort()).toEqual(['*', 'a', 'b']);
  });

  test('attacker: for every random table, total minus the visible cells never isolates a hidden cell below k', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 500; run++) {
      const cells: Record<string, number> = {};
      const n = 2 + Math.floor(rnd() * 6);
      for (let i = 0; i < n; i++) cells[`c${i}`] = rnd() < 0.4 ? Math.floor(rnd() * 5) : Math.floor(rnd() * 60);
      const values = withMargins(table(cells), 1);
      const h = suppressTable(values, 1, K);
      for (const [key, v] of Object.entries(cells)) if (v > 0 && v < K) expect(h.has(key)).toBe(true);
      if (!h.has(ALL)) {
        const hiddenCells = Object.keys(cells).filter((c) => h.has(c) && cells[c]! > 0);
        const hiddenSum = hiddenCells.reduce((s, c) => s + cells[c]!, 0);
        expect(hiddenCells.length === 0 || (hiddenCells.length >= 2 && hiddenSum >= K)).toBe(true);
      }
    }
  });
});

describe('two-way tables', () => {
  test('every row and column with a visible total keeps 0 or ≥ 2 hidden cells summing to ≥ k', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 200; run++) {
      const cells: TableValues = new Map();
      for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) cells.set(keyOf([`r${r}`, `c${c}`]), rnd() < 0.3 ? Math.floor(rnd() * 5) : Math.floor(rnd() * 30));
      const values = withMargins(cells, 2);
      const h = suppressTable(values, 2, K);
      const lines: string[][] = [];
      for (let r = 0; r < 3; r++) lines.push([keyOf([`r${r}`, ALL]), ...[0, 1, 2, 3].map((c) => keyOf([`r${r}`, `c${c}`]))]);
      for (let c = 0; c < 4; c++) lines.push([keyOf([ALL, `c${c}`]), ...[0, 1, 2].map((r) => keyOf([`r${r}`, `c${c}`]))]);
      for (const [margin, ...members] of lines) {
        const hiddenMembers = members.filter((m) => h.has(m) && values.get(m)! > 0);
        if (h.has(margin!)) {
          if (members.some((m) => values.get(m)! > 0)) expect(hiddenMembers.length).toBeGreaterThan(0);
          continue;
        }
        const sum = hiddenMembers.reduce((s, m) => s + values.get(m)!, 0);
        expect(hiddenMembers.length === 0 || (hiddenMembers.length >= 2 && sum >= K)).toBe(true);
      }
    }
  });
});

describe('periods', () => {
  const months = ['2025-01', '2025-02', '2025-03'];
  const cells = new Map<string, TableValues>([
    ['2025-01', table({ a: 20, b: 3, c: 15 })],
    ['2025-02', table({ a: 25, b: 10, c: 12 })],
    ['2025-03', table({ a: 22, b: 11, c: 14 })],
  ]);

  test('a quarter minus its visible months never isolates one hidden month; a range with a hidden month is hidden', () => {
    const q = publishAdditive(cells, months, { k: K, dims: 1 });
    const jan = q.months[0]!.table;
    expect(jan.get('b')).toEqual(hiddenFor('BELOW_K'));
    // The quarter may be shown, but then at least two of its months are hidden, together ≥ k.
    const hiddenMonths = q.months.filter((m) => m.table.get('b')!.suppressed);
    if (!q.period.get('b')!.suppressed) expect(hiddenMonths.length).toBeGreaterThanOrEqual(2);
    // A range that is not a quarter is a sum of months, hidden if any of them is.
    const janFeb = publishAdditive(cells, months.slice(0, 2), { k: K, dims: 1 });
    expect(janFeb.period.get('b')).toMatchObject({ value: null, suppressed: true });
    // Every published range value is a sum of published canonical cells.
    expect(q.period.get('a')).toEqual(shown(67));
    expect(q.period.get(ALL)).toEqual(shown(132));
  });

  test('attacker: random years, every quarter and year line keeps 0 or ≥ 2 hidden parts summing to ≥ k', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const year = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);
    for (let run = 0; run < 60; run++) {
      const monthly = new Map<string, TableValues>();
      for (const m of year) monthly.set(m, table({ a: Math.floor(rnd() * 8), b: Math.floor(rnd() * 30), c: rnd() < 0.5 ? 0 : Math.floor(rnd() * 6) }));
      const out = publishAdditive(monthly, year, { k: K, dims: 1 });
      const quarters = [0, 1, 2, 3].map((q) => publishAdditive(monthly, year.slice(q * 3, q * 3 + 3), { k: K, dims: 1 }).period);
      for (const key of ['a', 'b', 'c', ALL]) {
        for (let q = 0; q < 4; q++) {
          const parts = out.months.slice(q * 3, q * 3 + 3).map((m, i) => ({ v: monthly.get(year[q * 3 + i]!)!, p: m.table.get(key) ?? shown(0) }));
          const trueValue = (x: (typeof parts)[number]) => (key === ALL ? [...x.v.values()].reduce((s, n) => s + n, 0) : x.v.get(key) ?? 0);
          const hiddenParts = parts.filter((x) => x.p.suppressed && trueValue(x) > 0);
          if (!(quarters[q]!.get(key) ?? shown(0)).suppressed) {
            const sum = hiddenParts.reduce((s, x) => s + trueValue(x), 0);
            expect(hiddenParts.length === 0 || (hiddenParts.length >= 2 && sum >= K)).toBe(true);
          }
        }
      }
    }
  });

  test('the month cells are the same whatever period is asked (canonical)', () => {
    const q = publishAdditive(cells, months, { k: K, dims: 1 });
    const jan = publishAdditive(cells, ['2025-01'], { k: K, dims: 1 });
    expect(q.months[0]!.table).toEqual(jan.months[0]!.table);
  });

  test('small settlements fall back to the municipality before suppression', () => {
    const monthly = new Map([['2025-01', table({ s1: 30, s2: 2, s3: 4, s4: 12 })]]);
    const out = publishAdditive(monthly, ['2025-01'], { k: K, dims: 1, settlement: { dim: 0, other: () => 'OTHER:m' } });
    expect(out.period.get('OTHER:m')).toEqual(shown(6));
    expect(out.period.has('s2')).toBe(false);
    expect(out.period.get('s1')).toEqual(shown(30));
  });
});

describe('distinct counts over nested periods', () => {
  test('a quarter that differs from one of its months by 1..k-1 is hidden', () => {
    const quarter = withMargins(table({ a: 12, b: 30 }), 1);
    const jan = withMargins(table({ a: 10, b: 20 }), 1);
    const out = publishDistinct(quarter, 1, K, [jan]);
    expect(out.get('a')).toEqual(hidden);
    expect(out.get('b')).toEqual(hidden); // the complement
  });
});

describe('derived figures', () => {
  test('a share hides when done, due or missed is a small cell', () => {
    expect(share(shown(28), shown(30), K)).toEqual(hiddenFor('BELOW_K'));
    expect(share(shown(20), shown(30), K)).toEqual(shown(20 / 30));
    expect(share(hidden, shown(30), K)).toEqual(hidden);
  });
  test('a median needs k cases', () => {
    expect(medianOf(new Map([[10, 2], [20, 1]]), K)).toEqual(hiddenFor('BELOW_K'));
    expect(medianOf(new Map([[10, 3], [20, 3]]), K)).toEqual(shown(15));
  });
});
