import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { currentYear } from '@opora/common/calendar';
import { DEMO, TestApi, errorCodes } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';

// A manager approves a month and a year of the center's figures; the network and the municipality
// see which are approved; a change after approval shows as changed until approved again; only a
// manager of that center approves.

const YEAR = currentYear() - 1;
const MONTH = `${YEAR}-03`;
const APPROVE = `mutation($grain: ApprovalGrain!, $period: String!) { approvePeriod(grain: $grain, period: $period) { grain period approvedAt changedAfterApproval } }`;
const NETWORK = `query($p: MonthRange!) { networkComparison(indicators: [SESSIONS], period: $p) { centers { id code } approvals { centerId grain period approvedAt changedAfterApproval changedAt } } }`;
const MUNICIPAL = `query($p: MonthRange!) { municipalDashboard(period: $p) { centersOnTerritory { id } approvals { centerId grain period changedAfterApproval } } }`;
const SESSIONS = `query($from: Date!, $to: Date!) { sessions(from: $from, to: $to, first: 1) { edges { node {
  id version startsAt durationMinutes kind format mode service { id } settlement { id } case { id } clients { id } staff { id } } } } }`;
const UPDATE = `mutation($id: ID!, $version: Int!, $input: SessionInput!) { updateSession(id: $id, version: $version, input: $input) { durationMinutes version } }`;

type Approval = { centerId: string; grain: string; period: string; changedAfterApproval: boolean; changedAt?: string | null };

