import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clearAggregateCaches, decisionEvents, holdDecisions, type DecisionKey } from '@opora/schema';
import { currentYear } from '@opora/common/calendar';
import { DEMO, TestApi } from '../support/api.ts';
import { sqlAs, sqlAsOwner } from '../support/sql.ts';

// A municipality's one protected system (per measure and year, over every breakdown) is decided
// in a worker thread, off the event loop that answers requests, and kept in "AggregateDecision".
// A request publishes only from that decision: it waits for it within its deadline, and past it
// answers AGGREGATE_PREPARING in both languages. holdDecisions() keeps the workers waiting (as a
// long decision would), so these tests depend on order, not on time.

const YEAR = currentYear() - 1;
const ALL = ['SESSIONS', 'NEW_CASES', 'CLOSED_CASES', 'OPEN_ACCESS_CONTACTS', 'OPEN_ACCESS_PEOPLE', 'GROUP_MEETINGS', 'GROUP_ATTENDANCES'];
const DASHBOARD = `query($period: MonthRange!, $indicators: [IndicatorCode!]) {
  municipalDashboard(period: $period, indicators: $indicators) {
    residents { indicator { code } total { value suppressed } cells { value { value suppressed suppressionReason } } }
    territory { indicator { code } total { value suppressed } cells { value { value suppressed suppressionReason } } }
  }
}`;
const PERIOD = { from: `${YEAR}-01`, to: `${YEAR}-12` };

type Dashboard = { municipalDashboard: { residents: { cells: { value: { suppressed: boolean; suppressionReason: string | null } }[] }[]; territory: unknown[] } };

/** Starts from nothing decided: no decision in this process's memory or in the database. */
async function cold(api: TestApi): Promise<void> {
  clearAggregateCaches();
  await sqlAsOwner(api.db, `DELETE FROM "AggregateDecision"`);
}

describe('municipal systems decided off the request path', () => {
  let api: TestApi;
  let viewer: string;
  let manager: string;
  beforeAll(async () => {
    api = await TestApi.start();
    viewer = await api.login(DEMO.kazanlakViewer);
    manager = await api.login(DEMO.kazanlakManager);
  }, 240_000);
  afterAll(async () => {
    await api?.stop();
  });

  test('while a worker decides a cold dashboard, the dashboard answers "being prepared" at once and staff work goes on: the event loop and the database stay free', { timeout: 240_000 }, async () => {
    await cold(api);
    const release = holdDecisions();
    let decided = 0;
    const count = () => decided++;
    decisionEvents.on('decided', count);
    try {
      const queued = once(decisionEvents, 'queued');
      const waiting = await api.gql<Dashboard>(DASHBOARD, { period: PERIOD, indicators: ALL }, viewer);
      await queued; // the dashboard's systems are in a worker, held there
      expect(waiting.errors?.[0]?.extensions?.code).toBe('AGGREGATE_PREPARING');
      // A staff read that needs the database is answered meanwhile (PGlite has one connection).
      const staff = await api.gql(`{ viewer { user { email } } }`, {}, manager);
      expect(staff.errors).toBeUndefined();
      // Nothing was decided on this thread meanwhile: the held system is still in its worker.
      expect(decided).toBe(0);
      release();
      const data = await api.ok<Dashboard>(DASHBOARD, { period: PERIOD, indicators: ALL }, viewer);
      expect(data.municipalDashboard.residents.length).toBe(ALL.length - 2); // group programmes know no residence
      expect(data.municipalDashboard.territory.length).toBe(ALL.length);
    } finally {
      release();
      decisionEvents.off('decided', count);
    }
  });
});

