import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '@opora/prisma/db';
import type { TenantScope } from '@opora/prisma/tenant';
import { openTestDatabase } from '../support/test-database.ts';
import { sqlAs, sqlAsOwner } from '../support/sql.ts';

// Restriction of processing (GDPR Art. 18) in the database's own wall (migrations
// 20261204163000_restriction_of_processing and 20261205130000_restriction_group_places_contacts,
// which adds group places, their attendance and open-access contacts): raw SQL as the runtime role, no API in between. A
// restricted person's row and every row about them is invisible to a worker of the center and
// cannot be written (an UPDATE finds nothing, an INSERT fails the policy); the manager reads and
// writes as before; once lifted, the worker works again.

let db: Database;
let kazanlak: string;
let manager: string;
let worker: string;
let personId: string;
let caseId: string;
let sessionId: string;
let placeId: string;
let service: { service: string; kind: string; mode: string; format: string };

const as = (userId: string): TenantScope => ({ kind: 'center', centerId: kazanlak, userId });
const owner = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => sqlAsOwner<T>(db, sql, ...params);

/** What a caller sees of the person: their row, their cases, sessions, notes, consents, household memberships. */
async function seen(userId: string) {
  const [row] = await sqlAs<Record<string, number>>(
    db,
    as(userId),
    `SELECT (SELECT count(*)::int FROM "Client" WHERE id = $1::uuid) AS client,
            (SELECT count(*)::int FROM "Case" WHERE "childId" = $1::uuid) AS cases,
            (SELECT count(*)::int FROM "Session" WHERE "caseId" = $2::uuid) AS sessions,
            (SELECT count(*)::int FROM "SessionClient" WHERE "clientId" = $1::uuid) AS "sessionClients",
            (SELECT count(*)::int FROM "Note" WHERE "caseId" = $2::uuid OR "sessionId" IN (SELECT id FROM "Session" WHERE "caseId" = $2::uuid)) AS notes,
            (SELECT count(*)::int FROM "Assessment" WHERE "caseId" = $2::uuid) AS assessments,
            (SELECT count(*)::int FROM "HouseholdMember" WHERE "clientId" = $1::uuid) AS households,
            (SELECT count(*)::int FROM "GroupProgramParticipant" WHERE "clientId" = $1::uuid) AS "groupPlaces",
            (SELECT count(*)::int FROM "Attendance" WHERE "participantId" = $3::uuid) AS attendance,
            (SELECT count(*)::int FROM "OpenAccessContact" WHERE "clientId" = $1::uuid) AS "openAccess"`,
    personId,
    caseId,
    placeId,
  );
  return row!;
}

const insertSession = (userId: string) =>
  sqlAs<{ id: string }>(
    db,
    as(userId),
    `INSERT INTO "Session" ("centerId", "startsAt", "durationMinutes", "serviceId", kind, mode, format, "caseId")
     VALUES ($1::uuid, now(), 45, $2::uuid, $3::"SessionKind", $4::"DeliveryMode", $5::"SessionFormat", $6::uuid) RETURNING id::text`,
    kazanlak, service.service, service.kind, service.mode, service.format, caseId,
  );

const updateCase = (userId: string, reason: string) =>
  sqlAs<{ id: string }>(db, as(userId), `UPDATE "Case" SET "referralReason" = $2 WHERE id = $1::uuid RETURNING id::text`, caseId, reason);
const updateSession = (userId: string) =>
  sqlAs<{ id: string }>(db, as(userId), `UPDATE "Session" SET "durationMinutes" = "durationMinutes" + 1 WHERE id = $1::uuid RETURNING id::text`, sessionId);
const updateClient = (userId: string, phone: string) =>
  sqlAs<{ id: string }>(db, as(userId), `UPDATE "Client" SET phone = $2 WHERE id = $1::uuid RETURNING id::text`, personId, phone);

