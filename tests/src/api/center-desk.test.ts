import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';

// The manager's desk (issue #19, item 1): every figure equals a count made in SQL as the
// table owner (no RLS, no schema code), and each leads to a cases list with that many rows.
// Only the center's manager reads it, and only of their own center.

let api: TestApi;
let manager: string;
let worker: string;
let kazanlak: string;
let centerId: string;

const OPEN = '[REFERRED, ASSESSMENT, SUPPORT_PLAN, ACTIVE]';
const uuidOf = (id: string) => Buffer.from(id, 'base64url').toString('utf8').split(':')[1]!;
const DESK = `{ centerDesk {
  workers { membershipId name fte openCases overdueAssessments overduePlans overdueReviews overdueCases }
  teams { teamId name fte members openCases }
  waitingCount oldestWaitingDays
  services { serviceId name licensedPlaces inUse sessionsThisMonth }
} }`;

const byKey = (rows: Array<{ k: string | null; n: number }>) => new Map(rows.map((r) => [r.k, Number(r.n)]));
// Sofia's today, as the database sees it.
const TODAY = `(now() AT TIME ZONE 'Europe/Sofia')::date`;

async function total(args: string): Promise<number> {
  const data = await api.ok(`{ cases(first: 1, ${args}) { totalCount } }`, {}, manager);
  return data.cases.totalCount;
}

beforeAll(async () => {
  api = await TestApi.start();
  manager = await api.login(DEMO.plovdivManager);
  worker = await api.login(DEMO.plovdivWorker);
  kazanlak = await api.login(DEMO.kazanlakManager);
  const { viewer } = await api.ok(`{ viewer { activeMembership { id } } }`, {}, manager);
  const rows = await sqlAsOwner<{ centerId: string }>(api.db, `SELECT "centerId"::text AS "centerId" FROM "Membership" WHERE id = $1::uuid`, uuidOf(viewer.activeMembership.id));
  centerId = rows[0]!.centerId;
});
afterAll(async () => {
  await api?.stop();
});

