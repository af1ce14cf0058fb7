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
    // (staff invitations and password reset codes are among the few it leaves empty, and the
    // registers, reports, approvals, notifications and calendar feeds a center starts without).
    expect(nonEmptyForOwner).toBeGreaterThanOrEqual(centerOwnedTables.length - 15);
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
        `INSERT INTO "Case" ("centerId", number, "childId", "intakeRoute", "referralDate")
         VALUES ($1::uuid, 'PLV-X-0001', $2::uuid, 'REQUEST', CURRENT_DATE)`,
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
    'Membership:SELECT',
    'RollupState:SELECT',
    // The decided municipal systems (hidden figures and why, no counts of people): read only.
    'AggregateDecision:SELECT',
    // Their own second factor only (row-level security on userId): network and municipal staff enroll too.
    'TwoFactor:DELETE', 'TwoFactor:INSERT', 'TwoFactor:SELECT', 'TwoFactor:UPDATE',
    // Their own notifications only (row-level security on userId): an invitation reaches anyone.
    'Notification:SELECT',
    // Which services a municipality contracts: no person, no count.
    'MunicipalServiceContract:SELECT',
    // The municipality's yearly analysis (issue 18 item 2): its own officials read and write it
    // (row-level security on a current MUNICIPAL_VIEWER membership of the user); no person in it.
    // No DELETE, and a trigger keeps a signed-off one as it is.
    'MunicipalAnalysis:INSERT', 'MunicipalAnalysis:SELECT', 'MunicipalAnalysis:UPDATE',
    // User and AuthSession: column privileges only (see 'identities' below); LoginThrottle: none.
    // YearlyReport and PeriodApproval: column privileges only (EXPECTED_COLUMNS below).
  ].sort();

  // Center-owned tables it reads by column grant only, each column with why.
  const EXPECTED_COLUMNS = [
    // Which periods a center approved and whether they changed since: never who approved.
    ...['approvedAt', 'centerId', 'changedAt', 'grain', 'periodStart'].map((c) => `PeriodApproval.${c}`),
    // Signed-off yearly reports (row-level security: the viewer's network's centers, or the services
    // the viewer's municipality contracts): the published copy with small counts already hidden, the
    // manager's narrative the law sends to the agency and the mayor, and the report's own keys and
    // dates. Never the raw "figures" (unsuppressed) nor "signedOffById" (a person).
    ...['centerId', 'createdAt', 'goalsResults', 'id', 'internalControl', 'publishedFigures', 'qualityProgramme', 'serviceType', 'signedOffAt', 'status', 'updatedAt', 'version', 'year'].map((c) => `YearlyReport.${c}`),
  ].sort();

  test('reads center-owned tables by column grant only where listed, column by column', async () => {
    const rows = await sqlAsOwner<{ col: string }>(
      db,
      `SELECT c.relname || '.' || a.attname AS col
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
          AND c.relname = ANY($1::text[])
          AND NOT has_table_privilege('opora_aggregate', c.oid, 'SELECT')
          AND has_column_privilege('opora_aggregate', c.oid, a.attnum, 'SELECT')
        ORDER BY 1`,
      centerOwnedTables,
    );
    expect(rows.map((r) => r.col).sort()).toEqual(EXPECTED_COLUMNS);
  });

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
    // PeriodApproval: a column grant (center, period, approved and changed dates; never who approved).
    const readable = new Set(['Membership', ...COUNT_ROLLUPS, 'Notification', 'YearlyReport', 'MunicipalServiceContract', 'PeriodApproval']);
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

