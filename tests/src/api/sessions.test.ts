import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi, type GraphQLResponse } from '../support/api.ts';
import { addDays, isoDay, today } from '@opora/common/calendar';

// Sessions: logging delivered work (individual, home, field, online), the mobile team's
// quick visit with retries, lists by case / worker / date, edits, deletes, and isolation.

let api: TestApi;
let mobile: string;
let psychologist: string;
let kazanlakManager: string;
let plovdivManager: string;

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

let kzl: { centerId: string; mobileMembershipId: string; psychologistMembershipId: string };
let refs: {
  caseId: string; // a Kazanlak case with no session yet
  caseChildId: string;
  caseChildSettlementId: string;
  otherClientId: string;
  mobileServiceId: string;
  therapyServiceId: string;
  villageId: string; // a village of Kazanlak municipality
  plovdivClientId: string;
  plovdivCaseId: string;
  plovdivSessionId: string;
};

const SESSION_FIELDS = `id startsAt durationMinutes kind mode format version
  service { id } settlement { id } case { id number }
  clients { id } staff { id } notes { confidentiality body }`;

const LOG = `mutation($input: LogSessionInput!, $key: String) {
  logSession(input: $input, idempotencyKey: $key) { replayed session { ${SESSION_FIELDS} } }
}`;
const QUICK = `mutation($input: QuickLogVisitInput!, $key: String) {
  quickLogVisit(input: $input, idempotencyKey: $key) { replayed session { ${SESSION_FIELDS} } }
}`;

const sessionCount = () => api.db.prisma.session.count({ where: { centerId: kzl.centerId } });
const noteCount = () => api.db.prisma.note.count({ where: { centerId: kzl.centerId } });

function fieldPaths(result: GraphQLResponse): string[] {
  return (result.errors?.[0]?.extensions?.fields ?? []).map((f: { path: string }) => f.path);
}

beforeAll(async () => {
  // Generous deadlines: these tests check behaviour, not speed, and CI machines get busy.
  api = await TestApi.start({ queryTimeoutMs: 60_000, transactionTimeoutMs: 60_000 });
  // One at a time: sign-in is throttled and the server sheds bursts.
  mobile = await api.login(DEMO.kazanlakMobile);
  psychologist = await api.login(DEMO.kazanlakPsychologist);
  kazanlakManager = await api.login(DEMO.kazanlakManager);
  plovdivManager = await api.login(DEMO.plovdivManager);
  const p = api.db.prisma;
  const kazanlak = await p.center.findUniqueOrThrow({ where: { slug: 'kazanlak' } });
  const plovdiv = await p.center.findUniqueOrThrow({ where: { slug: 'plovdiv' } });
  const membershipOf = (email: string) =>
    p.membership.findFirstOrThrow({ where: { user: { email }, centerId: kazanlak.id } }).then((m) => m.id);
  kzl = {
    centerId: kazanlak.id,
    mobileMembershipId: await membershipOf(DEMO.kazanlakMobile),
    psychologistMembershipId: await membershipOf(DEMO.kazanlakPsychologist),
  };
  const freshCase = await p.case.findFirstOrThrow({
    where: { centerId: kazanlak.id, sessions: { none: {} }, firstSessionOn: null, person: { settlementId: { not: null }, kind: 'CHILD' } },
    include: { person: true },
  });
  const otherClient = await p.client.findFirstOrThrow({ where: { centerId: kazanlak.id, id: { not: freshCase.personId } } });
  // The mobile worker and the psychologist write notes on this case: they are on its team
  // (a note needs the case team; tests/src/api/case-note-paths.test.ts).
  await p.caseTeamMember.createMany({
    data: [kzl.mobileMembershipId, kzl.psychologistMembershipId].map((membershipId) => ({ centerId: kazanlak.id, caseId: freshCase.id, membershipId })),
    skipDuplicates: true,
  });
  const service = (centerId: string, code: string) =>
    p.centerService.findFirstOrThrow({ where: { centerId, serviceKind: { code } } }).then((s) => s.id);
  const village = await p.settlement.findFirstOrThrow({ where: { kind: 'VILLAGE', municipalityId: kazanlak.municipalityId } });
  const plovdivClient = await p.client.findFirstOrThrow({ where: { centerId: plovdiv.id } });
  const plovdivCase = await p.case.findFirstOrThrow({ where: { centerId: plovdiv.id } });
  const plovdivSession = await p.session.findFirstOrThrow({ where: { centerId: plovdiv.id } });
  refs = {
    caseId: freshCase.id,
    caseChildId: freshCase.personId,
    caseChildSettlementId: freshCase.person.settlementId!,
    otherClientId: otherClient.id,
    mobileServiceId: await service(kazanlak.id, 'MOBILE_COMMUNITY_WORK'),
    therapyServiceId: await service(kazanlak.id, 'PSYCHOLOGICAL_THERAPY'),
    villageId: village.id,
    plovdivClientId: plovdivClient.id,
    plovdivCaseId: plovdivCase.id,
    plovdivSessionId: plovdivSession.id,
  };
});

