import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type Database } from '@opora/prisma/db';
import { createLogger, createOporaServer, createRateLimits, type OporaServer } from '@opora/server';
import { testEngine } from '../support/engine.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { DEMO, DEMO_PASSWORD } from '../support/api.ts';

// Production connects as a login role that is not a superuser: the one-time set-up of the
// docs/security.md ("Production database roles"), done here for a throwaway login, then the real server
// on that login signs in and serves staff and network requests, and raw SQL on that login
// proves what the runtime roles cannot do. PostgreSQL only: PGlite has one superuser.
const onPostgres = testEngine() === 'postgres';
if (!onPostgres) console.log('[runtime-login] skipped: DATABASE_URL is not set (needs PostgreSQL)');

const login = `opora_server_${randomBytes(4).toString('hex')}`;
let owner: Database;
let runtime: Database;
let server: OporaServer;
let base: string;
let runtimeUrl: string;

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

describe.skipIf(!onPostgres)('the server on a non-superuser login role', () => {
  beforeAll(async () => {
    owner = await openTestDatabase();
    const ownerUrl = (owner.target as { url: string }).url;
    // The documented one-time set-up (docs/security.md), as the owner: a login that can only become the runtime roles.
    await owner.prisma.$executeRawUnsafe(`CREATE ROLE ${login} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT`);
    await owner.prisma.$executeRawUnsafe(`GRANT opora_app, opora_aggregate, opora_auth TO ${login}`);
    const url = new URL(ownerUrl);
    url.username = login;
    url.password = '';
    runtimeUrl = url.toString();
    runtime = openDatabase({ kind: 'postgres', url: runtimeUrl });
    const log = createLogger(process.env.OPORA_TEST_LOG ?? 'silent');
    server = createOporaServer({
      database: runtime,
      logger: log,
      rateLimits: createRateLimits({ logger: log, signIn: { points: 1000, durationS: 60 }, aggregate: { points: 1000, durationS: 60 } }),
    });
    base = await server.listen(0, '127.0.0.1');
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await runtime?.close();
    await owner?.prisma.$executeRawUnsafe(`DROP OWNED BY ${login}`).catch(() => {});
    await owner?.prisma.$executeRawUnsafe(`DROP ROLE IF EXISTS ${login}`).catch(() => {});
    await owner?.close();
  });

  test('the login is neither superuser nor BYPASSRLS, and inherits nothing', async () => {
    const [role] = await owner.prisma.$queryRawUnsafe<{ rolsuper: boolean; rolbypassrls: boolean; rolinherit: boolean }[]>(
      `SELECT rolsuper, rolbypassrls, rolinherit FROM pg_roles WHERE rolname = $1`,
      login,
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolinherit: false });
  });

  test('sign-in, a staff query, a network query and sign-out work on it', async () => {
    const signedIn = await gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: DEMO.plovdivWorker, p: DEMO_PASSWORD });
    expect(signedIn.errors).toBeUndefined();
    const token = signedIn.data.login.token as string;
    const staff = await gql(`{ viewer { user { email } } clients(first: 2) { totalCount } center { staff(first: 100) { edges { node { user { displayName email } } } } } }`, {}, token);
    expect(staff.errors).toBeUndefined();
    expect(staff.data.viewer.user.email).toBe(DEMO.plovdivWorker);
    expect(staff.data.clients.totalCount).toBeGreaterThan(0);
    // Colleagues' names and emails (row-level security lets the center's people through).
    expect(staff.data.center.staff.edges.map((e: { node: { user: { email: string } } }) => e.node.user.email)).toContain(DEMO.plovdivManager);
    const wrong = await gql(`mutation { login(email: "${DEMO.plovdivWorker}", password: "wrong-wrong") { token } }`);
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const analyst = await gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: DEMO.networkAnalyst, p: DEMO_PASSWORD });
    const network = await gql(`{ viewer { user { email } } }`, {}, analyst.data.login.token);
    expect(network.errors).toBeUndefined();
    expect((await gql(`mutation { logout }`, {}, token)).errors).toBeUndefined();
    expect((await gql(`{ clients(first: 1) { totalCount } }`, {}, token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test("on that login, no runtime role can read another user's password hash or change their email", async () => {
    const client = new pg.Client({ connectionString: runtimeUrl });
    await client.connect();
    try {
      const { rows: users } = await owner.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT id::text FROM "User" WHERE email = $1`, DEMO.kazanlakManager).then((rows) => ({ rows }));
      const other = users[0]!.id;
      // Without a role switch the login itself can read nothing (NOINHERIT).
      await expect(client.query(`SELECT id FROM "User" LIMIT 1`)).rejects.toThrow(/permission denied/);
      for (const role of ['opora_app', 'opora_aggregate', 'opora_auth']) {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('role', $1, true), set_config('app.user_id', $2, true)`, [role, other]);
        await expect(client.query(`SELECT "passwordHash" FROM "User" WHERE id = $1`, [other]), role).rejects.toThrow(/permission denied/);
        await client.query('ROLLBACK');
        await client.query('BEGIN');
        await client.query(`SELECT set_config('role', $1, true)`, [role]);
        await expect(client.query(`UPDATE "User" SET email = 'attacker@x.bg' WHERE id = $1`, [other]), role).rejects.toThrow(/permission denied/);
        await client.query('ROLLBACK');
      }
      // Nor become a superuser or the owner.
      await expect(client.query(`SET ROLE postgres`)).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});
