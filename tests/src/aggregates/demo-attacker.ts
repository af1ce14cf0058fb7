import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { decisionEvents, type Decision } from '@opora/schema';
import { DEMO, TestApi } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';
import { attackerModel, type ApiTable, type Obtained, type ViewerKind } from './api-figures.ts';
import { audit, describeBreach, type Breach } from './lp-audit.ts';

// The LP attacker over the real API on the demo data (lp-audit-demo-*.test.ts, one file per
// viewer): for each viewer, the last complete calendar year, every additive indicator with suppression and every breakdown the catalogue
// offers, the year, each quarter and each month; then, per indicator, every figure obtained
// together (all breakdowns, both municipal tables, all periods) against one set of finest cells
// (api-figures.ts). No hidden figure may be determined exactly or shown to be below k.
// TestApi raises the aggregate rate limit (tests/src/support/api.ts): these are ~65 requests a viewer.

const K = 5;
const YEAR = new Date().getUTCFullYear() - 1;
const ADDITIVE = ['SESSIONS', 'NEW_CASES', 'CLOSED_CASES', 'OPEN_ACCESS_CONTACTS', 'OPEN_ACCESS_PEOPLE', 'GROUP_MEETINGS', 'GROUP_ATTENDANCES'] as const;
const month = (m: number) => `${YEAR}-${String(m).padStart(2, '0')}`;
const monthsOf = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => month(from + i));
const PERIODS = [monthsOf(1, 12), monthsOf(1, 3), monthsOf(4, 6), monthsOf(7, 9), monthsOf(10, 12)];

const TABLE = `
  fragment T on IndicatorTable {
    indicator { code }
    breakdown
    cells { labels { dimension code } value { value suppressed } }
    margins { labels { dimension code } value { value suppressed } }
    total { value suppressed }
    months { month total { value suppressed } cells { labels { dimension code } value { value suppressed } } }
  }`;
const DASHBOARD = `query($period: MonthRange!, $indicators: [IndicatorCode!], $breakdown: AggregateDimension) {
  municipalDashboard(period: $period, indicators: $indicators, breakdown: $breakdown) {
    municipality { code } centersOnTerritory { code } residents { ...T } territory { ...T }
  }
} ${TABLE}`;
const COMPARE = `query($indicators: [IndicatorCode!]!, $period: MonthRange!, $breakdown: AggregateDimension) {
  networkComparison(indicators: $indicators, period: $period, breakdown: $breakdown) { centers { code } tables { ...T } }
} ${TABLE}`;

let api: TestApi;
let allCentres: Set<string>;
let settlementMunicipality: Map<string, string>;
let breakdownsOf: Map<string, string[]>;

/**
 * Registers the attack on one viewer (one test file per viewer, so each stays within its time:
 * every request runs the engine's own protection in the server).
 */
/** Every hidden figure of every additive indicator must hold (`proven` narrows it, for a test of one indicator). */
export function attackAsViewer(title: string, kind: ViewerKind, email: string, proven: readonly string[] = ADDITIVE): void {
  let seen: Obtained[] = [];
  beforeAll(async () => {
    api = await TestApi.start();
    allCentres = new Set((await sqlAsOwner<{ code: string }>(api.db, `SELECT code FROM "Center"`)).map((r) => r.code));
    // The public settlement catalogue (EKATTE): which municipality each settlement is in.
    const rows = await sqlAsOwner<{ ekatte: string; code: string }>(api.db, `SELECT s.ekatte, m.code FROM "Settlement" s JOIN "Municipality" m ON m.id = s."municipalityId"`);
    settlementMunicipality = new Map(rows.map((r) => [r.ekatte, r.code]));
    const token = await api.login(email);
    const { indicators } = await api.ok<{ indicators: { code: string; breakdowns: string[] }[] }>(`{ indicators { code breakdowns } }`, {}, token);
    breakdownsOf = new Map(indicators.map((i) => [i.code, i.breakdowns]));
    // Everything is fetched before any LP runs: the solver blocks the event loop, and a kept-alive
    // socket left idle that long is closed under the client (ECONNRESET).
    const started = Date.now();
    // What the workers spent deciding this viewer's systems (each system once, one after another per worker).
    const decided: number[] = [];
    const onDecided = (_key: unknown, d: Decision) => decided.push(d.ms);
    decisionEvents.on('decided', onDecided);
    seen = await obtain(kind, email);
    decisionEvents.off('decided', onDecided);
    if (decided.length) console.log(`[lp-audit] ${email}: ${decided.length} systems decided in worker threads, ${decided.reduce((a, b) => a + b, 0)} ms of deciding in all (longest ${Math.max(...decided)} ms)`);
    console.log(`[lp-audit] ${email}: ${seen.length} tables fetched in ${Date.now() - started} ms`);
    if (process.env.OPORA_LP_AUDIT_DUMP) {
      // What the attacker saw, for reading or for re-running the audit without a server.
      writeFileSync(`${process.env.OPORA_LP_AUDIT_DUMP}.${email}.json`, JSON.stringify({ settlementMunicipality: [...settlementMunicipality], seen: seen.map((x) => ({ ...x, centres: [...x.centres] })) }));
    }
    // ~65 requests, each deciding the viewer's protected system in the server: on this busy
    // 2-core machine that is the slow part (the audit itself takes seconds).
  }, 540_000);

  afterAll(async () => {
    await api?.stop();
  });

  test(title, { timeout: 110_000 }, () => attack(kind, email, seen, proven));
}

