import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getNamedType, isInputObjectType, isEnumType, isListType, isNonNullType, isScalarType, type GraphQLInputType } from 'graphql';
import { buildPlainSchema } from '@opora/schema';
import { gatheredPermissions, isSignedIn } from '@opora/schema';
import { DEMO, TestApi, errorCodes } from '../support/api.ts';
import { sqlAs, sqlAsOwner } from '../support/sql.ts';

// The network and municipal surface against the demo data, played by its users and by an attacker.

const K = 5;
const YEAR = new Date().getUTCFullYear() - 1;
const Q2 = { from: `${YEAR}-04`, to: `${YEAR}-06` };
const Q2_HEAD = { from: `${YEAR}-04`, to: `${YEAR}-05` };
const JUNE = { from: `${YEAR}-06`, to: `${YEAR}-06` };
const WHOLE_YEAR = { from: `${YEAR}-01`, to: `${YEAR}-12` };

type Value = { value: number | null; suppressed: boolean; display: string };
type Cell = { labels: { dimension: string; code: string }[]; value: Value };
type Table = {
  indicator: { code: string };
  breakdown: string[];
  periodPublished: boolean;
  cells: Cell[];
  margins: Cell[];
  total: Value;
  months: { month: string; total: Value; cells: Cell[] }[];
};

const TABLE = `
  fragment T on IndicatorTable {
    indicator { code }
    breakdown
    periodPublished
    cells { labels { dimension code } value { value suppressed display } }
    margins { labels { dimension code } value { value suppressed display } }
    total { value suppressed display }
    months { month total { value suppressed display } cells { labels { dimension code } value { value suppressed display } } }
  }`;

const COMPARE = `query($indicators: [IndicatorCode!]!, $period: MonthRange!, $breakdown: AggregateDimension) {
  networkComparison(indicators: $indicators, period: $period, breakdown: $breakdown) {
    centers { id code name }
    refreshedAt
    suppressionThreshold
    tables { ...T }
  }
} ${TABLE}`;

const DASHBOARD = `query($period: MonthRange!, $indicators: [IndicatorCode!], $breakdown: AggregateDimension) {
  municipalDashboard(period: $period, indicators: $indicators, breakdown: $breakdown) {
    municipality { code name }
    centersOnTerritory { code }
    residents { ...T }
    territory { ...T }
    refreshedAt
  }
} ${TABLE}`;

const key = (c: Cell) => c.labels.map((l) => l.code).join('/');
const byKey = (cells: Cell[]) => new Map(cells.map((c) => [key(c), c.value]));

/** Every AggregateValue anywhere in a result. */
function values(x: unknown, out: Value[] = []): Value[] {
  if (Array.isArray(x)) for (const v of x) values(v, out);
  else if (x && typeof x === 'object') {
    if ('suppressed' in x && 'display' in x && 'value' in x) out.push(x as Value);
    else for (const v of Object.values(x)) values(v, out);
  }
  return out;
}

function expectHonestSuppression(result: unknown) {
  const all = values(result);
  expect(all.length).toBeGreaterThan(0);
  for (const v of all) {
    if (v.suppressed) {
      expect(v.value).toBeNull();
      expect(v.display).toBe('x');
      expect(v.display).not.toMatch(/\d/);
    } else {
      expect(v.display).not.toBe('x');
    }
  }
}

let api: TestApi;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  api = await TestApi.start();
  // As the server does at start: the network's and the municipalities' figures decided before anyone reads them.
  await api.prepareAggregates();
  for (const [name, email] of Object.entries(DEMO)) tokens[name] = await api.login(email);
}, 600_000);

afterAll(async () => {
  await api?.stop();
});

