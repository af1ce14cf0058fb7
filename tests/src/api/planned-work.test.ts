import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, isoDay, sofiaTime, today } from '@opora/common/calendar';
import { DEMO, TestApi, type GraphQLResponse } from '../support/api.ts';
import { sqlAs } from '../support/sql.ts';

// Planned work (issue #17, item 1): sessions and visits planned ahead, then held (with the note,
// in one step), missed or cancelled (with a reason). Only held ones count; illegal moves are
// refused in both languages and change nothing; another center sees none of it.

let api: TestApi;
let mobile: string;
let manager: string;
let plovdivManager: string;
let refs: { centerId: string; caseId: string; mobileServiceId: string; mobileMembershipId: string; endedCaseId: string; analystId: string };

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const FIELDS = `id status statusReason startsAt durationMinutes kind mode version settlement { id nameBg } case { id number } notes { id body }`;
const PLAN = `mutation($input: PlanSessionInput!, $key: String) { planSession(input: $input, idempotencyKey: $key) { replayed session { ${FIELDS} } } }`;
const HOLD = `mutation($id: ID!, $note: SessionNoteInput, $minutes: Int) { holdSession(id: $id, note: $note, durationMinutes: $minutes) { ${FIELDS} } }`;
const MISS = `mutation($id: ID!, $reason: String!) { missSession(id: $id, reason: $reason) { ${FIELDS} } }`;
const CANCEL = `mutation($id: ID!, $reason: String!) { cancelSession(id: $id, reason: $reason) { ${FIELDS} } }`;
const MY_WORK = `query($from: Date!, $to: Date!) { myWork(from: $from, to: $to) { id status } }`;
const TEAM_WORK = `query($from: Date!, $to: Date!) { teamWork(from: $from, to: $to) { id status staff { id } } }`;
const LOG = `query { sessions(first: 100) { totalCount edges { node { id } } } }`;
const CASE_PLANNED = `query($id: ID!) { node(id: $id) { ... on Case { plannedSessions { id status } sessions(first: 100) { edges { node { id } } } } } }`;

const day = (offset: number) => isoDay(addDays(today(), offset));
/** The case's visit at `hour`:`minute` (Sofia) of the day `offset` days from today. */
const visit = (caseId: string, offset: number, hour = 0, minute = 5) => ({
  caseId: gid('Case', caseId),
  startsAt: sofiaTime(addDays(today(), offset), hour, minute).toISOString(),
  durationMinutes: 60,
  serviceId: gid('CenterService', refs.mobileServiceId),
  kind: 'HOME_VISIT',
});

async function plan(input: Record<string, unknown>, token = mobile) {
  const data = await api.ok<{ planSession: { session: { id: string; status: string; version: number; settlement: { id: string } | null } } }>(PLAN, { input }, token);
  return data.planSession.session;
}

/** Both languages' refusal of the same request: code and words (Bulgarian first). */
async function refusedInBoth(query: string, variables: Record<string, unknown>, token: string) {
  const bg = await api.gql(query, variables, token);
  const en = await api.gql(query, variables, token, { 'x-opora-language': 'en' });
  return { bg: bg.errors?.[0], en: en.errors?.[0], bgData: bg.data, enData: en.data };
}

const row = (id: string) =>
  api.db.prisma.session.findUniqueOrThrow({ where: { id: Buffer.from(id, 'base64url').toString('utf8').split(':')[1]! }, select: { status: true, version: true, statusReason: true, durationMinutes: true, _count: { select: { notes: true } } } });

beforeAll(async () => {
  api = await TestApi.start({ queryTimeoutMs: 60_000, transactionTimeoutMs: 60_000 });
  mobile = await api.login(DEMO.kazanlakMobile);
  manager = await api.login(DEMO.kazanlakManager);
  plovdivManager = await api.login(DEMO.plovdivManager);
  const p = api.db.prisma;
  const kazanlak = await p.center.findUniqueOrThrow({ where: { slug: 'kazanlak' } });
  const mobileMembership = await p.membership.findFirstOrThrow({ where: { user: { email: DEMO.kazanlakMobile }, centerId: kazanlak.id } });
  // A case with no session and no contract yet (work before the first contract needs none).
  const fresh = await p.case.findFirstOrThrow({
    where: { centerId: kazanlak.id, sessions: { none: {} }, contracts: { none: {} }, person: { settlementId: { not: null }, kind: 'CHILD' } },
  });
  await p.caseTeamMember.createMany({ data: [{ centerId: kazanlak.id, caseId: fresh.id, membershipId: mobileMembership.id }], skipDuplicates: true });
  // A case whose only contract's term passed yesterday, unextended: delivery stopped.
  const signed = await p.contract.findFirstOrThrow({
    where: { centerId: kazanlak.id, status: 'SIGNED', startsOn: { lt: addDays(today(), -30) }, case: { contracts: { every: { status: 'SIGNED' } } } },
  });
  await p.contract.update({ where: { id: signed.id }, data: { endsOn: addDays(today(), -1) } });
  const analyst = await p.user.findUniqueOrThrow({ where: { email: DEMO.networkAnalyst } });
  refs = {
    centerId: kazanlak.id,
    caseId: fresh.id,
    endedCaseId: signed.caseId,
    mobileMembershipId: mobileMembership.id,
    mobileServiceId: (await p.centerService.findFirstOrThrow({ where: { centerId: kazanlak.id, serviceKind: { code: 'MOBILE_COMMUNITY_WORK' } } })).id,
    analystId: analyst.id,
  };
});

