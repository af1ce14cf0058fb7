import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { currentYear } from '@opora/common/calendar';
import { clearAggregateCaches } from '@opora/schema';
import { DEMO, TestApi } from '../support/api.ts';
import { withDatabase } from '../support/engine.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { sqlAs, sqlAsOwner } from '../support/sql.ts';

// DATABASE_REPLICA_URL: a network or municipal viewer's figures are read on a read-only standby,
// everything else (sign-in, audit, staff reads and writes) on the primary. The "standby" here is
// a copy of the same seeded database in which every transaction is read-only, as on a hot
// standby: a read that tried to rebuild the rollups there would fail. `pnpm test:topology` runs
// the same with a real streaming standby (docs/scale-out.md).
const postgres = inject('opora_engine') === 'postgres';
const YEAR = currentYear() - 1;
const DASHBOARD = `query($period: MonthRange!) {
  municipalDashboard(period: $period, indicators: [SESSIONS, NEW_CASES]) {
    refreshedAt
    residents { indicator { code } total { value suppressed } }
  }
}`;
const PERIOD = { from: `${YEAR}-01`, to: `${YEAR}-12` };

describe.runIf(postgres)('aggregate reads on a read replica (PostgreSQL)', () => {
  const serverUrl = process.env.DATABASE_URL!;
  const replicaName = `${inject('opora_template')}_r${randomBytes(4).toString('hex')}`;
  let api: TestApi;
  let viewer: string;
  let worker: string;
  let kazanlak: string;

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const dirtyMonths = async () =>
    (await sqlAsOwner<{ n: number }>(api.db, `SELECT count(*)::int AS n FROM "RollupMonth" WHERE version > "refreshedVersion"`))[0]!.n;
  /** A held session in the last complete year, written as Kazanlak's staff on the primary: its month becomes dirty. */
  const staffWrite = async () => {
    const [svc] = await sqlAsOwner<{ id: string }>(api.db, `SELECT id::text FROM "CenterService" WHERE "centerId" = $1::uuid LIMIT 1`, kazanlak);
    await sqlAs(
      api.db,
      { kind: 'center', centerId: kazanlak, userId: (await sqlAsOwner<{ id: string }>(api.db, `SELECT id::text FROM "User" WHERE email = $1`, DEMO.kazanlakManager))[0]!.id },
      `INSERT INTO "Session" ("centerId", "startsAt", "durationMinutes", "serviceId", kind, mode) VALUES ($1::uuid, make_timestamptz(${YEAR}, 6, 10, 9, 0, 0, 'UTC'), 60, $2::uuid, 'CONSULTATION', 'IN_CENTER')`,
      kazanlak,
      svc!.id,
    );
  };

  beforeAll(async () => {
    // The standby: the seeded template copied, then read-only for every transaction.
    await admin(`CREATE DATABASE ${replicaName} TEMPLATE ${inject('opora_template')}`);
    await admin(`ALTER DATABASE ${replicaName} SET default_transaction_read_only = on`);
    const database = await openTestDatabase({ replicaUrl: withDatabase(serverUrl, replicaName) });
    api = await TestApi.start({ database });
    [{ id: kazanlak }] = (await sqlAsOwner<{ id: string }>(api.db, `SELECT id::text FROM "Center" WHERE slug = 'kazanlak'`)) as [{ id: string }];
    viewer = await api.login(DEMO.kazanlakViewer);
    worker = await api.login(DEMO.kazanlakManager);
  }, 240_000);

  afterAll(async () => {
    await api?.stop();
    await admin(`DROP DATABASE IF EXISTS ${replicaName} WITH (FORCE)`);
  });

  test('the municipal dashboard answers from the read-only standby and leaves the primary’s rollups to its scheduled refresh', { timeout: 240_000 }, async () => {
    clearAggregateCaches();
    await staffWrite();
    expect(await dirtyMonths()).toBeGreaterThan(0);
    const dirty = await dirtyMonths();
    const answer = await api.ok<{ municipalDashboard: { refreshedAt: string | null; residents: { indicator: { code: string } }[] } }>(DASHBOARD, { period: PERIOD }, viewer);
    expect(answer.municipalDashboard.residents.map((t) => t.indicator.code).sort()).toEqual(['NEW_CASES', 'SESSIONS']);
    expect(answer.municipalDashboard.refreshedAt).not.toBeNull();
    // On the primary, a reader rebuilds the latest changes (aggregate_current): here the primary was never read.
    expect(await dirtyMonths()).toBe(dirty);
  });

  test('the CSV door reads its figures on the standby too', { timeout: 240_000 }, async () => {
    await staffWrite();
    const dirty = await dirtyMonths();
    expect(dirty).toBeGreaterThan(0);
    let res: Response | undefined;
    for (let i = 0; i < 100; i++) {
      res = await fetch(`${api.url}/reports/municipal-annual-analysis.csv?year=${YEAR}`, { headers: { authorization: `Bearer ${viewer}` } });
      if (res.status !== 503) break;
      await res.arrayBuffer();
    }
    expect(res!.status).toBe(200);
    expect((await res!.text()).length).toBeGreaterThan(50);
    expect(await dirtyMonths()).toBe(dirty);
  });

  test('staff read and write on the primary, and a viewer’s own writes stay there too', { timeout: 120_000 }, async () => {
    const data = await api.ok<{ viewer: { user: { email: string } } }>(`{ viewer { user { email } } }`, {}, worker);
    expect(data.viewer.user.email).toBe(DEMO.kazanlakManager);
    // Writes in the request's own transaction (a read-only standby would refuse them).
    for (const email of [DEMO.kazanlakManager, DEMO.kazanlakViewer]) {
      const signedOut = await api.gql<{ logout: boolean }>(`mutation { logout }`, {}, await api.login(email));
      expect(signedOut.errors).toBeUndefined();
      expect(signedOut.data?.logout).toBe(true);
    }
  });

  test('without a replica the same read rebuilds the primary’s changed months (the check above can fail)', { timeout: 240_000 }, async () => {
    const plain = await TestApi.start();
    try {
      await sqlAsOwner(plain.db, `UPDATE "RollupMonth" SET version = version + 1 WHERE "centerId" = (SELECT id FROM "Center" WHERE slug = 'kazanlak') AND month = make_date(${YEAR}, 6, 1)`);
      const before = (await sqlAsOwner<{ n: number }>(plain.db, `SELECT count(*)::int AS n FROM "RollupMonth" WHERE version > "refreshedVersion"`))[0]!.n;
      expect(before).toBeGreaterThan(0);
      await plain.ok(DASHBOARD, { period: PERIOD }, await plain.login(DEMO.kazanlakViewer));
      const after = (await sqlAsOwner<{ n: number }>(plain.db, `SELECT count(*)::int AS n FROM "RollupMonth" WHERE version > "refreshedVersion"`))[0]!.n;
      expect(after).toBe(0);
    } finally {
      await plain.stop();
    }
  });
});
