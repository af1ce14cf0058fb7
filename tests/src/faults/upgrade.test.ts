import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackup, restoreIntoPglite, restoreIntoPostgres } from '@opora/prisma/backup';
import { openDatabase, type Database } from '@opora/prisma/db';
import { applyMigrations, migrationsUpToDate } from '@opora/prisma/migrate';
import { seedIfEmpty } from '@opora/prisma/seed';
import { DEMO, TestApi } from '../support/api.ts';
import { testEngine, withDatabase } from '../support/engine.ts';

// Upgrades carry data (issue #20, item 4). The fixture is the database of the release before the
// issue #15 migrations (commit caac298: 13 migrations, its own demo seed at a smaller volume, taken
// with `npm run backup`'s dump; tests/fixtures/upgrade/README.md says how it was made). It is
// restored on the suite's engine, given a few rows the old schema allowed and the new migrations
// must carry (written here in the old schema's terms), upgraded with today's migrations as a
// start does, and then every row of every table is compared with what it was: nothing lost,
// nothing changed but what a migration says it changes, and the new columns filled as the
// migrations promise. Finally the upgraded database serves: a manager signs in and reads them.

const FIXTURE = fileURLToPath(new URL('../../fixtures/upgrade/opora-caac298.sql.gz', import.meta.url));
const MIGRATIONS = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

type Row = Record<string, unknown>;
type Snapshot = Record<string, { columns: string[]; rows: Row[] }>;

// Derived tables the migrations rebuild under their new rules (held meetings only, voided
// contacts nowhere); the aggregate tests cover what they hold.
const DERIVED = /^(Rollup|_prisma_migrations$)/;

async function snapshot(db: Database): Promise<Snapshot> {
  const tables = await db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const out: Snapshot = {};
  for (const { tablename } of tables) {
    if (DERIVED.test(tablename)) continue;
    const columns = await db.prisma.$queryRawUnsafe<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
      tablename,
    );
    const rows = await db.prisma.$queryRawUnsafe<{ j: string }[]>(`SELECT to_jsonb(t)::text AS j FROM public."${tablename}" t`);
    out[tablename] = { columns: columns.map((c) => c.column_name), rows: rows.map((r) => JSON.parse(r.j) as Row) };
  }
  return out;
}

type TableDiff = { added: number; removed: number; changed: Record<string, string[]> };

/** What differs in the tables that existed before, over the columns they still have. */
function differences(before: Snapshot, after: Snapshot): Record<string, TableDiff> {
  const out: Record<string, TableDiff> = {};
  for (const [table, old] of Object.entries(before)) {
    const now = after[table];
    if (!now) {
      out[table] = { added: 0, removed: old.rows.length, changed: {} };
      continue;
    }
    const common = old.columns.filter((c) => now.columns.includes(c));
    const text = (row: Row) => JSON.stringify(common.map((c) => row[c]));
    const diff: TableDiff = { added: 0, removed: 0, changed: {} };
    if (common.includes('id')) {
      const later = new Map(now.rows.map((r) => [String(r.id), r]));
      for (const row of old.rows) {
        const next = later.get(String(row.id));
        later.delete(String(row.id));
        if (!next) diff.removed++;
        else {
          const changed = common.filter((c) => JSON.stringify(row[c]) !== JSON.stringify(next[c]));
          if (changed.length) diff.changed[String(row.id)] = changed;
        }
      }
      diff.added = later.size;
    } else {
      const counts = new Map<string, number>();
      for (const row of old.rows) counts.set(text(row), (counts.get(text(row)) ?? 0) + 1);
      for (const row of now.rows) counts.set(text(row), (counts.get(text(row)) ?? 0) - 1);
      for (const n of counts.values()) (n > 0 ? (diff.removed += n) : (diff.added -= n));
    }
    if (diff.added || diff.removed || Object.keys(diff.changed).length) out[table] = diff;
  }
  return out;
}

const SERVER = process.env.DATABASE_URL;
let db: Database;
let dropDatabase: (() => Promise<void>) | null = null;
let api: TestApi | undefined;

