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

// A session counts when it was held (issue #17): planned, missed and cancelled ones count nowhere,
// whether their time has come or not (the demo plans sessions for today and weeks ahead).
const BEGUN = `s."status" = 'HELD'`;

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
      // Delivered: held, and for a group meeting's session, the meeting was held (issue #15, item 7).
      `SELECT s."centerId"::text AS center, to_char(s."startsAt", 'YYYY-MM') AS month, count(*)::int AS sessions, sum(s."durationMinutes")::int AS minutes
         FROM "Session" s LEFT JOIN "GroupMeeting" g ON g.id = s."groupMeetingId"
        WHERE ${BEGUN} AND (g.id IS NULL OR g.status = 'HELD') GROUP BY 1, 2 ORDER BY 1, 2`,
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
         FROM "SessionClient" sc JOIN "Session" s ON s.id = sc."sessionId" WHERE ${BEGUN} GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const rolled = await sqlAsOwner<{ center: string; month: string; n: number }>(
      db,
      `SELECT "centerId"::text AS center, to_char("month", 'YYYY-MM') AS month, count(DISTINCT "clientKey")::int AS n
         FROM "RollupClientMonth" GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(rolled).toEqual(raw);
  });

  test('the coarse totals equal the fine rollups, month by month, per center and per residence', async () => {
    const fine = await sqlAsOwner<Record<string, unknown>>(
      db,
      `SELECT c AS center, m AS month, r AS residence, sum(sessions)::int AS sessions, sum(minutes)::int AS minutes, sum(new_cases)::int AS new_cases,
              sum(active_cases)::int AS active_cases, sum(closed_cases)::int AS closed_cases, sum(people)::int AS people
         FROM (SELECT "centerId"::text c, "month" m, "residenceMunicipalityId"::text r, sessions, minutes, NULL::int new_cases, NULL::int active_cases, NULL::int closed_cases, NULL::int people FROM "RollupActivity"
               UNION ALL SELECT "centerId"::text, "month", "residenceMunicipalityId"::text, NULL, NULL, CASE WHEN measure = 'NEW' THEN cases END,
                                CASE WHEN measure = 'ACTIVE' THEN cases END, CASE WHEN measure = 'CLOSED' THEN cases END, NULL FROM "RollupCase"
               UNION ALL SELECT "centerId"::text, "month", "residenceMunicipalityId"::text, NULL, NULL, NULL, NULL, NULL, people FROM "RollupOpenAccess") x
        GROUP BY GROUPING SETS ((c, m), (c, m, r)) HAVING GROUPING(r) = 1 OR r IS NOT NULL ORDER BY 1, 2, 3 NULLS FIRST`,
    );
    const coarse = await sqlAsOwner<Record<string, unknown>>(
      db,
      `SELECT "centerId"::text AS center, "periodStart" AS month, NULL::text AS residence, sessions, minutes, "newCases" AS new_cases,
              "activeCases" AS active_cases, "closedCases" AS closed_cases, people
         FROM "RollupCenterPeriod" WHERE grain = 'MONTH' AND (sessions IS NOT NULL OR "newCases" IS NOT NULL OR "activeCases" IS NOT NULL OR "closedCases" IS NOT NULL OR people IS NOT NULL)
       UNION ALL
       SELECT "centerId"::text, "periodStart", "residenceMunicipalityId"::text, sessions, minutes, "newCases", "activeCases", "closedCases", people
         FROM "RollupResidentPeriod" WHERE grain = 'MONTH' AND (sessions IS NOT NULL OR "newCases" IS NOT NULL OR "activeCases" IS NOT NULL OR "closedCases" IS NOT NULL OR people IS NOT NULL)
        ORDER BY 1, 2, 3 NULLS FIRST`,
    );
    expect(fine.length).toBeGreaterThan(100);
    expect(coarse).toEqual(fine);
  });

  test('distinct clients of every month, calendar quarter and year equal the raw session clients', async () => {
    const raw = await sqlAsOwner<{ center: string; grain: string; start: string; n: number }>(
      db,
      `SELECT s."centerId"::text AS center, g.grain, to_char(date_trunc(g.unit, s."startsAt"), 'YYYY-MM') AS start, count(DISTINCT sc."clientId")::int AS n
         FROM "SessionClient" sc JOIN "Session" s ON s.id = sc."sessionId"
        CROSS JOIN (VALUES ('MONTH', 'month'), ('QUARTER', 'quarter'), ('YEAR', 'year')) AS g(grain, unit)
        WHERE ${BEGUN} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    const rolled = await sqlAsOwner<{ center: string; grain: string; start: string; n: number }>(
      db,
      `SELECT "centerId"::text AS center, grain::text, to_char("periodStart", 'YYYY-MM') AS start, clients AS n
         FROM "RollupCenterPeriod" WHERE clients > 0 ORDER BY 1, 2, 3`,
    );
    expect(raw.length).toBeGreaterThan(40);
    expect(rolled).toEqual(raw);
    // Residents: the clients living in a municipality, per center and year, as the sessions give them.
    const rawResidents = await sqlAsOwner<{ center: string; residence: string; start: string; n: number }>(
      db,
      `SELECT s."centerId"::text AS center, st."municipalityId"::text AS residence, to_char(date_trunc('year', s."startsAt"), 'YYYY-MM') AS start, count(DISTINCT sc."clientId")::int AS n
         FROM "SessionClient" sc JOIN "Session" s ON s.id = sc."sessionId" JOIN "Client" cl ON cl.id = sc."clientId" JOIN "Settlement" st ON st.id = cl."settlementId"
        WHERE ${BEGUN} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    const residents = await sqlAsOwner<{ center: string; residence: string; start: string; n: number }>(
      db,
      `SELECT "centerId"::text AS center, "residenceMunicipalityId"::text AS residence, to_char("periodStart", 'YYYY-MM') AS start, clients AS n
         FROM "RollupResidentPeriod" WHERE grain = 'YEAR' ORDER BY 1, 2, 3`,
    );
    expect(residents).toEqual(rawResidents);
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

  test('a planned session counts nowhere; marked held it counts, marked missed again it does not (the status change marks its month)', async () => {
    const [svc] = await sqlAsOwner<{ id: string }>(db, `SELECT id::text FROM "CenterService" WHERE "centerId" = $1::uuid LIMIT 1`, plovdiv);
    const month = `to_char(now() - interval '70 days', 'YYYY-MM-01')::date`;
    const count = async () =>
      (await sqlAsOwner<{ n: number }>(db, `SELECT coalesce(sum(sessions), 0)::int AS n FROM "RollupActivity" WHERE "centerId" = $1::uuid AND month = ${month}`, plovdiv))[0]!.n;
    const raw = async () =>
      (await sqlAsOwner<{ n: number }>(
        db,
        `SELECT count(*)::int AS n FROM "Session" s LEFT JOIN "GroupMeeting" g ON g.id = s."groupMeetingId"
          WHERE s."centerId" = $1::uuid AND date_trunc('month', s."startsAt")::date = ${month} AND ${BEGUN} AND (g.id IS NULL OR g.status = 'HELD')`,
        plovdiv,
      ))[0]!.n;
    const before = await count();
    expect(before).toBe(await raw());
    const asCenter = { kind: 'center' as const, centerId: plovdiv, userId: analyst };
    const [row] = await sqlAs<{ id: string }>(
      db,
      asCenter,
      `INSERT INTO "Session" ("centerId", "startsAt", "durationMinutes", "serviceId", kind, mode, status)
       VALUES ($1::uuid, now() - interval '70 days', 60, $2::uuid, 'CONSULTATION', 'IN_CENTER', 'PLANNED') RETURNING id::text`,
      plovdiv,
      svc!.id,
    );
    await refresh();
    expect(await count()).toBe(before);
    await sqlAs(db, asCenter, `UPDATE "Session" SET status = 'HELD' WHERE id = $1::uuid`, row!.id);
    const [dirty] = await sqlAsOwner<{ n: number }>(db, `SELECT count(*)::int AS n FROM "RollupMonth" WHERE version > "refreshedVersion"`);
    expect(dirty!.n).toBeGreaterThanOrEqual(1);
    await refresh();
    expect(await count()).toBe(before + 1);
    expect(await count()).toBe(await raw());
    await sqlAs(db, asCenter, `UPDATE "Session" SET status = 'MISSED', "statusReason" = 'Не дойде.' WHERE id = $1::uuid`, row!.id);
    await refresh();
    expect(await count()).toBe(before);
  });
});

describe('ages', () => {
  test('ages and age bands: birthdays before the reference date count, leap days and birth years too', async () => {
    // The reference: whole years, one fewer when the birthday ('MMDD') is still ahead in the year.
    const [r] = await sqlAsOwner<{ n: number; age: number; band: number }>(
      db,
      `WITH d AS (SELECT b::date AS birth, a::date AS at
                    FROM generate_series('1950-02-28'::date, '2026-03-01', '17 days') b,
                         generate_series('2016-02-28'::date, '2026-03-01', '29 days') a),
            ref AS (SELECT birth, at, aggregate_age(birth, NULL, at) AS age, aggregate_age_band(birth, NULL, at) AS band,
                           extract(year FROM at)::int - extract(year FROM birth)::int
                             - CASE WHEN to_char(at, 'MMDD') < to_char(birth, 'MMDD') THEN 1 ELSE 0 END AS want
                      FROM d)
       SELECT count(*)::int AS n,
              count(*) FILTER (WHERE age IS DISTINCT FROM want)::int AS age,
              count(*) FILTER (WHERE band::text IS DISTINCT FROM CASE
                WHEN want < 0 THEN 'UNKNOWN' WHEN want < 3 THEN 'AGE_0_2' WHEN want < 7 THEN 'AGE_3_6'
                WHEN want < 14 THEN 'AGE_7_13' WHEN want < 18 THEN 'AGE_14_17' WHEN want < 30 THEN 'AGE_18_29'
                WHEN want < 65 THEN 'AGE_30_64' ELSE 'AGE_65_PLUS' END)::int AS band
         FROM ref`,
    );
    expect(r!.n).toBeGreaterThan(100_000);
    expect(r).toMatchObject({ age: 0, band: 0 });
    const [edge] = await sqlAsOwner<{ leap: number; year: number; none: string; before: string }>(
      db,
      `SELECT aggregate_age('2008-02-29', NULL, '2026-02-28') AS leap, aggregate_age(NULL, 2010, '2026-01-01') AS year,
              aggregate_age_band(NULL, NULL, '2026-01-01')::text AS none, aggregate_age_band('2027-01-01', NULL, '2026-01-01')::text AS before`,
    );
    expect(edge).toEqual({ leap: 17, year: 16, none: 'UNKNOWN', before: 'UNKNOWN' });
  });
});

describe('what a reader rebuilds', () => {
  const current = () => sqlAs<{ version: string }>(db, { kind: 'aggregate', userId: analyst }, `SELECT version::text AS version FROM aggregate_current()`);
  const dirty = async () => (await sqlAsOwner<{ n: number }>(db, `SELECT count(*)::int AS n FROM "RollupMonth" WHERE version > "refreshedVersion"`))[0]!.n;
  const markDirty = (n: number) =>
    sqlAsOwner(db, `UPDATE "RollupMonth" SET version = version + 1 WHERE ("centerId", month) IN (SELECT "centerId", month FROM "RollupMonth" ORDER BY month DESC, "centerId" LIMIT $1)`, n);

  test('a few changed months are rebuilt by the reader, and the version moves', async () => {
    await refresh();
    const [before] = await current();
    await markDirty(3);
    expect(await dirty()).toBe(3);
    const [after] = await current();
    expect(await dirty()).toBe(0);
    expect(Number(after!.version)).toBeGreaterThan(Number(before!.version));
  });

  test('many changed months are left to the background refresh: the reader reads as before, all or nothing', async () => {
    await refresh();
    const [before] = await current();
    await markDirty(17);
    const [after] = await current();
    expect(await dirty()).toBe(17);
    expect(after!.version).toBe(before!.version);
    const [r] = await refresh();
    expect(r!.n).toBeGreaterThanOrEqual(17);
    expect(await dirty()).toBe(0);
  });

  test('a reader never expires the current month by the clock; the background refresh does', async () => {
    await refresh();
    await sqlAsOwner(db, `UPDATE "RollupMonth" SET "refreshedAt" = now() - interval '2 hours' WHERE month = date_trunc('month', current_date)::date`);
    await current();
    const [stale] = await sqlAsOwner<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM "RollupMonth" WHERE month = date_trunc('month', current_date)::date AND "refreshedAt" < now() - interval '1 hour'`,
    );
    expect(stale!.n).toBeGreaterThan(0);
    const [r] = await refresh();
    expect(r!.n).toBe(stale!.n);
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
    const raw = await sqlAsOwner<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM "Session" s LEFT JOIN "GroupMeeting" g ON g.id = s."groupMeetingId"
        WHERE ${BEGUN} AND (g.id IS NULL OR g.status = 'HELD')`,
    );
    const rolled = await sqlAsOwner<{ n: number }>(db, `SELECT sum(sessions)::int AS n FROM "RollupActivity"`);
    expect(rolled[0]!.n).toBe(raw[0]!.n);
  });
});