/** Every table the viewer can obtain for the additive indicators: each breakdown × the year and its quarters. */
async function obtain(kind: ViewerKind, email: string): Promise<Obtained[]> {
  const token = await api.login(email);
  // A municipal system not yet decided answers AGGREGATE_PREPARING ("try again in a moment"):
  // the attacker does what the message says, as often as it takes.
  const ask = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    for (;;) {
      const r = await api.gql<T>(query, variables, token);
      if (r.errors?.length && r.errors.every((e) => e.extensions?.code === 'AGGREGATE_PREPARING')) continue;
      if (r.errors?.length) throw new Error(`${email} ${JSON.stringify(variables)}: ${JSON.stringify(r.errors)}`);
      return r.data as T;
    }
  };
  const breakdowns = [null, ...new Set(ADDITIVE.flatMap((c) => breakdownsOf.get(c) ?? []))];
  const out: Obtained[] = [];
  let first = true;
  for (const breakdown of breakdowns) {
    const indicators = ADDITIVE.filter((c) => breakdown === null || breakdownsOf.get(c)!.includes(breakdown));
    for (const months of PERIODS) {
      const period = { from: months[0], to: months[months.length - 1] };
      const source = `${breakdown ?? 'no breakdown'} ${months.length === 12 ? 'year' : `Q${(Number(months[0]!.slice(5)) + 2) / 3}`} request:`;
      const started = Date.now();
      if (kind === 'municipal') {
        const { municipalDashboard: d } = await ask<{
          municipalDashboard: { municipality: { code: string }; centersOnTerritory: { code: string }[]; residents: ApiTable[]; territory: ApiTable[] };
        }>(DASHBOARD, { period, indicators, breakdown });
        const territory = new Set(d.centersOnTerritory.map((c) => c.code));
        for (const table of d.residents) out.push({ source: `${source} residents`, table, centres: allCentres, residence: d.municipality.code, months });
        for (const table of d.territory) out.push({ source: `${source} territory`, table, centres: territory, residence: null, months });
      } else {
        const { networkComparison: n } = await ask<{ networkComparison: { centers: { code: string }[]; tables: ApiTable[] } }>(COMPARE, { period, indicators, breakdown });
        const centres = new Set(n.centers.map((c) => c.code));
        for (const table of n.tables) out.push({ source: `${source} network`, table, centres, residence: null, months });
      }
      // The first request decides every indicator's system (all breakdowns at once): its time is the cold price.
      if (first) console.log(`[lp-audit] ${email}: first request (${indicators.length} indicators, every system decided) in ${Date.now() - started} ms`);
      first = false;
    }
  }
  return out;
}

async function attack(kind: ViewerKind, email: string, obtained: readonly Obtained[], proven: readonly string[]): Promise<void> {
  const found: { indicator: string; breaches: Breach[] }[] = [];
  const summary: string[] = [];
  for (const indicator of ADDITIVE) {
    const mine = obtained.filter((o) => o.table.indicator.code === indicator);
    if (mine.length === 0) continue;
    const model = attackerModel(kind, mine, settlementMunicipality);
    const started = Date.now();
    const result = await audit({ figures: model.figures, identities: model.identities, k: K });
    summary.push(
      `${indicator}: ${model.figures.length} figures over ${model.unknowns} unknowns, ${result.hidden} hidden, ${result.components} components, ${result.solves} LPs in ${Date.now() - started} ms → ${result.breaches.length} breaches (${result.breaches.filter((b) => b.why === 'EXACT').length} exact)`,
    );
    if (result.breaches.length) found.push({ indicator, breaches: result.breaches });
  }
  console.log(`[lp-audit] ${email}\n  ${summary.join('\n  ')}`);
  for (const { indicator, breaches } of found.filter((f) => !proven.includes(f.indicator))) {
    console.log(`[lp-audit] not yet protected, ${indicator}: ${breaches.length}, e.g.\n    ${breaches.slice(0, 3).map((b) => describeBreach(b, K)).join('\n    ')}`);
  }
  expect(
    found.filter((f) => proven.includes(f.indicator)).map(({ indicator, breaches }) => `${indicator}: ${breaches.length} hidden figures recovered or shown below k, e.g.\n    ${breaches.slice(0, 8).map((b) => describeBreach(b, K)).join('\n    ')}`),
  ).toEqual([]);
}