describe('the network analyst', () => {
  test('a breakdown the indicator lacks is refused, each language naming the indicator in its own words', async () => {
    const r = await api.gql(
      `query($period: MonthRange!) { networkComparison(indicators: [GROUP_MEETINGS], period: $period, breakdown: SEX) { centers { code } } }`,
      { period: { from: '2025-01', to: '2025-12' } },
      tokens.networkAnalyst,
    );
    expect(r.data?.networkComparison ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      messageBg: expect.stringContaining('„Срещи на групови програми“'),
      messageEn: expect.stringContaining('"Group-program meetings"'),
    });
  });

  test('sees Plovdiv and Kazanlak side by side on the catalogue, with month-by-month trends', async () => {
    const { indicators } = await api.ok<{ indicators: { code: string; breakdowns: string[] }[] }>(`{ indicators { code breakdowns } }`, {}, tokens.networkAnalyst);
    expect(indicators.map((i) => i.code)).toEqual(expect.arrayContaining(['CLIENTS_SERVED', 'SESSIONS', 'CAPACITY_USE', 'MEDIAN_DAYS_TO_FIRST_SESSION']));
    const codes = indicators.map((i) => i.code);
    const data = await api.ok<{ networkComparison: { centers: { code: string }[]; refreshedAt: string; suppressionThreshold: number; tables: Table[] } }>(
      COMPARE,
      { indicators: codes, period: WHOLE_YEAR },
      tokens.networkAnalyst,
    );
    const cmp = data.networkComparison;
    expect(cmp.centers.map((c) => c.code).sort()).toEqual(['KZL', 'PLV']);
    expect(cmp.suppressionThreshold).toBe(K);
    expect(cmp.refreshedAt).toBeTruthy();
    expect(cmp.tables).toHaveLength(codes.length);
    for (const code of ['CLIENTS_SERVED', 'SESSIONS', 'SESSION_HOURS', 'NEW_CASES', 'ACTIVE_CASES', 'CLOSED_CASES', 'STAFF_FTE', 'CAPACITY_USE', 'CASELOAD_PER_FTE', 'MEDIAN_DAYS_TO_FIRST_SESSION', 'OPEN_ACCESS_CONTACTS']) {
      const table = cmp.tables.find((t) => t.indicator.code === code)!;
      const cells = byKey(table.cells);
      expect([...cells.keys()].sort(), code).toEqual(['KZL', 'PLV']);
      for (const v of cells.values()) expect({ code, v }).toMatchObject({ v: { suppressed: false } });
      expect(table.months).toHaveLength(12);
    }
    const sessions = byKey(cmp.tables.find((t) => t.indicator.code === 'SESSIONS')!.cells);
    expect(sessions.get('PLV')!.value!).toBeGreaterThan(100);
    expect(sessions.get('KZL')!.value!).toBeGreaterThan(100);
    expectHonestSuppression(cmp);
  });

  test('a second breakdown gives a two-way table whose margins are the one-way cells', async () => {
    const one = await api.ok<{ networkComparison: { tables: Table[] } }>(COMPARE, { indicators: ['SESSIONS'], period: Q2 }, tokens.networkAnalyst);
    const two = await api.ok<{ networkComparison: { tables: Table[] } }>(COMPARE, { indicators: ['SESSIONS'], period: Q2, breakdown: 'SERVICE_KIND' }, tokens.networkAnalyst);
    const t1 = one.networkComparison.tables[0]!;
    const t2 = two.networkComparison.tables[0]!;
    expect(t2.breakdown).toEqual(['CENTER', 'SERVICE_KIND']);
    expect(t2.total).toEqual(t1.total);
    const centerMargins = byKey(t2.margins.filter((m) => m.labels[1]!.code === 'ALL'));
    for (const [center, v] of byKey(t1.cells)) expect(centerMargins.get(`${center}/ALL`)).toEqual(v);
    expectHonestSuppression(t2);
  });

  test('is refused the municipal dashboard and every staff query', async () => {
    const r = await api.gql(DASHBOARD, { period: Q2 }, tokens.networkAnalyst);
    expect(errorCodes(r)).toContain('FORBIDDEN');
  });
});