afterAll(async () => {
  await api?.stop();
});

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe('logging sessions', () => {
  test('an individual session on a case brings the child, the viewer as staff, a restricted note, and sets the first session', async () => {
    const notesBefore = await noteCount();
    const startsAt = hoursAgo(2);
    const data = await api.ok(
      LOG,
      {
        input: {
          session: {
            startsAt,
            durationMinutes: 50,
            serviceId: gid('CenterService', refs.therapyServiceId),
            kind: 'THERAPY',
            caseId: gid('Case', refs.caseId),
          },
          note: { body: 'Детето разказа за случилото се.', confidentiality: 'RESTRICTED' },
        },
      },
      psychologist,
    );
    const s = data.logSession.session;
    expect(data.logSession.replayed).toBe(false);
    expect(s).toMatchObject({
      durationMinutes: 50,
      kind: 'THERAPY',
      mode: 'IN_CENTER',
      format: 'INDIVIDUAL',
      version: 1,
      settlement: null,
      case: { id: gid('Case', refs.caseId) },
      clients: [{ id: gid('Client', refs.caseChildId) }],
      staff: [{ id: gid('Membership', kzl.psychologistMembershipId) }],
      notes: [{ confidentiality: 'RESTRICTED', body: 'Детето разказа за случилото се.' }],
    });
    expect(await noteCount()).toBe(notesBefore + 1);
    const theCase = await api.db.prisma.case.findUniqueOrThrow({ where: { id: refs.caseId } });
    expect(theCase.firstSessionOn).not.toBeNull();
    const note = await api.db.prisma.note.findFirstOrThrow({ where: { sessionId: Buffer.from(s.id, 'base64url').toString().split(':')[1] } });
    expect(note.caseId).toBe(refs.caseId);
    const audit = await api.db.prisma.auditEvent.count({ where: { action: 'CREATE', entityType: 'Session', entityId: note.sessionId! } });
    expect(audit).toBe(1);
  });

  test('an earlier session moves the case’s first session back; a later one does not', async () => {
    const before = (await api.db.prisma.case.findUniqueOrThrow({ where: { id: refs.caseId } })).firstSessionOn!;
    const input = (startsAt: string) => ({
      session: { startsAt, durationMinutes: 30, serviceId: gid('CenterService', refs.therapyServiceId), kind: 'CONSULTATION', caseId: gid('Case', refs.caseId) },
    });
    await api.ok(LOG, { input: input(hoursAgo(24 * 10)) }, psychologist);
    const moved = (await api.db.prisma.case.findUniqueOrThrow({ where: { id: refs.caseId } })).firstSessionOn!;
    expect(moved.getTime()).toBeLessThan(before.getTime());
    await api.ok(LOG, { input: input(hoursAgo(1)) }, psychologist);
    const after = (await api.db.prisma.case.findUniqueOrThrow({ where: { id: refs.caseId } })).firstSessionOn!;
    expect(after.getTime()).toBe(moved.getTime());
  });

  test('a home visit takes the child’s settlement; a field visit takes the one given', async () => {
    const home = await api.ok(
      LOG,
      {
        input: {
          session: {
            startsAt: hoursAgo(3),
            durationMinutes: 90,
            serviceId: gid('CenterService', refs.mobileServiceId),
            kind: 'HOME_VISIT',
            caseId: gid('Case', refs.caseId),
          },
        },
      },
      mobile,
    );
    expect(home.logSession.session).toMatchObject({ mode: 'AT_HOME', settlement: { id: gid('Settlement', refs.caseChildSettlementId) } });

    const field = await api.ok(
      LOG,
      {
        input: {
          session: {
            startsAt: hoursAgo(4),
            durationMinutes: 120,
            serviceId: gid('CenterService', refs.mobileServiceId),
            kind: 'FIELD_VISIT',
            settlementId: gid('Settlement', refs.villageId),
            clientIds: [gid('Client', refs.otherClientId)],
          },
        },
      },
      mobile,
    );
    expect(field.logSession.session).toMatchObject({
      mode: 'FIELD',
      case: null,
      settlement: { id: gid('Settlement', refs.villageId) },
      clients: [{ id: gid('Client', refs.otherClientId) }],
    });
  });

  test('an online group session with several clients and two staff members', async () => {
    const data = await api.ok(
      LOG,
      {
        input: {
          session: {
            startsAt: hoursAgo(5),
            durationMinutes: 60,
            serviceId: gid('CenterService', refs.therapyServiceId),
            kind: 'CONSULTATION',
            mode: 'ONLINE',
            format: 'GROUP',
            clientIds: [gid('Client', refs.caseChildId), gid('Client', refs.otherClientId)],
            staffIds: [gid('Membership', kzl.psychologistMembershipId), gid('Membership', kzl.mobileMembershipId)],
          },
        },
      },
      psychologist,
    );
    const s = data.logSession.session;
    expect(s).toMatchObject({ mode: 'ONLINE', format: 'GROUP', case: null });
    expect(s.clients).toHaveLength(2);
    expect(s.staff).toHaveLength(2);
  });

  test('bad input is refused with translated field errors and nothing is written', async () => {
    const sessionsBefore = await sessionCount();
    const notesBefore = await noteCount();
    const base = {
      startsAt: hoursAgo(1),
      durationMinutes: 45,
      serviceId: gid('CenterService', refs.mobileServiceId),
      kind: 'CONSULTATION',
      clientIds: [gid('Client', refs.otherClientId)],
    };
    const note = { body: 'не трябва да се запише' };

    const zero = await api.gql(LOG, { input: { session: { ...base, durationMinutes: 0 }, note } }, mobile);
    expect(errorCodes(zero)).toEqual(['BAD_USER_INPUT']);
    expect(fieldPaths(zero)).toEqual(['input.session.durationMinutes']);
    expect(zero.errors![0]!.extensions!.fields[0].message).toBe('Трябва да е поне 1.');

    const tooLong = await api.gql(LOG, { input: { session: { ...base, durationMinutes: 721 } } }, mobile, { 'accept-language': 'en' });
    expect(tooLong.errors![0]!.extensions!.fields[0]).toMatchObject({ path: 'input.session.durationMinutes', message: 'Must be at most 720.' });

    // A field visit defaults to where the client lives; a client with no settlement needs one given.
    const nowhere = await api.db.prisma.client.create({
      data: { centerId: kzl.centerId, kind: 'ADULT', firstName: 'Без', lastName: 'Адрес', searchName: 'bez adres', birthYear: 1985 },
      select: { id: true },
    });
    const noPlace = await api.gql(LOG, { input: { session: { ...base, clientIds: [gid('Client', nowhere.id)], kind: 'FIELD_VISIT' }, note } }, mobile);
    expect(errorCodes(noPlace)).toEqual(['BAD_USER_INPUT']);
    expect(fieldPaths(noPlace)).toEqual(['input.session.settlementId']);

    const nobody = await api.gql(LOG, { input: { session: { ...base, clientIds: [] } } }, mobile);
    expect(fieldPaths(nobody)).toEqual(['input.session.clientIds']);

    const foreignClient = await api.gql(
      LOG,
      { input: { session: { ...base, clientIds: [gid('Client', refs.plovdivClientId)] }, note } },
      mobile,
    );
    expect(errorCodes(foreignClient)).toEqual(['BAD_USER_INPUT']);
    expect(foreignClient.errors![0]!.extensions!.fields).toMatchObject([{ path: 'input.session.clientIds.0', messageBg: 'Избраният запис не съществува.' }]);

    const foreignCase = await api.gql(LOG, { input: { session: { ...base, caseId: gid('Case', refs.plovdivCaseId) }, note } }, mobile);
    expect(errorCodes(foreignCase)).toEqual(['NOT_FOUND']);

    const future = await api.gql(LOG, { input: { session: { ...base, startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString() } } }, mobile);
    expect(fieldPaths(future)).toEqual(['input.session.startsAt']);

    expect(await sessionCount()).toBe(sessionsBefore);
    expect(await noteCount()).toBe(notesBefore);
  });
});

