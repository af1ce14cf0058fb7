import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isoDay, sofiaDay } from '@opora/common/calendar';
import type { Database } from '@opora/prisma/db';
import { openTestDatabase } from '../support/test-database.ts';
import { sqlAs, sqlAsOwner } from '../support/sql.ts';

// A membership ends at the end of its last day in Sofia, in the database as in the API
// (migration 20261206092000_membership_end_in_sofia). The database used to compare "endedOn"
// with current_date, the day in UTC: for two hours after midnight in Sofia a staff member whose
// last day was yesterday could still sign in and work (seen in a test run at 22:50 UTC).

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
}, 600_000);
afterAll(async () => {
  await db?.close();
});

describe('the end of a membership is a day in Sofia', () => {
  test('no function and no policy compares a membership’s end with the UTC day', async () => {
    const functions = await sqlAsOwner<{ name: string }>(
      db,
      `SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prosrc ~* '"endedOn"[^\\n]*current_date'`,
    );
    const policies = await sqlAsOwner<{ name: string }>(
      db,
      `SELECT tablename || '.' || policyname AS name FROM pg_policies
        WHERE schemaname = 'public' AND coalesce(qual, '') || coalesce(with_check, '') ~* '"endedOn"[^\\n]*CURRENT_DATE'`,
    );
    expect([...functions, ...policies].map((r) => r.name)).toEqual([]);
  });

  // Every day the database reckons is Sofia's: the rollups' overdue counts and current month too
  // (migration 20261207091000_rollups_in_sofia), not only the memberships.
  test('no function, policy or column default takes the UTC day (current_date)', async () => {
    const found = await sqlAsOwner<{ name: string }>(
      db,
      `SELECT 'function ' || p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prosrc ~* 'current_date'
       UNION ALL
       SELECT 'policy ' || tablename || '.' || policyname FROM pg_policies
        WHERE schemaname = 'public' AND coalesce(qual, '') || coalesce(with_check, '') ~* 'current_date'
       UNION ALL
       SELECT 'default ' || table_name || '.' || column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_default ~* 'current_date'`,
    );
    expect(found.map((r) => r.name)).toEqual([]);
  });

  test('app_today() is the calendar day in Sofia of the database’s clock', async () => {
    const [row] = await sqlAsOwner<{ today: string; now: Date }>(db, `SELECT app_today()::text AS today, now() AS now`);
    expect(row!.today).toBe(isoDay(sofiaDay(new Date(row!.now))));
  });

  test('a manager whose last day was yesterday in Sofia is no longer the manager; on their last day they still are', async () => {
    const [m] = await sqlAsOwner<{ id: string; user: string; center: string }>(
      db,
      `SELECT m.id::text, m."userId"::text AS user, m."centerId"::text AS center FROM "Membership" m JOIN "User" u ON u.id = m."userId"
        WHERE u.email = 'manager@kazanlak.opora.test' AND m.role = 'MANAGER'`,
    );
    const scope = { kind: 'center' as const, centerId: m!.center, userId: m!.user };
    const isManager = async () => (await sqlAs<{ r: boolean }>(db, scope, `SELECT app_is_center_manager() AS r`))[0]!.r;
    await sqlAsOwner(db, `UPDATE "Membership" SET "endedOn" = app_today() WHERE id = $1::uuid`, m!.id);
    expect(await isManager()).toBe(true);
    await sqlAsOwner(db, `UPDATE "Membership" SET "endedOn" = app_today() - 1 WHERE id = $1::uuid`, m!.id);
    expect(await isManager()).toBe(false);
    await sqlAsOwner(db, `UPDATE "Membership" SET "endedOn" = NULL WHERE id = $1::uuid`, m!.id);
  });
});
