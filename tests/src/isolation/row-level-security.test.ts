import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '@opora/prisma/db';
import { inTenant, type TenantScope } from '@opora/prisma/tenant';
import { openTestDatabase } from '../support/test-database.ts';
import { sqlAs, sqlAsOwner } from '../support/sql.ts';

// The database's own wall: these run raw SQL as the runtime role, with no API in between.
let db: Database;
let plovdiv: string;
let kazanlak: string;
let plovdivManager: string;
let centerOwnedTables: string[];

const asCenter = (centerId: string, userId = plovdivManager): TenantScope => ({ kind: 'center', centerId, userId });

beforeAll(async () => {
  db = await openTestDatabase();
  const centers = await sqlAsOwner<{ id: string; slug: string }>(db, `SELECT id::text, slug FROM "Center"`);
  plovdiv = centers.find((c) => c.slug === 'plovdiv')!.id;
  kazanlak = centers.find((c) => c.slug === 'kazanlak')!.id;
  const [manager] = await sqlAsOwner<{ id: string }>(
    db,
    `SELECT id::text FROM "User" WHERE email = 'manager@plovdiv.opora.test'`,
  );
  plovdivManager = manager!.id;
  const rows = await sqlAsOwner<{ table_name: string }>(
    db,
    `SELECT table_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'centerId' ORDER BY table_name`,
  );
  centerOwnedTables = rows.map((r) => r.table_name);
});

afterAll(async () => {
  await db?.close();
});

describe('row-level security in the catalog', () => {
  test('every table with a centerId column has RLS enabled and forced, with a policy', async () => {
    // Read from the catalog, so a new center-owned table without RLS fails here.
    expect(centerOwnedTables.length).toBeGreaterThanOrEqual(30);
    const rows = await sqlAsOwner<{ relname: string; enabled: boolean; forced: boolean; policies: number }>(
      db,
      `SELECT c.relname, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
              (SELECT count(*)::int FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname = ANY($1::text[])`,
      centerOwnedTables,
    );
    expect(rows.map((r) => r.relname).sort()).toEqual([...centerOwnedTables].sort());
    const unprotected = rows.filter((r) => !r.enabled || !r.forced || r.policies === 0).map((r) => r.relname);
    expect(unprotected).toEqual([]);
  });

  test('the runtime roles are neither superuser nor BYPASSRLS', async () => {
    const roles = await sqlAsOwner<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>(
      db,
      `SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname IN ('opora_app', 'opora_aggregate') ORDER BY rolname`,
    );
    expect(roles).toEqual([
      { rolname: 'opora_aggregate', rolsuper: false, rolbypassrls: false },
      { rolname: 'opora_app', rolsuper: false, rolbypassrls: false },
    ]);
  });

  test('a tenant transaction really runs as the runtime role with the center set', async () => {
    const [row] = await sqlAs<{ role: string; center: string }>(
      db,
      asCenter(plovdiv),
      `SELECT current_user AS role, current_setting('app.center_id') AS center`,
    );
    expect(row).toEqual({ role: 'opora_app', center: plovdiv });
    // …and nothing of it survives the transaction (no session-level SET on a pooled connection).
    const [after] = await sqlAsOwner<{ role: string; center: string | null }>(
      db,
      `SELECT current_user AS role, current_setting('app.center_id', true) AS center`,
    );
    expect(after!.role).not.toBe('opora_app');
    expect(after!.center ?? '').toBe('');
  });

  test('a missing or malformed tenant fails closed before touching the database', async () => {
    await expect(inTenant(db.prisma, undefined as unknown as TenantScope, async () => 1)).rejects.toThrow(
      /tenant context not set/,
    );
    await expect(
      inTenant(db.prisma, { kind: 'center', centerId: "x' OR true --", userId: plovdivManager }, async () => 1),
    ).rejects.toThrow(/tenant context not set/);
  });
});

describe('with no center set', () => {
  test('every center-owned table reads as empty', async () => {
    let nonEmptyForOwner = 0;
    for (const table of centerOwnedTables) {
      const [owner] = await sqlAsOwner<{ n: number }>(db, `SELECT count(*)::int AS n FROM "${table}"`);
      if (owner!.n > 0) nonEmptyForOwner++;
      const [anonymous] = await sqlAs<{ n: number }>(db, { kind: 'anonymous' }, `SELECT count(*)::int AS n FROM "${table}"`);
      expect({ table, n: anonymous!.n }).toEqual({ table, n: 0 });
    }
    // The demo data fills nearly every table, so "empty" above means filtered, not absent
    // (staff invitations and password reset codes are among the few it leaves empty).
    expect(nonEmptyForOwner).toBeGreaterThanOrEqual(centerOwnedTables.length - 5);
  });

  test("a signed-in user with no center reads only their own memberships", async () => {
    const rows = await sqlAs<{ userId: string }>(db, { kind: 'user', userId: plovdivManager }, `SELECT "userId"::text FROM "Membership"`);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.userId))).toEqual(new Set([plovdivManager]));
    const [clients] = await sqlAs<{ n: number }>(db, { kind: 'user', userId: plovdivManager }, `SELECT count(*)::int AS n FROM "Client"`);
    expect(clients!.n).toBe(0);
  });
});

