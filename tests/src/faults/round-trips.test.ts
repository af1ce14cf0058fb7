import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deferToCommit, inSignedInTenant, sqlLiteral } from '@opora/prisma/tenant';
import { hashToken } from '@opora/schema';
import { DEMO, TestApi } from '../support/api.ts';
import { testEngine } from '../support/engine.ts';
import { sqlAsOwner } from '../support/sql.ts';

// The work that rides on a transaction's BEGIN and COMMIT messages (prisma/src/round-trips.ts):
// the request's audit rows go in COMMIT's message as literals, so what they hold, what a failure
// leaves behind and how a value is quoted are checked here, as an attacker's user agent would try.
const onPostgres = testEngine() === 'postgres';

// Quotes, backslashes (the E'' form), a backslash before a quote, SQL that would end the
// statement if it were pasted in, and letters and symbols of any script.
const NASTY = [
  `Mozilla/5.0 (it's "quoted")`,
  `C:\\path\\to\\agent`,
  `\\'; DROP TABLE "AuditEvent"; --`,
  `'); COMMIT; DELETE FROM "AuditEvent"; --`,
  `Опора 🙂 ünïcödé \u2028 tab\tand\nnewline`,
  `$$ dollar $tag$ quoted $$`,
  `''''`,
  `\\`,
];

let api: TestApi;
let manager: string;
beforeAll(async () => {
  api = await TestApi.start();
  manager = await api.login(DEMO.kazanlakManager);
});
afterAll(async () => {
  await api?.stop();
});

const READ = `{ clients(first: 2) { edges { node { id fullName } } } }`;

describe('the audit rows of a request', () => {
  test('hold exactly the user agent the request sent, whatever its characters', async () => {
    // A header carries printable ASCII only (the rest is checked through sqlLiteral below).
    for (const userAgent of NASTY.filter((ua) => /^[\x20-\x7e]*$/.test(ua))) {
      const requestId = `rt-${randomBytes(6).toString('hex')}`;
      const trips = await api.countRoundTrips(async () => {
        const { json } = await api.post({ query: READ }, { authorization: `Bearer ${manager}`, 'user-agent': userAgent, 'x-request-id': requestId });
        expect(json.errors).toBeUndefined();
      });
      const rows = await sqlAsOwner<{ userAgent: string; listName: string; recordCount: number }>(
        api.db,
        `SELECT "userAgent", "listName", "recordCount" FROM "AuditEvent" WHERE "requestId" = $1`,
        requestId,
      );
      expect(rows).toEqual([{ userAgent, listName: 'clients', recordCount: 2 }]);
      // (A session's "last use" may follow in a transaction of its own: not the last message, then.)
      if (onPostgres) expect(trips.filter((t) => /^INSERT INTO "AuditEvent".*; COMMIT$/s.test(t))).toHaveLength(1);
      else expect(trips).toEqual([]);
    }
    // The table is whole: nothing a user agent said was run.
    const [count] = await sqlAsOwner<{ n: bigint }>(api.db, `SELECT count(*) AS n FROM "AuditEvent"`);
    expect(Number(count!.n)).toBeGreaterThan(0);
  });
});

describe('sqlLiteral', () => {
  test('refuses what cannot be a literal', () => {
    expect(() => sqlLiteral('a\0b')).toThrow(/NUL/);
    expect(() => sqlLiteral(1.5)).toThrow(/integer/);
    expect(() => sqlLiteral(2 ** 53)).toThrow(/integer/);
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(-42)).toBe('-42');
  });

  test.skipIf(!onPostgres)('PostgreSQL reads every string back as it was, whatever standard_conforming_strings says', async () => {
    const client = new pg.Client({ connectionString: (api.db.target as { url: string }).url });
    await client.connect();
    try {
      for (const conforming of ['on', 'off']) {
        await client.query(`SET standard_conforming_strings = ${conforming}`);
        for (const text of NASTY) {
          // The simple protocol, as the round trips send it.
          const result = (await client.query(`SELECT ${sqlLiteral(text)}::text AS v; SELECT 1 AS after`)) as unknown as pg.QueryResult[];
          expect(result[0]!.rows[0].v).toBe(text);
          expect(result[1]!.rows[0].after).toBe(1);
        }
      }
    } finally {
      await client.end();
    }
  });
});

describe.skipIf(!onPostgres)('a statement deferred to COMMIT', () => {
  test('that fails rolls back the whole transaction, the error reaches the caller, and no connection stays in it', async () => {
    const requestId = `rt-${randomBytes(6).toString('hex')}`;
    const kept = `rt-${randomBytes(6).toString('hex')}`;
    const attempt = inSignedInTenant(
      api.db.prisma,
      hashToken(manager),
      async (tx, session) => {
        expect(session?.ok).toBe(true);
        const insert = (id: string) =>
          `INSERT INTO "AuditEvent" ("centerId", "userId", "membershipId", "action", "entityType", "requestId")
           VALUES (${sqlLiteral(session!.center_id)}, ${sqlLiteral(session!.user_id)}, ${sqlLiteral(session!.membership_id)}, 'READ', 'Client', ${sqlLiteral(id)})`;
        // A write of the transaction's own, then two deferred statements, the second failing.
        await tx.$executeRawUnsafe(insert(kept));
        expect(deferToCommit(tx, insert(requestId))).toBe(true);
        expect(deferToCommit(tx, `SELECT 1 / 0`)).toBe(true);
      },
      { statementTimeoutMs: 5_000 },
    );
    await expect(attempt).rejects.toThrow(/division by zero|22012/);
    const written = await sqlAsOwner(api.db, `SELECT "requestId" FROM "AuditEvent" WHERE "requestId" = ANY($1::text[])`, [requestId, kept]);
    expect(written).toEqual([]);
    // No connection of the pool was left in the failed transaction…
    const admin = new pg.Client({ connectionString: (api.db.target as { url: string }).url });
    await admin.connect();
    try {
      const stuck = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
      expect(stuck.rows[0].n).toBe(0);
    } finally {
      await admin.end();
    }
    // …and every connection serves the next requests (more requests than the pool has connections).
    for (let i = 0; i < 12; i++) expect((await api.gql(READ, {}, manager)).errors).toBeUndefined();
  });

  test('is refused when the transaction did not begin through the pool (it runs at once instead)', async () => {
    const answer = await inSignedInTenant(api.db.prisma, hashToken(manager), async (tx) => deferToCommit(tx, 'SELECT 1'), { isolationLevel: 'Serializable', statementTimeoutMs: 5_000 });
    expect(answer).toBe(false);
  });
});
