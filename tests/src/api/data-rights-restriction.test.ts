import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { message } from '@opora/common/messages';
import { isoDay, today } from '@opora/common/calendar';
import { DEMO, TestApi, type GraphQLResponse } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';

// Restriction of processing (GDPR Art. 18, issue #19 item 4) through the API: while the manager
// has restricted a person, a worker's attempts to change the person, log a session on their case,
// print the case's file or list their household answer FORBIDDEN with the recordRestricted message
// in both languages and change nothing (the database's own wall is tested in
// tests/src/isolation/restriction-of-processing.test.ts); the manager reads and works as before;
// once the manager lifts it, the worker works again.

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const RESTRICTED = { bg: message('recordRestricted', 'bg'), en: message('recordRestricted', 'en') };

let api: TestApi;
let manager: string;
let worker: string;
let kazanlak: string;
let personId: string;
let caseId: string;
let householdId: string;
let serviceId: string;
let person: { kind: string; firstName: string; lastName: string; sex: string | null; phone: string | null };

const owner = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => sqlAsOwner<T>(api.db, sql, ...params);

function expectRestricted(result: GraphQLResponse, path?: string) {
  const error = result.errors?.find((e) => !path || e.path?.join('.') === path);
  expect(error, JSON.stringify(result.errors)).toBeDefined();
  expect(error!.extensions).toMatchObject({ code: 'FORBIDDEN', restricted: true, messageBg: RESTRICTED.bg, messageEn: RESTRICTED.en });
  expect(error!.message).toBe(RESTRICTED.bg);
}

async function state() {
  const [row] = await owner<{ phone: string | null; version: number; sessions: number; notes: number; events: number }>(
    `SELECT cl.phone, cl.version,
            (SELECT count(*)::int FROM "Session" WHERE "caseId" = $2::uuid) AS sessions,
            (SELECT count(*)::int FROM "Note" WHERE "caseId" = $2::uuid) AS notes,
            (SELECT count(*)::int FROM "AuditEvent" WHERE "entityId" IN ($1::text, $2::text) AND action <> 'READ') AS events
       FROM "Client" cl WHERE cl.id = $1::uuid`,
    personId,
    caseId,
  );
  return row!;
}

const updateClient = (token: string, version: number, phone: string) =>
  api.gql(
    `mutation($id: ID!, $version: Int!, $input: ClientInput!) { updateClient(id: $id, version: $version, input: $input) { id phone } }`,
    { id: gid('Client', personId), version, input: { kind: person.kind, firstName: person.firstName, lastName: person.lastName, sex: person.sex, phone } },
    token,
  );

const logSession = (token: string) =>
  api.gql(
    `mutation($input: LogSessionInput!) { logSession(input: $input) { replayed } }`,
    { input: { session: { startsAt: `${isoDay(today())}T08:00:00.000Z`, durationMinutes: 45, serviceId: gid('CenterService', serviceId), kind: 'CONSULTATION', caseId: gid('Case', caseId) }, note: { body: 'Разговор с детето' } } },
    token,
  );

const household = (token: string) =>
  api.gql(`query($id: ID!) { node(id: $id) { ... on Household { name members { relationship } } } }`, { id: gid('Household', householdId) }, token);

