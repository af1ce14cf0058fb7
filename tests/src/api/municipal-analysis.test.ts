import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import mammoth from 'mammoth';
import { DEMO, TestApi, errorCodes } from '../support/api.ts';
import { sqlAs, sqlAsOwner } from '../support/sql.ts';

// Issue 18 item 2: the municipality's yearly analysis of social services (art. 113(2)). Its
// officials save the written sections as drafts at a version; signing off freezes it, and the
// database refuses any later change even to a direct UPDATE; another municipality reads nothing of
// it (API and RLS); its tables are exactly the municipal screen's (the same decided figures, hidden
// cells as „x (скрито)“, no published count of people below k).

let api: TestApi;
const K = 5;
const YEAR = new Date().getUTCFullYear() - 1;
const HIDDEN = 'x (скрито)';
let kazanlak: string;
let plovdiv: string;
let kazanlakUserId: string;
let plovdivUserId: string;
let kazanlakMunicipalityId: string;

type Cell = { text: string; hidden: boolean };
type AnalysisTable = { side: string; indicatorCode: string; title: string; header: string[]; rows: Array<{ cells: Cell[] }> };
type Analysis = {
  id: string | null; year: number; status: string; version: number;
  spending: string | null; providersEvaluation: string | null; controlMonitoring: string | null; unmetNeeds: string | null;
  signedOffAt: string | null; signedOffBy: string | null; docxPath: string | null; pdfPath: string | null;
  period: { from: string; to: string }; suppressionThreshold: number; tables: AnalysisTable[];
  yearlyReports: Array<{ centerName: string; serviceType: string }>;
};

const FIELDS = `id year status version spending providersEvaluation controlMonitoring unmetNeeds signedOffAt signedOffBy docxPath pdfPath
  period { from to } suppressionThreshold tables { side indicatorCode title header rows { cells { text hidden } } } yearlyReports { centerName serviceType }`;
const ANALYSIS = `query($year: Int!) { municipalAnalysis(year: $year) { ${FIELDS} } }`;
const SAVE = `mutation($year: Int!, $section: MunicipalAnalysisSection!, $text: String, $version: Int!) {
  saveMunicipalAnalysisSection(year: $year, section: $section, text: $text, version: $version) { ${FIELDS} } }`;
const SIGN = `mutation($year: Int!, $version: Int!) { signOffMunicipalAnalysis(year: $year, version: $version) { ${FIELDS} } }`;

type Value = { display: string; suppressed: boolean; value: number | null };
type DashCell = { labels: { code: string; name: string }[]; value: Value };
type DashTable = { indicator: { code: string; name: string; unit: string; smallCellsSuppressed: boolean }; breakdown: string[]; cells: DashCell[]; margins: DashCell[]; total: Value };
const DASHBOARD = `query($period: MonthRange!, $indicators: [IndicatorCode!], $breakdown: AggregateDimension) {
  municipalDashboard(period: $period, indicators: $indicators, breakdown: $breakdown) {
    residents { ...T } territory { ...T }
  }
}
fragment T on IndicatorTable {
  indicator { code name unit smallCellsSuppressed } breakdown
  cells { labels { code name } value { display suppressed value } }
  margins { labels { code name } value { display suppressed value } }
  total { display suppressed value }
}`;

const analysis = async (token: string, year = YEAR) => (await api.ok<{ municipalAnalysis: Analysis }>(ANALYSIS, { year }, token)).municipalAnalysis;
const uuid = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
const shown = (v: Value) => (v.suppressed ? HIDDEN : v.display);

beforeAll(async () => {
  api = await TestApi.start();
  await api.prepareAggregates();
  kazanlak = await api.login(DEMO.kazanlakViewer);
  plovdiv = await api.login(DEMO.plovdivViewer);
  const users = await sqlAsOwner<{ email: string; id: string; municipality: string }>(
    api.db,
    `SELECT u.email, u.id::text, m."municipalityId"::text AS municipality FROM "User" u JOIN "Membership" m ON m."userId" = u.id WHERE u.email = ANY($1)`,
    [DEMO.kazanlakViewer, DEMO.plovdivViewer],
  );
  kazanlakUserId = users.find((u) => u.email === DEMO.kazanlakViewer)!.id;
  plovdivUserId = users.find((u) => u.email === DEMO.plovdivViewer)!.id;
  kazanlakMunicipalityId = users.find((u) => u.email === DEMO.kazanlakViewer)!.municipality;
}, 600_000);