async function openOldRelease(): Promise<Database> {
  const dump = await readBackup(FIXTURE);
  if (testEngine() === 'pglite') {
    const opened = openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await restoreIntoPglite(opened.adapterFactory.pglite!, dump);
    return opened;
  }
  const name = `opora_upgrade_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: SERVER });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  dropDatabase = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const url = withDatabase(SERVER!, name);
  await restoreIntoPostgres(url, dump);
  return openDatabase({ kind: 'postgres', url });
}

const one = async <T extends Row>(sql: string, ...params: unknown[]): Promise<T> => {
  const rows = await db.prisma.$queryRawUnsafe<T[]>(sql, ...params);
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${sql}`);
  return rows[0]!;
};

beforeAll(async () => {
  db = await openOldRelease();
}, 240_000);
afterAll(async () => {
  try {
    if (api) await api.stop();
    else await db?.close();
  } finally {
    await dropDatabase?.();
  }
});

describe('an upgrade from the previous release carries its data', { timeout: 600_000 }, () => {
  it('migrates the old database: every row kept, changed only as the migrations say, new fields filled, and it serves', async () => {
    // ── The old release's database, as it was ────────────────────────────────────────────────
    const oldMigrations = (await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations ORDER BY migration_name`,
    )).map((r) => r.migration_name);
    expect(oldMigrations).toHaveLength(13);
    expect(oldMigrations.at(-1)).toBe('20261202600000_accounts_behind_identity_rls');
    expect(await migrationsUpToDate(db.prisma)).toBe(false);

    // Rows the old schema allowed that the new migrations must carry (the old demo has none):
    const plv = await one<{ id: string }>(`SELECT id FROM "Center" WHERE code = 'PLV'`);
    const referred = await db.prisma.$queryRawUnsafe<{ id: string; number: string }[]>(
      `SELECT id, number FROM "Case" WHERE "centerId" = $1::uuid AND status = 'REFERRED' ORDER BY number LIMIT 2`, plv.id,
    );
    const [completedWhileReferred, twoOpen] = referred;
    expect(twoOpen).toBeDefined();
    // an assessment completed while the case stayed referred (completing it did not move the stage then);
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "Assessment" ("centerId", "caseId", "dueOn", "startedOn", "completedOn", summary, "createdAt", "updatedAt")
       SELECT "centerId", id, "referralDate" + 20, "referralDate" + 2, "referralDate" + 9, 'Завършена, преди етапът да следва оценката.', "referralDate" + 2, "referralDate" + 9
         FROM "Case" WHERE id = $1::uuid`, completedWhileReferred!.id,
    );
    // two open assessments of one case (starting one twice was possible);
    const [olderOpen] = await db.prisma.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO "Assessment" ("centerId", "caseId", "dueOn", "startedOn", "createdAt", "updatedAt")
       SELECT "centerId", id, "referralDate" + 20, "referralDate" + 1, "referralDate" + 1, "referralDate" + 1 FROM "Case" WHERE id = $1::uuid RETURNING id`, twoOpen!.id,
    );
    const [newerOpen] = await db.prisma.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO "Assessment" ("centerId", "caseId", "dueOn", "startedOn", "createdAt", "updatedAt")
       SELECT "centerId", id, "referralDate" + 20, "referralDate" + 3, "referralDate" + 3, "referralDate" + 3 FROM "Case" WHERE id = $1::uuid RETURNING id`, twoOpen!.id,
    );
    // a case with three plans: one ended before the plan in effect, and a draft revision after it;
    const active = await one<{ caseId: string; planId: string; number: string }>(
      `SELECT c.id AS "caseId", p.id AS "planId", c.number FROM "Case" c JOIN "SupportPlan" p ON p."caseId" = c.id
        WHERE c."centerId" = $1::uuid AND c.status = 'ACTIVE' AND p.status = 'ACTIVE' ORDER BY c.number LIMIT 1`, plv.id,
    );
    const [endedPlan] = await db.prisma.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO "SupportPlan" ("centerId", "caseId", status, "startsOn", "endsOn", "createdAt", "updatedAt")
       SELECT "centerId", "caseId", 'ENDED', "startsOn" - 90, "startsOn" - 1, "createdAt" - interval '90 days', "createdAt" - interval '1 day'
         FROM "SupportPlan" WHERE id = $1::uuid RETURNING id`, active.planId,
    );
    const [draftPlan] = await db.prisma.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO "SupportPlan" ("centerId", "caseId", status, "startsOn", "createdAt", "updatedAt")
       SELECT "centerId", "caseId", 'DRAFT', "startsOn" + 180, "createdAt" + interval '150 days', "createdAt" + interval '150 days'
         FROM "SupportPlan" WHERE id = $1::uuid RETURNING id`, active.planId,
    );
    // and a case whose source was "other" (it names neither a route nor who raised the concern).
    const other = await one<{ id: string; number: string }>(
      `UPDATE "Case" SET "referralSource" = 'OTHER' WHERE id = (SELECT id FROM "Case" WHERE "centerId" = $1::uuid AND status = 'CLOSED' ORDER BY number LIMIT 1) RETURNING id, number`, plv.id,
    );
    const sources = new Map(
      (await db.prisma.$queryRawUnsafe<{ id: string; referralSource: string }[]>(`SELECT id, "referralSource"::text AS "referralSource" FROM "Case"`)).map((r) => [r.id, r.referralSource]),
    );
    const sessionsPerMonth = new Map(
      (await db.prisma.$queryRawUnsafe<{ id: string; n: number | null }[]>(`SELECT id, "sessionsPerMonth" AS n FROM "PlannedService"`)).map((r) => [r.id, r.n]),
    );
    const before = await snapshot(db);
    for (const table of ['Client', 'Household', 'Case', 'Session', 'SessionClient', 'Assessment', 'SupportPlan', 'GroupMeeting', 'Attendance', 'OpenAccessContact', 'Consent', 'Note', 'User', 'Membership']) {
      expect(before[table]?.rows.length, table).toBeGreaterThan(0);
    }

    // ── The upgrade, as a start runs it (migrations, then the catalogue) ────────────────────────
    const upgradeStarted = new Date(Date.now() - 1000);
    const applied = await applyMigrations(db.adapterFactory);
    const onDisk = readdirSync(MIGRATIONS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(applied).toEqual(onDisk.filter((name) => !oldMigrations.includes(name)));
    expect(applied).toContain('20261203052130_intake_request_referral');
    expect(await migrationsUpToDate(db.prisma)).toBe(true);

    // ── Nothing lost; changed only where a migration says so ────────────────────────────────────
    const after = await snapshot(db);
    expect(differences(before, after)).toEqual({
      // the case with a completed assessment moves to planning (one_open_assessment)…
      Case: { added: 0, removed: 0, changed: { [completedWhileReferred!.id]: ['status', 'version', 'updatedAt'] } },
      // …and the move is recorded, as the migration's own;
      CaseStatusChange: { added: 1, removed: 0, changed: {} },
      // the older of two open assessments is superseded (its version counts the change);
      Assessment: { added: 0, removed: 0, changed: { [olderOpen!.id]: ['version'] } },
      // a plan ended before the plan in effect was replaced by it (plan_versions_superseded).
      SupportPlan: { added: 0, removed: 0, changed: { [endedPlan!.id]: ['status'] } },
    });

    // ── The new fields, filled as the migrations promise and nothing invented ───────────────────
    const intake = await db.prisma.$queryRawUnsafe<{ id: string; intakeRoute: string | null; legalReferrer: string | null; concernRaisedBy: string | null; requestDate: Date | null; requestNumber: string | null }[]>(
      `SELECT id, "intakeRoute"::text AS "intakeRoute", "legalReferrer"::text AS "legalReferrer", "concernRaisedBy"::text AS "concernRaisedBy", "requestDate", "requestNumber" FROM "Case"`,
    );
    expect(intake).toHaveLength(sources.size);
    const LEGAL = ['CHILD_PROTECTION_DEPARTMENT', 'SOCIAL_ASSISTANCE_DIRECTORATE', 'MUNICIPALITY', 'COURT'];
    const CONCERN = ['SCHOOL', 'KINDERGARTEN', 'HOSPITAL', 'GENERAL_PRACTITIONER', 'POLICE', 'NGO'];
    const expectedIntake = (source: string) =>
      LEGAL.includes(source) ? { intakeRoute: 'REFERRAL', legalReferrer: source, concernRaisedBy: null }
        : CONCERN.includes(source) ? { intakeRoute: null, legalReferrer: null, concernRaisedBy: source }
          : source === 'SELF' ? { intakeRoute: 'REQUEST', legalReferrer: null, concernRaisedBy: 'SELF' }
            : { intakeRoute: null, legalReferrer: null, concernRaisedBy: null };
    for (const row of intake) {
      const source = sources.get(row.id)!;
      expect({ intakeRoute: row.intakeRoute, legalReferrer: row.legalReferrer, concernRaisedBy: row.concernRaisedBy }, `${row.id} (${source})`).toEqual(expectedIntake(source));
      expect([row.requestDate, row.requestNumber]).toEqual([null, null]); // never recorded before
    }
    expect(new Set(sources.values())).toEqual(new Set(['CHILD_PROTECTION_DEPARTMENT', 'SOCIAL_ASSISTANCE_DIRECTORATE', 'MUNICIPALITY', 'COURT', 'SCHOOL', 'KINDERGARTEN', 'NGO', 'POLICE', 'SELF', 'OTHER']));
    expect(sources.get(other.id)).toBe('OTHER');

    const moved = await one<{ status: string }>(`SELECT status::text AS status FROM "Case" WHERE id = $1::uuid`, completedWhileReferred!.id);
    expect(moved.status).toBe('SUPPORT_PLAN');
    const move = await one<{ fromStatus: string; toStatus: string; changedById: string | null; note: string; changedAt: Date }>(
      `SELECT "fromStatus"::text AS "fromStatus", "toStatus"::text AS "toStatus", "changedById", note, "changedAt" FROM "CaseStatusChange" WHERE "caseId" = $1::uuid AND "toStatus" = 'SUPPORT_PLAN'`, completedWhileReferred!.id,
    );
    expect(move).toMatchObject({ fromStatus: 'REFERRED', toStatus: 'SUPPORT_PLAN', changedById: null });
    expect(move.note).toMatch(/обновяването на Опора.*Opora update/);
    expect(move.changedAt.getTime()).toBeGreaterThanOrEqual(upgradeStarted.getTime() - 5 * 60_000); // now, not a date of the past

    const assessments = await db.prisma.$queryRawUnsafe<{ id: string; superseded: boolean; completedOn: Date | null }[]>(
      `SELECT id, "supersededAt" IS NOT NULL AS superseded, "completedOn" FROM "Assessment" WHERE "caseId" = $1::uuid ORDER BY "createdAt"`, twoOpen!.id,
    );
    expect(assessments).toEqual([
      { id: olderOpen!.id, superseded: true, completedOn: null },
      { id: newerOpen!.id, superseded: false, completedOn: null },
    ]);
    expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM "Assessment" WHERE "supersededAt" IS NOT NULL`)).n).toBe(1);

    const plans = await db.prisma.$queryRawUnsafe<{ id: string; status: string; revisionNumber: number; revisionOfId: string | null }[]>(
      `SELECT id, status::text AS status, "revisionNumber", "revisionOfId" FROM "SupportPlan" WHERE "caseId" = $1::uuid ORDER BY "revisionNumber"`, active.caseId,
    );
    expect(plans).toEqual([
      { id: endedPlan!.id, status: 'SUPERSEDED', revisionNumber: 1, revisionOfId: null },
      { id: active.planId, status: 'ACTIVE', revisionNumber: 2, revisionOfId: endedPlan!.id },
      { id: draftPlan!.id, status: 'DRAFT', revisionNumber: 3, revisionOfId: active.planId },
    ]);
    // Every other case had one plan: its version 1, the revision of nothing.
    expect(await db.prisma.$queryRawUnsafe(`SELECT count(*)::int AS n FROM "SupportPlan" WHERE "caseId" <> $1::uuid AND ("revisionNumber" <> 1 OR "revisionOfId" IS NOT NULL)`, active.caseId)).toEqual([{ n: 0 }]);

    const services = await db.prisma.$queryRawUnsafe<{ id: string; frequency: number | null; unit: string | null }[]>(
      `SELECT id, frequency, "frequencyUnit"::text AS unit FROM "PlannedService"`,
    );
    expect(services.length).toBe(sessionsPerMonth.size);
    for (const s of services) {
      const n = sessionsPerMonth.get(s.id);
      expect({ frequency: s.frequency, unit: s.unit }, s.id).toEqual(n != null && n >= 1 && n <= 100 ? { frequency: n, unit: 'MONTH' } : { frequency: null, unit: null });
    }
    expect(services.some((s) => s.frequency !== null)).toBe(true);

    // A meeting that began and has attendance was held; every other one stays planned.
    const meetings = await db.prisma.$queryRawUnsafe<{ status: string; begun: boolean; attended: boolean; changedAtStart: boolean | null }[]>(
      `SELECT g.status::text AS status, g."startsAt" <= now() AS begun,
              EXISTS (SELECT 1 FROM "Attendance" a WHERE a."meetingId" = g.id) AS attended,
              g."statusChangedAt" = g."startsAt" AS "changedAtStart"
         FROM "GroupMeeting" g`,
    );
    for (const m of meetings) expect(m.status).toBe(m.begun && m.attended ? 'HELD' : 'PLANNED');
    expect(meetings.filter((m) => m.status === 'HELD').every((m) => m.changedAtStart)).toBe(true);
    expect(new Set(meetings.map((m) => m.status))).toEqual(new Set(['HELD', 'PLANNED']));

    expect(await db.prisma.$queryRawUnsafe(`SELECT count(*)::int AS n FROM "OpenAccessContact" WHERE "updatedAt" <> "createdAt"`)).toEqual([{ n: 0 }]);
    expect(await db.prisma.$queryRawUnsafe(`SELECT DISTINCT "planningDays" FROM "Center"`)).toEqual([{ planningDays: 20 }]);
    expect(await db.prisma.$queryRawUnsafe(`SELECT count(*)::int AS n FROM "Contract"`)).toEqual([{ n: 0 }]); // none invented

    // ── The upgraded database serves ────────────────────────────────────────────────────────────
    const seeded = await seedIfEmpty(db.prisma, { demo: true });
    expect(seeded.seeded).toBe(false); // not empty: the catalogue is brought up to date, no demo is added
    await db.prisma.$queryRawUnsafe(`SELECT aggregate_refresh()`); // the rollups under the new rules
    api = await TestApi.start({ database: db });
    const token = await api.login(DEMO.plovdivManager); // the old release's password hash still signs in
    const seen = await api.ok<{ cases: { edges: { node: { id: string; number: string; status: string; intakeRoute: string | null; legalReferrer: string | null; concernRaisedBy: string | null; supportPlans: { revisionNumber: number; status: string }[] } }[] } }>(
      `{ cases(first: 100) { edges { node { id number status intakeRoute legalReferrer concernRaisedBy supportPlans { revisionNumber status } } } } }`,
      {},
      token,
    );
    const byNumber = new Map(seen.cases.edges.map((e) => [e.node.number, e.node]));
    const plvCases = await db.prisma.$queryRawUnsafe<{ id: string; number: string }[]>(`SELECT id, number FROM "Case" WHERE "centerId" = $1::uuid`, plv.id);
    expect(byNumber.size).toBe(plvCases.length);
    for (const c of plvCases) expect(byNumber.get(c.number), c.number).toMatchObject(expectedIntake(sources.get(c.id)!));
    expect(byNumber.get(completedWhileReferred!.number)?.status).toBe('SUPPORT_PLAN');
    expect(byNumber.get(active.number)?.supportPlans.map((p) => [p.revisionNumber, p.status]).sort()).toEqual([[1, 'SUPERSEDED'], [2, 'ACTIVE'], [3, 'DRAFT']]);
    const sessions = await api.ok<{ mySessions?: unknown }>(`{ clients(first: 5) { edges { node { id firstName } } } }`, {}, token);
    expect(sessions).toBeTruthy();
  });
});