beforeAll(async () => {
  db = await openTestDatabase();
  kazanlak = (await owner<{ id: string }>(`SELECT id::text FROM "Center" WHERE slug = 'kazanlak'`))[0]!.id;
  const users = await owner<{ id: string; email: string }>(`SELECT id::text, email FROM "User" WHERE email IN ('manager@kazanlak.opora.test', 'psychologist@kazanlak.opora.test')`);
  manager = users.find((u) => u.email.startsWith('manager'))!.id;
  worker = users.find((u) => u.email.startsWith('psychologist'))!.id;
  // A demo case with sessions, a note and a household: its person is the one restricted.
  const [c] = await owner<{ id: string; person: string; session: string }>(
    `SELECT k.id::text, k."childId"::text AS person, s.id::text AS session FROM "Case" k
       JOIN "Session" s ON s."centerId" = k."centerId" AND s."caseId" = k.id
      WHERE k."centerId" = $1::uuid
        AND EXISTS (SELECT 1 FROM "HouseholdMember" m WHERE m."clientId" = k."childId")
        AND EXISTS (SELECT 1 FROM "SessionClient" sc WHERE sc."clientId" = k."childId")
      ORDER BY k.number LIMIT 1`,
    kazanlak,
  );
  caseId = c!.id;
  personId = c!.person;
  sessionId = c!.session;
  await owner(`INSERT INTO "Note" ("centerId", "caseId", "authorId", body) SELECT $1::uuid, $2::uuid, id, 'Бележка преди ограничаването' FROM "Membership" WHERE "centerId" = $1::uuid AND "userId" = $3::uuid`, kazanlak, caseId, manager);
  // A place in a group programme with an attendance, and an open-access contact under their name.
  const [meeting] = await owner<{ program: string; meeting: string }>(
    `SELECT m."programId"::text AS program, m.id::text AS meeting FROM "GroupMeeting" m WHERE m."centerId" = $1::uuid ORDER BY m."startsAt" LIMIT 1`,
    kazanlak,
  );
  placeId = (await owner<{ id: string }>(
    `INSERT INTO "GroupProgramParticipant" ("centerId", "programId", "clientId", "enrolledOn") VALUES ($1::uuid, $2::uuid, $3::uuid, current_date) RETURNING id::text`,
    kazanlak, meeting!.program, personId,
  ))[0]!.id;
  await owner(`INSERT INTO "Attendance" ("centerId", "meetingId", "participantId", present) VALUES ($1::uuid, $2::uuid, $3::uuid, true)`, kazanlak, meeting!.meeting, placeId);
  await owner(
    `INSERT INTO "OpenAccessContact" ("centerId", "occurredOn", "serviceId", channel, "clientId")
     SELECT $1::uuid, current_date, s.id, 'IN_PERSON', $2::uuid FROM "CenterService" s WHERE s."centerId" = $1::uuid ORDER BY s."nameBg" LIMIT 1`,
    kazanlak, personId,
  );
  service = (await owner<typeof service>(
    `SELECT "serviceId"::text AS service, kind::text, mode::text, format::text FROM "Session" WHERE id = $1::uuid`,
    sessionId,
  ))[0]!;
}, 600_000);

afterAll(async () => {
  await db?.close();
});