describe('approval of reported periods', () => {
  let api: TestApi;
  let manager: string;
  let analyst: string;
  let kazanlakId: string;
  const period = { from: `${YEAR}-01`, to: `${YEAR}-12` };
  const networkApprovals = async () => {
    const data = await api.ok<{ networkComparison: { centers: { id: string; code: string }[]; approvals: Approval[] } }>(NETWORK, { p: period }, analyst);
    return data.networkComparison.approvals.filter((a) => a.centerId === kazanlakId);
  };
  beforeAll(async () => {
    api = await TestApi.start();
    await api.prepareAggregates();
    manager = await api.login(DEMO.kazanlakManager);
    analyst = await api.login(DEMO.networkAnalyst);
    kazanlakId = (await api.ok<{ center: { id: string } }>(`{ center { id } }`, {}, manager)).center.id;
  }, 1_200_000);
  afterAll(async () => {
    await api?.stop();
  });

  test('approved, changed by staff after approval, shown as changed; approved again, cleared', async () => {
    const month = await api.ok(APPROVE, { grain: 'MONTH', period: MONTH }, manager);
    expect(month.approvePeriod).toMatchObject({ grain: 'MONTH', period: MONTH, changedAfterApproval: false });
    const year = await api.ok(APPROVE, { grain: 'YEAR', period: String(YEAR) }, manager);
    expect(year.approvePeriod).toMatchObject({ grain: 'YEAR', period: String(YEAR), changedAfterApproval: false });
    expect(await networkApprovals()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ grain: 'MONTH', period: MONTH, changedAfterApproval: false }),
        expect.objectContaining({ grain: 'YEAR', period: String(YEAR), changedAfterApproval: false }),
      ]),
    );
    // The municipality where the center works sees the same.
    const kazanlakViewer = await api.login(DEMO.kazanlakViewer);
    const mun = await api.ok<{ municipalDashboard: { approvals: Approval[] } }>(MUNICIPAL, { p: period }, kazanlakViewer);
    expect(mun.municipalDashboard.approvals.filter((a) => a.centerId === kazanlakId).map((a) => a.period).sort()).toEqual([String(YEAR), MONTH]);
    // Another municipality sees no approval of a center it does not have.
    const plovdiv = await api.ok<{ municipalDashboard: { approvals: Approval[] } }>(MUNICIPAL, { p: period }, await api.login(DEMO.plovdivViewer));
    expect(plovdiv.municipalDashboard.approvals.some((a) => a.centerId === kazanlakId)).toBe(false);

    // Staff change a session of that month through the ordinary screen's mutation.
    const staff = await api.login(DEMO.kazanlakManager);
    const found = await api.ok(SESSIONS, { from: `${MONTH}-10`, to: `${MONTH}-28` }, staff);
    const s = found.sessions.edges[0].node;
    const input = {
      startsAt: s.startsAt,
      durationMinutes: s.durationMinutes + 5,
      kind: s.kind,
      format: s.format,
      mode: s.mode,
      serviceId: s.service.id,
      ...(s.settlement ? { settlementId: s.settlement.id } : {}),
      ...(s.case ? { caseId: s.case.id } : {}),
      clientIds: s.clients.map((c: { id: string }) => c.id),
      staffIds: s.staff.map((m: { id: string }) => m.id),
    };
    const updated = await api.ok(UPDATE, { id: s.id, version: s.version, input }, staff);
    expect(updated.updateSession.durationMinutes).toBe(s.durationMinutes + 5);
    // The rollups are rebuilt (as the background refresh does): the month and its year show as changed.
    await sqlAsOwner(api.db, 'SELECT aggregate_refresh()');
    const changed = await networkApprovals();
    expect(changed.find((a) => a.grain === 'MONTH')).toMatchObject({ period: MONTH, changedAfterApproval: true });
    expect(changed.find((a) => a.grain === 'YEAR')).toMatchObject({ changedAfterApproval: true });
    const own = await api.ok<{ periodApprovals: Approval[] }>(`query($y: Int!) { periodApprovals(year: $y) { grain period changedAfterApproval } }`, { y: YEAR }, manager);
    expect(own.periodApprovals.find((a) => a.grain === 'MONTH')!.changedAfterApproval).toBe(true);
    // The municipal screen shows the same mark.
    const municipalMarks = async () =>
      (await api.ok<{ municipalDashboard: { approvals: Approval[] } }>(MUNICIPAL, { p: period }, kazanlakViewer)).municipalDashboard.approvals.filter((a) => a.centerId === kazanlakId);
    expect((await municipalMarks()).find((a) => a.grain === 'MONTH')).toMatchObject({ period: MONTH, changedAfterApproval: true });
    const changedAt = changed.find((a) => a.grain === 'MONTH')!.changedAt;
    expect(changedAt).toBeTruthy();

    // Approved again: the month's mark clears on the manager's, the network's and the municipality's
    // answers; the year, not approved again, stays changed.
    const again = await api.ok(APPROVE, { grain: 'MONTH', period: MONTH }, manager);
    expect(again.approvePeriod).toMatchObject({ grain: 'MONTH', period: MONTH, changedAfterApproval: false });
    const cleared = await networkApprovals();
    expect(cleared.find((a) => a.grain === 'MONTH')).toMatchObject({ period: MONTH, changedAfterApproval: false, changedAt: null });
    expect(cleared.find((a) => a.grain === 'YEAR')).toMatchObject({ changedAfterApproval: true });
    expect((await municipalMarks()).find((a) => a.grain === 'MONTH')).toMatchObject({ period: MONTH, changedAfterApproval: false });
    const ownAgain = await api.ok<{ periodApprovals: Approval[] }>(`query($y: Int!) { periodApprovals(year: $y) { grain period changedAfterApproval } }`, { y: YEAR }, manager);
    expect(ownAgain.periodApprovals.find((a) => a.grain === 'MONTH')!.changedAfterApproval).toBe(false);
    // A refresh with nothing new does not bring the mark back.
    await sqlAsOwner(api.db, 'SELECT aggregate_refresh()');
    expect((await networkApprovals()).find((a) => a.grain === 'MONTH')).toMatchObject({ changedAfterApproval: false });

    // The history stays: both approvals of the month, the second naming the change it cleared, and
    // the change of the session itself.
    const [approval] = await sqlAsOwner<{ id: string }>(api.db, `SELECT id::text FROM "PeriodApproval" WHERE "centerId" = (SELECT "centerId" FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1 LIMIT 1) AND grain = 'MONTH' AND "periodStart" = $2::date`, DEMO.kazanlakManager, `${MONTH}-01`);
    const history = await sqlAsOwner<{ detail: any }>(api.db, `SELECT detail FROM "AuditEvent" WHERE "entityType" = 'PeriodApproval' AND "entityId" = $1 ORDER BY id`, approval!.id);
    expect(history).toHaveLength(2);
    expect(history[0]!.detail).toMatchObject({ grain: 'MONTH', period: MONTH });
    expect(history[0]!.detail.approvedAgain).toBeUndefined();
    expect(history[1]!.detail).toMatchObject({ grain: 'MONTH', period: MONTH, approvedAgain: true });
    expect(new Date(history[1]!.detail.clearedChangeAt).getTime()).toBe(new Date(changedAt!).getTime());
    const sessionId = Buffer.from(s.id, 'base64url').toString('utf8').split(':')[1]!;
    const [sessionChange] = await sqlAsOwner<{ n: number }>(api.db, `SELECT count(*)::int AS n FROM "AuditEvent" WHERE "entityType" = 'Session' AND "entityId" = $1 AND action = 'UPDATE'`, sessionId);
    expect(sessionChange!.n).toBeGreaterThanOrEqual(1);
  }, 300_000);

  test('only a manager of that center approves, and only a period that has ended', async () => {
    for (const who of [DEMO.kazanlakPsychologist, DEMO.networkAnalyst, DEMO.kazanlakViewer]) {
      const res = await api.gql(APPROVE, { grain: 'MONTH', period: `${YEAR}-04` }, await api.login(who));
      expect(errorCodes(res), who).toEqual(['FORBIDDEN']);
    }
    expect(errorCodes(await api.gql(APPROVE, { grain: 'MONTH', period: `${YEAR}-04` }))).toEqual(['UNAUTHENTICATED']);
    // Another center's manager approves only its own center: the Kazanlak month stays unapproved.
    const plovdivManager = await api.login(DEMO.plovdivManager);
    await api.ok(APPROVE, { grain: 'MONTH', period: `${YEAR}-04` }, plovdivManager);
    expect((await networkApprovals()).some((a) => a.period === `${YEAR}-04`)).toBe(false);
    // Nor can its manager read Kazanlak's approvals (RLS): its own list has only its own.
    const list = await api.ok<{ periodApprovals: Approval[] }>(`query($y: Int!) { periodApprovals(year: $y) { centerId period } }`, { y: YEAR }, plovdivManager);
    expect(list.periodApprovals.map((a) => a.period)).toEqual([`${YEAR}-04`]);
    expect(list.periodApprovals.some((a) => a.centerId === kazanlakId)).toBe(false);
    const current = `${currentYear()}-12`;
    const refused = await api.gql(APPROVE, { grain: 'MONTH', period: current }, manager);
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await api.gql(APPROVE, { grain: 'YEAR', period: String(currentYear()) }, manager))).toEqual(['BAD_USER_INPUT']);
  }, 300_000);
});
