import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '@opora/prisma/db';
import { openTestDatabase } from '../support/test-database.ts';
import { sqlAs, sqlAsOwner } from '../support/sql.ts';

// People served, counted distinct per period and breakdown (aggregate_distinct_clients, the
// "clients served" indicator by sex, age band, …). Since 20261207100000 each client is taken
// once with the months it was served in as bits, instead of once per period it falls in; here
// its answers are held to the counting it replaced, written out below, on the demo data: every
// breakdown alone and in pairs, a year with its quarters and months, a residence, a range not
// starting on a month's first day, a range longer than the bits hold, as the aggregate role and
// as a center's own staff.

const COLUMN: Record<string, string> = {
  SERVICE_KIND: 'r."serviceKindId"::text',
  TARGET_GROUP: 'r."targetGroupId"::text',
  RESIDENCE_MUNICIPALITY: 'r."residenceMunicipalityId"::text',
  SETTLEMENT: 'r."settlementId"::text',
  AGE_BAND: 'r."ageBand"::text',
  SEX: 'r.sex::text',
};

/** The counting before 20261207100000: every client row once per period it falls in, counted distinct. */
function counted(dims: string[], center: string | null): string {
  const [a, b] = [dims[0] ? COLUMN[dims[0]] : 'NULL::text', dims[1] ? COLUMN[dims[1]] : 'NULL::text'];
  return `SELECT x.i::int AS period, GROUPING(x.c, x.a, x.b)::int AS grp, x.c::text AS center_id, x.a AS dim_a, x.b AS dim_b, count(DISTINCT x.k)::int AS clients
      FROM (
        SELECT p.i, r."centerId" AS c, ${a} AS a, ${b} AS b, r."clientKey" AS k
          FROM unnest($1::date[], $2::date[]) WITH ORDINALITY AS p(f, t, i)
          JOIN "RollupClientMonth" r ON r."month" >= p.f AND r."month" <= p.t
         WHERE r."centerId" = ANY($3::uuid[]) AND ($4::uuid IS NULL OR r."residenceMunicipalityId" = $4)
           ${center ? `AND r."centerId" = '${center}'` : ''}
      ) x
     GROUP BY GROUPING SETS ((x.i, x.c, x.a, x.b), (x.i, x.c, x.a), (x.i, x.c, x.b), (x.i, x.c),
                             (x.i, x.a, x.b), (x.i, x.a), (x.i, x.b), (x.i))`;
}

const CALLED = `SELECT period, grp, center_id::text AS center_id, dim_a, dim_b, clients FROM aggregate_distinct_clients($1::date[], $2::date[], $3::text[], $4::uuid[], $5::uuid)`;

type Row = { period: number; grp: number; center_id: string | null; dim_a: string | null; dim_b: string | null; clients: number };
const sorted = (rows: Row[]) => rows.map((r) => JSON.stringify([r.period, r.grp, r.center_id, r.dim_a, r.dim_b, r.clients])).sort();

let db: Database;
let analyst: string;
let manager: string;
let plovdiv: string;
let centers: string[];
let residence: string;
let year: number;

beforeAll(async () => {
  db = await openTestDatabase();
  const [u] = await sqlAsOwner<{ analyst: string; manager: string; plovdiv: string }>(
    db,
    `SELECT (SELECT id::text FROM "User" WHERE email = 'analyst@network.opora.test') AS analyst,
            (SELECT id::text FROM "User" WHERE email = 'manager@plovdiv.opora.test') AS manager,
            (SELECT id::text FROM "Center" WHERE slug = 'plovdiv') AS plovdiv`,
  );
  ({ analyst, manager, plovdiv } = u!);
  centers = (await sqlAsOwner<{ id: string }>(db, `SELECT id::text FROM "Center" ORDER BY id`)).map((c) => c.id);
  // The year with most client rows, and the residence most of them have.
  const [busiest] = await sqlAsOwner<{ y: number; m: string }>(
    db,
    `SELECT extract(year FROM "month")::int AS y,
            (SELECT "residenceMunicipalityId"::text FROM "RollupClientMonth" WHERE "residenceMunicipalityId" IS NOT NULL
              GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) AS m
       FROM "RollupClientMonth" GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  );
  year = busiest!.y;
  residence = busiest!.m;
});

afterAll(async () => {
  await db?.close();
});

/** The year, its quarters and its months, as the engine asks for a year. */
function yearRanges(y: number): [string[], string[]] {
  const last = (m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const first = (m: number) => `${y}-${String(m).padStart(2, '0')}-01`;
  const from = [first(1), ...[1, 4, 7, 10].map(first), ...Array.from({ length: 12 }, (_, i) => first(i + 1))];
  const to = [last(12), ...[3, 6, 9, 12].map(last), ...Array.from({ length: 12 }, (_, i) => last(i + 1))];
  return [from, to];
}

const BREAKDOWNS = [[], ...Object.keys(COLUMN).map((d) => [d]), ['SETTLEMENT', 'SEX'], ['SERVICE_KIND', 'TARGET_GROUP'], ['AGE_BAND', 'RESIDENCE_MUNICIPALITY']];

async function compare(asCenter: boolean, from: string[], to: string[], dims: string[], at: string | null) {
  const scope = asCenter ? { kind: 'center' as const, centerId: plovdiv, userId: manager } : { kind: 'aggregate' as const, userId: analyst };
  const got = await sqlAs<Row>(db, scope, CALLED, from, to, dims, centers, at);
  const want = await sqlAsOwner<Row>(db, counted(dims, asCenter ? plovdiv : null), from, to, centers, at);
  expect(sorted(got), `${dims.join('×') || 'no breakdown'} ${from[0]}…${to[0]}${at ? ' one residence' : ''}${asCenter ? ' as a center' : ''}`).toEqual(sorted(want));
  return got.length;
}

describe('aggregate_distinct_clients', () => {
  test('a year with its quarters and months: the same rows as counting every period apart, for every breakdown', async () => {
    const [from, to] = yearRanges(year);
    let rows = 0;
    for (const dims of BREAKDOWNS) {
      rows += await compare(false, from, to, dims, null);
      rows += await compare(false, from, to, dims, residence);
    }
    expect(rows).toBeGreaterThan(1000);
  });

  test('as a center’s own staff: its own clients only, the same rows', async () => {
    const [from, to] = yearRanges(year);
    for (const dims of [[], ['SEX'], ['AGE_BAND', 'SETTLEMENT']]) await compare(true, from, to, dims, null);
    const got = await sqlAs<Row>(db, { kind: 'center', centerId: plovdiv, userId: manager }, CALLED, from, to, ['SEX'], centers, null);
    expect(new Set(got.map((r) => r.center_id).filter(Boolean))).toEqual(new Set([plovdiv]));
  });

  test('ranges that do not start on a month’s first day, and longer than 62 months', async () => {
    const mid = [`${year}-03-15`, `${year - 1}-11-01`];
    const midTo = [`${year}-05-31`, `${year}-02-28`];
    for (const dims of [[], ['SEX'], ['TARGET_GROUP', 'AGE_BAND']]) await compare(false, mid, midTo, dims, null);
    const long = [`${year - 7}-01-01`, `${year}-01-01`];
    const longTo = [`${year + 1}-12-31`, `${year}-06-30`];
    for (const dims of [[], ['SEX']]) await compare(false, long, longTo, dims, null);
  });
});
