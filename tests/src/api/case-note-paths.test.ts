import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi, type GraphQLResponse } from '../support/api.ts';

// Every path to a case note obeys the case-team rule (issue 13, point 5). `addCaseNote` always
// needed the case team; `logSession` and `quickLogVisit` attached a note to any case of the
// center, and `updateSession` carried a session's notes onto any case. Each path is tried here
// by a staff member of the center who is not on the case team (Kazanlak's mobile worker): a
// write is refused and writes nothing; a RESTRICTED body reads as null with FORBIDDEN on every
// path that reaches a note.

let api: TestApi;
let outsider: string; // Kazanlak's mobile worker: center staff, not on the case's team
let manager: string;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

let refs: {
  centerId: string;
  caseId: string; // the outsider is not on its team
  ownCaseId: string; // the outsider is on its team
  serviceId: string;
  mobileServiceId: string;
  restrictedNoteId: string;
  sessionWithNoteId: string;
};

const LOG = `mutation($input: LogSessionInput!) { logSession(input: $input) { session { id notes { id } } } }`;
const QUICK = `mutation($input: QuickLogVisitInput!) { quickLogVisit(input: $input) { session { id notes { id } } } }`;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

async function counts() {
  const p = api.db.prisma;
  return {
    notes: await p.note.count({ where: { centerId: refs.centerId } }),
    sessions: await p.session.count({ where: { centerId: refs.centerId } }),
    notesOnCase: await p.note.count({ where: { caseId: refs.caseId } }),
  };
}

function expectNoteRefused(result: GraphQLResponse) {
  expect(errorCodes(result)).toEqual(['FORBIDDEN']);
  expect(result.errors![0]!.extensions!.messageBg).toMatch(/екипът на случая/);
  expect(result.errors![0]!.extensions!.messageEn).toMatch(/case team/);
}

beforeAll(async () => {
  api = await TestApi.start({ queryTimeoutMs: 60_000, transactionTimeoutMs: 60_000 });
  outsider = await api.login(DEMO.kazanlakMobile);
  manager = await api.login(DEMO.kazanlakManager);
  const p = api.db.prisma;
  const kazanlak = await p.center.findUniqueOrThrow({ where: { slug: 'kazanlak' } });
  const mobile = await p.membership.findFirstOrThrow({ where: { user: { email: DEMO.kazanlakMobile }, centerId: kazanlak.id } });
  const notMine = { centerId: kazanlak.id, status: { not: 'CLOSED' as const }, leadWorkerId: { not: mobile.id }, teamMembers: { none: { membershipId: mobile.id } } };
  const theCase = await p.case.findFirstOrThrow({ where: notMine, orderBy: { id: 'asc' } });
  const own = await p.case.findFirstOrThrow({ where: { ...notMine, id: { not: theCase.id } }, orderBy: { id: 'desc' } });
  await p.caseTeamMember.create({ data: { centerId: kazanlak.id, caseId: own.id, membershipId: mobile.id } });
  const service = (code: string) => p.centerService.findFirstOrThrow({ where: { centerId: kazanlak.id, serviceKind: { code } } }).then((s) => s.id);
  const serviceId = await service('PSYCHOLOGICAL_THERAPY');

  // The manager writes a RESTRICTED note on the case, and logs a session on it with one.
  const note = await api.ok<{ addCaseNote: { id: string } }>(
    `mutation($id: ID!) { addCaseNote(caseId: $id, body: "Поверително: разказ на детето.", confidentiality: RESTRICTED) { id } }`,
    { id: gid('Case', theCase.id) },
    manager,
  );
  const logged = await api.ok<{ logSession: { session: { id: string } } }>(
    LOG,
    {
      input: {
        session: { startsAt: hoursAgo(3), durationMinutes: 40, serviceId: gid('CenterService', serviceId), kind: 'THERAPY', caseId: gid('Case', theCase.id) },
        note: { body: 'Поверително от сесията.', confidentiality: 'RESTRICTED' },
      },
    },
    manager,
  );
  refs = {
    centerId: kazanlak.id,
    caseId: theCase.id,
    ownCaseId: own.id,
    serviceId,
    mobileServiceId: await service('MOBILE_COMMUNITY_WORK'),
    restrictedNoteId: note.addCaseNote.id,
    sessionWithNoteId: logged.logSession.session.id,
  };
});
afterAll(async () => {
  await api?.stop();
});