describe('quick visit of the mobile team', () => {
  test('a retry with the same idempotency key creates one session', async () => {
    const before = await sessionCount();
    const input = { clientId: gid('Client', refs.caseChildId) };
    const first = await api.ok(QUICK, { input, key: 'phone-42-visit-0001' }, mobile);
    const again = await api.ok(QUICK, { input, key: 'phone-42-visit-0001' }, mobile);
    expect(first.quickLogVisit.replayed).toBe(false);
    expect(again.quickLogVisit.replayed).toBe(true);
    expect(again.quickLogVisit.session.id).toBe(first.quickLogVisit.session.id);
    expect(await sessionCount()).toBe(before + 1);
    expect(first.quickLogVisit.session).toMatchObject({
      kind: 'HOME_VISIT',
      mode: 'AT_HOME',
      durationMinutes: 45,
      service: { id: gid('CenterService', refs.mobileServiceId) },
      settlement: { id: gid('Settlement', refs.caseChildSettlementId) },
      staff: [{ id: gid('Membership', kzl.mobileMembershipId) }],
    });
    // The same key with other input is refused.
    const other = await api.gql(QUICK, { input: { ...input, durationMinutes: 60 }, key: 'phone-42-visit-0001' }, mobile);
    expect(errorCodes(other)).toEqual(['BAD_USER_INPUT']);
    expect(await sessionCount()).toBe(before + 1);
  });

  test('a field visit by case defaults to the child’s settlement, or goes where it is told', async () => {
    const before = await sessionCount();
    // Issue #15, item 9: the family's place, never the center's town.
    const home = await api.ok(QUICK, { input: { caseId: gid('Case', refs.caseId), kind: 'FIELD_VISIT' } }, mobile);
    const visited = await api.db.prisma.session.findUniqueOrThrow({ where: { id: Buffer.from(home.quickLogVisit.session.id, 'base64url').toString('utf8').split(':')[1]! } });
    expect(visited.settlementId).toBe(refs.caseChildSettlementId);
    const ok = await api.ok(
      QUICK,
      { input: { caseId: gid('Case', refs.caseId), kind: 'FIELD_VISIT', settlementId: gid('Settlement', refs.villageId), note: 'Семейството е добре.' } },
      mobile,
    );
    expect(ok.quickLogVisit.session).toMatchObject({ mode: 'FIELD', case: { id: gid('Case', refs.caseId) }, notes: [{ confidentiality: 'TEAM' }] });
    expect(await sessionCount()).toBe(before + 2);
  });

  test('nobody to visit is a field error; another center’s client is unknown', async () => {
    const nobody = await api.gql(QUICK, { input: {} }, mobile);
    expect(fieldPaths(nobody)).toEqual(['input.clientId']);
    const foreign = await api.gql(QUICK, { input: { clientId: gid('Client', refs.plovdivClientId) } }, mobile);
    expect(errorCodes(foreign)).toEqual(['BAD_USER_INPUT']);
    expect(fieldPaths(foreign)).toEqual(['input.clientId']);
  });
});

