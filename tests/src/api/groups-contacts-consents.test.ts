import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi, type GraphQLResponse } from '../support/api.ts';
import { sofiaToday } from '@opora/common/calendar';

// Group programs with enrollment (clients and light registrations) and attendance,
// anonymous open-access contacts, and consents per client; each kept inside its center.

let api: TestApi;
let mobile: string;
let kazanlakManager: string;
let plovdivManager: string;

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

let refs: {
  kazanlakId: string;
  plovdivId: string;
  socialServiceId: string; // Kazanlak, open access, group activities
  mobileServiceId: string; // Kazanlak, open access
  therapyServiceId: string; // Kazanlak, specialised
  clientId: string;
  secondClientId: string;
  villageId: string;
  kazanlakMunicipalityId: string;
  plovdivProgramId: string;
  plovdivClientId: string;
};

function fieldPaths(result: GraphQLResponse): string[] {
  return (result.errors?.[0]?.extensions?.fields ?? []).map((f: { path: string }) => f.path);
}

beforeAll(async () => {
  // Generous deadlines: these tests check behaviour, not speed, and CI machines get busy.
  api = await TestApi.start({ queryTimeoutMs: 60_000, transactionTimeoutMs: 60_000 });
  // One at a time: sign-in is throttled and the server sheds bursts.
  mobile = await api.login(DEMO.kazanlakMobile);
  kazanlakManager = await api.login(DEMO.kazanlakManager);
  plovdivManager = await api.login(DEMO.plovdivManager);
  const p = api.db.prisma;
  const kazanlak = await p.center.findUniqueOrThrow({ where: { slug: 'kazanlak' } });
  const plovdiv = await p.center.findUniqueOrThrow({ where: { slug: 'plovdiv' } });
  const service = (code: string) => p.centerService.findFirstOrThrow({ where: { centerId: kazanlak.id, serviceKind: { code } } }).then((s) => s.id);
  const clients = await p.client.findMany({ where: { centerId: kazanlak.id, archivedAt: null }, take: 2, orderBy: { id: 'asc' } });
  refs = {
    kazanlakId: kazanlak.id,
    plovdivId: plovdiv.id,
    socialServiceId: await service('GROUP_SOCIALIZING_ACTIVITIES'),
    mobileServiceId: await service('MOBILE_COMMUNITY_WORK'),
    therapyServiceId: await service('PSYCHOLOGICAL_THERAPY'),
    clientId: clients[0]!.id,
    secondClientId: clients[1]!.id,
    villageId: (await p.settlement.findFirstOrThrow({ where: { kind: 'VILLAGE', municipalityId: kazanlak.municipalityId } })).id,
    kazanlakMunicipalityId: kazanlak.municipalityId,
    plovdivProgramId: (await p.groupProgram.findFirstOrThrow({ where: { centerId: plovdiv.id } })).id,
    plovdivClientId: (await p.client.findFirstOrThrow({ where: { centerId: plovdiv.id } })).id,
  };
});

afterAll(async () => {
  await api?.stop();
});

const CREATE_PROGRAM = `mutation($input: CreateGroupProgramInput!, $key: String) {
  createGroupProgram(input: $input, idempotencyKey: $key) { id name kind mode capacity participantCount }
}`;
const ENROLL = `mutation($programId: ID!, $clientId: ID, $registration: LightRegistrationInput, $key: String) {
  enrollParticipant(programId: $programId, clientId: $clientId, registration: $registration, idempotencyKey: $key) {
    id displayName isLightRegistration client { id } settlement { id } attendanceRate
  }
}`;
const SCHEDULE = `mutation($programId: ID!, $startsAt: DateTime!, $topic: String, $mode: DeliveryMode, $settlementId: ID) {
  scheduleMeeting(programId: $programId, startsAt: $startsAt, durationMinutes: 90, topic: $topic, mode: $mode, settlementId: $settlementId) {
    id topic mode presentCount attendanceRecorded
  }
}`;
const ATTEND = `mutation($meetingId: ID!, $attendance: [AttendanceInput!]!) {
  recordAttendance(meetingId: $meetingId, attendance: $attendance) {
    id presentCount attendanceRecorded attendance { present participant { id } }
  }
}`;
const HELD = `mutation($meetingId: ID!) { markMeetingHeld(meetingId: $meetingId) { id status } }`;