describe('the Kazanlak municipal viewer', () => {
  test('sees services to the residents of Kazanlak, with small cells suppressed', async () => {
    const data = await api.ok<{ municipalDashboard: { municipality: { code: string }; centersOnTerritory: { code: string }[]; residents: Table[]; territory: Table[] } }>(
      DASHBOARD,
      { period: WHOLE_YEAR, breakdown: 'SERVICE_KIND', indicators: ['CLIENTS_SERVED', 'SESSIONS', 'SESSION_HOURS', 'OPEN_ACCESS_PEOPLE'] },
      tokens.kazanlakViewer,
    );
    const d = data.municipalDashboard;
    expect(d.municipality.code).toBe('SZR12');
    expect(d.centersOnTerritory.map((c) => c.code)).toEqual(['KZL']);
    const sessions = d.residents.find((t) => t.indicator.code === 'SESSIONS')!;
    expect(sessions.total.suppressed).toBe(false);
    expect(sessions.total.value!).toBeGreaterThan(100);
    // Month by month, some services to Kazanlak residents are small: they are suppressed, never 0.
    const monthCells = sessions.months.flatMap((m) => m.cells);
    expect(monthCells.some((c) => c.value.suppressed)).toBe(true);
    expect(monthCells.some((c) => !c.value.suppressed && c.value.value! >= K)).toBe(true);
    // Hours follow the sessions they come from.
    const hours = d.residents.find((t) => t.indicator.code === 'SESSION_HOURS')!;
    const sessionStatus = new Map(sessions.months.flatMap((m) => m.cells.map((c) => [`${m.month}/${key(c)}`, c.value.suppressed])));
    for (const m of hours.months) for (const c of m.cells) expect(c.value.suppressed).toBe(sessionStatus.get(`${m.month}/${key(c)}`));
    expectHonestSuppression(d);
  });

  test('residents served by settlement: small settlements fall back to the municipality', async () => {
    const data = await api.ok<{ municipalDashboard: { residents: Table[] } }>(
      DASHBOARD,
      { period: JUNE, breakdown: 'SETTLEMENT', indicators: ['SESSIONS', 'CLIENTS_SERVED'] },
      tokens.kazanlakViewer,
    );
    for (const table of data.municipalDashboard.residents) {
      for (const c of table.cells) if (!c.value.suppressed && c.labels[0]!.code !== 'NOT_RECORDED') expect(c.value.value === 0 || c.value.value! >= K).toBe(true);
    }
    const codes = data.municipalDashboard.residents.flatMap((t) => t.cells.map((c) => c.labels[0]!.code));
    expect(codes.some((c) => c === 'OTHER_SZR12')).toBe(true);
  });

  test('cannot choose another municipality, nor ask for less than a month', async () => {
    const other = await api.gql(`{ municipalDashboard(period: { from: "${YEAR}-01", to: "${YEAR}-01" }, municipalityId: "x") { refreshedAt } }`, {}, tokens.kazanlakViewer);
    expect(errorCodes(other)).toContain('GRAPHQL_VALIDATION_FAILED');
    for (const period of [{ from: `${YEAR}-01-15`, to: `${YEAR}-01-20` }, { from: `${YEAR}-03`, to: `${YEAR}-01` }, { from: '2999-01', to: '2999-02' }]) {
      expect(errorCodes(await api.gql(DASHBOARD, { period }, tokens.kazanlakViewer))).toContain('BAD_USER_INPUT');
    }
  });

  test('the Plovdiv viewer sees Plovdiv residents, not Kazanlak', async () => {
    const data = await api.ok<{ municipalDashboard: { municipality: { code: string }; centersOnTerritory: { code: string }[] } }>(
      DASHBOARD,
      { period: JUNE },
      tokens.plovdivViewer,
    );
    expect(data.municipalDashboard.municipality.code).toBe('PDV22');
    expect(data.municipalDashboard.centersOnTerritory.map((c) => c.code)).toEqual(['PLV']);
  });
});