const caseFile = (token: string) =>
  fetch(`${api.url}/documents/case-file/${gid('Case', caseId)}.pdf`, { headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' } });

beforeAll(async () => {
  api = await TestApi.start();
  manager = await api.login(DEMO.kazanlakManager);
  worker = await api.login(DEMO.kazanlakPsychologist);
  kazanlak = (await owner<{ id: string }>(`SELECT id::text FROM "Center" WHERE slug = 'kazanlak'`))[0]!.id;
  // A case of a person in a household, led by the psychologist (so only the restriction can refuse her).
  const [k] = await owner<{ id: string; person: string; household: string; service: string }>(
    `SELECT k.id::text, k."childId"::text AS person, m."householdId"::text AS household, s."serviceId"::text AS service
       FROM "Case" k JOIN "HouseholdMember" m ON m."centerId" = k."centerId" AND m."clientId" = k."childId"
       JOIN "Session" s ON s."centerId" = k."centerId" AND s."caseId" = k.id
      WHERE k."centerId" = $1::uuid AND k.status NOT IN ('CLOSED') ORDER BY k.number LIMIT 1`,
    kazanlak,
  );
  caseId = k!.id;
  personId = k!.person;
  householdId = k!.household;
  serviceId = k!.service;
  await owner(
    `UPDATE "Case" SET "leadWorkerId" = (SELECT m.id FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $2 AND m."centerId" = $3::uuid) WHERE id = $1::uuid`,
    caseId, DEMO.kazanlakPsychologist, kazanlak,
  );
  [person] = await owner<typeof person>(`SELECT kind::text, "firstName", "lastName", sex::text, phone FROM "Client" WHERE id = $1::uuid`, personId) as [typeof person];
}, 600_000);

afterAll(async () => {
  await api?.stop();
});

describe('restriction of processing through the API', () => {
  test('before the restriction the worker reads the household and prints the case file', async () => {
    const listed = await household(worker);
    expect(listed.errors).toBeUndefined();
    expect((listed.data!.node as { members: unknown[] }).members.length).toBeGreaterThan(0);
    expect((await caseFile(worker)).status).toBe(200);
  });

  test('the manager restricts the person; the worker’s changes, session, printout and household list are refused and nothing changes', async () => {
    const restricted = await api.gql(`mutation($id: ID!) { restrictClient(id: $id, reason: "Оспорва точността на данните") { id restricted } }`, { id: gid('Client', personId) }, manager);
    expect(restricted.errors).toBeUndefined();
    const before = await state();

    expectRestricted(await updateClient(worker, before.version, '+359800000777'));
    expectRestricted(await logSession(worker));
    expectRestricted(await household(worker), 'node.members');
    expectRestricted(await api.gql(`query($id: ID!) { node(id: $id) { id ... on Client { firstName } } }`, { id: gid('Client', personId) }, worker), 'node');

    const printed = await caseFile(worker);
    expect(printed.status).toBe(403);
    const body = (await printed.json()) as GraphQLResponse;
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', messageEn: RESTRICTED.en, messageBg: RESTRICTED.bg });
    expect(body.errors![0]!.message).toBe(RESTRICTED.en);

    // The worker's lists no longer hold the person.
    const listed = await api.ok<{ clients: { edges: { node: { id: string } }[] } }>(
      `query($search: String) { clients(search: $search, first: 50) { edges { node { id } } } }`, { search: person.lastName }, worker,
    );
    expect(listed.clients.edges.map((e) => e.node.id)).not.toContain(gid('Client', personId));

    expect(await state()).toEqual(before);
  });

  test('the manager reads the person, lists the household and prints the file while the restriction stands', async () => {
    const seen = await api.ok<{ node: { firstName: string; restricted: boolean } }>(
      `query($id: ID!) { node(id: $id) { ... on Client { firstName restricted } } }`, { id: gid('Client', personId) }, manager,
    );
    expect(seen.node).toEqual({ firstName: person.firstName, restricted: true });
    const listed = await household(manager);
    expect(listed.errors).toBeUndefined();
    expect((listed.data!.node as { members: unknown[] }).members.length).toBeGreaterThan(0);
    expect((await caseFile(manager)).status).toBe(200);
  });

  test('lifted, the worker changes the person, logs a session, prints the file and lists the household again', async () => {
    const lifted = await api.gql(`mutation($id: ID!) { liftClientRestriction(id: $id) { id restricted } }`, { id: gid('Client', personId) }, manager);
    expect(lifted.errors).toBeUndefined();
    const before = await state();
    const updated = await updateClient(worker, before.version, '+359800000778');
    expect(updated.errors).toBeUndefined();
    await expect(logSession(worker).then((r) => r.errors)).resolves.toBeUndefined();
    expect((await household(worker)).errors).toBeUndefined();
    expect((await caseFile(worker)).status).toBe(200);
    const after = await state();
    expect(after.phone).toBe('+359800000778');
    expect(after.sessions).toBe(before.sessions + 1);
  });
});

// A parent restricted as a person takes with them the contract they signed as the child's legal
// representative (migration 20261206091000): the child's case stays open to its worker, who is told
// that the case has a contract they cannot see (Case.contractHidden), is offered none of its acts,
// and whose new contract is refused as restricted (not a conflict with a contract they cannot see).
describe('a case whose contract a restricted representative signed', () => {
  let kase: string;
  let representative: string;

  const caseSeen = (token: string) =>
    api.ok<{ node: { contractHidden: boolean; actions: string[]; contracts: { id: string }[] } }>(
      `query($id: ID!) { node(id: $id) { ... on Case { contractHidden actions contracts { id } } } }`,
      { id: gid('Case', kase) },
      token,
    );
  const contractActs = (actions: string[]) => actions.filter((a) => a.endsWith('_CONTRACT'));
  const contracts = async () => (await owner<{ n: number }>(`SELECT count(*)::int AS n FROM "Contract" WHERE "caseId" = $1::uuid`, kase))[0]!.n;

  test('the worker is told of a contract they cannot see, offered none of its acts, and a new contract is refused as restricted; the manager works as before', async () => {
    const [k] = await owner<{ kase: string; rep: string }>(
      `SELECT k."caseId"::text AS kase, k."representativeId"::text AS rep FROM "Contract" k JOIN "Case" c ON c."centerId" = k."centerId" AND c.id = k."caseId"
        WHERE k."centerId" = $1::uuid AND k.status <> 'ENDED' AND c.status = 'ACTIVE' AND k."representativeId" IS NOT NULL
          AND k."representativeId" <> $2::uuid AND c."childId" <> $2::uuid
          AND EXISTS (SELECT 1 FROM "SupportPlan" p WHERE p."caseId" = c.id AND p.status = 'ACTIVE')
        ORDER BY k.number LIMIT 1`,
      kazanlak,
      personId,
    );
    expect(k, 'an active Kazanlak case with a live contract signed by a representative').toBeDefined();
    kase = k!.kase;
    representative = k!.rep;
    // The psychologist on the case's team: only the restriction may refuse her.
    await owner(
      `INSERT INTO "CaseTeamMember" ("centerId", "caseId", "membershipId")
       SELECT $1::uuid, $2::uuid, m.id FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."centerId" = $1::uuid AND u.email = $3
       ON CONFLICT DO NOTHING`,
      kazanlak,
      kase,
      DEMO.kazanlakPsychologist,
    );
    const open = await caseSeen(worker);
    expect(open.node.contractHidden).toBe(false);
    expect(open.node.contracts.length).toBeGreaterThan(0);
    expect(contractActs(open.node.actions).length).toBeGreaterThan(0);

    const restricted = await api.gql(`mutation($id: ID!) { restrictClient(id: $id, reason: "Оспорва точността на данните") { id } }`, { id: gid('Client', representative) }, manager);
    expect(restricted.errors).toBeUndefined();

    const hidden = await caseSeen(worker);
    expect(hidden.node.contractHidden).toBe(true);
    expect(hidden.node.contracts).toEqual([]);
    expect(contractActs(hidden.node.actions)).toEqual([]);
    expect(hidden.node.actions).toContain('CLOSE');

    const before = await contracts();
    const day = isoDay(today());
    const created = await api.gql(
      `mutation($caseId: ID!, $input: ContractInput!) { createContract(caseId: $caseId, input: $input) { replayed } }`,
      { caseId: gid('Case', kase), input: { contractDate: day, startsOn: day, endsOn: `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`, serviceIds: [gid('CenterService', serviceId)] } },
      worker,
    );
    expectRestricted(created, 'createContract');
    expect(await contracts()).toBe(before);

    const managerSees = await caseSeen(manager);
    expect(managerSees.node.contractHidden).toBe(false);
    expect(managerSees.node.contracts.length).toBe(open.node.contracts.length);
    expect(contractActs(managerSees.node.actions)).toEqual(contractActs(open.node.actions));

    const lifted = await api.gql(`mutation($id: ID!) { liftClientRestriction(id: $id) { id } }`, { id: gid('Client', representative) }, manager);
    expect(lifted.errors).toBeUndefined();
    expect((await caseSeen(worker)).node).toEqual(open.node);
  });
});