describe('group programs', () => {
  let programId: string;
  let clientParticipant: string;
  let lightParticipant: string;
  let meetingId: string;

  test('the manager creates a program; a worker may not', async () => {
    const input = {
      kind: 'SOCIALIZING_ACTIVITIES',
      serviceId: gid('CenterService', refs.socialServiceId),
      nameBg: 'Клуб „Приятели“ – есен',
      startsOn: '2026-01-12',
      endsOn: '2026-05-29',
      capacity: 3,
    };
    const refused = await api.gql(CREATE_PROGRAM, { input }, mobile);
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    const data = await api.ok(CREATE_PROGRAM, { input, key: 'program-friends-2026' }, kazanlakManager);
    expect(data.createGroupProgram).toMatchObject({ name: 'Клуб „Приятели“ – есен', mode: 'IN_CENTER', capacity: 3, participantCount: 0 });
    const again = await api.ok(CREATE_PROGRAM, { input, key: 'program-friends-2026' }, kazanlakManager);
    expect(again.createGroupProgram.id).toBe(data.createGroupProgram.id);
    programId = data.createGroupProgram.id;

    const backwards = await api.gql(CREATE_PROGRAM, { input: { ...input, endsOn: '2025-12-01' } }, kazanlakManager);
    expect(fieldPaths(backwards)).toEqual(['input.endsOn']);
  });

  test('a client and a light registration are enrolled; the light one creates no client or case', async () => {
    const clientsBefore = await api.db.prisma.client.count();
    const casesBefore = await api.db.prisma.case.count();
    const withClient = await api.ok(ENROLL, { programId, clientId: gid('Client', refs.clientId) }, mobile);
    expect(withClient.enrollParticipant).toMatchObject({ isLightRegistration: false, client: { id: gid('Client', refs.clientId) }, attendanceRate: null });
    clientParticipant = withClient.enrollParticipant.id;

    const light = await api.ok(
      ENROLL,
      { programId, registration: { displayName: 'Мария Петрова', birthYear: 2012, sex: 'FEMALE', settlementId: gid('Settlement', refs.villageId), phone: '+359 88 123 4567' }, key: 'enroll-maria-0001' },
      mobile,
    );
    expect(light.enrollParticipant).toMatchObject({ isLightRegistration: true, client: null, displayName: 'Мария Петрова', settlement: { id: gid('Settlement', refs.villageId) } });
    lightParticipant = light.enrollParticipant.id;
    const retry = await api.ok(
      ENROLL,
      { programId, registration: { displayName: 'Мария Петрова', birthYear: 2012, sex: 'FEMALE', settlementId: gid('Settlement', refs.villageId), phone: '+359 88 123 4567' }, key: 'enroll-maria-0001' },
      mobile,
    );
    expect(retry.enrollParticipant.id).toBe(lightParticipant);
    expect(await api.db.prisma.client.count()).toBe(clientsBefore);
    expect(await api.db.prisma.case.count()).toBe(casesBefore);
    expect(await api.db.prisma.groupProgramParticipant.count({ where: { programId: uuidOf(programId) } })).toBe(2);
  });

  test('enrollment mistakes are field errors and write nothing', async () => {
    const before = await api.db.prisma.groupProgramParticipant.count();
    const twice = await api.gql(ENROLL, { programId, clientId: gid('Client', refs.clientId) }, mobile);
    expect(errorCodes(twice)).toEqual(['BAD_USER_INPUT']);
    expect(twice.errors![0]!.extensions!.fields[0]).toMatchObject({ path: 'clientId', messageEn: 'The client is already enrolled in the program.' });
    const both = await api.gql(ENROLL, { programId, clientId: gid('Client', refs.secondClientId), registration: { displayName: 'X' } }, mobile);
    expect(fieldPaths(both)).toEqual(['clientId']);
    const neither = await api.gql(ENROLL, { programId }, mobile);
    expect(fieldPaths(neither)).toEqual(['clientId']);
    const foreign = await api.gql(ENROLL, { programId, clientId: gid('Client', refs.plovdivClientId) }, mobile);
    expect(fieldPaths(foreign)).toEqual(['clientId']);
    const noName = await api.gql(ENROLL, { programId, registration: { displayName: '  ' } }, mobile);
    expect(fieldPaths(noName)).toEqual(['registration.displayName']);
    expect(await api.db.prisma.groupProgramParticipant.count()).toBe(before);
  });

  test('the program fills up at its capacity', async () => {
    await api.ok(ENROLL, { programId, registration: { displayName: 'Иван Колев' } }, mobile);
    const full = await api.gql(ENROLL, { programId, clientId: gid('Client', refs.secondClientId) }, mobile);
    expect(errorCodes(full)).toEqual(['BAD_USER_INPUT']);
    expect(full.errors![0]!.extensions!.fields[0]).toMatchObject({ path: 'programId', messageBg: 'Програмата е запълнена (3 места).' });
  });

  test('a meeting is scheduled (also a group session), held, and its attendance recorded, then replaced', async () => {
    const noPlace = await api.gql(SCHEDULE, { programId, startsAt: '2026-01-14T14:00:00Z', mode: 'FIELD' }, mobile);
    expect(fieldPaths(noPlace)).toEqual(['settlementId']);

    const sessionsBefore = await api.db.prisma.session.count({ where: { centerId: refs.kazanlakId } });
    const meeting = await api.ok(SCHEDULE, { programId, startsAt: '2026-01-14T14:00:00Z', topic: 'Запознанство' }, mobile);
    expect(meeting.scheduleMeeting).toMatchObject({ topic: 'Запознанство', mode: 'IN_CENTER', presentCount: 0, attendanceRecorded: false });
    meetingId = meeting.scheduleMeeting.id;
    await api.ok(HELD, { meetingId }, mobile);
    const groupSession = await api.db.prisma.session.findFirstOrThrow({ where: { groupMeetingId: uuidOf(meetingId) } });
    expect(groupSession).toMatchObject({ format: 'GROUP', serviceId: refs.socialServiceId });
    expect(await api.db.prisma.session.count({ where: { centerId: refs.kazanlakId } })).toBe(sessionsBefore + 1);

    const first = await api.ok(
      ATTEND,
      { meetingId, attendance: [{ participantId: clientParticipant, present: true }, { participantId: lightParticipant, present: false }] },
      mobile,
    );
    expect(first.recordAttendance).toMatchObject({ presentCount: 1, attendanceRecorded: true });
    expect(await api.db.prisma.sessionClient.count({ where: { sessionId: groupSession.id } })).toBe(1);

    const replaced = await api.ok(ATTEND, { meetingId, attendance: [{ participantId: lightParticipant, present: true }] }, mobile);
    expect(replaced.recordAttendance.presentCount).toBe(1);
    expect(replaced.recordAttendance.attendance).toEqual([{ present: true, participant: { id: lightParticipant } }]);
    expect(await api.db.prisma.attendance.count({ where: { meetingId: uuidOf(meetingId) } })).toBe(1);
    // The light registration counts as present but is nobody's client: the session has no clients.
    expect(await api.db.prisma.sessionClient.count({ where: { sessionId: groupSession.id } })).toBe(0);

    const stranger = await api.gql(ATTEND, { meetingId, attendance: [{ participantId: gid('GroupProgramParticipant', refs.plovdivProgramId), present: true }] }, mobile);
    expect(fieldPaths(stranger)).toEqual(['attendance.0.participantId']);
    expect(await api.db.prisma.attendance.count({ where: { meetingId: uuidOf(meetingId) } })).toBe(1);
  });

  test('participants show their attendance rate; meetings their present count', async () => {
    const second = await api.ok(SCHEDULE, { programId, startsAt: '2026-01-21T14:00:00Z' }, mobile);
    await api.ok(HELD, { meetingId: second.scheduleMeeting.id }, mobile);
    await api.ok(
      ATTEND,
      { meetingId: second.scheduleMeeting.id, attendance: [{ participantId: clientParticipant, present: true }, { participantId: lightParticipant, present: true }] },
      mobile,
    );
    const data = await api.ok(
      `query($id: ID!) { node(id: $id) { ... on GroupProgram {
        participantCount
        participants { id attendanceRate meetingsAttended meetingsRecorded }
        meetings { startsAt presentCount } } } }`,
      { id: programId },
      mobile,
    );
    const byId = Object.fromEntries(data.node.participants.map((p: { id: string }) => [p.id, p]));
    expect(byId[lightParticipant]).toMatchObject({ attendanceRate: 1, meetingsAttended: 2, meetingsRecorded: 2 });
    expect(byId[clientParticipant]).toMatchObject({ attendanceRate: 1, meetingsAttended: 1, meetingsRecorded: 1 });
    expect(data.node.participantCount).toBe(3);
    expect(data.node.meetings.map((m: { presentCount: number }) => m.presentCount)).toEqual([1, 2]);
  });

  test('the program list; Plovdiv cannot read or write Kazanlak’s program', async () => {
    const list = await api.ok(`{ groupPrograms(first: 100) { totalCount edges { node { id } } } }`, {}, mobile);
    expect(list.groupPrograms.totalCount).toBe(await api.db.prisma.groupProgram.count({ where: { centerId: refs.kazanlakId } }));
    expect(list.groupPrograms.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(programId);

    const read = await api.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: programId }, plovdivManager);
    expect(read.node).toBeNull();
    const plovdivList = await api.ok(`{ groupPrograms(first: 100) { edges { node { id } } } }`, {}, plovdivManager);
    expect(plovdivList.groupPrograms.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(programId);
    const enroll = await api.gql(ENROLL, { programId, registration: { displayName: 'Чужд' } }, plovdivManager);
    expect(errorCodes(enroll)).toEqual(['NOT_FOUND']);
    const attend = await api.gql(ATTEND, { meetingId, attendance: [] }, plovdivManager);
    expect(errorCodes(attend)).toEqual(['NOT_FOUND']);
    const fromKazanlak = await api.gql(SCHEDULE, { programId: gid('GroupProgram', refs.plovdivProgramId), startsAt: '2026-01-21T14:00:00Z' }, mobile);
    expect(errorCodes(fromKazanlak)).toEqual(['NOT_FOUND']);
    expect(await api.db.prisma.attendance.count({ where: { meetingId: uuidOf(meetingId) } })).toBe(1);
  });
});