describe('writing a case note needs the case team, on every path', () => {
  test('addCaseNote', async () => {
    const before = await counts();
    const result = await api.gql(`mutation($id: ID!) { addCaseNote(caseId: $id, body: "опит") { id } }`, { id: gid('Case', refs.caseId) }, outsider);
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(await counts()).toEqual(before);
  });

  test('logSession with a note: refused whole; the same session without a note is logged', async () => {
    const session = { startsAt: hoursAgo(2), durationMinutes: 30, serviceId: gid('CenterService', refs.serviceId), kind: 'CONSULTATION', caseId: gid('Case', refs.caseId) };
    for (const confidentiality of ['TEAM', 'RESTRICTED']) {
      const before = await counts();
      const result = await api.gql(LOG, { input: { session, note: { body: 'бележка на външен', confidentiality } } }, outsider);
      expectNoteRefused(result);
      expect(await counts()).toEqual(before);
    }
    const before = await counts();
    const plain = await api.ok<{ logSession: { session: { notes: unknown[] } } }>(LOG, { input: { session } }, outsider);
    expect(plain.logSession.session.notes).toEqual([]);
    expect(await counts()).toEqual({ ...before, sessions: before.sessions + 1 });
  });

  test('quickLogVisit with a note: refused whole; the visit without a note is logged', async () => {
    const before = await counts();
    const input = { caseId: gid('Case', refs.caseId), kind: 'HOME_VISIT', serviceId: gid('CenterService', refs.mobileServiceId) };
    const result = await api.gql(QUICK, { input: { ...input, note: 'Семейството е добре.' } }, outsider);
    expectNoteRefused(result);
    expect(await counts()).toEqual(before);
    const plain = await api.ok<{ quickLogVisit: { session: { notes: unknown[] } } }>(QUICK, { input }, outsider);
    expect(plain.quickLogVisit.session.notes).toEqual([]);
  });

  test('on their own case the same staff member writes notes on every path', async () => {
    const before = await counts();
    const session = { startsAt: hoursAgo(1), durationMinutes: 30, serviceId: gid('CenterService', refs.serviceId), kind: 'CONSULTATION', caseId: gid('Case', refs.ownCaseId) };
    await api.ok(LOG, { input: { session, note: { body: 'своя бележка' } } }, outsider);
    await api.ok(QUICK, { input: { caseId: gid('Case', refs.ownCaseId), kind: 'HOME_VISIT', serviceId: gid('CenterService', refs.mobileServiceId), note: 'посещение' } }, outsider);
    await api.ok(`mutation($id: ID!) { addCaseNote(caseId: $id, body: "своя") { id } }`, { id: gid('Case', refs.ownCaseId) }, outsider);
    expect((await counts()).notes).toBe(before.notes + 3);
  });

  test('updateSession cannot carry a session’s notes onto (or off) a case whose team the editor is not on', async () => {
    const session = { startsAt: hoursAgo(4), durationMinutes: 30, serviceId: gid('CenterService', refs.serviceId), kind: 'CONSULTATION', caseId: gid('Case', refs.ownCaseId) };
    const logged = await api.ok<{ logSession: { session: { id: string; notes: Array<{ id: string }> } } }>(
      LOG,
      { input: { session, note: { body: 'бележка, която не бива да се мести', confidentiality: 'RESTRICTED' } } },
      outsider,
    );
    const before = await counts();
    const moved = await api.gql(
      `mutation($id: ID!, $input: SessionInput!) { updateSession(id: $id, version: 1, input: $input) { id } }`,
      { id: logged.logSession.session.id, input: { ...session, caseId: gid('Case', refs.caseId) } },
      outsider,
    );
    expectNoteRefused(moved);
    expect(await counts()).toEqual(before);
    const sessionId = Buffer.from(logged.logSession.session.id, 'base64url').toString().split(':')[1]!;
    expect((await api.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).caseId).toBe(refs.ownCaseId);
    // Off the case the editor is not on: the manager's session on the case, with the outsider
    // added as its staff so that they may edit it.
    const managerSession = Buffer.from(refs.sessionWithNoteId, 'base64url').toString().split(':')[1]!;
    const mobile = await api.db.prisma.membership.findFirstOrThrow({ where: { user: { email: DEMO.kazanlakMobile }, centerId: refs.centerId } });
    await api.db.prisma.sessionStaff.create({ data: { centerId: refs.centerId, sessionId: managerSession, membershipId: mobile.id } });
    const off = await api.gql(
      `mutation($id: ID!, $input: SessionInput!) { updateSession(id: $id, version: 1, input: $input) { id } }`,
      { id: refs.sessionWithNoteId, input: { ...session, caseId: gid('Case', refs.ownCaseId) } },
      outsider,
    );
    expectNoteRefused(off);
    expect(await counts()).toEqual(before);
    // A session with no note moves freely: no note changes case.
    const bare = await api.ok<{ logSession: { session: { id: string } } }>(LOG, { input: { session } }, outsider);
    await api.ok(`mutation($id: ID!, $input: SessionInput!) { updateSession(id: $id, version: 1, input: $input) { id } }`, {
      id: bare.logSession.session.id,
      input: { ...session, caseId: gid('Case', refs.caseId) },
    }, outsider);
  });
});