describe('a municipal request whose systems are not decided yet', () => {
  test('past its deadline a request answers "being prepared" in both languages and publishes nothing; once decided, the kept decision answers', { timeout: 240_000 }, async () => {
    const quick = await TestApi.start({ queryTimeoutMs: 1_500, transactionTimeoutMs: 5_000 });
    try {
      const token = await quick.login(DEMO.kazanlakViewer);
      await cold(quick);
      const release = holdDecisions();
      let stored: Promise<unknown>;
      try {
        const queued = once(decisionEvents, 'queued') as Promise<[DecisionKey]>;
        const waiting = await quick.gql<Dashboard>(DASHBOARD, { period: PERIOD, indicators: ['NEW_CASES'] }, token);
        const [key] = await queued;
        expect(waiting.data?.municipalDashboard ?? null).toBeNull();
        expect(waiting.errors).toHaveLength(1);
        expect(waiting.errors![0]!.extensions).toMatchObject({
          code: 'AGGREGATE_PREPARING',
          messageBg: expect.stringContaining('Опитайте отново след малко'),
          messageEn: expect.stringContaining('Try again in a moment'),
        });
        // The CSV says the same (503, Retry-After), and carries no figure.
        const csv = await fetch(`${quick.url}/reports/municipal-annual-analysis.csv?year=${YEAR}`, { headers: { authorization: `Bearer ${token}`, 'x-opora-language': 'en' } });
        expect(csv.status).toBe(503);
        expect(csv.headers.get('retry-after')).toBeTruthy();
        expect(await csv.json()).toMatchObject({ errors: [{ extensions: { code: 'AGGREGATE_PREPARING' } }] });
        stored = new Promise((resolve) => decisionEvents.on('stored', (k: DecisionKey) => k.digest === key.digest && resolve(k)));
      } finally {
        release();
      }
      await stored;
      // Kept with a reason for every hidden figure, readable by the aggregate role only.
      const rows = await sqlAsOwner<{ scope: string; measure: string; year: number; hidden: Record<string, string> }>(
        quick.db,
        `SELECT scope, measure, year, hidden FROM "AggregateDecision" WHERE measure LIKE 'RollupCase|%' AND measure LIKE '%NEW%'`,
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.some((r) => r.year === YEAR && r.scope.startsWith('MUNICIPALITY:'))).toBe(true);
      const reasons = rows.flatMap((r) => Object.values(r.hidden));
      expect(reasons.length).toBeGreaterThan(0);
      expect(new Set(reasons)).toEqual(new Set(['BELOW_K', 'PROTECTS_OTHER']));
      await expect(sqlAs(quick.db, { kind: 'anonymous' }, `SELECT count(*) FROM "AggregateDecision"`)).rejects.toThrow(/permission denied/);
      // A new process (memory emptied) publishes from the kept decision, without a worker, the same figures.
      const decidedHere = await quick.gql<Dashboard>(DASHBOARD, { period: PERIOD, indicators: ['NEW_CASES'] }, token);
      expect(decidedHere.errors).toBeUndefined();
      clearAggregateCaches();
      let queuedAgain = 0;
      const count = () => queuedAgain++;
      decisionEvents.on('queued', count);
      try {
        const ready = await quick.gql<Dashboard>(DASHBOARD, { period: PERIOD, indicators: ['NEW_CASES'] }, token);
        expect(ready.errors).toBeUndefined();
        expect(ready.data).toEqual(decidedHere.data);
        expect(queuedAgain).toBe(0);
      } finally {
        decisionEvents.off('queued', count);
      }
    } finally {
      await quick.stop();
    }
  });
});

describe('municipal systems prepared at start', () => {
  test('once the server has prepared them, the network comparison and each municipality’s dashboard (every indicator, any breakdown, the last complete year) are answered without deciding anything, even with a short deadline', { timeout: 400_000 }, async () => {
    const quick = await TestApi.start({ queryTimeoutMs: 1_500, transactionTimeoutMs: 5_000 });
    try {
      await cold(quick);
      await quick.prepareAggregates();
      // Kept in the database for the next process: both municipalities with viewers, and the network's two centers (one system each).
      const scopes = await sqlAsOwner<{ scope: string }>(quick.db, `SELECT DISTINCT scope FROM "AggregateDecision" WHERE year = ${YEAR}`);
      expect(scopes.map((s) => s.scope.split(':')[0]).sort()).toEqual(['MUNICIPALITY', 'MUNICIPALITY', 'NETWORK', 'NETWORK']);
      let queued = 0;
      const count = () => queued++;
      decisionEvents.on('queued', count);
      try {
        const analyst = await quick.login(DEMO.networkAnalyst);
        for (const breakdown of [null, 'SEX', 'RESIDENCE_MUNICIPALITY', 'SETTLEMENT']) {
          const r = await quick.gql(`query($period: MonthRange!, $indicators: [IndicatorCode!]!, $breakdown: AggregateDimension) {
            networkComparison(indicators: $indicators, period: $period, breakdown: $breakdown) { tables { total { value } } }
          }`, { period: PERIOD, indicators: breakdown ? ALL.filter((c) => !c.startsWith('GROUP_')) : ALL, breakdown }, analyst);
          expect(r.errors).toBeUndefined();
        }
        for (const email of [DEMO.kazanlakViewer, DEMO.plovdivViewer]) {
          const token = await quick.login(email);
          for (const breakdown of [null, 'SEX', 'AGE_BAND', 'SETTLEMENT']) {
            const r = await quick.gql(`query($period: MonthRange!, $indicators: [IndicatorCode!], $breakdown: AggregateDimension) {
              municipalDashboard(period: $period, indicators: $indicators, breakdown: $breakdown) { residents { total { value } } territory { total { value } } }
            }`, { period: PERIOD, indicators: ALL, breakdown }, token);
            expect(r.errors).toBeUndefined();
          }
        }
        expect(queued).toBe(0);
      } finally {
        decisionEvents.off('queued', count);
      }
    } finally {
      await quick.stop();
    }
  });
});
