import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, TestApi } from '../support/api.ts';

// A municipality's residents and territory tables are one protected system, and every hidden
// value says which rule hid it (issue #12, points 1 and 4), played through the real API.

const YEAR = new Date().getUTCFullYear() - 1;
const WHOLE_YEAR = { from: `${YEAR}-01`, to: `${YEAR}-12` };

type Value = { value: number | null; suppressed: boolean; suppressionReason: string | null; suppressionNote: string | null };
type Cell = { labels: { dimension: string; code: string }[]; value: Value };
type Table = { indicator: { code: string }; cells: Cell[]; margins: Cell[]; total: Value; months: { month: string; total: Value; cells: Cell[] }[] };

const V = `{ value suppressed suppressionReason suppressionNote }`;
const DASHBOARD = `query($period: MonthRange!, $indicators: [IndicatorCode!], $breakdown: AggregateDimension) {
  municipalDashboard(period: $period, indicators: $indicators, breakdown: $breakdown) {
    municipality { code }
    residents { ...T }
    territory { ...T }
  }
}
fragment T on IndicatorTable {
  indicator { code }
  cells { labels { dimension code } value ${V} }
  margins { labels { dimension code } value ${V} }
  total ${V}
  months { month total ${V} cells { labels { dimension code } value ${V} } }
}`;

type Dashboard = { municipalDashboard: { municipality: { code: string }; residents: Table[]; territory: Table[] } };
const ADDITIVE = ['SESSIONS', 'NEW_CASES', 'CLOSED_CASES', 'OPEN_ACCESS_PEOPLE'];

let api: TestApi;
let viewer: string;
beforeAll(async () => {
  api = await TestApi.start();
  viewer = await api.login(DEMO.kazanlakViewer);
}, 240_000);
afterAll(async () => {
  await api?.stop();
});

function allValues(x: unknown, out: Value[] = []): Value[] {
  if (Array.isArray(x)) for (const v of x) allValues(v, out);
  else if (x && typeof x === 'object') {
    if ('suppressionReason' in x) out.push(x as Value);
    else for (const v of Object.values(x)) allValues(v, out);
  }
  return out;
}

describe("a municipality's tables are one system", () => {
  test('the figure both tables publish (a center on the territory × its own residents) reads the same in both, every month and the year', async () => {
    const byCenter = await api.ok<Dashboard>(DASHBOARD, { period: WHOLE_YEAR, indicators: ADDITIVE, breakdown: 'CENTER' }, viewer);
    const byResidence = await api.ok<Dashboard>(DASHBOARD, { period: WHOLE_YEAR, indicators: ADDITIVE, breakdown: 'RESIDENCE_MUNICIPALITY' }, viewer);
    const own = byResidence.municipalDashboard.municipality.code;
    let compared = 0;
    for (const code of ADDITIVE) {
      const residents = byCenter.municipalDashboard.residents.find((t) => t.indicator.code === code)!;
      const territory = byResidence.municipalDashboard.territory.find((t) => t.indicator.code === code)!;
      const periods: [string, Cell[], Cell[]][] = [
        ['year', residents.cells, territory.cells],
        ...residents.months.map((m, i) => [m.month, m.cells, territory.months[i]!.cells] as [string, Cell[], Cell[]]),
      ];
      for (const [period, resCells, terCells] of periods) {
        for (const r of resCells) {
          const center = r.labels[0]!.code;
          // The territory cell of this center for residents of the municipality, if the center is on it.
          const t = terCells.find((c) => c.labels[0]!.code === center && c.labels[1]!.code === own);
          if (!t) continue;
          expect({ code, period, center, v: t.value.suppressed ? 'x' : t.value.value }).toEqual({ code, period, center, v: r.value.suppressed ? 'x' : r.value.value });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(10);
  });

  test('every hidden value says which rule hid it, in Bulgarian; published values say nothing', async () => {
    const data = await api.ok<Dashboard>(DASHBOARD, { period: WHOLE_YEAR, indicators: ADDITIVE, breakdown: 'SEX' }, viewer);
    const values = allValues(data);
    const hidden = values.filter((v) => v.suppressed);
    expect(hidden.length).toBeGreaterThan(0);
    for (const v of values) {
      if (!v.suppressed) {
        expect(v).toMatchObject({ suppressionReason: null, suppressionNote: null });
        continue;
      }
      expect(v.value).toBeNull();
      expect(['BELOW_K', 'PROTECTS_OTHER']).toContain(v.suppressionReason);
      expect(v.suppressionNote).toMatch(v.suppressionReason === 'BELOW_K' ? /по-малко от 5/ : /друга скрита стойност/);
    }
    // Both rules occur on the demo data: small counts, and the complements that protect them.
    expect(new Set(hidden.map((v) => v.suppressionReason))).toEqual(new Set(['BELOW_K', 'PROTECTS_OTHER']));
  });

  test('in English the note is English', async () => {
    const result = await api.gql<Dashboard>(DASHBOARD, { period: WHOLE_YEAR, indicators: ADDITIVE, breakdown: 'SEX' }, viewer, { 'accept-language': 'en' });
    const hidden = allValues(result.data).filter((v) => v.suppressed);
    expect(hidden.length).toBeGreaterThan(0);
    for (const v of hidden) expect(v.suppressionNote).toMatch(/^Hidden/);
  });

  test('the CSV draft says why each hidden value is hidden', async () => {
    const res = await fetch(`${api.url}/reports/municipal-annual-analysis.csv?year=${YEAR}`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines[0]).toContain('причина за скриването');
    const hiddenRows = lines.filter((l) => l.endsWith(',да'));
    expect(hiddenRows.length).toBeGreaterThan(0);
    for (const row of hiddenRows) expect(row).toMatch(/по-малко от 5|друга скрита стойност/);
  });
});