describe('open-access contacts', () => {
  const RECORD = `mutation($input: OpenAccessContactInput!, $key: String) {
    recordOpenAccessContact(input: $input, idempotencyKey: $key) {
      id occurredOn channel peopleCount ageBand sex service { id } settlement { id } municipality { id }
    }
  }`;
  const SUMMARY = `query($from: Date, $to: Date) { openAccessSummary(from: $from, to: $to) {
    contacts people byService { service { id } contacts people } byChannel { channel contacts people } } }`;

  test('a contact is counted by service and channel, with no person record', async () => {
    const today = sofiaToday();
    const before = await api.ok(SUMMARY, { from: today, to: today }, mobile);
    const clientsBefore = await api.db.prisma.client.count();
    const input = {
      occurredOn: today,
      serviceId: gid('CenterService', refs.mobileServiceId),
      channel: 'FIELD',
      settlementId: gid('Settlement', refs.villageId),
      ageBand: 'AGE_30_64',
      sex: 'FEMALE',
      peopleCount: 3,
    };
    const data = await api.ok(RECORD, { input, key: 'contact-village-0001' }, mobile);
    expect(data.recordOpenAccessContact).toMatchObject({
      occurredOn: today,
      channel: 'FIELD',
      peopleCount: 3,
      settlement: { id: gid('Settlement', refs.villageId) },
      municipality: { id: gid('Municipality', refs.kazanlakMunicipalityId) },
    });
    const retry = await api.ok(RECORD, { input, key: 'contact-village-0001' }, mobile);
    expect(retry.recordOpenAccessContact.id).toBe(data.recordOpenAccessContact.id);
    expect(await api.db.prisma.client.count()).toBe(clientsBefore);

    const after = await api.ok(SUMMARY, { from: today, to: today }, mobile);
    expect(after.openAccessSummary.contacts).toBe(before.openAccessSummary.contacts + 1);
    expect(after.openAccessSummary.people).toBe(before.openAccessSummary.people + 3);
    const fieldOf = (s: any) => s.openAccessSummary.byChannel.find((c: any) => c.channel === 'FIELD') ?? { contacts: 0, people: 0 };
    expect(fieldOf(after).people).toBe(fieldOf(before).people + 3);
    const mobileOf = (s: any) =>
      s.openAccessSummary.byService.find((x: any) => x.service.id === gid('CenterService', refs.mobileServiceId)) ?? { contacts: 0 };
    expect(mobileOf(after).contacts).toBe(mobileOf(before).contacts + 1);

    const list = await api.ok(`query($d: Date) { openAccessContacts(from: $d, to: $d, first: 100) { totalCount edges { node { id } } } }`, { d: today }, mobile);
    expect(list.openAccessContacts.totalCount).toBe(after.openAccessSummary.contacts);
  });

  test('a specialised service, no place, or a future day is refused and nothing is written', async () => {
    const before = await api.db.prisma.openAccessContact.count();
    const base = { occurredOn: '2026-01-05', serviceId: gid('CenterService', refs.mobileServiceId), channel: 'PHONE', municipalityId: gid('Municipality', refs.kazanlakMunicipalityId) };
    const specialised = await api.gql(RECORD, { input: { ...base, serviceId: gid('CenterService', refs.therapyServiceId) } }, mobile);
    expect(fieldPaths(specialised)).toEqual(['input.serviceId']);
    const nowhere = await api.gql(RECORD, { input: { ...base, municipalityId: null } }, mobile);
    expect(fieldPaths(nowhere)).toEqual(['input.municipalityId']);
    const future = await api.gql(RECORD, { input: { ...base, occurredOn: '2099-01-01' } }, mobile);
    expect(fieldPaths(future)).toEqual(['input.occurredOn']);
    const crowd = await api.gql(RECORD, { input: { ...base, peopleCount: 0 } }, mobile);
    expect(fieldPaths(crowd)).toEqual(['input.peopleCount']);
    expect(await api.db.prisma.openAccessContact.count()).toBe(before);
  });

  test('Plovdiv does not see Kazanlak’s contacts', async () => {
    const kazanlakIds = new Set(
      (await api.db.prisma.openAccessContact.findMany({ where: { centerId: refs.kazanlakId }, select: { id: true } })).map((c) => gid('OpenAccessContact', c.id)),
    );
    const list = await api.ok(`{ openAccessContacts(first: 100) { totalCount edges { node { id } } } }`, {}, plovdivManager);
    // Voided contacts are kept but listed only when asked for.
    expect(list.openAccessContacts.totalCount).toBe(await api.db.prisma.openAccessContact.count({ where: { centerId: refs.plovdivId, voidedAt: null } }));
    for (const e of list.openAccessContacts.edges) expect(kazanlakIds.has(e.node.id)).toBe(false);
  });
});

