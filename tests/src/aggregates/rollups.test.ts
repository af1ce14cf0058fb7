import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '@opora/prisma/db';
import { openTestDatabase } from '../support/test-database.ts';
import { sqlAs, sqlAsOwner } from '../support/sql.ts';

// The rollups against the raw rows they summarise, and the triggers that keep them current.
let db: Database;
let plovdiv: string;
let analyst: string;

beforeAll(async () => {
  db = await openTestDatabase();
  const [c] = await sqlAsOwner<{ id: string }>(db, `SELECT id::text FROM "Center" WHERE slug = 'plovdiv'`);
  plovdiv = c!.id;
  const [u] = await sqlAsOwner<{ id: string }>(db, `SELECT id::text FROM "User" WHERE email = 'analyst@network.opora.test'`);
  analyst = u!.id;
});

afterAll(async () => {
  await db?.close();
});

const refresh = () => sqlAs<{ n: number }>(db, { kind: 'aggregate', userId: analyst }, `SELECT aggregate_refresh() AS n`);

describe('rollups', () => {
  test('the seed built the rollups; a refresh finds at most the current month to redo, then nothing', async () => {
    const [built] = await sqlAsOwner<{ n: number; dirty: number }>(db, `SELECT count(*)::int AS n, count(*) FILTER (WHERE version > "refreshedVersion")::int AS dirty FROM "RollupMonth"`);
    expect(built!.n).toBeGreaterThan(40);
    expect(built!.dirty).toBe(0);
    const [first] = await refresh();
    expect(first!.n).toBeLessThanOrEqual(2);
    const [second] = await refresh();
    expect(second!.n).toBe(0);
  });

  test('sessions and minutes per center and month equal the raw sessions delivered', async () => {
    const raw = await sqlAsOwner<{ center: string; month: string; sessions: number; minutes: number }>(
      db,
      `SELECT "centerId"::text AS center, to_char("startsAt", 'YYYY-MM') AS month, count(*)::int AS sessions, sum("durationMinutes")::int AS minutes
         FROM "Session" WHERE "startsAt" <= now() GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const rolled = await sqlAsOwner<{ center: string; month: string; sessions: number; minutes: number }>(
      db,
      `SELECT "centerId"::text AS center, to_char("month", 'YYYY-MM') AS month, sum(sessions)::int AS sessions, sum(minutes)::int AS minutes
         FROM "RollupActivity" GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(rolled).toEqual(raw);
  });

  test('distinct clients per center and month equal the raw session clients', async () => {
    const raw = await sqlAsOwner<{ center: string; month: string; n: number }>(
      db,
      `SELECT s."centerId"::text AS center, to_char(s."startsAt", 'YYYY-MM') AS month, count(DISTINCT sc."clientId")::int AS n
         FROM "SessionClient" sc JOIN "Session" s ON s.id = sc."sessionId" WHERE s."startsAt" <= now() GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const rolled = await sqlAsOwner<{ center: string; month: string; n: number }>(
      db,
      `SELECT "centerId"::text AS center, to_char("month", 'YYYY-MM') AS month, count(DISTINCT "clientKey")::int AS n
         FROM "RollupClientMonth" GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(rolled).toEqual(raw);
  });

  test('a new session marks its month dirty, and the next refresh counts it', async () => {
    const [svc] = await sqlAsOwner<{ id: string }>(db, `SELECT id::text FROM "CenterService" WHERE "centerId" = $1::uuid LIMIT 1`, plovdiv);
    const month = `to_char(now() - interval '40 days', 'YYYY-MM-01')::date`;
    const count = async () =>
      (await sqlAsOwner<{ n: number }>(db, `SELECT coalesce(sum(sessions), 0)::int AS n FROM "RollupActivity" WHERE "centerId" = $1::uuid AND month = ${month}`, plovdiv))[0]!.n;
    const before = await count();
    await sqlAs(
      db,
      { kind: 'center', centerId: plovdiv, userId: analyst },
      `INSERT INTO "Session" ("centerId", "startsAt", "durationMinutes", "serviceId", kind, mode) VALUES ($1::uuid, now() - interval '40 days', 60, $2::uuid, 'CONSULTATION', 'IN_CENTER')`,
      plovdiv,
      svc!.id,
    );
    const [dirty] = await sqlAsOwner<{ n: number }>(db, `SELECT count(*)::int AS n FROM "RollupMonth" WHERE version > "refreshedVersion"`);
    expect(dirty!.n).toBeGreaterThanOrEqual(1);
    await refresh();
    expect(await count()).toBe(before + 1);
  });
});

describe('rebuild cost', () => {
  test('rebuilding every month of the demo (two centers, two years) stays within seconds', async () => {
    await sqlAsOwner(db, `UPDATE "RollupMonth" SET version = version + 1`);
    const started = Date.now();
    const [r] = await refresh();
    const ms = Date.now() - started;
    console.log(`[aggregates] full rebuild of ${r!.n} center-months in ${ms} ms`);
    expect(r!.n).toBeGreaterThan(40);
    const raw = await sqlAsOwner<{ n: number }>(db, `SELECT count(*)::int AS n FROM "Session" WHERE "startsAt" <= now()`);
    const rolled = await sqlAsOwner<{ n: number }>(db, `SELECT sum(sessions)::int AS n FROM "RollupActivity"`);
    expect(rolled[0]!.n).toBe(raw[0]!.n);
  });
});
