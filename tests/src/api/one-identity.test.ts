import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi, type GraphQLResponse } from '../support/api.ts';

// One identity per request (issue 13, point 1). A person who manages Plovdiv and is a case
// worker in Kazanlak once sent one document: a manager-only field, `switchMembership` to the
// case-worker membership, then `addStaffMember(role: MANAGER)`, and the permission answer
// cached for the request made them a MANAGER where they are only a case worker. Now the
// request's viewer is fixed when it starts, and a mutation that changes identity or roles
// must be the only field of its operation: anything mixed with one is refused before it runs.

let api: TestApi;
let manager: string; // manages Plovdiv; also a case worker in Kazanlak (added below)
let plovdivMembership: string;
let kazanlakMembership: string;
let sessionId: string;

const ADD_MANAGER = (email: string) =>
  `addStaffMember(input: { email: "${email}", displayName: "Нов Ръководител", role: MANAGER }) { invitation { id role } }`;
const CREATE_TEAM = `createTeam(input: { nameBg: "Екип на смяната", nameEn: "Shift team", kind: OTHER }) { id }`;

async function snapshot() {
  const prisma = api.db.prisma;
  const session = await prisma.authSession.findUniqueOrThrow({ where: { id: sessionId } });
  return {
    users: await prisma.user.count(),
    memberships: await prisma.membership.count(),
    invitations: await prisma.staffInvitation.count(),
    teams: await prisma.team.count(),
    sessions: await prisma.authSession.count(),
    revoked: await prisma.authSession.count({ where: { revokedAt: { not: null } } }),
    audit: await prisma.auditEvent.count(),
    activeMembershipId: session.activeMembershipId,
    sessionRevoked: session.revokedAt,
  };
}

function expectRefused(result: { status: number; json: GraphQLResponse }, fields: string[]) {
  expect(result.status).toBe(400);
  expect(errorCodes(result.json)).toEqual(['IDENTITY_CHANGE_NOT_ALONE']);
  expect(result.json.data ?? null).toBeNull();
  const ext = result.json.errors![0]!.extensions!;
  expect(ext.fields).toEqual(fields);
  expect(ext.messageBg).toMatch(/единственото поле/);
  expect(ext.messageEn).toMatch(/only field of its operation/);
}

beforeAll(async () => {
  api = await TestApi.start();
  const prisma = api.db.prisma;
  const user = await prisma.user.findUniqueOrThrow({ where: { email: DEMO.plovdivManager } });
  const kazanlak = await prisma.center.findUniqueOrThrow({ where: { code: 'KZL' } });
  // Straight into the database: how a second membership comes about is not this test's concern.
  const extra = await prisma.membership.create({ data: { userId: user.id, centerId: kazanlak.id, role: 'CASE_WORKER' } });
  manager = await api.login(DEMO.plovdivManager);
  const view = await api.ok<{ viewer: { activeMembership: { id: string; role: string }; memberships: Array<{ id: string; role: string }> } }>(
    `{ viewer { activeMembership { id role } memberships { id role } } }`,
    {},
    manager,
  );
  expect(view.viewer.activeMembership.role).toBe('MANAGER');
  plovdivMembership = view.viewer.activeMembership.id;
  kazanlakMembership = view.viewer.memberships.find((m) => m.role === 'CASE_WORKER')!.id;
  expect(Buffer.from(kazanlakMembership, 'base64').toString()).toContain(extra.id);
  const session = await prisma.authSession.findFirstOrThrow({ where: { userId: user.id, revokedAt: null }, orderBy: { createdAt: 'desc' } });
  sessionId = session.id;
});
afterAll(async () => {
  await api?.stop();
});

