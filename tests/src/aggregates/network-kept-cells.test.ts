import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clearAggregateCaches, settledDecisions } from '@opora/schema';
import { currentYear } from '@opora/common/calendar';
import { DEMO, TestApi } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';

// A network's cells and systems are kept per center under the versions of that center's months
// (schema/src/aggregates/center-cells.ts), so after a change at one center the network comparison
// reads that center again and keeps the others'. What must hold: the answer after changes is the
// answer computed from nothing kept, exactly (figures, suppression, settlements merged over the
// network), by every breakdown; and a change shows at once. Compared, never timed.

const YEAR = currentYear() - 1;
const PERIOD = { from: `${YEAR}-01`, to: `${YEAR}-12` };
const INDICATORS = ['SESSIONS', 'SESSION_HOURS', 'CLIENTS_SERVED', 'NEW_CASES', 'ACTIVE_CASES', 'STAFF_FTE', 'GROUP_ATTENDANCES'];
const BREAKDOWNS = [null, 'SETTLEMENT', 'SEX', 'SERVICE_KIND'] as const;
const COMPARISON = `query($period: MonthRange!, $indicators: [IndicatorCode!]!, $breakdown: AggregateDimension) {
  networkComparison(indicators: $indicators, period: $period, breakdown: $breakdown) {
    centers { id code }
    tables {
      indicator { code }
      total { value suppressed suppressionReason }
      cells { labels { code } value { value suppressed suppressionReason } }
      months { month total { value suppressed } cells { value { value suppressed } } }
    }
  }
}`;
type Figure = { value: number | null; suppressed: boolean };
type Table = { indicator: { code: string }; total: Figure; cells: { labels: { code: string }[]; value: Figure }[] };
type Comparison = { networkComparison: { centers: { id: string; code: string }[]; tables: Table[] } };

let api: TestApi;
let analyst: string;
/** Each indicator's breakdowns, from the catalogue the API serves. */
const offered = new Map<string, string[]>();

/** The comparison with figures: asked again while its systems are being decided (never a wait on the clock). */
async function read(breakdown: string | null): Promise<Comparison> {
  const indicators = INDICATORS.filter((code) => breakdown === null || offered.get(code)!.includes(breakdown));
  expect(indicators.length).toBeGreaterThan(1);
  for (let attempt = 0; attempt < 50; attempt++) {
    const answer = await api.gql(COMPARISON, { period: PERIOD, indicators, breakdown }, analyst);
    const codes = (answer.errors ?? []).map((e) => e.extensions?.code);
    if (codes.length === 0) return answer.data as Comparison;
    expect(codes.every((c) => c === 'AGGREGATE_PREPARING'), JSON.stringify(answer.errors)).toBe(true);
    await settledDecisions();
  }
  throw new Error('no figures after 50 requests');
}

/** Every breakdown read as a process that keeps what it read before, then as one that keeps nothing. */
async function keptAndCold() {
  const kept = new Map<string | null, Comparison>();
  for (const b of BREAKDOWNS) kept.set(b, await read(b));
  clearAggregateCaches();
  const cold = new Map<string | null, Comparison>();
  for (const b of BREAKDOWNS) cold.set(b, await read(b));
  return { kept, cold };
}

const centerId = async (code: string) => (await sqlAsOwner<{ id: string }>(api.db, `SELECT id::text FROM "Center" WHERE code = $1`, code))[0]!.id;
const total = (c: Comparison, indicator: string, center: string) =>
  c.networkComparison.tables.find((t) => t.indicator.code === indicator)!.cells.find((x) => x.labels.some((l) => l.code === center))?.value;