describe('consents', () => {
  const RECORD = `mutation($clientId: ID!, $givenOn: Date!) {
    recordConsent(clientId: $clientId, purpose: PHOTO_AND_VIDEO, givenBy: "Майката, Елена Иванова", givenOn: $givenOn, documentRef: "Декларация № 77/2026") {
      id purpose givenOn withdrawnOn isActive client { id }
    }
  }`;
  const WITHDRAW = `mutation($id: ID!, $on: Date!) { withdrawConsent(id: $id, withdrawnOn: $on) { id withdrawnOn isActive } }`;

  test('a consent is given, shown on the client, and withdrawn; a withdrawal before it was given is refused', async () => {
    const given = await api.ok(RECORD, { clientId: gid('Client', refs.clientId), givenOn: '2026-01-10' }, mobile);
    const consent = given.recordConsent;
    expect(consent).toMatchObject({ purpose: 'PHOTO_AND_VIDEO', givenOn: '2026-01-10', withdrawnOn: null, isActive: true });

    const early = await api.gql(WITHDRAW, { id: consent.id, on: '2026-01-09' }, mobile);
    expect(errorCodes(early)).toEqual(['BAD_USER_INPUT']);
    expect(early.errors![0]!.extensions!.fields[0]).toMatchObject({ path: 'withdrawnOn', messageBg: 'Оттеглянето е преди даването на съгласие.' });
    expect((await api.db.prisma.consent.findUniqueOrThrow({ where: { id: uuidOf(consent.id) } })).withdrawnOn).toBeNull();

    const withdrawn = await api.ok(WITHDRAW, { id: consent.id, on: '2026-01-10' }, mobile);
    expect(withdrawn.withdrawConsent).toMatchObject({ withdrawnOn: '2026-01-10', isActive: false });

    const onClient = await api.ok(
      `query($id: ID!) { node(id: $id) { ... on Client { consents { id isActive } } } }`,
      { id: gid('Client', refs.clientId) },
      mobile,
    );
    expect(onClient.node.consents).toContainEqual({ id: consent.id, isActive: false });
    const audit = await api.db.prisma.auditEvent.findMany({ where: { entityType: 'Consent', entityId: uuidOf(consent.id) }, orderBy: { id: 'asc' } });
    expect(audit.filter((a) => a.action !== 'READ').map((a) => a.action)).toEqual(['CREATE', 'UPDATE']);
    // Consents are a person's record: reading one is audited too.
    expect(audit.some((a) => a.action === 'READ')).toBe(true);
  });

  test('another center’s client or consent reads as not found', async () => {
    const before = await api.db.prisma.consent.count();
    const foreignClient = await api.gql(RECORD, { clientId: gid('Client', refs.plovdivClientId), givenOn: '2026-01-10' }, mobile);
    expect(errorCodes(foreignClient)).toEqual(['NOT_FOUND']);
    expect(await api.db.prisma.consent.count()).toBe(before);
    const kazanlakConsent = await api.db.prisma.consent.findFirstOrThrow({ where: { centerId: refs.kazanlakId, withdrawnOn: null } });
    const withdraw = await api.gql(WITHDRAW, { id: gid('Consent', kazanlakConsent.id), on: '2026-01-20' }, plovdivManager);
    expect(errorCodes(withdraw)).toEqual(['NOT_FOUND']);
    expect((await api.db.prisma.consent.findUniqueOrThrow({ where: { id: kazanlakConsent.id } })).withdrawnOn).toBeNull();
  });
});