describe('identities', () => {
  // Identity tables: User, AuthSession, LoginThrottle, and from the catalog any table without a
  // centerId that names a user or holds a secret (a hash, a code, a TOTP secret), so a new one
  // without row-level security fails here.
  let identityTables: string[];
  let kazanlakManager: string;
  let plovdivUsers: Set<string>;
  const RUNTIME_ROLES = ['opora_app', 'opora_aggregate', 'opora_auth'];

  beforeAll(async () => {
    const rows = await sqlAsOwner<{ table_name: string }>(
      db,
      `SELECT DISTINCT c.table_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema = 'public'
          AND (c.table_name IN ('User', 'AuthSession', 'LoginThrottle')
               OR ((c.column_name = 'userId' OR c.column_name ~* '(hash|secret|totp)')
                   AND c.table_name NOT IN (SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'centerId')
                   AND c.table_name NOT IN ('Membership', '_prisma_migrations')))
        ORDER BY 1`,
    );
    identityTables = rows.map((r) => r.table_name);
    const [k] = await sqlAsOwner<{ id: string }>(db, `SELECT id::text FROM "User" WHERE email = 'manager@kazanlak.opora.test'`);
    kazanlakManager = k!.id;
    const members = await sqlAsOwner<{ id: string }>(db, `SELECT DISTINCT "userId"::text AS id FROM "Membership" WHERE "centerId" = $1::uuid`, plovdiv);
    plovdivUsers = new Set(members.map((m) => m.id));
  });

  test('every identity table has row-level security enabled and forced', async () => {
    expect(identityTables).toEqual(expect.arrayContaining(['AuthSession', 'LoginThrottle', 'User']));
    const rows = await sqlAsOwner<{ relname: string; enabled: boolean; forced: boolean }>(
      db,
      `SELECT c.relname, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname = ANY($1::text[])`,
      identityTables,
    );
    expect(rows.filter((r) => !r.enabled || !r.forced).map((r) => r.relname)).toEqual([]);
    expect(rows).toHaveLength(identityTables.length);
  });

  test('no runtime role may read a password or token hash, change an email or hash, or touch the throttle', async () => {
    const rows = await sqlAsOwner<{ grant: string }>(
      db,
      `SELECT r.role || ' ' || p.privilege || ' ' || c.tbl || '.' || c.col AS grant
         FROM unnest($1::text[]) AS r(role)
        CROSS JOIN (VALUES ('User', 'passwordHash'), ('User', 'email'), ('AuthSession', 'tokenHash'), ('AuthSession', 'userId'),
                           ('LoginThrottle', 'key'), ('LoginThrottle', 'failures')) AS c(tbl, col)
        CROSS JOIN unnest(ARRAY['SELECT', 'UPDATE']) AS p(privilege)
        WHERE has_column_privilege(r.role, format('%I', c.tbl), c.col, p.privilege)
        ORDER BY 1`,
      RUNTIME_ROLES,
    );
    // What remains is reading one's own email (User) and own sessions' owner (AuthSession), under RLS.
    expect(rows.map((r) => r.grant)).toEqual([
      'opora_aggregate SELECT AuthSession.userId',
      'opora_aggregate SELECT User.email',
      'opora_app SELECT AuthSession.userId',
      'opora_app SELECT User.email',
    ]);
    for (const table of ['LoginThrottle']) {
      for (const role of RUNTIME_ROLES) {
        const [row] = await sqlAsOwner<{ any: boolean }>(
          db,
          `SELECT bool_or(has_table_privilege($1, format('%I', $2::text), p)) AS any
             FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p`,
          role,
          table,
        );
        expect({ role, table, any: row!.any }).toEqual({ role, table, any: false });
      }
    }
  });

  test("staff see their own row and their center's people, never a hash; they cannot change another user's email", async () => {
    const scope = asCenter(plovdiv);
    await expect(sqlAs(db, scope, `SELECT "passwordHash" FROM "User" LIMIT 1`)).rejects.toThrow(/permission denied/);
    await expect(sqlAs(db, scope, `SELECT * FROM "User" LIMIT 1`)).rejects.toThrow(/permission denied/);
    const seen = await sqlAs<{ id: string }>(db, scope, `SELECT id::text FROM "User"`);
    expect(new Set(seen.map((r) => r.id))).toEqual(new Set([...plovdivUsers, plovdivManager]));
    expect(seen.map((r) => r.id)).not.toContain(kazanlakManager);
    await expect(sqlAs(db, scope, `UPDATE "User" SET email = 'attacker@x.bg' WHERE id = $1::uuid`, kazanlakManager)).rejects.toThrow(/permission denied/);
    await expect(sqlAs(db, scope, `UPDATE "User" SET "passwordHash" = 'x' WHERE id = $1::uuid`, kazanlakManager)).rejects.toThrow(/permission denied/);
    // A colleague's name is readable but not writable: only one's own row.
    const colleague = [...plovdivUsers].find((id) => id !== plovdivManager)!;
    const changed = await inTenant(db.prisma, scope, (tx) => tx.$executeRawUnsafe(`UPDATE "User" SET "displayName" = 'X' WHERE id = $1::uuid`, colleague));
    expect(changed).toBe(0);
    const [email] = await sqlAsOwner<{ email: string }>(db, `SELECT email FROM "User" WHERE id = $1::uuid`, kazanlakManager);
    expect(email!.email).toBe('manager@kazanlak.opora.test');
  });

  test('network and municipal requests, and requests before sign-in, see only their own user row (or none)', async () => {
    const own = await sqlAs<{ id: string }>(db, { kind: 'aggregate', userId: plovdivManager }, `SELECT id::text FROM "User"`);
    expect(own.map((r) => r.id)).toEqual([plovdivManager]);
    const none = await sqlAs<{ n: number }>(db, { kind: 'anonymous' }, `SELECT count(*)::int AS n FROM "User"`);
    expect(none[0]!.n).toBe(0);
  });

  test("sessions: only one's own, never the token hash, never created directly", async () => {
    await sqlAsOwner(
      db,
      `INSERT INTO "AuthSession" ("tokenHash", "userId", "expiresAt") VALUES ('rls-test-a', $1::uuid, now() + interval '1 hour'), ('rls-test-b', $2::uuid, now() + interval '1 hour')`,
      plovdivManager,
      kazanlakManager,
    );
    const scope = asCenter(plovdiv);
    const mine = await sqlAs<{ userId: string }>(db, scope, `SELECT "userId"::text FROM "AuthSession"`);
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((r) => r.userId))).toEqual(new Set([plovdivManager]));
    await expect(sqlAs(db, scope, `SELECT "tokenHash" FROM "AuthSession"`)).rejects.toThrow(/permission denied/);
    await expect(
      sqlAs(db, scope, `INSERT INTO "AuthSession" ("tokenHash", "userId", "expiresAt") VALUES ('forged', $1::uuid, now())`, plovdivManager),
    ).rejects.toThrow(/permission denied/);
    const revoked = await inTenant(db.prisma, scope, (tx) => tx.$executeRawUnsafe(`UPDATE "AuthSession" SET "revokedAt" = now() WHERE "userId" = $1::uuid`, kazanlakManager));
    expect(revoked).toBe(0);
    // Ending another center's manager's sessions through the definer function is refused too.
    await expect(sqlAs(db, scope, `SELECT auth_end_sessions($1::uuid, NULL)`, kazanlakManager)).rejects.toThrow(/not allowed/);
  });

  test('only opora_auth may call the sign-in functions; they are SECURITY DEFINER with a fixed search_path', async () => {
    for (const scope of [asCenter(plovdiv), { kind: 'anonymous' } as TenantScope, { kind: 'aggregate', userId: plovdivManager } as TenantScope]) {
      await expect(sqlAs(db, scope, `SELECT * FROM auth_sign_in_lookup('manager@plovdiv.opora.test', '1.2.3.4', 1000)`)).rejects.toThrow(/permission denied/);
      await expect(sqlAs(db, scope, `SELECT auth_create_session($1::uuid, 'x', NULL, now()::timestamp, NULL, NULL)`, kazanlakManager)).rejects.toThrow(/permission denied/);
      await expect(sqlAs(db, scope, `SELECT auth_set_password($1::uuid, '$argon2id$x', NULL)`, kazanlakManager)).rejects.toThrow(/permission denied/);
      await expect(sqlAs(db, scope, `SELECT auth_rehash_password($1::uuid, 'a', '$argon2id$x')`, kazanlakManager)).rejects.toThrow(/permission denied/);
      await expect(sqlAs(db, scope, `SELECT 1 FROM "LoginThrottle"`)).rejects.toThrow(/permission denied/);
    }
    // opora_auth itself reads no table: only what the functions return.
    await expect(
      inTenant(db.prisma, { kind: 'anonymous' }, async (tx) => {
        await tx.$queryRawUnsafe(`SELECT set_config('role', 'opora_auth', true)`);
        return tx.$queryRawUnsafe(`SELECT id FROM "User" LIMIT 1`);
      }),
    ).rejects.toThrow(/permission denied/);
    const functions = await sqlAsOwner<{ proname: string; definer: boolean; config: string[] | null }>(
      db,
      `SELECT p.proname, p.prosecdef AS definer, p.proconfig AS config FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prosecdef ORDER BY 1`,
    );
    const auth = functions.filter((f) => f.proname.startsWith('auth_'));
    expect(auth.map((f) => f.proname)).toEqual(expect.arrayContaining(['auth_create_session', 'auth_sign_in_lookup', 'auth_viewer']));
    expect(functions.filter((f) => !(f.config ?? []).some((c) => c.startsWith('search_path='))).map((f) => f.proname)).toEqual([]);
    // Nothing a definer function can do is open to PUBLIC.
    const open = await sqlAsOwner<{ proname: string }>(
      db,
      `SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prosecdef AND p.proname LIKE 'auth\_%' AND has_function_privilege('public', p.oid, 'EXECUTE')`,
    );
    expect(open).toEqual([]);
  });
});