describe('an identity change is a request of its own', () => {
  const auth = () => ({ authorization: `Bearer ${manager}` });

  test('the reported attack: manager field, switchMembership, addStaffMember(MANAGER): refused, nothing written', async () => {
    const before = await snapshot();
    const result = await api.post(
      {
        query: `mutation($kz: ID!) {
          ${CREATE_TEAM}
          switchMembership(membershipId: $kz) { activeMembership { role } }
          ${ADD_MANAGER('attack-1@opora.test')}
        }`,
        variables: { kz: kazanlakMembership },
      },
      auth(),
    );
    expectRefused(result, ['switchMembership']);
    expect(await snapshot()).toEqual(before);
    expect(await api.db.prisma.user.count({ where: { email: 'attack-1@opora.test' } })).toBe(0);
  });

  // Every mutation that changes identity or roles, with privileged fields before and after it.
  const IDENTITY_FIELDS: Array<{ name: string; field: () => string }> = [
    { name: 'switchMembership', field: () => `switchMembership(membershipId: "${kazanlakMembership}") { activeMembership { id } }` },
    { name: 'login', field: () => `login(email: "${DEMO.plovdivWorker}", password: "opora-demo") { token }` },
    { name: 'logout', field: () => `logout` },
  ];
  for (const { name, field } of IDENTITY_FIELDS) {
    for (const order of ['privileged first', 'identity change first'] as const) {
      test(`${name} with privileged fields, ${order}: refused before anything runs`, async () => {
        const before = await snapshot();
        const privileged = `${CREATE_TEAM}\n ${ADD_MANAGER(`mixed-${name}-${order.length}@opora.test`)}`;
        const body = order === 'privileged first' ? `${privileged}\n ${field()}` : `${field()}\n ${privileged}`;
        const result = await api.post({ query: `mutation { ${body} }` }, auth());
        expectRefused(result, [name]);
        // No session created, ended or switched; no team, user, membership or audit event.
        expect(await snapshot()).toEqual(before);
      });
    }
  }

  test('hiding the change in a fragment, an inline fragment or behind @skip changes nothing', async () => {
    const before = await snapshot();
    const shapes = [
      `mutation { ...Switch ${CREATE_TEAM} } fragment Switch on Mutation { switchMembership(membershipId: "${kazanlakMembership}") { activeMembership { id } } }`,
      `mutation { ... on Mutation { logout } ${CREATE_TEAM} }`,
      `mutation($no: Boolean = true) { logout @skip(if: $no) ${CREATE_TEAM} }`,
      `mutation { ${CREATE_TEAM} ... @include(if: false) { switchMembership(membershipId: "${kazanlakMembership}") { activeMembership { id } } } }`,
    ];
    for (const query of shapes) {
      const result = await api.post({ query }, auth());
      expect(result.status, query).toBe(400);
      expect(errorCodes(result.json), query).toEqual(['IDENTITY_CHANGE_NOT_ALONE']);
    }
    // Two identity changes together are mixed too.
    const twice = await api.post({ query: `mutation { a: logout b: logout }` }, auth());
    expectRefused(twice, ['logout']);
    expect(await snapshot()).toEqual(before);
  });

  test('alone, the switch takes effect from the next request; there the case worker cannot add a manager', async () => {
    const switched = await api.post(
      { query: `mutation($kz: ID!) { __typename switchMembership(membershipId: $kz) { activeMembership { id role } } }`, variables: { kz: kazanlakMembership } },
      auth(),
    );
    expect(switched.json.errors).toBeUndefined();
    // The answer shows the session as the next request will see it.
    expect(switched.json.data!.switchMembership.activeMembership).toEqual({ id: kazanlakMembership, role: 'CASE_WORKER' });
    expect((await api.db.prisma.authSession.findUniqueOrThrow({ where: { id: sessionId } })).activeMembershipId).not.toBeNull();

    const next = await api.ok<{ viewer: { activeMembership: { role: string } } }>(`{ viewer { activeMembership { role } } }`, {}, manager);
    expect(next.viewer.activeMembership.role).toBe('CASE_WORKER');
    const before = await snapshot();
    const attempt = await api.gql(`mutation { ${ADD_MANAGER('attack-2@opora.test')} }`, {}, manager);
    expect(errorCodes(attempt)).toEqual(['FORBIDDEN']);
    expect(await snapshot()).toEqual(before);

    // And back, for the rest of the file.
    await api.ok(`mutation($id: ID!) { switchMembership(membershipId: $id) { activeMembership { id } } }`, { id: plovdivMembership }, manager);
    const back = await api.ok<{ viewer: { activeMembership: { role: string } } }>(`{ viewer { activeMembership { role } } }`, {}, manager);
    expect(back.viewer.activeMembership.role).toBe('MANAGER');
  });

  test('sign-in alone answers the new session as data; the request itself stays anonymous', async () => {
    const result = await api.post({
      query: `mutation { login(email: "${DEMO.plovdivWorker}", password: "opora-demo") { token viewer { email displayName activeMembership { id role } } } }`,
    });
    expect(result.json.errors).toBeUndefined();
    const login = result.json.data!.login;
    expect(login.viewer.email).toBe(DEMO.plovdivWorker);
    expect(login.viewer.activeMembership.role).toBe('CASE_WORKER');
    const viewer = await api.ok<{ viewer: { user: { email: string } } }>(`{ viewer { user { email } } }`, {}, login.token);
    expect(viewer.viewer.user.email).toBe(DEMO.plovdivWorker);
  });
});

describe('no permission answer outlives the root field that changed it', () => {
  test('a lead worker hands the case over, then the same addCaseNote is refused: nothing is written', async () => {
    const worker = await api.login(DEMO.plovdivWorker);
    const mine = await api.ok<{ myCases: { edges: Array<{ node: { id: string; version: number; leadWorker: { id: string } | null } }> } }>(
      `{ myCases(first: 20) { edges { node { id version leadWorker { id } } } } viewer { activeMembership { id } } }`,
      {},
      worker,
    );
    const me = (await api.ok<{ viewer: { activeMembership: { id: string } } }>(`{ viewer { activeMembership { id } } }`, {}, worker)).viewer.activeMembership.id;
    const led = mine.myCases.edges.map((e) => e.node).find((c) => c.leadWorker?.id === me);
    expect(led, 'the demo worker leads a case').toBeDefined();
    const notesBefore = await api.db.prisma.note.count();
    // The same field with the same arguments twice: graphql-shield's 'strict' cache and the
    // case-team loader would both have answered the second from the first.
    const result = await api.gql(
      `mutation($id: ID!, $v: Int!, $lead: ID!) {
        first: addCaseNote(caseId: $id, body: "Бележка преди предаването") { id }
        assignCase(id: $id, version: $v, leadWorkerId: $lead, teamMemberIds: []) { id }
        second: addCaseNote(caseId: $id, body: "Бележка преди предаването") { id }
      }`,
      { id: led!.id, v: led!.version, lead: plovdivMembership },
      worker,
    );
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.errors![0]!.path).toEqual(['second']);
    // The whole document rolled back: no note, and the case still led by the worker.
    expect(await api.db.prisma.note.count()).toBe(notesBefore);
    const after = await api.ok<{ node: { leadWorker: { id: string } } }>(`query($id: ID!) { node(id: $id) { ... on Case { leadWorker { id } } } }`, { id: led!.id }, worker);
    expect(after.node.leadWorker.id).toBe(me);
  });
});