describe('lists', () => {
  test('sessions by case, by worker and by date range, newest first', async () => {
    const byCase = await api.ok(
      `query($caseId: ID) { sessions(caseId: $caseId, first: 50) { totalCount edges { node { startsAt case { id } } } } }`,
      { caseId: gid('Case', refs.caseId) },
      mobile,
    );
    // The log lists what was held (planned, missed and cancelled work is in the calendar: planned-work.test.ts).
    const dbCount = await api.db.prisma.session.count({ where: { caseId: refs.caseId, status: 'HELD' } });
    expect(byCase.sessions.totalCount).toBe(dbCount);
    expect(dbCount).toBeGreaterThanOrEqual(5);
    const times = byCase.sessions.edges.map((e: { node: { startsAt: string } }) => e.node.startsAt);
    expect([...times].sort().reverse()).toEqual(times);

    const byWorker = await api.ok(
      `query($staffId: ID) { sessions(staffId: $staffId, first: 100) { totalCount edges { node { staff { id } } } } }`,
      { staffId: gid('Membership', kzl.mobileMembershipId) },
      psychologist,
    );
    // A cancelled group meeting's session did not take place: it is in no list.
    const workerCount = await api.db.prisma.session.count({
      where: { staff: { some: { membershipId: kzl.mobileMembershipId } }, status: 'HELD', NOT: { groupMeeting: { status: 'CANCELLED' } } },
    });
    expect(byWorker.sessions.totalCount).toBe(workerCount);
    for (const e of byWorker.sessions.edges) expect(e.node.staff.map((s: { id: string }) => s.id)).toContain(gid('Membership', kzl.mobileMembershipId));

    const iso = isoDay(addDays(today(), -10));
    const range = await api.ok(
      `query($from: Date, $to: Date, $caseId: ID) { sessions(from: $from, to: $to, caseId: $caseId) { totalCount } }`,
      { from: iso, to: iso, caseId: gid('Case', refs.caseId) },
      psychologist,
    );
    expect(range.sessions.totalCount).toBe(1);

    const backwards = await api.gql(`{ sessions(from: "2026-02-01", to: "2026-01-01") { totalCount } }`, {}, psychologist);
    expect(errorCodes(backwards)).toEqual(['BAD_USER_INPUT']);
  });

  test('todaysSessions and mySessions are the viewer’s own', async () => {
    const today = await api.ok(`{ todaysSessions { startsAt staff { id } } }`, {}, mobile);
    expect(today.todaysSessions.length).toBeGreaterThanOrEqual(1);
    for (const s of today.todaysSessions) expect(s.staff.map((m: { id: string }) => m.id)).toContain(gid('Membership', kzl.mobileMembershipId));
    const mine = await api.ok(`{ mySessions(first: 5) { totalCount edges { node { staff { id } } } } }`, {}, psychologist);
    const dbCount = await api.db.prisma.session.count({ where: { staff: { some: { membershipId: kzl.psychologistMembershipId } }, status: 'HELD' } });
    expect(mine.mySessions.totalCount).toBe(dbCount);
  });

  test('a case lists its sessions', async () => {
    const data = await api.ok(
      `query($id: ID!) { node(id: $id) { ... on Case { sessions(first: 3) { totalCount edges { node { id kind } } } } } }`,
      { id: gid('Case', refs.caseId) },
      kazanlakManager,
    );
    expect(data.node.sessions.totalCount).toBe(await api.db.prisma.session.count({ where: { caseId: refs.caseId, status: 'HELD' } }));
    expect(data.node.sessions.edges).toHaveLength(3);
  });
});