afterAll(async () => {
  await api?.stop();
});

describe('planning, holding, missing, cancelling', () => {
  test('a planned visit is in my week, the team week and the case, not in the session log; held in one step with its note it is', async () => {
    const s = await plan(visit(refs.caseId, 0));
    expect(s.status).toBe('PLANNED');
    expect(s.settlement).not.toBeNull(); // a home visit defaults to where the child lives
    const week = { from: day(0), to: day(6) };
    const mine = await api.ok<{ myWork: { id: string; status: string }[] }>(MY_WORK, week, mobile);
    expect(mine.myWork).toContainEqual({ id: s.id, status: 'PLANNED' });
    const team = await api.ok<{ teamWork: { id: string }[] }>(TEAM_WORK, week, manager);
    expect(team.teamWork.map((x) => x.id)).toContain(s.id);
    const log = await api.ok<{ sessions: { edges: { node: { id: string } }[] } }>(LOG, {}, manager);
    expect(log.sessions.edges.map((e) => e.node.id)).not.toContain(s.id);
    const onCase = await api.ok<{ node: { plannedSessions: { id: string }[]; sessions: { edges: unknown[] } } }>(CASE_PLANNED, { id: gid('Case', refs.caseId) }, mobile);
    expect(onCase.node.plannedSessions.map((x) => x.id)).toContain(s.id);
    expect(onCase.node.sessions.edges).toHaveLength(0);
    const caseBefore = await api.db.prisma.case.findUniqueOrThrow({ where: { id: refs.caseId }, select: { firstSessionOn: true } });
    expect(caseBefore.firstSessionOn).toBeNull(); // planned work is not a first session

    const held = await api.ok<{ holdSession: { status: string; durationMinutes: number; notes: { body: string }[] } }>(
      HOLD,
      { id: s.id, note: { body: 'Посещение в дома: майката и детето бяха у дома.' }, minutes: 75 },
      mobile,
    );
    expect(held.holdSession).toMatchObject({ status: 'HELD', durationMinutes: 75, notes: [{ body: 'Посещение в дома: майката и детето бяха у дома.' }] });
    const after = await api.ok<{ node: { plannedSessions: { id: string }[]; sessions: { edges: { node: { id: string } }[] } } }>(CASE_PLANNED, { id: gid('Case', refs.caseId) }, mobile);
    expect(after.node.sessions.edges.map((e) => e.node.id)).toEqual([s.id]);
    expect(after.node.plannedSessions.map((x) => x.id)).not.toContain(s.id);
    const caseAfter = await api.db.prisma.case.findUniqueOrThrow({ where: { id: refs.caseId }, select: { firstSessionOn: true } });
    expect(caseAfter.firstSessionOn).not.toBeNull();
    // Every write audited: the plan (CREATE), the hold (UPDATE) and the note (CREATE).
    const uuid = Buffer.from(s.id, 'base64url').toString('utf8').split(':')[1]!;
    const events = await api.db.prisma.auditEvent.findMany({ where: { entityType: 'Session', entityId: uuid, action: { not: 'READ' } }, select: { action: true } });
    expect(events.map((e) => e.action).sort()).toEqual(['CREATE', 'UPDATE']);
  });

  test('only held sessions count in the rollups: planned adds nothing, held adds one, missed and cancelled nothing', async () => {
    const month = sofiaTime(addDays(today(), 0), 0, 5);
    const asAnalyst = { kind: 'aggregate' as const, userId: refs.analystId };
    const count = async () => {
      await sqlAs(api.db, asAnalyst, `SELECT aggregate_refresh()`);
      const rows = await api.db.prisma.rollupActivity.aggregate({
        where: { centerId: refs.centerId, month: new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1)) },
        _sum: { sessions: true },
      });
      const raw = await api.db.prisma.session.count({
        where: {
          centerId: refs.centerId,
          status: 'HELD',
          startsAt: { gte: new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1)), lt: new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1)) },
          OR: [{ groupMeetingId: null }, { groupMeeting: { status: 'HELD' } }],
        },
      });
      return { rolled: rows._sum.sessions ?? 0, raw };
    };
    const before = await count();
    expect(before.rolled).toBe(before.raw);
    const a = await plan(visit(refs.caseId, 0, 0, 10));
    const b = await plan(visit(refs.caseId, 0, 0, 15));
    const c = await plan(visit(refs.caseId, 0, 0, 20));
    expect(await count()).toEqual(before);
    await api.ok(HOLD, { id: a.id }, mobile);
    await api.ok(MISS, { id: b.id, reason: 'Семейството не беше у дома.' }, mobile);
    await api.ok(CANCEL, { id: c.id, reason: 'Пътят е затворен.' }, mobile);
    expect(await count()).toEqual({ rolled: before.rolled + 1, raw: before.raw + 1 });
    expect(await row(b.id)).toMatchObject({ status: 'MISSED', statusReason: 'Семейството не беше у дома.' });
    expect(await row(c.id)).toMatchObject({ status: 'CANCELLED', statusReason: 'Пътят е затворен.' });
  });

  test('illegal moves are refused in both languages and change nothing', async () => {
    // Held before its day.
    const tomorrow = await plan(visit(refs.caseId, 1, 10, 0));
    const before = await row(tomorrow.id);
    const early = await refusedInBoth(HOLD, { id: tomorrow.id, note: { body: 'Бележка' } }, mobile);
    expect(early.bg?.extensions?.code).toBe('INVALID_TRANSITION');
    expect(early.bg?.message).toMatch(/още не е дошла/);
    expect(early.en?.message).toMatch(/still ahead/);
    expect(await row(tomorrow.id)).toEqual(before);

    // Held, then anything again.
    const today0 = await plan(visit(refs.caseId, 0, 0, 30));
    await api.ok(HOLD, { id: today0.id }, mobile);
    const heldRow = await row(today0.id);
    for (const [query, variables] of [
      [HOLD, { id: today0.id, note: { body: 'Втори път' } }],
      [MISS, { id: today0.id, reason: 'Не дойде' }],
      [CANCEL, { id: today0.id, reason: 'Отменена' }],
    ] as const) {
      const again = await refusedInBoth(query, variables, mobile);
      expect(again.bg?.extensions?.code).toBe('INVALID_TRANSITION');
      expect(again.bg?.message).toMatch(/вече не е планирана/);
      expect(again.en?.message).toMatch(/no longer planned/);
    }
    expect(await row(today0.id)).toEqual(heldRow);

    // A reason is required.
    const noReason = await api.gql(MISS, { id: tomorrow.id, reason: '' }, mobile);
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await row(tomorrow.id)).toEqual(before);

    // Planned in the past.
    const sessionsBefore = await api.db.prisma.session.count({ where: { centerId: refs.centerId } });
    const past = await refusedInBoth(PLAN, { input: visit(refs.caseId, -1, 10, 0) }, mobile);
    expect(past.bg?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(past.bg?.extensions?.fields)).toMatch(/Планира се от днес/);
    expect(JSON.stringify(past.en?.extensions?.fields)).toMatch(/Plan from today on/);

    // Planned after the case's contract ended.
    const late = await refusedInBoth(PLAN, { input: visit(refs.endedCaseId, 3, 10, 0) }, manager);
    expect(late.bg?.extensions?.code).toBe('BAD_USER_INPUT');
    const lateField = (late.bg?.extensions?.fields as { path: string; messageBg: string; messageEn: string }[])[0]!;
    expect(lateField.path).toBe('input.startsAt');
    expect(lateField.messageBg).toMatch(/не може да се планира след края му/);
    expect(lateField.messageEn).toMatch(/no session can be planned after its end/);
    expect(await api.db.prisma.session.count({ where: { centerId: refs.centerId } })).toBe(sessionsBefore);
  });

  test('another center sees none of it and cannot mark it', async () => {
    const s = await plan(visit(refs.caseId, 2, 9, 0));
    const week = { from: day(0), to: day(6) };
    const plovdivMine = await api.ok<{ myWork: { id: string }[] }>(MY_WORK, week, plovdivManager);
    const plovdivTeam = await api.ok<{ teamWork: { id: string }[] }>(TEAM_WORK, week, plovdivManager);
    expect([...plovdivMine.myWork, ...plovdivTeam.teamWork].map((x) => x.id)).not.toContain(s.id);
    const kazanlakIds = new Set((await api.db.prisma.session.findMany({ where: { centerId: refs.centerId }, select: { id: true } })).map((x) => gid('Session', x.id)));
    expect(plovdivTeam.teamWork.filter((x) => kazanlakIds.has(x.id))).toEqual([]);
    const node = await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: s.id }, plovdivManager);
    expect(node.data?.node ?? null).toBeNull();
    const before = await row(s.id);
    for (const [query, variables] of [
      [HOLD, { id: s.id }],
      [MISS, { id: s.id, reason: 'x' }],
      [CANCEL, { id: s.id, reason: 'x' }],
    ] as const) {
      const r: GraphQLResponse = await api.gql(query, variables, plovdivManager);
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await row(s.id)).toEqual(before);
    // The team view is the manager's.
    const worker = await api.gql(TEAM_WORK, week, mobile);
    expect(worker.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
