import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, sofiaTime, today } from '@opora/common/calendar';
import { DEMO, TestApi } from '../support/api.ts';

// Work without a signal (issue #17, item 4), the server's half: a phone sends a write it made
// offline until it hears back, so holding a planned session and adding a case note take the
// idempotency key the phone gave them, and a retry is applied once. How long the phone keeps its
// copy is the center's setting (Center.offlineDays), the manager's to change.

let api: TestApi;
let mobile: string;
let manager: string;
let plovdivManager: string;
let refs: { caseId: string; serviceId: string };

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const uuid = (id: string) => Buffer.from(id, 'base64url').toString('utf8').split(':')[1]!;
const PLAN = `mutation($input: PlanSessionInput!) { planSession(input: $input) { session { id } } }`;
const HOLD = `mutation($id: ID!, $note: SessionNoteInput, $key: String) { holdSession(id: $id, note: $note, idempotencyKey: $key) { id status version } }`;
const NOTE = `mutation($caseId: ID!, $body: String!, $key: String) { addCaseNote(caseId: $caseId, body: $body, idempotencyKey: $key) { id body } }`;
const PROFILE = `mutation($input: CenterProfileInput!) { updateCenterProfile(input: $input) { offlineDays planningDays } }`;

beforeAll(async () => {
  api = await TestApi.start({ queryTimeoutMs: 60_000, transactionTimeoutMs: 60_000 });
  mobile = await api.login(DEMO.kazanlakMobile);
  manager = await api.login(DEMO.kazanlakManager);
  plovdivManager = await api.login(DEMO.plovdivManager);
  const p = api.db.prisma;
  const kazanlak = await p.center.findUniqueOrThrow({ where: { slug: 'kazanlak' } });
  const membership = await p.membership.findFirstOrThrow({ where: { user: { email: DEMO.kazanlakMobile }, centerId: kazanlak.id } });
  const fresh = await p.case.findFirstOrThrow({
    where: { centerId: kazanlak.id, status: { not: 'CLOSED' }, contracts: { none: {} }, person: { settlementId: { not: null }, kind: 'CHILD', restrictedAt: null } },
  });
  await p.caseTeamMember.createMany({ data: [{ centerId: kazanlak.id, caseId: fresh.id, membershipId: membership.id }], skipDuplicates: true });
  refs = {
    caseId: fresh.id,
    serviceId: (await p.centerService.findFirstOrThrow({ where: { centerId: kazanlak.id, serviceKind: { code: 'MOBILE_COMMUNITY_WORK' } } })).id,
  };
});

afterAll(async () => {
  await api?.stop();
});

describe('writes sent again by a phone apply once', () => {
  test('holding a planned session with its note: the same key again answers the held session and writes nothing more', async () => {
    const input = {
      caseId: gid('Case', refs.caseId),
      startsAt: sofiaTime(today(), 0, 5).toISOString(),
      durationMinutes: 45,
      serviceId: gid('CenterService', refs.serviceId),
      kind: 'HOME_VISIT',
    };
    const planned = (await api.ok<{ planSession: { session: { id: string } } }>(PLAN, { input }, mobile)).planSession.session;
    const key = crypto.randomUUID();
    const note = { body: 'Посещение, записано без връзка и изпратено два пъти.' };
    const first = await api.ok<{ holdSession: { status: string; version: number } }>(HOLD, { id: planned.id, note, key }, mobile);
    expect(first.holdSession.status).toBe('HELD');
    // The answer was lost on the way: the phone sends the same write again.
    const again = await api.ok<{ holdSession: { status: string; version: number } }>(HOLD, { id: planned.id, note, key }, mobile);
    expect(again.holdSession).toEqual(first.holdSession);
    const id = uuid(planned.id);
    expect(await api.db.prisma.note.findMany({ where: { sessionId: id }, select: { body: true } })).toEqual([note]);
    const updates = await api.db.prisma.auditEvent.count({ where: { entityType: 'Session', entityId: id, action: 'UPDATE' } });
    expect(updates).toBe(1);

    // The same key for another write is refused; without a key, holding twice is refused as ever.
    const mismatch = await api.gql(HOLD, { id: planned.id, note: { body: 'Друга бележка.' }, key }, mobile);
    expect(mismatch.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const twice = await api.gql(HOLD, { id: planned.id, note }, mobile);
    expect(twice.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    expect(await api.db.prisma.note.count({ where: { sessionId: id } })).toBe(1);
  });

  test('a case note: the same key again answers the first note; a new key is a new note', async () => {
    const key = crypto.randomUUID();
    const body = 'Бележка по случая, изпратена отново след загубен отговор.';
    const first = await api.ok<{ addCaseNote: { id: string } }>(NOTE, { caseId: gid('Case', refs.caseId), body, key }, mobile);
    const again = await api.ok<{ addCaseNote: { id: string } }>(NOTE, { caseId: gid('Case', refs.caseId), body, key }, mobile);
    expect(again.addCaseNote.id).toBe(first.addCaseNote.id);
    expect(await api.db.prisma.note.count({ where: { caseId: refs.caseId, body } })).toBe(1);
    await api.ok(NOTE, { caseId: gid('Case', refs.caseId), body, key: crypto.randomUUID() }, mobile);
    expect(await api.db.prisma.note.count({ where: { caseId: refs.caseId, body } })).toBe(2);
  });
});

describe("the center's days on the device", () => {
  const profile = async (token: string) => (await api.ok<{ center: Record<string, unknown> }>(`{ center { nameBg nameEn providerNameBg providerNameEn addressBg licensedCapacity offlineDays } }`, {}, token)).center;

  test('7 by default, read by the staff; the manager sets 1–30; another center keeps its own', async () => {
    expect((await profile(mobile)).offlineDays).toBe(7);
    const { offlineDays: _, ...input } = await profile(manager);
    const saved = await api.ok<{ updateCenterProfile: { offlineDays: number } }>(PROFILE, { input: { ...input, offlineDays: 14 } }, manager);
    expect(saved.updateCenterProfile.offlineDays).toBe(14);
    expect((await profile(mobile)).offlineDays).toBe(14);
    // Left out: unchanged.
    await api.ok(PROFILE, { input }, manager);
    expect((await profile(mobile)).offlineDays).toBe(14);
    for (const days of [0, 31]) {
      const refused = await api.gql(PROFILE, { input: { ...input, offlineDays: days } }, manager);
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.extensions?.fields?.[0]?.path).toBe('input.offlineDays');
    }
    const byWorker = await api.gql(PROFILE, { input: { ...input, offlineDays: 3 } }, mobile);
    expect(byWorker.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await profile(mobile)).offlineDays).toBe(14);
    expect((await profile(plovdivManager)).offlineDays).toBe(7);
  });
});
