import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clearAggregateCaches, decisionEvents, holdDecisions, settledDecisions, type DecisionKey } from '@opora/schema';
import { currentYear } from '@opora/common/calendar';
import { DEMO, TestApi } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';

// A network of many centers is many small systems (one per center, docs/architecture.md), but a
// request must not cost a statement per center, nor wait for each center apart: on the national
// data (150 centers) the network comparison with nothing decided sent ~2,000 statements (every
// center's cells per breakdown, every center's decision looked up alone) and ran past the 8 s
// deadline instead of answering figures or AGGREGATE_PREPARING. Counted in statements and in
// systems queued, never timed: holdDecisions() keeps the workers from deciding anything.

const YEAR = currentYear() - 1;
const PERIOD = { from: `${YEAR}-01`, to: `${YEAR}-12` };
const EXTRA = 40;
const INDICATORS = ['SESSIONS', 'SESSION_HOURS', 'CLIENTS_SERVED', 'NEW_CASES', 'ACTIVE_CASES', 'STAFF_FTE', 'GROUP_ATTENDANCES'];
const COMPARISON = `query($period: MonthRange!, $indicators: [IndicatorCode!]!) {
  networkComparison(indicators: $indicators, period: $period) {
    centers { id }
    tables { indicator { code } total { value suppressed } cells { value { value suppressed } } }
  }
}`;
type Comparison = { networkComparison: { centers: { id: string }[]; tables: { total: { value: number | null; suppressed: boolean } }[] } };

/** The statements that read figures: cells from the rollups and decisions (not the sign-in's or the session's upkeep). */
const reads = (statements: string[]) => statements.filter((q) => /"Rollup|"AggregateDecision"/.test(q)).length;

async function cold(api: TestApi): Promise<void> {
  clearAggregateCaches();
  await sqlAsOwner(api.db, `DELETE FROM "AggregateDecision"`);
}

/** The comparison's first read with nothing decided and the workers held: its statements, its answer and the systems it queued. */
async function firstRead(api: TestApi, token: string) {
  await cold(api);
  const queued: DecisionKey[] = [];
  const onQueued = (key: DecisionKey) => queued.push(key);
  decisionEvents.on('queued', onQueued);
  const release = holdDecisions();
  try {
    let answer!: Awaited<ReturnType<TestApi['gql']>>;
    const statements = await api.countStatements(async () => (answer = await api.gql(COMPARISON, { period: PERIOD, indicators: INDICATORS }, token)));
    return { statements, answer, queued };
  } finally {
    release();
    decisionEvents.off('queued', onQueued);
    await settledDecisions(); // nothing of this read still in a worker when the next one starts
  }
}

/** Figures once decided, then the first read of a process that finds them kept in the database: its statements, its answer and anything it queued. */
async function keptRead(api: TestApi, token: string) {
  const decided = await api.ok<Comparison>(COMPARISON, { period: PERIOD, indicators: INDICATORS }, token);
  await settledDecisions();
  clearAggregateCaches();
  const queued: DecisionKey[] = [];
  const onQueued = (key: DecisionKey) => queued.push(key);
  decisionEvents.on('queued', onQueued);
  try {
    let data!: Comparison;
    const statements = await api.countStatements(async () => (data = await api.ok<Comparison>(COMPARISON, { period: PERIOD, indicators: INDICATORS }, token)));
    return { decided, data, statements, queued };
  } finally {
    decisionEvents.off('queued', onQueued);
  }
}

describe('a network of many centers with nothing decided', () => {
  let api: TestApi;
  let analyst: string;
  beforeAll(async () => {
    api = await TestApi.start();
    analyst = await api.login(DEMO.networkAnalyst);
  }, 240_000);
  afterAll(async () => {
    await api?.stop();
  });

  test(`answers "being prepared" in the statements of 2 centers for ${EXTRA + 2}, every center's systems queued in that one request; then figures, read back from the database in as many statements`, { timeout: 400_000 }, async () => {
    const centersQueued = (keys: DecisionKey[]) => new Set(keys.filter((k) => k.scope.startsWith('NETWORK:') && k.year === YEAR).map((k) => k.scope)).size;
    const two = await firstRead(api, analyst);
    expect(two.answer.errors?.map((e) => e.extensions?.code)).toEqual(['AGGREGATE_PREPARING']);
    expect(centersQueued(two.queued)).toBe(2);
    const twoKept = await keptRead(api, analyst);
    expect(twoKept.data).toEqual(twoKept.decided);
    expect(twoKept.queued).toEqual([]);

    // The same network with 40 more member centers (no records yet: their systems are empty).
    const [member] = await sqlAsOwner<{ networkId: string; municipalityId: string }>(
      api.db,
      `SELECT "networkId", "municipalityId" FROM "Center" WHERE "networkId" IS NOT NULL ORDER BY code LIMIT 1`,
    );
    await sqlAsOwner(
      api.db,
      `INSERT INTO "Center" (slug, code, "nameBg", "nameEn", "providerNameBg", "providerNameEn", "municipalityId", "addressBg", "foundedOn", "licensedCapacity", "networkId", "networkJoinedOn")
       SELECT 'many-' || i, 'MNY' || i, 'ЦОП ' || i, 'CSC ' || i, 'Доставчик', 'Provider', $1::uuid, 'ул. ' || i, DATE '2020-01-01', 30, $2::uuid, DATE '2020-01-01'
         FROM generate_series(1, ${EXTRA}) AS i`,
      member!.municipalityId,
      member!.networkId,
    );
    const many = await firstRead(api, analyst);
    // Within its deadline: "being prepared" (nothing decided), not the deadline's error.
    expect(many.answer.errors?.map((e) => e.extensions?.code)).toEqual(['AGGREGATE_PREPARING']);
    // Every center's systems went to the workers in this one request...
    expect(centersQueued(many.queued)).toBe(EXTRA + 2);
    // ...and it read what it read for two centers: the cells of every center together, every
    // decision looked up together.
    expect(reads(two.statements)).toBeLessThan(30);
    expect(reads(many.statements)).toBe(reads(two.statements));

    const manyKept = await keptRead(api, analyst);
    expect(manyKept.decided.networkComparison.centers).toHaveLength(EXTRA + 2);
    expect(manyKept.decided.networkComparison.tables).toHaveLength(INDICATORS.length);
    // The network's figures are its two centers' still: the new ones have nothing to add.
    expect(manyKept.decided.networkComparison.tables.map((t) => t.total)).toEqual(twoKept.decided.networkComparison.tables.map((t) => t.total));
    // A new process reads every center's decision back, queuing nothing, in the statements of two centers.
    expect(manyKept.data).toEqual(manyKept.decided);
    expect(manyKept.queued).toEqual([]);
    expect(reads(manyKept.statements)).toBe(reads(twoKept.statements));
  });
});