describe('with center A set', () => {
  test("center B's rows are invisible in every center-owned table", async () => {
    for (const table of centerOwnedTables) {
      const [owner] = await sqlAsOwner<{ a: number }>(
        db,
        `SELECT count(*) FILTER (WHERE "centerId" = $1::uuid)::int AS a FROM "${table}"`,
        plovdiv,
      );
      const [seen] = await sqlAs<{ total: number; foreign: number }>(
        db,
        asCenter(plovdiv),
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE "centerId" IS DISTINCT FROM $1::uuid)::int AS foreign
           FROM "${table}"`,
        plovdiv,
      );
      // Memberships also show the viewer's own; the manager's are all in Plovdiv.
      expect({ table, ...seen }).toEqual({ table, total: owner!.a, foreign: 0 });
    }
  });

  test("inserts carrying center B's id are refused", async () => {
    await expect(
      sqlAs(db, asCenter(plovdiv), `INSERT INTO "Team" ("centerId", kind, "nameBg", "nameEn") VALUES ($1::uuid, 'OTHER', 'x', 'x')`, kazanlak),
    ).rejects.toThrow(/row-level security/);
    await expect(
      sqlAs(
        db,
        asCenter(plovdiv),
        `INSERT INTO "Client" ("centerId", kind, "firstName", "lastName", "searchName") VALUES ($1::uuid, 'CHILD', 'А', 'Б', 'a b')`,
        kazanlak,
      ),
    ).rejects.toThrow(/row-level security/);
  });

  test("updates cannot move a row to center B, and cannot touch B's rows", async () => {
    await expect(
      sqlAs(db, asCenter(plovdiv), `UPDATE "Team" SET "centerId" = $1::uuid WHERE "centerId" = $2::uuid`, kazanlak, plovdiv),
    ).rejects.toThrow(/row-level security/);
    const touched = await inTenant(db.prisma, asCenter(plovdiv), (tx) =>
      tx.$executeRawUnsafe(`UPDATE "Client" SET "firstName" = 'Хакнат' WHERE "centerId" = $1::uuid`, kazanlak),
    );
    expect(touched).toBe(0);
    const deleted = await inTenant(db.prisma, asCenter(plovdiv), (tx) =>
      tx.$executeRawUnsafe(`DELETE FROM "Note" WHERE "centerId" = $1::uuid`, kazanlak),
    );
    expect(deleted).toBe(0);
    const [untouched] = await sqlAsOwner<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM "Client" WHERE "firstName" = 'Хакнат'`,
    );
    expect(untouched!.n).toBe(0);
  });

  test("a row can never point at another center's row (composite foreign keys)", async () => {
    // Even the owner, who bypasses RLS, cannot store a cross-center reference.
    const [child] = await sqlAsOwner<{ id: string }>(db, `SELECT id::text FROM "Client" WHERE "centerId" = $1::uuid LIMIT 1`, kazanlak);
    await expect(
      sqlAsOwner(
        db,
        `INSERT INTO "Case" ("centerId", number, "childId", "referralSource", "referralDate")
         VALUES ($1::uuid, 'PLV-X-0001', $2::uuid, 'SELF', CURRENT_DATE)`,
        plovdiv,
        child!.id,
      ),
    ).rejects.toThrow(/foreign key/);
  });
});