afterAll(async () => {
  await api?.stop();
});

describe('the municipal analysis', () => {
  test('sections are saved as drafts at a version; a stale version is a conflict and changes nothing', async () => {
    const fresh = await analysis(kazanlak);
    expect(fresh).toMatchObject({ id: null, year: YEAR, status: 'DRAFT', version: 0, spending: null, docxPath: null });

    const first = (await api.ok<{ saveMunicipalAnalysisSection: Analysis }>(SAVE, { year: YEAR, section: 'SPENDING', text: 'Общината изразходва 412 000 лв. за социални услуги.', version: 0 }, kazanlak)).saveMunicipalAnalysisSection;
    expect(first).toMatchObject({ status: 'DRAFT', version: 1, spending: 'Общината изразходва 412 000 лв. за социални услуги.' });
    expect(first.id).toBeTruthy();
    const second = (await api.ok<{ saveMunicipalAnalysisSection: Analysis }>(SAVE, { year: YEAR, section: 'UNMET_NEEDS', text: 'Липсва мобилна услуга в селата.', version: 1 }, kazanlak)).saveMunicipalAnalysisSection;
    expect(second).toMatchObject({ version: 2, spending: 'Общината изразходва 412 000 лв. за социални услуги.', unmetNeeds: 'Липсва мобилна услуга в селата.' });

    // Someone else's edit since version 1: refused with the record as it is, nothing written.
    const stale = await api.gql(SAVE, { year: YEAR, section: 'SPENDING', text: 'Стара версия', version: 1 }, kazanlak);
    expect(errorCodes(stale)).toContain('CONFLICT');
    expect((await analysis(kazanlak)).spending).toBe('Общината изразходва 412 000 лв. за социални услуги.');

    const events = await sqlAsOwner<{ action: string }>(api.db, `SELECT action::text FROM "AuditEvent" WHERE "entityType" = 'MunicipalAnalysis' AND "entityId" = $1 ORDER BY id`, uuid(first.id!));
    // The writes (the conflict's answer is itself a READ of the record as it is).
    expect(events.map((e) => e.action).filter((a) => a !== 'READ')).toEqual(['CREATE', 'UPDATE']);
  });

  test('another municipality cannot read or write it, in the API or in the database; center staff are refused', async () => {
    const mine = await analysis(kazanlak);
    // Plovdiv's official sees Plovdiv's own (empty) analysis, never Kazanlak's.
    const theirs = await analysis(plovdiv);
    expect(theirs.id).toBeNull();
    expect(theirs.spending).toBeNull();
    // The download door: NOT_FOUND for the other municipality.
    const get = (path: string, token: string) => fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get(mine.docxPath!, plovdiv)).status).toBe(404);
    expect((await get(mine.docxPath!, kazanlak)).status).toBe(200);

    // Row-level security: Plovdiv's official, as the aggregate role, sees no row and changes none.
    const plovdivScope = { kind: 'aggregate' as const, userId: plovdivUserId };
    expect(await sqlAs(api.db, plovdivScope, `SELECT id FROM "MunicipalAnalysis"`)).toEqual([]);
    expect(await sqlAs(api.db, plovdivScope, `UPDATE "MunicipalAnalysis" SET "spending" = 'x' RETURNING id`)).toEqual([]);
    await expect(
      sqlAs(api.db, plovdivScope, `INSERT INTO "MunicipalAnalysis" ("municipalityId", year) VALUES ($1::uuid, 2020)`, kazanlakMunicipalityId),
    ).rejects.toThrow(/row-level security/);
    // Kazanlak's own official does see it.
    expect(await sqlAs(api.db, { kind: 'aggregate', userId: kazanlakUserId }, `SELECT id::text FROM "MunicipalAnalysis"`)).toEqual([{ id: uuid(mine.id!) }]);
    // Center staff: refused by the API and by the database (no grant).
    const manager = await api.login(DEMO.kazanlakManager);
    expect(errorCodes(await api.gql(ANALYSIS, { year: YEAR }, manager))).toContain('FORBIDDEN');
    const [staff] = await sqlAsOwner<{ user: string; center: string }>(
      api.db,
      `SELECT m."userId"::text AS user, m."centerId"::text AS center FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1`,
      DEMO.kazanlakManager,
    );
    await expect(sqlAs(api.db, { kind: 'center', centerId: staff!.center, userId: staff!.user }, `SELECT id FROM "MunicipalAnalysis"`)).rejects.toThrow(/permission denied/);
    expect(errorCodes(await api.gql(SAVE, { year: YEAR, section: 'SPENDING', text: 'x', version: 0 }, manager))).toContain('FORBIDDEN');
  });

  test("its tables are the municipal screen's figures: the same values, hidden cells hidden with the screen's word, no count below k", async () => {
    const mine = await analysis(kazanlak);
    expect(mine.period).toEqual({ from: `${YEAR}-01`, to: `${YEAR}-12` });
    expect(mine.suppressionThreshold).toBe(K);
    const period = { from: `${YEAR}-01`, to: `${YEAR}-12` };
    type Dash = { municipalDashboard: { residents: DashTable[]; territory: DashTable[] } };
    const byService = (await api.ok<Dash>(DASHBOARD, { period, indicators: ['CLIENTS_SERVED', 'SESSIONS', 'SESSION_HOURS', 'OPEN_ACCESS_PEOPLE'], breakdown: 'SERVICE_KIND' }, kazanlak)).municipalDashboard;
    const whole = (await api.ok<Dash>(DASHBOARD, { period, indicators: ['NEW_CASES', 'ACTIVE_CASES', 'STAFF_FTE', 'CAPACITY_USE'] }, kazanlak)).municipalDashboard;
    const dashboard = [
      ...[...byService.residents, ...whole.residents].map((t) => ({ side: 'RESIDENTS', t })),
      ...[...byService.territory, ...whole.territory].map((t) => ({ side: 'TERRITORY', t })),
    ];
    // Served per service (residents), per center and service (territory), sessions too.
    expect(mine.tables.map((t) => `${t.side}:${t.indicatorCode}`)).toEqual(expect.arrayContaining(['RESIDENTS:CLIENTS_SERVED', 'RESIDENTS:SESSIONS', 'TERRITORY:CLIENTS_SERVED', 'TERRITORY:SESSIONS']));
    expect(mine.tables).toHaveLength(dashboard.length);
    let compared = 0;
    let hidden = 0;
    for (const { side, t } of dashboard) {
      const table = mine.tables.find((x) => x.side === side && x.indicatorCode === t.indicator.code);
      expect(table, `${side} ${t.indicator.code}`).toBeDefined();
      const rows = table!.rows.map((r) => r.cells);
      // The grand total is the last cell of the last row.
      expect(rows.at(-1)!.at(-1)!.text, `${side} ${t.indicator.code} total`).toBe(shown(t.total));
      compared++;
      for (const cell of t.cells) {
        if (cell.labels.some((l) => l.code === 'ALL')) continue;
        const row = rows.find((r) => r[0]!.text === cell.labels[0]!.name);
        expect(row, `${t.indicator.code} row ${cell.labels[0]!.name}`).toBeDefined();
        const column = cell.labels.length === 1 ? 1 : table!.header.indexOf(cell.labels[1]!.name);
        expect(column, `${t.indicator.code} column ${cell.labels[1]?.name}`).toBeGreaterThan(0);
        expect(row![column]!.text, `${side} ${t.indicator.code} ${cell.labels.map((l) => l.name).join('/')}`).toBe(shown(cell.value));
        expect(row![column]!.hidden).toBe(cell.value.suppressed);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
    // No published count of people, cases or sessions from 1 to k−1; a hidden one never shows a digit.
    for (const table of mine.tables) {
      const def = dashboard.find((d) => d.t.indicator.code === table.indicatorCode)!.t.indicator;
      for (const cell of table.rows.flatMap((r) => r.cells.slice(1))) {
        if (cell.hidden) {
          hidden++;
          expect(cell.text).toBe(HIDDEN);
          continue;
        }
        if (!def.smallCellsSuppressed || !['PEOPLE', 'CASES', 'SESSIONS'].includes(def.unit) || cell.text === '—') continue;
        const n = Number(cell.text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'));
        expect(Number.isFinite(n), cell.text).toBe(true);
        expect(n === 0 || n >= K, `${table.indicatorCode} ${cell.text}`).toBe(true);
      }
    }
    expect(hidden, 'the demo has small cells, and they are hidden').toBeGreaterThan(0);
  });

  test('signing off freezes it: the API refuses changes and so does the database, even to a direct UPDATE', async () => {
    const before = await analysis(kazanlak);
    // The current year cannot be signed off yet.
    expect(errorCodes(await api.gql(SIGN, { year: YEAR + 1, version: 0 }, plovdiv))).toContain('INVALID_TRANSITION');
    // A stale version is refused.
    expect(errorCodes(await api.gql(SIGN, { year: YEAR, version: before.version - 1 }, kazanlak))).toContain('CONFLICT');
    const signed = (await api.ok<{ signOffMunicipalAnalysis: Analysis }>(SIGN, { year: YEAR, version: before.version }, kazanlak)).signOffMunicipalAnalysis;
    expect(signed).toMatchObject({ status: 'SIGNED_OFF', signedOffBy: 'Христо Костов', version: before.version + 1, spending: before.spending });
    expect(signed.signedOffAt).toBeTruthy();
    // The figures it froze are the ones shown before.
    expect(signed.tables).toEqual(before.tables);

    const refused = await api.gql(SAVE, { year: YEAR, section: 'SPENDING', text: 'Промяна след подписване', version: signed.version }, kazanlak);
    expect(errorCodes(refused)).toContain('INVALID_TRANSITION');
    expect(refused.errors![0]!.message).toBe('Анализът е подписан и вече не може да се променя.');
    expect(errorCodes(await api.gql(SIGN, { year: YEAR, version: signed.version }, kazanlak))).toContain('INVALID_TRANSITION');

    const id = uuid(signed.id!);
    await expect(sqlAsOwner(api.db, `UPDATE "MunicipalAnalysis" SET "spending" = 'x' WHERE id = $1::uuid`, id)).rejects.toThrow(/signed-off municipal analysis/);
    await expect(sqlAsOwner(api.db, `UPDATE "MunicipalAnalysis" SET "status" = 'DRAFT' WHERE id = $1::uuid`, id)).rejects.toThrow(/signed-off municipal analysis/);
    await expect(sqlAs(api.db, { kind: 'aggregate', userId: kazanlakUserId }, `UPDATE "MunicipalAnalysis" SET "spending" = 'x' WHERE id = $1::uuid`, id)).rejects.toThrow(/signed-off municipal analysis/);
    await expect(sqlAsOwner(api.db, `DELETE FROM "MunicipalAnalysis" WHERE id = $1::uuid`, id)).rejects.toThrow(/signed-off municipal analysis/);
    const after = await analysis(kazanlak);
    expect(after).toEqual(signed);
  });

  test('downloads as .docx with its sections, its tables and the hidden cells as on screen', async () => {
    const mine = await analysis(kazanlak);
    const res = await fetch(`${api.url}${mine.docxPath}`, { headers: { authorization: `Bearer ${kazanlak}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(await res.arrayBuffer()) })).value;
    expect(text).toContain('Анализ на социалните услуги в общината');
    expect(text).toContain('Общината изразходва 412 000 лв. за социални услуги.');
    expect(text).toContain('Липсва мобилна услуга в селата.');
    expect(text).toContain('Подписан на');
    expect(text).toContain(HIDDEN);
    expect(text.indexOf('2. Разходи за социални услуги')).toBeLessThan(text.indexOf('6. Данни за услугите'));
    for (const table of mine.tables) expect(text).toContain(table.title);
    const [events] = await sqlAsOwner<{ n: number }>(api.db, `SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'EXPORT' AND "entityType" = 'MunicipalAnalysis' AND "entityId" = $1`, uuid(mine.id!));
    expect(events!.n).toBeGreaterThan(0);
  });
});