describe('reading a RESTRICTED note’s body, on every path that reaches a note', () => {
  const PATHS: Array<{ name: string; query: string; vars: () => Record<string, unknown>; bodies: (data: any) => unknown[] }> = [
    {
      name: 'Case.notes',
      query: `query($id: ID!) { node(id: $id) { ... on Case { notes(first: 50) { edges { node { id confidentiality body } } } } } }`,
      vars: () => ({ id: gid('Case', refs.caseId) }),
      bodies: (d) => d.node.notes.edges.filter((e: any) => e.node.confidentiality === 'RESTRICTED').map((e: any) => e.node.body),
    },
    {
      name: 'Session.notes',
      query: `query($id: ID!) { node(id: $id) { ... on Session { notes { id confidentiality body } } } }`,
      vars: () => ({ id: refs.sessionWithNoteId }),
      bodies: (d) => d.node.notes.map((n: any) => n.body),
    },
    {
      name: 'node(id) of the note',
      query: `query($id: ID!) { node(id: $id) { ... on Note { id body } } }`,
      vars: () => ({ id: refs.restrictedNoteId }),
      bodies: (d) => [d.node.body],
    },
    {
      name: 'Case.sessions → Session.notes',
      query: `query($id: ID!) { node(id: $id) { ... on Case { sessions(first: 50) { edges { node { notes { confidentiality body } } } } } } }`,
      vars: () => ({ id: gid('Case', refs.caseId) }),
      bodies: (d) => d.node.sessions.edges.flatMap((e: any) => e.node.notes.filter((n: any) => n.confidentiality === 'RESTRICTED').map((n: any) => n.body)),
    },
  ];
  for (const path of PATHS) {
    test(path.name, async () => {
      const denied = await api.gql(path.query, path.vars(), outsider);
      const hidden = path.bodies(denied.data);
      expect(hidden.length).toBeGreaterThan(0);
      expect(hidden.every((b) => b === null)).toBe(true);
      expect(new Set(errorCodes(denied))).toEqual(new Set(['FORBIDDEN']));
      // The manager reads them.
      const allowed = await api.ok(path.query, path.vars(), manager);
      expect(path.bodies(allowed).every((b) => typeof b === 'string' && b.length > 0)).toBe(true);
    });
  }
});