describe('editing and deleting', () => {
  test('an update at the seen version applies; a stale version is a CONFLICT', async () => {
    const created = await api.ok(
      QUICK,
      { input: { clientId: gid('Client', refs.otherClientId), kind: 'FIELD_VISIT', settlementId: gid('Settlement', refs.villageId) } },
      mobile,
    );
    const id = created.quickLogVisit.session.id;
    const UPDATE = `mutation($id: ID!, $version: Int!, $input: SessionInput!) { updateSession(id: $id, version: $version, input: $input) { ${SESSION_FIELDS} } }`;
    const input = {
      startsAt: hoursAgo(6),
      durationMinutes: 75,
      serviceId: gid('CenterService', refs.mobileServiceId),
      kind: 'FIELD_VISIT',
      settlementId: gid('Settlement', refs.villageId),
      clientIds: [gid('Client', refs.otherClientId), gid('Client', refs.caseChildId)],
    };
    const updated = await api.ok(UPDATE, { id, version: 1, input }, mobile);
    expect(updated.updateSession).toMatchObject({ durationMinutes: 75, version: 2 });
    expect(updated.updateSession.clients).toHaveLength(2);
    const stale = await api.gql(UPDATE, { id, version: 1, input: { ...input, durationMinutes: 80 } }, mobile);
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors![0]!.extensions!.current).toMatchObject({ durationMinutes: 75, version: 2 });
    // Someone not on the session (and not the manager) may not edit it.
    const stranger = await api.gql(UPDATE, { id, version: 2, input }, psychologist);
    expect(errorCodes(stranger)).toEqual(['FORBIDDEN']);
  });

  test('the author deletes within 24 hours; another worker may not; the manager may; deletes are audited', async () => {
    const logOne = async (token: string) =>
      (await api.ok(QUICK, { input: { clientId: gid('Client', refs.otherClientId), note: 'за изтриване' } }, token)).quickLogVisit.session.id as string;
    const DELETE = `mutation($id: ID!) { deleteSession(id: $id) }`;
    const a = await logOne(mobile);
    expect(errorCodes(await api.gql(DELETE, { id: a }, psychologist))).toEqual(['FORBIDDEN']);
    const before = await sessionCount();
    expect((await api.ok(DELETE, { id: a }, mobile)).deleteSession).toBe(a);
    expect(await sessionCount()).toBe(before - 1);
    const uuid = Buffer.from(a, 'base64url').toString().split(':')[1]!;
    expect(await api.db.prisma.note.count({ where: { sessionId: uuid } })).toBe(0);
    expect(await api.db.prisma.auditEvent.count({ where: { action: 'DELETE', entityType: 'Session', entityId: uuid } })).toBe(1);

    // An old session of the author: only the manager deletes it.
    const old = await api.db.prisma.session.findFirstOrThrow({
      where: { centerId: kzl.centerId, createdById: kzl.mobileMembershipId, createdAt: { lt: new Date(Date.now() - 2 * 86_400_000) }, caseId: { not: null } },
    });
    expect(errorCodes(await api.gql(DELETE, { id: gid('Session', old.id) }, mobile))).toEqual(['FORBIDDEN']);
    await api.ok(DELETE, { id: gid('Session', old.id) }, kazanlakManager);
    expect(await api.db.prisma.session.count({ where: { id: old.id } })).toBe(0);
  });
});