describe('the attacker', () => {
  test('cannot subtract visible cells from a total to recover a hidden one (checked against the true counts)', async () => {
    const data = await api.ok<{ municipalDashboard: { residents: Table[] } }>(
      DASHBOARD,
      { period: WHOLE_YEAR, breakdown: 'SERVICE_KIND', indicators: ['SESSIONS'] },
      tokens.kazanlakViewer,
    );
    const table = data.municipalDashboard.residents[0]!;
    const truth = await sqlAsOwner<{ month: string; code: string; n: number }>(
      api.db,
      `SELECT to_char(r.month, 'YYYY-MM') AS month, sk.code, sum(r.sessions)::int AS n
         FROM "RollupActivity" r JOIN "ServiceKind" sk ON sk.id = r."serviceKindId"
         JOIN "Municipality" m ON m.id = r."residenceMunicipalityId"
        WHERE m.code = 'SZR12' AND r.month >= $1::date AND r.month <= $2::date GROUP BY 1, 2`,
      `${YEAR}-01-01`,
      `${YEAR}-12-01`,
    );
    let hiddenSeen = 0;
    for (const m of table.months) {
      const trueCells = new Map(truth.filter((t) => t.month === m.month).map((t) => [t.code, t.n]));
      for (const c of m.cells) {
        if (!c.value.suppressed) expect(c.value.value).toBe(trueCells.get(key(c)));
        else expect(trueCells.get(key(c))).toBeGreaterThan(0); // a hidden cell is never a true zero
      }
      if (m.total.suppressed) continue;
      const hiddenCells = m.cells.filter((c) => c.value.suppressed);
      hiddenSeen += hiddenCells.length;
      const hiddenSum = hiddenCells.reduce((s, c) => s + trueCells.get(key(c))!, 0);
      // Total minus what is shown is the sum of at least two hidden cells, and at least k.
      expect(hiddenCells.length === 0 || (hiddenCells.length >= 2 && hiddenSum >= K)).toBe(true);
      const visibleSum = m.cells.filter((c) => !c.value.suppressed).reduce((s, c) => s + c.value.value!, 0);
      expect(m.total.value! - visibleSum).toBe(hiddenSum);
    }
    expect(hiddenSeen).toBeGreaterThan(0);
  });

  test('cannot difference overlapping periods: a hidden cell of a quarter is never the sum of two visible parts', async () => {
    const ask = (period: object) =>
      api.ok<{ municipalDashboard: { residents: Table[] } }>(DASHBOARD, { period, breakdown: 'SERVICE_KIND', indicators: ['SESSIONS', 'CLIENTS_SERVED'] }, tokens.kazanlakViewer);
    const [q, head, tail] = await Promise.all([ask(Q2), ask(Q2_HEAD), ask(JUNE)]);
    const find = (r: typeof q, code: string) => r.municipalDashboard.residents.find((t) => t.indicator.code === code)!;
    const sessions = (r: typeof q) => byKey([...find(r, 'SESSIONS').cells, { labels: [], value: find(r, 'SESSIONS').total }]);
    const [sq, sh, st] = [sessions(q), sessions(head), sessions(tail)];
    for (const [k, v] of sq) {
      const a = sh.get(k) ?? { value: 0, suppressed: false };
      const b = st.get(k) ?? { value: 0, suppressed: false };
      if (v.suppressed) expect(!a.suppressed && !b.suppressed, k).toBe(false);
      else if (!a.suppressed && !b.suppressed) expect(v.value).toBe(a.value! + b.value!);
    }
    // People counted once: a quarter and one of its months never differ by 1..k-1 when both are shown.
    const clients = (r: typeof q) => byKey(find(r, 'CLIENTS_SERVED').cells);
    const [cq, cm] = [clients(q), clients(tail)];
    for (const [k, v] of cq) {
      const m = cm.get(k);
      if (!v.suppressed && m && !m.suppressed) {
        const diff = v.value! - m.value!;
        expect(diff === 0 || diff >= K, k).toBe(true);
      }
    }
    // An arbitrary range of months does not publish people counted once.
    const head2 = find(head, 'CLIENTS_SERVED');
    expect(head2.periodPublished).toBe(false);
    expect(head2.total.suppressed).toBe(true);
  });

  test('cannot difference overlapping breakdowns: one total, and one-way cells equal two-way margins', async () => {
    const ask = (breakdown: string | null) =>
      api.ok<{ municipalDashboard: { residents: Table[] } }>(DASHBOARD, { period: Q2, breakdown, indicators: ['SESSIONS'] }, tokens.kazanlakViewer);
    const results = await Promise.all([null, 'SERVICE_KIND', 'SEX', 'AGE_BAND', 'SESSION_KIND', 'DELIVERY_MODE', 'CENTER'].map(ask));
    const totals = results.map((r) => r.municipalDashboard.residents[0]!.total);
    for (const t of totals) expect(t).toEqual(totals[0]);
    for (const r of results) expectHonestSuppression(r);
  });

  test('gains nothing from many aliases in one request', async () => {
    const months = Array.from({ length: 12 }, (_, i) => `${YEAR}-${String(i + 1).padStart(2, '0')}`);
    const aliases = months.flatMap((from, i) =>
      months.slice(i, i + 3).map((to) => `a_${from.replace('-', '_')}_${to.replace('-', '_')}: municipalDashboard(period: { from: "${from}", to: "${to}" }, breakdown: SERVICE_KIND, indicators: [SESSIONS]) { residents { ...T } }`),
    );
    const r = await api.gql(`query { ${aliases.join('\n')} } ${TABLE}`, {}, tokens.kazanlakViewer);
    const data = r.data as Record<string, { residents: Table[] }> | null;
    if (!data) {
      // Refused whole by the request limits: nothing learned either.
      expect(r.errors?.length).toBeGreaterThan(0);
      return;
    }
    const single: Record<string, Map<string, Value>> = {};
    for (const [alias, d] of Object.entries(data)) {
      const t = d.residents[0]!;
      single[alias] = byKey([...t.cells, { labels: [], value: t.total }]);
    }
    // A range that is not a calendar quarter is the sum of its published months, hidden when any
    // month is. A quarter may be shown with hidden months, but never with exactly one: its value
    // minus the visible months is always a sum of at least two hidden ones.
    for (const [alias, cells] of Object.entries(single)) {
      const [, fy, fm, ty, tm] = alias.split('_');
      const span = months.slice(months.indexOf(`${fy}-${fm}`), months.indexOf(`${ty}-${tm}`) + 1);
      if (span.length < 2) continue;
      const quarter = span.length === 3 && Number(fm) % 3 === 1;
      for (const [k, v] of cells) {
        const parts = span.map((m) => single[`a_${m.replace('-', '_')}_${m.replace('-', '_')}`]!.get(k) ?? { value: 0, suppressed: false });
        const hiddenParts = parts.filter((p) => p.suppressed).length;
        if (!quarter) {
          if (hiddenParts > 0) expect(v.suppressed, `${alias} ${k}`).toBe(true);
          else expect(v.value).toBe(parts.reduce((s, p) => s + p.value!, 0));
        } else if (!v.suppressed) {
          expect(hiddenParts, `${alias} ${k}`).not.toBe(1);
          if (hiddenParts === 0) expect(v.value).toBe(parts.reduce((s, p) => s + p.value!, 0));
        } else {
          expect(hiddenParts, `${alias} ${k}`).toBeGreaterThan(0);
        }
      }
    }
    expectHonestSuppression(data);
  });

  test('staff users are refused the aggregate surface', async () => {
    for (const who of ['plovdivManager', 'plovdivWorker', 'kazanlakPsychologist']) {
      expect(errorCodes(await api.gql(COMPARE, { indicators: ['SESSIONS'], period: Q2 }, tokens[who])), who).toContain('FORBIDDEN');
      expect(errorCodes(await api.gql(DASHBOARD, { period: Q2 }, tokens[who])), who).toContain('FORBIDDEN');
    }
    expect(errorCodes(await api.gql(COMPARE, { indicators: ['SESSIONS'], period: Q2 }, tokens.kazanlakViewer))).toContain('FORBIDDEN');
    expect(errorCodes(await api.gql(COMPARE, { indicators: ['SESSIONS'], period: Q2 }))).toContain('UNAUTHENTICATED');
    // The provider report: the center's own manager yes, a worker no.
    expect(errorCodes(await api.gql(`{ providerAnnualReport(year: ${YEAR}) { year } }`, {}, tokens.plovdivWorker))).toContain('FORBIDDEN');
  });

  test('aggregate users are refused every staff query', async () => {
    const schema = buildPlainSchema();
    const rules = gatheredPermissions().Query as Record<string, unknown>;
    // signedOffYearlyReports: the yearly reports a center signed off, for its network and the municipalities that contract the service (counts below k hidden).
    // municipalAnalysis: the municipality's yearly analysis, its officials' own (the municipal screen's tables, suppressed).
    const aggregateFields = new Set(['indicators', 'networkComparison', 'municipalDashboard', 'providerAnnualReport', 'municipalAnnualAnalysis', 'signedOffYearlyReports', 'municipalAnalysis']);
    const staffFields = Object.values(schema.getQueryType()!.getFields()).filter(
      // Open to everyone signed in (or to anyone, like `viewer`): not staff queries.
      (f) => !aggregateFields.has(f.name) && rules[f.name] !== isSignedIn && (rules[f.name] as object | undefined)?.constructor?.name !== 'RuleTrue' && f.name !== 'node' && f.name !== 'nodes',
    );
    expect(staffFields.length).toBeGreaterThan(3);
    const dummy = (type: GraphQLInputType): string => {
      if (isNonNullType(type)) return dummy(type.ofType);
      if (isListType(type)) return `[${dummy(type.ofType)}]`;
      const named = getNamedType(type);
      if (isEnumType(named)) return named.getValues()[0]!.name;
      if (isInputObjectType(named)) {
        return `{ ${Object.values(named.getFields()).filter((f) => isNonNullType(f.type)).map((f) => `${f.name}: ${dummy(f.type)}`).join(', ')} }`;
      }
      if (isScalarType(named)) {
        switch (named.name) {
          case 'Int': return '1';
          case 'Float': return '1.5';
          case 'Boolean': return 'true';
          case 'ID': return JSON.stringify(Buffer.from('Case:00000000-0000-0000-0000-000000000000').toString('base64url'));
          case 'Date': return '"2025-01-01"';
          case 'DateTime': return '"2025-01-01T00:00:00Z"';
          default: return '"x"';
        }
      }
      return '"x"';
    };
    for (const who of ['networkAnalyst', 'kazanlakViewer']) {
      for (const field of staffFields) {
        const args = field.args.filter((a) => isNonNullType(a.type)).map((a) => `${a.name}: ${dummy(a.type)}`);
        const query = `{ f: ${field.name}${args.length ? `(${args.join(', ')})` : ''} { __typename } }`;
        const r = await api.gql(query, {}, tokens[who]);
        const codes = errorCodes(r);
        expect({ who, field: field.name, refused: codes.includes('FORBIDDEN') || codes.includes('UNAUTHENTICATED') }).toEqual({ who, field: field.name, refused: true });
      }
    }
  });

  test('the aggregate database role cannot read client-months, nor raw rows', async () => {
    const [analyst] = await sqlAsOwner<{ id: string }>(api.db, `SELECT id::text FROM "User" WHERE email = $1`, DEMO.networkAnalyst);
    const scope = { kind: 'aggregate' as const, userId: analyst!.id };
    await expect(sqlAs(api.db, scope, `SELECT 1 FROM "RollupClientMonth" LIMIT 1`)).rejects.toThrow(/permission denied/);
    await expect(sqlAs(api.db, scope, `SELECT 1 FROM "Session" LIMIT 1`)).rejects.toThrow(/permission denied/);
    // Without a center, the staff role cannot borrow the distinct-clients function either.
    await expect(
      sqlAs(api.db, { kind: 'user', userId: analyst!.id }, `SELECT * FROM aggregate_distinct_clients(ARRAY['2025-01-01']::date[], ARRAY['2025-01-01']::date[], ARRAY[]::text[], (SELECT array_agg(id) FROM "Center"), NULL)`),
    ).rejects.toThrow(/aggregate access/);
  });
});

