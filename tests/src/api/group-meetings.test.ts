import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, isoDay, sofiaTime, today } from '@opora/common/calendar';
import { DEMO, errorCodes, TestApi, type GraphQLResponse } from '../support/api.ts';

// Issue #15, item 7: a group meeting is planned, then held or cancelled (with its reason).
// Attendance belongs to a held meeting only and never to one still ahead (Sofia's today);
// only held meetings count, as meetings, attendances and the group session each carries.

let api: TestApi;
let mobile: string;
let kazanlakManager: string;
let kazanlakId: string;
let programId: string;
let participantId: string;

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

const SCHEDULE = `mutation($programId: ID!, $startsAt: DateTime!) {
  scheduleMeeting(programId: $programId, startsAt: $startsAt, durationMinutes: 90) { id status canBeHeld cancellationReason }
}`;
const HELD = `mutation($meetingId: ID!, $attendance: [AttendanceInput!]) {
  markMeetingHeld(meetingId: $meetingId, attendance: $attendance) { id status canBeHeld statusChangedAt presentCount }
}`;
const CANCEL = `mutation($meetingId: ID!, $reason: String!) {
  cancelMeeting(meetingId: $meetingId, reason: $reason) { id status cancellationReason statusChangedAt }
}`;
const ATTEND = `mutation($meetingId: ID!, $attendance: [AttendanceInput!]!) {
  recordAttendance(meetingId: $meetingId, attendance: $attendance) { id presentCount }
}`;

/** A refusal that is about the meeting's state, in both languages. */
function refusal(r: GraphQLResponse) {
  expect(errorCodes(r)).toEqual(['INVALID_TRANSITION']);
  const e = r.errors![0]!;
  return { message: e.message, bg: e.extensions!.messageBg as string, en: e.extensions!.messageEn as string };
}

async function state(meetingId: string) {
  const id = uuidOf(meetingId);
  const m = await api.db.prisma.groupMeeting.findUniqueOrThrow({ where: { id } });
  const changes = await api.db.prisma.auditEvent.count({ where: { entityType: 'GroupMeeting', entityId: id, action: 'UPDATE' } });
  return { status: m.status, reason: m.cancellationReason, attendance: await api.db.prisma.attendance.count({ where: { meetingId: id } }), changes };
}

// The rollups as the figures read them (refresh first, as a reader does), for one month of the center.
async function figures(month: string) {
  await api.db.prisma.$queryRawUnsafe(`SELECT aggregate_refresh()`);
  const [row] = await api.db.prisma.$queryRawUnsafe<{ meetings: number; attendances: number; group_sessions: number }[]>(
    `SELECT (SELECT coalesce(sum(meetings), 0)::int FROM "RollupAttendance" WHERE "centerId" = $1::uuid AND month = $2::date) AS meetings,
            (SELECT coalesce(sum(attendances), 0)::int FROM "RollupAttendance" WHERE "centerId" = $1::uuid AND month = $2::date) AS attendances,
            (SELECT coalesce(sum(sessions), 0)::int FROM "RollupActivity" WHERE "centerId" = $1::uuid AND month = $2::date AND format = 'GROUP') AS group_sessions`,
    kazanlakId,
    month,
  );
  return row!;
}

beforeAll(async () => {
  api = await TestApi.start({ queryTimeoutMs: 60_000, transactionTimeoutMs: 60_000 });
  mobile = await api.login(DEMO.kazanlakMobile);
  kazanlakManager = await api.login(DEMO.kazanlakManager);
  const p = api.db.prisma;
  const kazanlak = await p.center.findUniqueOrThrow({ where: { slug: 'kazanlak' } });
  kazanlakId = kazanlak.id;
  const service = await p.centerService.findFirstOrThrow({ where: { centerId: kazanlak.id, serviceKind: { code: 'GROUP_SOCIALIZING_ACTIVITIES' } } });
  const client = await p.client.findFirstOrThrow({ where: { centerId: kazanlak.id, archivedAt: null }, orderBy: { id: 'asc' } });
  const program = await api.ok(
    `mutation($input: CreateGroupProgramInput!) { createGroupProgram(input: $input) { id } }`,
    { input: { kind: 'SOCIALIZING_ACTIVITIES', serviceId: gid('CenterService', service.id), nameBg: 'Клуб за срещи', startsOn: '2025-01-06' } },
    kazanlakManager,
  );
  programId = program.createGroupProgram.id;
  const enrolled = await api.ok(
    `mutation($programId: ID!, $clientId: ID) { enrollParticipant(programId: $programId, clientId: $clientId, enrolledOn: "2025-01-06") { id } }`,
    { programId, clientId: gid('Client', client.id) },
    mobile,
  );
  participantId = enrolled.enrollParticipant.id;
});

afterAll(async () => {
  await api?.stop();
});