describe('a network comparison after changes at some of its centers', () => {
  beforeAll(async () => {
    api = await TestApi.start();
    analyst = await api.login(DEMO.networkAnalyst);
    const { indicators } = await api.ok<{ indicators: { code: string; breakdowns: string[] }[] }>(`{ indicators { code breakdowns } }`, {}, analyst);
    for (const i of indicators) offered.set(i.code, i.breakdowns);
  }, 240_000);
  afterAll(async () => {
    await api?.stop();
  });

  test('equals the comparison computed from nothing kept, by every breakdown, and shows each change at once', { timeout: 600_000 }, async () => {
    const before = new Map<string | null, Comparison>();
    for (const b of BREAKDOWNS) before.set(b, await read(b));
    const [plv, kzl] = [await centerId('PLV'), await centerId('KZL')];

    // Plovdiv: ten of its sessions in March an hour longer. Kazanlak unchanged.
    await sqlAsOwner(
      api.db,
      `UPDATE "Session" SET "durationMinutes" = "durationMinutes" + 60
        WHERE id IN (SELECT id FROM "Session" WHERE "centerId" = $1::uuid AND status = 'HELD'
                       AND "startsAt" >= $2::timestamptz AND "startsAt" < $3::timestamptz ORDER BY id LIMIT 10)`,
      plv,
      `${YEAR}-03-01T00:00:00Z`,
      `${YEAR}-03-28T00:00:00Z`,
    );
    const first = await keptAndCold();
    for (const b of BREAKDOWNS) expect(first.kept.get(b), `kept = cold, breakdown ${b}`).toEqual(first.cold.get(b));
    const hours = (c: Comparison) => total(c, 'SESSION_HOURS', 'PLV');
    expect(hours(before.get(null)!)!.suppressed).toBe(false);
    expect(hours(first.kept.get(null)!)!.value).toBeCloseTo(hours(before.get(null)!)!.value! + 10, 5);
    expect(total(first.kept.get(null)!, 'SESSION_HOURS', 'KZL')).toEqual(total(before.get(null)!, 'SESSION_HOURS', 'KZL'));

    // Now Kazanlak: its held sessions of one month cancelled (fewer sessions, some settlements
    // below k over the whole network); Plovdiv's kept cells stay as they were.
    await sqlAsOwner(
      api.db,
      `UPDATE "Session" SET status = 'CANCELLED', "statusReason" = 'test', "statusChangedAt" = now()
        WHERE "centerId" = $1::uuid AND status = 'HELD' AND "startsAt" >= $2::timestamptz AND "startsAt" < $3::timestamptz`,
      kzl,
      `${YEAR}-05-01T00:00:00Z`,
      `${YEAR}-06-01T00:00:00Z`,
    );
    // And a Kazanlak staff member's FTE: every month of theirs is rebuilt, more than a reader
    // rebuilds itself, so the background refresh's work, done here at once.
    await sqlAsOwner(
      api.db,
      `UPDATE "Membership" SET fte = 0.25 WHERE id = (SELECT id FROM "Membership" WHERE "centerId" = $1::uuid AND fte > 0.25 ORDER BY id LIMIT 1)`,
      kzl,
    );
    await sqlAsOwner(api.db, `SELECT aggregate_refresh()`);
    const second = await keptAndCold();
    for (const b of BREAKDOWNS) expect(second.kept.get(b), `kept = cold, breakdown ${b}`).toEqual(second.cold.get(b));
    const sessions = (c: Comparison, center: string) => total(c, 'SESSIONS', center)!;
    expect(sessions(second.kept.get(null)!, 'KZL').value ?? 0).toBeLessThan(sessions(first.kept.get(null)!, 'KZL').value!);
    expect(sessions(second.kept.get(null)!, 'PLV')).toEqual(sessions(first.kept.get(null)!, 'PLV'));
    const fte = (c: Comparison, center: string) => total(c, 'STAFF_FTE', center)!.value!;
    expect(fte(second.kept.get(null)!, 'KZL')).toBeLessThan(fte(first.kept.get(null)!, 'KZL'));
    expect(fte(second.kept.get(null)!, 'PLV')).toBe(fte(first.kept.get(null)!, 'PLV'));

    // A Plovdiv client moves to a Kazanlak village that had too few sessions to be shown alone
    // (merged into "other settlements" over the whole network). With the client's sessions it
    // has enough: the village is shown alone in Kazanlak's table too, though Kazanlak's own
    // cells did not change (its system is kept under the network's merged settlements).
    const [village] = await sqlAsOwner<{ id: string; ekatte: string }>(
      api.db,
      `SELECT s.id::text, s.ekatte FROM "RollupActivity" a JOIN "Settlement" s ON s.id = a."settlementId"
        WHERE a.month >= $1::date AND a.month < $2::date
        GROUP BY s.id, s.ekatte HAVING bool_and(a."centerId" = $3::uuid) AND sum(a.sessions) > 0
        ORDER BY sum(a.sessions), s.ekatte LIMIT 1`,
      `${YEAR}-01-01`,
      `${YEAR + 1}-01-01`,
      kzl,
    );
    const [mover] = await sqlAsOwner<{ id: string }>(
      api.db,
      `SELECT sc."clientId"::text AS id FROM "SessionClient" sc JOIN "Session" x ON x.id = sc."sessionId"
        WHERE x."centerId" = $1::uuid AND x.status = 'HELD' AND x."startsAt" >= $2::timestamptz AND x."startsAt" < $3::timestamptz
        GROUP BY sc."clientId" ORDER BY count(*) DESC, sc."clientId" LIMIT 1`,
      plv,
      `${YEAR}-01-01T00:00:00Z`,
      `${YEAR + 1}-01-01T00:00:00Z`,
    );
    const shownAlone = (c: Comparison) =>
      c.networkComparison.tables.some((t) => t.cells.some((x) => x.labels.some((l) => l.code === village!.ekatte)));
    expect(shownAlone(second.kept.get('SETTLEMENT')!)).toBe(false);
    await sqlAsOwner(api.db, `UPDATE "Client" SET "settlementId" = $1::uuid WHERE id = $2::uuid`, village!.id, mover!.id);
    // Every month of the client's is rebuilt: more than a reader rebuilds itself, so the
    // background refresh's work (OPORA_AGGREGATE_REFRESH_S), done here at once.
    await sqlAsOwner(api.db, `SELECT aggregate_refresh()`);
    const third = await keptAndCold();
    for (const b of BREAKDOWNS) expect(third.kept.get(b), `kept = cold, breakdown ${b}`).toEqual(third.cold.get(b));
    expect(shownAlone(third.kept.get('SETTLEMENT')!)).toBe(true);
    const kazanlakRows = (c: Comparison) =>
      c.networkComparison.tables.find((t) => t.indicator.code === 'SESSIONS')!.cells.filter((x) => x.labels.some((l) => l.code === 'KZL'));
    expect(kazanlakRows(third.kept.get('SETTLEMENT')!).some((x) => x.labels.some((l) => l.code === village!.ekatte))).toBe(true);
  });
});