describe('freshness', () => {
  test('a newly logged session shows in the next aggregate read, with refreshedAt moving on', async () => {
    const ask = () => api.ok<{ networkComparison: { refreshedAt: string; tables: Table[] } }>(COMPARE, { indicators: ['SESSIONS'], period: JUNE }, tokens.networkAnalyst);
    const before = await ask();
    const plv = byKey(before.networkComparison.tables[0]!.cells).get('PLV')!;
    const [center] = await sqlAsOwner<{ id: string; service: string; manager: string }>(
      api.db,
      `SELECT c.id::text, (SELECT id::text FROM "CenterService" s WHERE s."centerId" = c.id LIMIT 1) AS service,
              (SELECT id::text FROM "User" WHERE email = $1) AS manager FROM "Center" c WHERE c.code = 'PLV'`,
      DEMO.plovdivManager,
    );
    await sqlAs(
      api.db,
      { kind: 'center', centerId: center!.id, userId: center!.manager },
      `INSERT INTO "Session" ("centerId", "startsAt", "durationMinutes", "serviceId", kind, mode) VALUES ($1::uuid, $2::timestamp, 60, $3::uuid, 'CONSULTATION', 'IN_CENTER')`,
      center!.id,
      `${YEAR}-06-15T10:00:00`,
      center!.service,
    );
    const after = await ask();
    expect(byKey(after.networkComparison.tables[0]!.cells).get('PLV')!.value).toBe(plv.value! + 1);
    expect(new Date(after.networkComparison.refreshedAt).getTime()).toBeGreaterThan(new Date(before.networkComparison.refreshedAt).getTime());
  });

  test('a cached answer is only ever served to a viewer with the same scope and language', async () => {
    type Answer = { municipalDashboard: { municipality: { code: string; name: string }; residents: Table[] } };
    const kazanlak = await api.ok<Answer>(DASHBOARD, { period: Q2 }, tokens.kazanlakViewer);
    const again = await api.ok<Answer>(DASHBOARD, { period: Q2 }, tokens.kazanlakViewer);
    expect(again).toEqual(kazanlak);
    // The same question from another municipality's viewer: their own municipality, their own residents.
    const plovdiv = await api.ok<Answer>(DASHBOARD, { period: Q2 }, tokens.plovdivViewer);
    expect(kazanlak.municipalDashboard.municipality.code).toBe('SZR12');
    expect(plovdiv.municipalDashboard.municipality.code).toBe('PDV22');
    expect(plovdiv.municipalDashboard.residents).not.toEqual(kazanlak.municipalDashboard.residents);
    // And in another language, another answer.
    const english = (await api.gql<Answer>(DASHBOARD, { period: Q2 }, tokens.kazanlakViewer, { 'accept-language': 'en' })).data!;
    expect(english.municipalDashboard.municipality.name).not.toBe(kazanlak.municipalDashboard.municipality.name);
  });

  test('published tables are cached per process, yet a renamed center reads renamed at once', async () => {
    const ask = () => api.ok<{ networkComparison: { centers: { code: string; name: string }[]; tables: Table[] } }>(COMPARE, { indicators: ['SESSIONS', 'CLIENTS_SERVED'], period: Q2 }, tokens.networkAnalyst);
    const first = await ask();
    const again = await ask();
    expect(again.networkComparison.tables).toEqual(first.networkComparison.tables);
    const [old] = await sqlAsOwner<{ name: string }>(api.db, `SELECT "nameBg" AS name FROM "Center" WHERE code = 'PLV'`);
    await sqlAsOwner(api.db, `UPDATE "Center" SET "nameBg" = 'ЦОП Пловдив – преименуван' WHERE code = 'PLV'`);
    try {
      const renamed = await ask();
      expect(renamed.networkComparison.centers.find((c) => c.code === 'PLV')!.name).toBe('ЦОП Пловдив – преименуван');
      expect(renamed.networkComparison.tables).toEqual(first.networkComparison.tables);
    } finally {
      await sqlAsOwner(api.db, `UPDATE "Center" SET "nameBg" = $1 WHERE code = 'PLV'`, old!.name);
    }
  });
});