describe('the manager’s desk', () => {
  test('open cases per worker and team, against their FTE, equal the database’s counts and lead to their lists', async () => {
    const { centerDesk } = await api.ok(DESK, {}, manager);
    const open = byKey(await sqlAsOwner(api.db, `SELECT "leadWorkerId"::text AS k, count(*)::int AS n FROM "Case" WHERE "centerId" = $1::uuid AND status <> 'CLOSED' GROUP BY 1`, centerId));
    const fte = new Map(
      (await sqlAsOwner<{ id: string; fte: string | null }>(api.db, `SELECT id::text, fte::text FROM "Membership" WHERE "centerId" = $1::uuid AND "endedOn" IS NULL`, centerId)).map((r) => [r.id, r.fte === null ? null : Number(r.fte)]),
    );
    expect(centerDesk.workers.length).toBe(fte.size);
    let led = 0;
    for (const w of centerDesk.workers) {
      const id = uuidOf(w.membershipId);
      expect(w.openCases, w.name).toBe(open.get(id) ?? 0);
      expect(w.fte, w.name).toBe(fte.get(id));
      led += w.openCases;
      if (w.openCases > 0) expect(await total(`leadWorkerId: "${w.membershipId}", status: ${OPEN}`)).toBe(w.openCases);
    }
    expect(led).toBeGreaterThan(0);

    const teamOpen = byKey(await sqlAsOwner(api.db, `SELECT "teamId"::text AS k, count(*)::int AS n FROM "Case" WHERE "centerId" = $1::uuid AND status <> 'CLOSED' GROUP BY 1`, centerId));
    const teamFte = byKey(
      await sqlAsOwner(api.db, `SELECT tm."teamId"::text AS k, coalesce(sum(m.fte), 0)::float AS n FROM "TeamMember" tm JOIN "Membership" m ON m.id = tm."membershipId" WHERE tm."centerId" = $1::uuid AND m."endedOn" IS NULL GROUP BY 1`, centerId),
    );
    expect(centerDesk.teams.length).toBeGreaterThan(0);
    for (const team of centerDesk.teams) {
      const id = uuidOf(team.teamId);
      expect(team.openCases, team.name).toBe(teamOpen.get(id) ?? 0);
      expect(team.fte, team.name).toBeCloseTo(teamFte.get(id) ?? 0, 2);
      expect(await total(`teamId: "${team.teamId}", status: ${OPEN}`)).toBe(team.openCases);
    }
  });

  test('the waiting list: open cases with no session yet, the longest waiting first', async () => {
    const { centerDesk } = await api.ok(DESK, {}, manager);
    const [row] = await sqlAsOwner<{ n: number; oldest: number | null }>(
      api.db,
      `SELECT count(*)::int AS n, max(${TODAY} - "referralDate")::int AS oldest FROM "Case" WHERE "centerId" = $1::uuid AND status <> 'CLOSED' AND "firstSessionOn" IS NULL`,
      centerId,
    );
    expect(row!.n).toBeGreaterThan(0);
    expect(centerDesk.waitingCount).toBe(row!.n);
    expect(centerDesk.oldestWaitingDays).toBe(row!.oldest);
    const { cases } = await api.ok(`{ cases(first: 100, waiting: true) { totalCount edges { node { id daysWaiting firstSessionOn status } } } }`, {}, manager);
    expect(cases.totalCount).toBe(row!.n);
    const days = cases.edges.map((e: any) => e.node.daysWaiting);
    expect(days[0]).toBe(row!.oldest);
    expect([...days].sort((a: number, b: number) => b - a)).toEqual(days);
    expect(cases.edges.every((e: any) => e.node.firstSessionOn === null && e.node.status !== 'CLOSED')).toBe(true);
  });

  test('overdue ИОП, ИПП and reviews per worker equal the database’s counts', async () => {
    const { centerDesk } = await api.ok(DESK, {}, manager);
    const planningDays = (await sqlAsOwner<{ planningDays: number }>(api.db, `SELECT "planningDays" FROM "Center" WHERE id = $1::uuid`, centerId))[0]!.planningDays;
    const assessments = byKey(
      await sqlAsOwner(api.db, `SELECT c."leadWorkerId"::text AS k, count(*)::int AS n FROM "Assessment" a JOIN "Case" c ON c.id = a."caseId"
        WHERE a."centerId" = $1::uuid AND a."completedOn" IS NULL AND a."supersededAt" IS NULL AND a."dueOn" < ${TODAY} AND c.status <> 'CLOSED' GROUP BY 1`, centerId),
    );
    const plans = byKey(
      await sqlAsOwner(api.db, `SELECT c."leadWorkerId"::text AS k, count(*)::int AS n FROM "Case" c
        WHERE c."centerId" = $1::uuid AND c.status <> 'CLOSED' AND coalesce(c."requestDate", c."referralDate") < ${TODAY} - $2::int
          AND NOT EXISTS (SELECT 1 FROM "SupportPlan" p WHERE p."caseId" = c.id AND p.status = 'ACTIVE') GROUP BY 1`, centerId, planningDays),
    );
    const reviews = byKey(
      await sqlAsOwner(api.db, `SELECT c."leadWorkerId"::text AS k, count(*)::int AS n FROM "SupportPlan" p JOIN "Case" c ON c.id = p."caseId"
        WHERE p."centerId" = $1::uuid AND p.status = 'ACTIVE' AND p."nextReviewOn" < ${TODAY} AND c.status <> 'CLOSED' GROUP BY 1`, centerId),
    );
    let any = 0;
    for (const w of centerDesk.workers) {
      const id = uuidOf(w.membershipId);
      expect([w.overdueAssessments, w.overduePlans, w.overdueReviews], w.name).toEqual([assessments.get(id) ?? 0, plans.get(id) ?? 0, reviews.get(id) ?? 0]);
      any += w.overdueAssessments + w.overduePlans + w.overdueReviews;
      if (w.overdueCases > 0) expect(await total(`leadWorkerId: "${w.membershipId}", overdue: true`)).toBe(w.overdueCases);
    }
    expect(any).toBeGreaterThan(0);
  });

  test('capacity use per service against its licensed places, and this month’s sessions by service', async () => {
    const { centerDesk } = await api.ok(DESK, {}, manager);
    const inUse = byKey(
      await sqlAsOwner(api.db, `SELECT cs."serviceId"::text AS k, count(DISTINCT c.id)::int AS n FROM "Case" c JOIN "Contract" k ON k."caseId" = c.id AND k.status = 'SIGNED'
        JOIN "ContractService" cs ON cs."contractId" = k.id WHERE c."centerId" = $1::uuid AND c.status = 'ACTIVE' GROUP BY 1`, centerId),
    );
    const sessions = byKey(
      await sqlAsOwner(api.db, `SELECT "serviceId"::text AS k, count(*)::int AS n FROM "Session" s WHERE "centerId" = $1::uuid AND status = 'HELD'
        AND NOT EXISTS (SELECT 1 FROM "GroupMeeting" g WHERE g.id = s."groupMeetingId" AND g.status = 'CANCELLED')
        AND "startsAt" >= (date_trunc('month', now() AT TIME ZONE 'Europe/Sofia') AT TIME ZONE 'Europe/Sofia') AT TIME ZONE 'UTC'
        AND "startsAt" < ((date_trunc('month', now() AT TIME ZONE 'Europe/Sofia') + interval '1 month') AT TIME ZONE 'Europe/Sofia') AT TIME ZONE 'UTC' GROUP BY 1`, centerId),
    );
    const places = new Map((await sqlAsOwner<{ k: string; n: number | null }>(api.db, `SELECT id::text AS k, capacity AS n FROM "CenterService" WHERE "centerId" = $1::uuid`, centerId)).map((r) => [r.k, r.n]));
    expect(centerDesk.services.length).toBeGreaterThan(0);
    for (const s of centerDesk.services) {
      const id = uuidOf(s.serviceId);
      expect(s.inUse, s.name).toBe(inUse.get(id) ?? 0);
      expect(s.sessionsThisMonth, s.name).toBe(sessions.get(id) ?? 0);
      expect(s.licensedPlaces, s.name).toBe(places.get(id));
      if (s.inUse > 0) expect(await total(`serviceId: "${s.serviceId}"`)).toBe(s.inUse);
    }
    // Every service with sessions this month is on the desk.
    for (const [id, n] of sessions) if (n > 0) expect(centerDesk.services.some((s: any) => uuidOf(s.serviceId) === id)).toBe(true);
    expect(centerDesk.services.some((s: any) => s.inUse > 0)).toBe(true);
  });

  test('a worker cannot read the desk; another center’s manager sees only their own center', async () => {
    const refused = await api.gql(DESK, {}, worker);
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.data).toBeNull();

    const plovdiv = (await api.ok(DESK, {}, manager)).centerDesk;
    const other = (await api.ok(DESK, {}, kazanlak)).centerDesk;
    const ids = (d: any) => new Set([...d.workers.map((w: any) => w.membershipId), ...d.teams.map((t: any) => t.teamId), ...d.services.map((s: any) => s.serviceId)]);
    const mine = ids(plovdiv);
    expect([...ids(other)].filter((id) => mine.has(id))).toEqual([]);
    expect(other.workers.some((w: any) => w.name === 'Десислава Петрова' || w.name === 'Милена Стоянова')).toBe(false);
    // Plovdiv's team, worker and service ids lead to nothing from Kazanlak.
    const team = plovdiv.teams[0].teamId;
    const service = plovdiv.services.find((s: any) => s.inUse > 0).serviceId;
    const lead = plovdiv.workers.find((w: any) => w.openCases > 0).membershipId;
    const { cases } = await api.ok(`{ cases(first: 5, teamId: "${team}") { totalCount } a: cases(first: 5, serviceId: "${service}") { totalCount } b: cases(first: 5, leadWorkerId: "${lead}") { totalCount } }`, {}, kazanlak);
    expect(cases.totalCount).toBe(0);
    const both = await api.ok(`{ a: cases(first: 5, serviceId: "${service}") { totalCount } b: cases(first: 5, leadWorkerId: "${lead}") { totalCount } }`, {}, kazanlak);
    expect([both.a.totalCount, both.b.totalCount]).toEqual([0, 0]);
  });
});