describe('isolation', () => {
  test('a Kazanlak user cannot read or write Plovdiv’s sessions', async () => {
    const id = gid('Session', refs.plovdivSessionId);
    const read = await api.ok(`query($id: ID!) { node(id: $id) { id } }`, { id }, mobile);
    expect(read.node).toBeNull();
    const list = await api.ok(`{ sessions(first: 100) { edges { node { id } } } }`, {}, kazanlakManager);
    expect(list.sessions.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(id);
    const update = await api.gql(
      `mutation($id: ID!, $input: SessionInput!) { updateSession(id: $id, version: 1, input: $input) { id } }`,
      {
        id,
        input: { startsAt: hoursAgo(1), durationMinutes: 10, serviceId: gid('CenterService', refs.mobileServiceId), kind: 'OTHER', clientIds: [gid('Client', refs.otherClientId)] },
      },
      kazanlakManager,
    );
    expect(errorCodes(update)).toEqual(['NOT_FOUND']);
    const del = await api.gql(`mutation($id: ID!) { deleteSession(id: $id) }`, { id }, kazanlakManager);
    expect(errorCodes(del)).toEqual(['NOT_FOUND']);
    expect(await api.db.prisma.session.count({ where: { id: refs.plovdivSessionId } })).toBe(1);
    // And the other way round: Plovdiv's manager cannot log a session on a Kazanlak case.
    const write = await api.gql(
      LOG,
      {
        input: {
          session: { startsAt: hoursAgo(1), durationMinutes: 30, serviceId: gid('CenterService', refs.mobileServiceId), kind: 'OTHER', caseId: gid('Case', refs.caseId) },
        },
      },
      plovdivManager,
    );
    expect(errorCodes(write)).toEqual(['NOT_FOUND']);
  });
});