describe('report drafts', () => {
  const PROVIDER = `query($year: Int!, $centerId: ID) { providerAnnualReport(year: $year, centerId: $centerId) {
    year dueOn csvPath center { code } sections { code title tables { ...T } } } } ${TABLE}`;

  test('the provider report per service: the analyst for a member center, the manager for their own', async () => {
    const { networkComparison } = await api.ok<{ networkComparison: { centers: { id: string; code: string }[] } }>(COMPARE, { indicators: ['SESSIONS'], period: JUNE }, tokens.networkAnalyst);
    const kzl = networkComparison.centers.find((c) => c.code === 'KZL')!;
    const byAnalyst = await api.ok<{ providerAnnualReport: { dueOn: string; center: { code: string }; sections: { code: string; tables: Table[] }[]; csvPath: string } }>(
      PROVIDER,
      { year: YEAR, centerId: kzl.id },
      tokens.networkAnalyst,
    );
    expect(byAnalyst.providerAnnualReport.center.code).toBe('KZL');
    expect(byAnalyst.providerAnnualReport.dueOn).toBe(`${YEAR + 1}-03-31`);
    const services = byAnalyst.providerAnnualReport.sections.find((s) => s.code === 'SERVICES')!;
    expect(services.tables.find((t) => t.indicator.code === 'SESSIONS')!.cells.length).toBeGreaterThan(2);
    expectHonestSuppression(byAnalyst);
    const own = await api.ok<{ providerAnnualReport: { center: { code: string } } }>(PROVIDER, { year: YEAR }, tokens.kazanlakManager);
    expect(own.providerAnnualReport.center.code).toBe('KZL');
    // Another center's manager asking for Kazanlak: exactly like a center that does not exist.
    expect(errorCodes(await api.gql(PROVIDER, { year: YEAR, centerId: kzl.id }, tokens.plovdivManager))).toContain('NOT_FOUND');
  });

  test('the municipal analysis and both CSV downloads, suppressed and audited as EXPORT', async () => {
    const analysis = await api.ok<{ municipalAnnualAnalysis: { dueOn: string; municipality: { code: string }; residents: { tables: Table[] }[]; csvPath: string } }>(
      `query($year: Int!) { municipalAnnualAnalysis(year: $year) { dueOn csvPath municipality { code } residents { tables { ...T } } } } ${TABLE}`,
      { year: YEAR },
      tokens.kazanlakViewer,
    );
    expect(analysis.municipalAnnualAnalysis.dueOn).toBe(`${YEAR + 1}-04-30`);
    expectHonestSuppression(analysis);
    const csv = await fetch(`${api.url}${analysis.municipalAnnualAnalysis.csvPath}`, { headers: { authorization: `Bearer ${tokens.kazanlakViewer}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    const lines = text.trim().split('\r\n');
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines.slice(1)) {
      if (line.endsWith(',да')) expect(line).toMatch(/,,("[^"]+"|[^,]+),x,да$/); // no value, why it is hidden, x
    }
    expect(lines.some((l) => l.endsWith(',x,да'))).toBe(true);
    const [events] = await sqlAsOwner<{ n: number }>(api.db, `SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'EXPORT' AND "entityType" = 'MunicipalAnnualAnalysis'`);
    expect(events!.n).toBe(1);

    const refused = await fetch(`${api.url}/reports/provider-annual-report.csv?year=${YEAR}`, { headers: { authorization: `Bearer ${tokens.kazanlakViewer}` } });
    expect(refused.status).toBe(403);
    const anonymous = await fetch(`${api.url}${analysis.municipalAnnualAnalysis.csvPath}`);
    expect(anonymous.status).toBe(401);
    const own = await fetch(`${api.url}/reports/provider-annual-report.csv?year=${YEAR}`, { headers: { authorization: `Bearer ${tokens.plovdivManager}` } });
    expect(own.status).toBe(200);
    expect(await own.text()).toMatch(/Проведени сесии/);
  });
});