describe('audit events', () => {
  test('the runtime role can append and read its own, never change or delete', async () => {
    await inTenant(db.prisma, asCenter(plovdiv), (tx) =>
      tx.$executeRawUnsafe(
        `INSERT INTO "AuditEvent" ("centerId", "userId", action, "entityType", "entityId") VALUES ($1::uuid, $2::uuid, 'READ', 'Client', 'x')`,
        plovdiv,
        plovdivManager,
      ),
    );
    for (const statement of [
      `UPDATE "AuditEvent" SET "entityType" = 'forged'`,
      `DELETE FROM "AuditEvent"`,
      `TRUNCATE "AuditEvent"`,
    ]) {
      await expect(sqlAs(db, asCenter(plovdiv), statement)).rejects.toThrow(/permission denied|append-only/);
    }
    // The trigger refuses even the owner.
    await expect(sqlAsOwner(db, `UPDATE "AuditEvent" SET "entityType" = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(sqlAsOwner(db, `DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
  });

  test("an audit event for another center is refused", async () => {
    await expect(
      sqlAs(
        db,
        asCenter(plovdiv),
        `INSERT INTO "AuditEvent" ("centerId", action, "entityType") VALUES ($1::uuid, 'READ', 'Client')`,
        kazanlak,
      ),
    ).rejects.toThrow(/row-level security/);
  });
});

describe('the aggregate role', () => {
  // What network and municipal requests may read, exactly: the catalogue and center directory,
  // their own identity, session and memberships (sign-in), and the rollups that hold counts only.
  // RollupClientMonth (a pseudonymous key per person and month) is reachable only through
  // aggregate_distinct_clients(), which returns counts.
  const COUNT_ROLLUPS = ['RollupActivity', 'RollupAttendance', 'RollupCase', 'RollupCenterPeriod', 'RollupDeadline', 'RollupMonth', 'RollupOpenAccess', 'RollupResidentPeriod', 'RollupStaff', 'RollupWaiting'];
  const EXPECTED_PRIVILEGES = [
    ...['Center', 'Municipality', 'Network', 'Profession', 'ServiceKind', 'Settlement', 'TargetGroup'].map((t) => `${t}:SELECT`),
    ...COUNT_ROLLUPS.map((t) => `${t}:SELECT`),
    'AuditEvent:INSERT',
    'AuthSession:INSERT', 'AuthSession:SELECT', 'AuthSession:UPDATE',
    'LoginThrottle:DELETE', 'LoginThrottle:INSERT', 'LoginThrottle:SELECT', 'LoginThrottle:UPDATE',
    'Membership:SELECT',
    'RollupState:SELECT',
    // Their own second factor only (row-level security on userId): network and municipal staff enroll too.
    'TwoFactor:DELETE', 'TwoFactor:INSERT', 'TwoFactor:SELECT', 'TwoFactor:UPDATE',
    'User:SELECT', 'User:UPDATE',
  ].sort();

  test('has exactly the table privileges it needs, and no others', async () => {
    const rows = await sqlAsOwner<{ grant: string }>(
      db,
      `SELECT c.relname || ':' || p.privilege AS grant
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p(privilege)
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
          AND has_table_privilege('opora_aggregate', c.oid, p.privilege)
        ORDER BY 1`,
    );
    expect(rows.map((r) => r.grant)).toEqual(EXPECTED_PRIVILEGES);
  });

  test('cannot read any person-level center-owned table', async () => {
    const scope: TenantScope = { kind: 'aggregate', userId: plovdivManager };
    const readable = new Set(['Membership', ...COUNT_ROLLUPS]);
    for (const table of centerOwnedTables.filter((t) => !readable.has(t))) {
      await expect(sqlAs(db, scope, `SELECT 1 FROM "${table}" LIMIT 1`), table).rejects.toThrow(/permission denied/);
    }
    expect(centerOwnedTables).toContain('RollupClientMonth');
    const [row] = await sqlAs<{ n: number }>(db, scope, `SELECT count(*)::int AS n FROM "Municipality"`);
    expect(row!.n).toBeGreaterThan(0);
  });

  test("reads only the signed-in user's own memberships, and may append audit events outside any center only", async () => {
    const scope: TenantScope = { kind: 'aggregate', userId: plovdivManager };
    const rows = await sqlAs<{ userId: string }>(db, scope, `SELECT "userId"::text FROM "Membership"`);
    expect(new Set(rows.map((r) => r.userId))).toEqual(new Set([plovdivManager]));
    await sqlAs(db, scope, `INSERT INTO "AuditEvent" ("centerId", action, "entityType") VALUES (NULL, 'EXPORT', 'Test')`);
    await expect(
      sqlAs(db, scope, `INSERT INTO "AuditEvent" ("centerId", action, "entityType") VALUES ($1::uuid, 'READ', 'Client')`, plovdiv),
    ).rejects.toThrow(/row-level security/);
    await expect(sqlAs(db, scope, `SELECT 1 FROM "AuditEvent" LIMIT 1`)).rejects.toThrow(/permission denied/);
  });

  test('the count rollups it reads carry no person key', async () => {
    const columns = await sqlAsOwner<{ table_name: string; column_name: string }>(
      db,
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1::text[])`,
      COUNT_ROLLUPS,
    );
    const personKeys = columns.filter((c) => /client(?!s$)|household|case(?!s)|session(?!s|Kind)|participant|person|user|membership|note|key/i.test(c.column_name));
    expect(personKeys).toEqual([]);
  });
});