describe('a meeting ahead', () => {
  test('is planned; attendance and "held" are refused with a clear message, and nothing changes', async () => {
    const ahead = `${isoDay(addDays(today(), 21))}T14:00:00Z`;
    const planned = await api.ok(SCHEDULE, { programId, startsAt: ahead }, mobile);
    expect(planned.scheduleMeeting).toMatchObject({ status: 'PLANNED', canBeHeld: false, cancellationReason: null });
    const id = planned.scheduleMeeting.id;
    const before = await state(id);

    const attend = refusal(await api.gql(ATTEND, { meetingId: id, attendance: [{ participantId, present: true }] }, mobile));
    expect(attend.bg).toBe('Присъствие се отбелязва само за проведена среща. Първо отбележете срещата като проведена.');
    expect(attend.en).toBe('Attendance is recorded only for a meeting that was held. Mark the meeting held first.');
    expect(attend.message).toBe(attend.bg);

    const held = refusal(await api.gql(HELD, { meetingId: id, attendance: [{ participantId, present: true }] }, mobile));
    expect(held.bg).toMatch(/^Срещата още не е дошла/);
    expect(held.en).toMatch(/^The meeting is still ahead/);

    expect(await state(id)).toEqual(before);
    expect(before).toMatchObject({ status: 'PLANNED', attendance: 0, changes: 0 });
  });

  test('later today (Sofia) is not ahead: it may be held', async () => {
    // 23:30 in Sofia is still today, whatever the hour of this run.
    const tonight = sofiaTime(today(), 23, 30);
    const planned = await api.ok(SCHEDULE, { programId, startsAt: tonight.toISOString() }, mobile);
    expect(planned.scheduleMeeting.canBeHeld).toBe(true);
    const held = await api.ok(HELD, { meetingId: planned.scheduleMeeting.id }, mobile);
    expect(held.markMeetingHeld).toMatchObject({ status: 'HELD', canBeHeld: false });
  });
});

describe('a past meeting', () => {
  const month = '2025-03-01';
  let heldId: string;
  let cancelledId: string;
  let plannedId: string;

  test('counts only once held: meetings, attendances and its group session', async () => {
    const start = await figures(month);
    heldId = (await api.ok(SCHEDULE, { programId, startsAt: '2025-03-10T14:00:00Z' }, mobile)).scheduleMeeting.id;
    cancelledId = (await api.ok(SCHEDULE, { programId, startsAt: '2025-03-17T14:00:00Z' }, mobile)).scheduleMeeting.id;
    plannedId = (await api.ok(SCHEDULE, { programId, startsAt: '2025-03-24T14:00:00Z' }, mobile)).scheduleMeeting.id;
    // Scheduled after the fact, nothing has happened yet as far as the figures know.
    expect(await figures(month)).toEqual(start);

    const held = await api.ok(HELD, { meetingId: heldId, attendance: [{ participantId, present: true }] }, mobile);
    expect(held.markMeetingHeld).toMatchObject({ status: 'HELD', presentCount: 1 });
    expect(held.markMeetingHeld.statusChangedAt).not.toBeNull();
    const cancelled = await api.ok(CANCEL, { meetingId: cancelledId, reason: 'Залата е заета.' }, mobile);
    expect(cancelled.cancelMeeting).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Залата е заета.' });

    expect(await figures(month)).toEqual({
      meetings: start.meetings + 1,
      attendances: start.attendances + 1,
      group_sessions: start.group_sessions + 1,
    });
    const audit = await api.db.prisma.auditEvent.findMany({ where: { entityType: 'GroupMeeting', entityId: { in: [uuidOf(heldId), uuidOf(cancelledId)] }, action: 'UPDATE' } });
    expect(audit).toHaveLength(2);
  });

  test('a planned or cancelled meeting takes no attendance; a cancelled one is not held; nothing changes', async () => {
    const before = [await state(plannedId), await state(cancelledId), await state(heldId)];
    for (const meetingId of [plannedId, cancelledId]) {
      const r = refusal(await api.gql(ATTEND, { meetingId, attendance: [{ participantId, present: true }] }, mobile));
      expect(r.en).toBe('Attendance is recorded only for a meeting that was held. Mark the meeting held first.');
    }
    const heldAgain = refusal(await api.gql(HELD, { meetingId: cancelledId }, mobile));
    expect(heldAgain.bg).toBe('Срещата е отменена: тя не може да бъде проведена или отменена отново.');
    const cancelHeld = refusal(await api.gql(CANCEL, { meetingId: heldId, reason: 'Късно' }, mobile));
    expect(cancelHeld.en).toBe('The meeting is already marked held.');
    const noReason = await api.gql(CANCEL, { meetingId: plannedId, reason: '   ' }, mobile);
    expect(errorCodes(noReason)).toEqual(['BAD_USER_INPUT']);
    expect(noReason.errors![0]!.extensions!.fields[0]).toMatchObject({ path: 'reason', messageBg: 'Полето е задължително.' });
    expect([await state(plannedId), await state(cancelledId), await state(heldId)]).toEqual(before);
  });

  test('the database refuses attendance for a meeting that was not held, even to a direct write', async () => {
    await expect(
      api.db.prisma.attendance.create({ data: { centerId: kazanlakId, meetingId: uuidOf(plannedId), participantId: uuidOf(participantId), present: true } }),
    ).rejects.toThrow(/held meeting/);
  });

  test('a held meeting’s attendance is corrected; a cancelled meeting’s session is in no list', async () => {
    const corrected = await api.ok(ATTEND, { meetingId: heldId, attendance: [{ participantId, present: false }] }, mobile);
    expect(corrected.recordAttendance.presentCount).toBe(0);
    const list = await api.ok(
      `query($from: Date, $to: Date) { sessions(from: $from, to: $to, first: 100) { edges { node { id } } } }`,
      { from: '2025-03-17', to: '2025-03-17' },
      mobile,
    );
    const cancelledSession = await api.db.prisma.session.findFirstOrThrow({ where: { groupMeetingId: uuidOf(cancelledId) } });
    expect(list.sessions.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(gid('Session', cancelledSession.id));
  });
});