describe('restriction of processing in the database', () => {
  let before: Record<string, number>;

  test('before the restriction a worker sees the person and everything about them', async () => {
    before = await seen(worker);
    expect(before).toMatchObject({ client: 1, cases: expect.any(Number) });
    for (const k of ['client', 'cases', 'sessions', 'sessionClients', 'notes', 'households', 'groupPlaces', 'attendance', 'openAccess']) expect(before[k], k).toBeGreaterThan(0);
    expect(await seen(manager)).toEqual(before);
  });

  test('restricted: a worker sees none of it; the manager sees all of it', async () => {
    await owner(`UPDATE "Client" SET "restrictedAt" = now(), "restrictionReason" = 'Оспорва точността' WHERE id = $1::uuid`, personId);
    expect(await seen(worker)).toEqual({ client: 0, cases: 0, sessions: 0, sessionClients: 0, notes: 0, assessments: 0, households: 0, groupPlaces: 0, attendance: 0, openAccess: 0 });
    expect(await seen(manager)).toEqual(before);
    // The database says why the rows are missing, to anyone in the center.
    const [r] = await sqlAs<{ client: boolean; kase: boolean; session: boolean; other: boolean }>(
      db, as(worker),
      `SELECT app_record_is_restricted($1::uuid) AS client, app_record_is_restricted($2::uuid) AS kase, app_record_is_restricted($3::uuid) AS session,
              app_record_is_restricted(gen_random_uuid()) AS other`,
      personId, caseId, sessionId,
    );
    expect(r).toEqual({ client: true, kase: true, session: true, other: false });
  });

  test('a worker’s UPDATE of the case, a session or the person changes nothing; an INSERT of a session on the case is refused', async () => {
    const [{ n: sessionsBefore }] = (await owner<{ n: number }>(`SELECT count(*)::int AS n FROM "Session" WHERE "caseId" = $1::uuid`, caseId)) as [{ n: number }];
    expect(await updateCase(worker, 'Промяна от служител')).toEqual([]);
    expect(await updateSession(worker)).toEqual([]);
    expect(await updateClient(worker, '+359800000001')).toEqual([]);
    await expect(insertSession(worker)).rejects.toThrow(/row-level security|policy/i);
    // A note on the case, or re-opening the person by clearing the restriction, is refused too.
    await expect(
      sqlAs(db, as(worker), `INSERT INTO "Note" ("centerId", "caseId", "authorId", body) SELECT $1::uuid, $2::uuid, id, 'x' FROM "Membership" WHERE "centerId" = $1::uuid AND "userId" = $3::uuid`, kazanlak, caseId, worker),
    ).rejects.toThrow(/row-level security|policy/i);
    // Nor may a worker mark the person present at a meeting, or record a contact under their name.
    expect(await sqlAs(db, as(worker), `UPDATE "Attendance" SET present = false WHERE "participantId" = $1::uuid RETURNING 1`, placeId)).toEqual([]);
    await expect(
      sqlAs(db, as(worker),
        `INSERT INTO "OpenAccessContact" ("centerId", "occurredOn", "serviceId", channel, "clientId")
         SELECT $1::uuid, current_date, s.id, 'PHONE', $2::uuid FROM "CenterService" s WHERE s."centerId" = $1::uuid ORDER BY s."nameBg" LIMIT 1`,
        kazanlak, personId),
    ).rejects.toThrow(/row-level security|policy/i);
    const [after] = await owner<{ reason: string | null; phone: string | null; sessions: number; restricted: boolean }>(
      `SELECT k."referralReason" AS reason, cl.phone, cl."restrictedAt" IS NOT NULL AS restricted,
              (SELECT count(*)::int FROM "Session" WHERE "caseId" = k.id) AS sessions
         FROM "Case" k JOIN "Client" cl ON cl.id = k."childId" WHERE k.id = $1::uuid`,
      caseId,
    );
    expect(after!.reason).not.toBe('Промяна от служител');
    expect(after!.phone).not.toBe('+359800000001');
    expect(after!.sessions).toBe(sessionsBefore);
    expect(after!.restricted).toBe(true);
  });

  test('the manager updates the case and the session and adds a session while the restriction stands', async () => {
    expect(await updateCase(manager, 'Уточнение от ръководителя')).toEqual([{ id: caseId }]);
    expect(await updateSession(manager)).toEqual([{ id: sessionId }]);
    const added = await insertSession(manager);
    expect(added).toHaveLength(1);
    await owner(`DELETE FROM "Session" WHERE id = $1::uuid`, added[0]!.id);
  });

  test('the restricted person still counts in the rollups: the owner’s refresh reads every row', async () => {
    const [row] = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM "Session" WHERE "caseId" = $1::uuid`, caseId);
    // aggregate_refresh() is SECURITY DEFINER: it runs as the owner, whom these policies do not narrow.
    const [definer] = await owner<{ secdef: boolean }>(`SELECT prosecdef AS secdef FROM pg_proc WHERE proname = 'aggregate_refresh'`);
    expect(definer!.secdef).toBe(true);
    expect(row!.n).toBeGreaterThan(0);
  });

  test('lifted: the worker sees and changes the record again', async () => {
    await owner(`UPDATE "Client" SET "restrictedAt" = NULL, "restrictionReason" = NULL WHERE id = $1::uuid`, personId);
    expect((await seen(worker)).client).toBe(1);
    expect((await seen(worker)).sessions).toBeGreaterThan(0);
    expect(await updateCase(worker, 'Промяна след вдигането')).toEqual([{ id: caseId }]);
    const added = await insertSession(worker);
    expect(added).toHaveLength(1);
  });
});

// 20261206091000_restriction_contract_representative: a parent restricted as a person takes with
// them the contracts they signed as a child's legal representative (the child's case stays open).
describe('restriction of a contract’s legal representative', () => {
  let contractId: string;
  let representativeId: string;
  let childCaseId: string;

  const contractSeen = async (userId: string) =>
    (await sqlAs<Record<string, number>>(
      db,
      as(userId),
      `SELECT (SELECT count(*)::int FROM "Contract" WHERE id = $1::uuid) AS contract,
              (SELECT count(*)::int FROM "ContractService" WHERE "contractId" = $1::uuid) AS services,
              (SELECT count(*)::int FROM "Case" WHERE id = $2::uuid) AS "case"`,
      contractId,
      childCaseId,
    ))[0]!;

  test('restricted representative: a worker neither sees nor changes the contract, nor names them in a new one; the manager does', async () => {
    const [k] = await owner<{ id: string; rep: string; kase: string }>(
      `SELECT k.id::text, k."representativeId"::text AS rep, k."caseId"::text AS kase FROM "Contract" k
        WHERE k."centerId" = $1::uuid AND k."representativeId" IS NOT NULL AND k."representativeId" <> $2::uuid
          AND EXISTS (SELECT 1 FROM "ContractService" s WHERE s."contractId" = k.id)
        ORDER BY k.number LIMIT 1`,
      kazanlak,
      personId,
    );
    contractId = k!.id;
    representativeId = k!.rep;
    childCaseId = k!.kase;
    const open = await contractSeen(worker);
    expect(open).toEqual({ contract: 1, services: expect.any(Number), case: 1 });
    expect(open.services).toBeGreaterThan(0);

    await owner(`UPDATE "Client" SET "restrictedAt" = now(), "restrictionReason" = 'Оспорва точността' WHERE id = $1::uuid`, representativeId);
    expect(await contractSeen(worker)).toEqual({ contract: 0, services: 0, case: 1 });
    expect(await contractSeen(manager)).toEqual(open);
    const [why] = await sqlAs<{ r: boolean }>(db, as(worker), `SELECT app_record_is_restricted($1::uuid) AS r`, contractId);
    expect(why!.r).toBe(true);
    // No extension, no change of term, no contract naming them anew.
    expect(await sqlAs(db, as(worker), `UPDATE "Contract" SET "endNote" = 'x' WHERE id = $1::uuid RETURNING 1`, contractId)).toEqual([]);
    await expect(
      sqlAs(db, as(worker),
        `INSERT INTO "ContractExtension" ("centerId", "contractId", "extendedOn", "previousEndsOn", "newEndsOn", ground)
         VALUES ($1::uuid, $2::uuid, current_date, current_date, current_date + 30, 'x')`,
        kazanlak, contractId),
    ).rejects.toThrow(/row-level security|policy|foreign key/i);
    const [row] = await owner<{ template: string }>(
      `SELECT format('(%L::uuid, %L::uuid, %L, %L::date, %L::date, %L::date, %L::uuid, %L::uuid)', "centerId", "caseId", number || '-2', "contractDate", "startsOn", "endsOn", "representativeId", "providerSignatoryId") AS template
         FROM "Contract" WHERE id = $1::uuid`,
      contractId,
    );
    await expect(
      sqlAs(db, as(worker),
        `INSERT INTO "Contract" ("centerId", "caseId", number, "contractDate", "startsOn", "endsOn", "representativeId", "providerSignatoryId") VALUES ${row!.template}`),
    ).rejects.toThrow(/row-level security|policy/i);
    expect(await sqlAs(db, as(manager), `UPDATE "Contract" SET "endNote" = "endNote" WHERE id = $1::uuid RETURNING 1`, contractId)).toHaveLength(1);
  });

  test('lifted: the worker sees the contract again', async () => {
    await owner(`UPDATE "Client" SET "restrictedAt" = NULL, "restrictionReason" = NULL WHERE id = $1::uuid`, representativeId);
    expect((await contractSeen(worker)).contract).toBe(1);
  });
});