describe("the yearly report's second wall (as opora_aggregate, no API in between)", () => {
  // Signed-off reports of Plovdiv (two services) and Kazanlak, written as the owner; the Plovdiv
  // municipality contracts only Plovdiv's therapy service.
  let viewer: string;
  let analyst: string;
  let therapy: string;
  let advocacy: string;
  let kazanlakReport: string;
  let municipality: string;
  const FIGURES = '{"people":{"withRecord":2}}';
  const PUBLISHED = '{"people":{"withRecord":"x"}}';

  const signedOff = async (centerId: string, serviceType: string) => {
    const [row] = await sqlAsOwner<{ id: string }>(
      db,
      `INSERT INTO "YearlyReport" ("centerId", year, "serviceType", status, figures, "publishedFigures", "signedOffAt")
       VALUES ($1::uuid, 2024, $2::"LegalServiceType", 'SIGNED_OFF', $3::jsonb, $4::jsonb, now()) RETURNING id::text`,
      centerId,
      serviceType,
      FIGURES,
      PUBLISHED,
    );
    return row!.id;
  };
  const userOf = async (email: string) => (await sqlAsOwner<{ id: string }>(db, `SELECT id::text FROM "User" WHERE email = $1`, email))[0]!.id;
  const visible = async (userId: string) =>
    (await sqlAs<{ id: string }>(db, { kind: 'aggregate', userId }, `SELECT id::text FROM "YearlyReport" ORDER BY id`)).map((r) => r.id).sort();

  beforeAll(async () => {
    viewer = await userOf('viewer@plovdiv.municipality.opora.test');
    analyst = await userOf('analyst@network.opora.test');
    therapy = await signedOff(plovdiv, 'SP_PSYCHOLOGICAL_THERAPY');
    advocacy = await signedOff(plovdiv, 'SP_ADVOCACY_MEDIATION');
    kazanlakReport = await signedOff(kazanlak, 'SP_PSYCHOLOGICAL_THERAPY');
    const [m] = await sqlAsOwner<{ id: string }>(db, `SELECT "municipalityId"::text AS id FROM "Membership" WHERE "userId" = $1::uuid AND role = 'MUNICIPAL_VIEWER'`, viewer);
    municipality = m!.id;
    await sqlAsOwner(db, `INSERT INTO "MunicipalServiceContract" ("centerId", "municipalityId", "serviceType", since) VALUES ($1::uuid, $2::uuid, 'SP_PSYCHOLOGICAL_THERAPY', '2024-01-01')`, plovdiv, municipality);
  });

  test('a municipal viewer may not SELECT the raw figures nor who signed off; the published copy only', async () => {
    const scope: TenantScope = { kind: 'aggregate', userId: viewer };
    await expect(sqlAs(db, scope, `SELECT "figures" FROM "YearlyReport"`)).rejects.toThrow(/permission denied/);
    await expect(sqlAs(db, scope, `SELECT "signedOffById" FROM "YearlyReport"`)).rejects.toThrow(/permission denied/);
    await expect(sqlAs(db, scope, `SELECT * FROM "YearlyReport"`)).rejects.toThrow(/permission denied/);
    const rows = await sqlAs<{ id: string; published: unknown }>(db, scope, `SELECT id::text, "publishedFigures" AS published FROM "YearlyReport"`);
    expect(rows).toEqual([{ id: therapy, published: JSON.parse(PUBLISHED) }]);
    // Nor may it write.
    await expect(sqlAs(db, scope, `UPDATE "YearlyReport" SET "goalsResults" = 'x'`)).rejects.toThrow(/permission denied/);
  });

  test("a municipal viewer sees only the services its municipality contracts; another municipality's viewer none", async () => {
    expect(await visible(viewer)).toEqual([therapy]);
    expect(await visible(viewer)).not.toContain(advocacy);
    expect(await visible(await userOf('viewer@kazanlak.municipality.opora.test'))).toEqual([]);
    // Center staff running as the aggregate role (a forged setting) get no membership that lets them in.
    expect(await visible(plovdivManager)).toEqual([]);
  });

  test("a network analyst sees its network's centers only; a center of another network is invisible", async () => {
    expect(await visible(analyst)).toEqual([therapy, advocacy, kazanlakReport].sort());
    const [network] = await sqlAsOwner<{ id: string }>(db, `INSERT INTO "Network" (slug, "nameBg", "nameEn") VALUES ('rls-other', 'Друга мрежа', 'Other network') RETURNING id::text`);
    const [before] = await sqlAsOwner<{ id: string | null }>(db, `SELECT "networkId"::text AS id FROM "Center" WHERE id = $1::uuid`, kazanlak);
    await sqlAsOwner(db, `UPDATE "Center" SET "networkId" = $1::uuid WHERE id = $2::uuid`, network!.id, kazanlak);
    try {
      expect(await visible(analyst)).toEqual([therapy, advocacy].sort());
    } finally {
      await sqlAsOwner(db, `UPDATE "Center" SET "networkId" = $1::uuid WHERE id = $2::uuid`, before!.id, kazanlak);
    }
  });

  test('a draft is nobody\'s outside its center', async () => {
    const [draft] = await sqlAsOwner<{ id: string }>(db, `INSERT INTO "YearlyReport" ("centerId", year, "serviceType") VALUES ($1::uuid, 2023, 'SP_PSYCHOLOGICAL_THERAPY') RETURNING id::text`, plovdiv);
    expect(await visible(analyst)).not.toContain(draft!.id);
    expect(await visible(viewer)).not.toContain(draft!.id);
  });

  test('a signed-off report without its published copy is refused; its copy may be added once, nothing else changes', async () => {
    await expect(
      sqlAsOwner(db, `INSERT INTO "YearlyReport" ("centerId", year, "serviceType", status, figures, "signedOffAt") VALUES ($1::uuid, 2022, 'SP_PSYCHOLOGICAL_THERAPY', 'SIGNED_OFF', '{}', now())`, plovdiv),
    ).rejects.toThrow(/yearly_report_signed_off_is_published/);
    await expect(sqlAsOwner(db, `UPDATE "YearlyReport" SET "publishedFigures" = '{}' WHERE id = $1::uuid`, therapy)).rejects.toThrow(/not changed/);
  });
});
