import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi } from '../support/api.ts';
import { addDays, addMonths, isoDay, today } from '@opora/common/calendar';
import { ratedAreas } from '../support/assessment.ts';

// The ЗСУ case workflow over HTTP: referral → assessment → support plan → active → closed,
// refused transitions, optimistic concurrency, idempotent intake, case-team permissions,
// tenant isolation, restricted notes, and the caseload query's statement count.

let api: TestApi;
let manager: string;
let worker: string;
let kazanlak: string;
let plovdivCenterId: string;
const ids = {} as {
  workerMembership: string;
  otherWorkerMembership: string;
  managerMembership: string;
  team: string;
  targetGroups: string[];
  services: string[];
  partner: string;
};

const day = (offset = 0) => isoDay(addDays(today(), offset));

const CASE = `id number status version referralDate closedOn closureOutcome
  child { id fullName } leadWorker { id } team { id } teamMembers { membership { id } }
  targetGroups { id code } statusHistory { fromStatus toStatus note changedBy { id } }
  assessments { id dueOn completedOn } supportPlans { id status nextReviewOn }`;

const OPEN = `mutation($input: OpenCaseInput!, $key: String) {
  openCase(input: $input, idempotencyKey: $key) { replayed case { ${CASE} } } }`;
const CHANGE = `mutation($id: ID!, $version: Int!, $to: CaseStatus!, $note: String) {
  changeCaseStatus(id: $id, version: $version, to: $to, note: $note) { ${CASE} } }`;
const CLOSE = `mutation($id: ID!, $version: Int!, $outcome: ClosureOutcome!, $closedOn: Date!, $note: String, $ground: ContractEndGround) {
  closeCase(id: $id, version: $version, outcome: $outcome, closedOn: $closedOn, note: $note, contractEndGround: $ground) { ${CASE} } }`;

let childSeq = 0;
function newChildInput(overrides: Record<string, unknown> = {}) {
  childSeq += 1;
  return {
    newChild: { kind: 'CHILD', firstName: `Тест${childSeq}`, lastName: 'Случаев', birthDate: '2019-04-02', sex: 'FEMALE' },
    referral: { route: 'REFERRAL', legalReferrer: 'CHILD_PROTECTION_DEPARTMENT', date: day(-10), documentNumber: `ОЗД-${childSeq}`, documentDate: day(-10), reason: 'Риск от изоставяне' },
    targetGroupIds: ids.targetGroups.slice(0, 2),
    leadWorkerId: ids.workerMembership,
    teamId: ids.team,
    ...overrides,
  };
}

async function openCase(token: string, overrides: Record<string, unknown> = {}, key?: string) {
  const data = await api.ok(OPEN, { input: newChildInput(overrides), key }, token);
  return data.openCase.case;
}

/** What the database holds for a case, read as the owner (RLS does not apply). */
async function stored(caseId: string) {
  const uuid = Buffer.from(caseId, 'base64url').toString('utf8').split(':')[1]!;
  const c = await api.db.prisma.case.findUniqueOrThrow({ where: { id: uuid }, include: { statusChanges: true } });
  const audits = await api.db.prisma.auditEvent.findMany({ where: { entityType: 'Case', entityId: uuid, action: { not: 'READ' } } });
  return { uuid, status: c.status, version: c.version, changes: c.statusChanges.length, audits: audits.length, auditRows: audits };
}

beforeAll(async () => {
  api = await TestApi.start();
  // One at a time: PGlite serves one transaction at a time.
  manager = await api.login(DEMO.plovdivManager);
  worker = await api.login(DEMO.plovdivWorker);
  kazanlak = await api.login(DEMO.kazanlakPsychologist);
  const data = await api.ok(
    `{ viewer { activeMembership { id } }
       center { id staff(first: 100) { edges { node { id role user { email } } } } teams { id nameEn } services { id access } partnerOrganizations { id kind } }
       targetGroups { id code } }`,
    {},
    manager,
  );
  plovdivCenterId = Buffer.from(data.center.id, 'base64url').toString('utf8').split(':')[1]!;
  const staff = data.center.staff.edges.map((e: { node: unknown }) => e.node) as { id: string; role: string; user: { email: string } }[];
  ids.managerMembership = data.viewer.activeMembership.id;
  ids.workerMembership = staff.find((s) => s.user.email === DEMO.plovdivWorker)!.id;
  ids.otherWorkerMembership = staff.find((s) => s.role === 'CASE_WORKER' && s.user.email !== DEMO.plovdivWorker)!.id;
  ids.team = data.center.teams[0].id;
  ids.targetGroups = data.targetGroups.map((g: { id: string }) => g.id);
  ids.services = data.center.services.filter((s: { access: string }) => s.access === 'SPECIALISED').map((s: { id: string }) => s.id);
  ids.partner = data.center.partnerOrganizations.find((p: { kind: string }) => p.kind === 'CHILD_PROTECTION_DEPARTMENT').id;
});

afterAll(async () => {
  await api?.stop();
});

describe('the ЗСУ lifecycle', () => {
  test('a referral opens a case that moves through every status to CLOSED', async () => {
    const opened = await openCase(manager, { referral: { ...newChildInput().referral, referringOrganizationId: ids.partner } });
    const year = day(-10).slice(0, 4);
    expect(opened.number).toMatch(new RegExp(`^PLV-${year}-\\d{4}$`));
    // The number follows the center's highest of that year.
    const numbers = await api.db.prisma.case.findMany({ where: { centerId: plovdivCenterId, number: { startsWith: `PLV-${year}-` } }, select: { number: true } });
    const highest = Math.max(...numbers.map((n) => Number(n.number.split('-')[2])));
    expect(Number(opened.number.split('-')[2])).toBe(highest);
    expect(numbers.filter((n) => n.number === opened.number)).toHaveLength(1);
    expect(opened).toMatchObject({ status: 'REFERRED', version: 1, leadWorker: { id: ids.workerMembership }, team: { id: ids.team } });
    expect(opened.targetGroups).toHaveLength(2);
    expect(opened.statusHistory).toEqual([{ fromStatus: null, toStatus: 'REFERRED', note: 'Риск от изоставяне', changedBy: { id: ids.managerMembership } }]);

    // The lead worker runs the case from here.
    const inAssessment = (await api.ok(CHANGE, { id: opened.id, version: 1, to: 'ASSESSMENT', note: 'Начало на оценката' }, worker)).changeCaseStatus;
    expect(inAssessment.status).toBe('ASSESSMENT');
    expect(inAssessment.assessments).toEqual([{ id: expect.any(String), dueOn: day(10), completedOn: null }]);

    const early = await api.gql(CHANGE, { id: opened.id, version: inAssessment.version, to: 'SUPPORT_PLAN' }, worker);
    expect(errorCodes(early)).toEqual(['INVALID_TRANSITION']);
    expect(early.errors![0]!.extensions!.messageEn).toMatch(/assessment/);

    // Completing the assessment moves the case to SUPPORT_PLAN.
    const assessmentId = inAssessment.assessments[0].id;
    const completed = await api.ok(
      `mutation($id: ID!, $on: Date!) { completeAssessment(id: $id, completedOn: $on, summary: "Нужда от подкрепа на родителите", input: ${ratedAreas()}) { completedOn summary case { ${CASE} } } }`,
      { id: assessmentId, on: day(-1) },
      worker,
    );
    expect(completed.completeAssessment.completedOn).toBe(day(-1));
    const inPlan = completed.completeAssessment.case;
    expect(inPlan.status).toBe('SUPPORT_PLAN');

    const noPlan = await api.gql(CHANGE, { id: opened.id, version: inPlan.version, to: 'ACTIVE' }, worker);
    expect(errorCodes(noPlan)).toEqual(['INVALID_TRANSITION']);

    const plan = (
      await api.ok(
        `mutation($caseId: ID!, $input: SupportPlanInput!) { createSupportPlan(caseId: $caseId, input: $input, idempotencyKey: "plan-key-0001") {
           replayed supportPlan { id status startsOn nextReviewOn version goals { id description status } plannedServices { service { id } sessionsPerMonth } } } }`,
        {
          caseId: opened.id,
          input: {
            startsOn: day(0),
            reviewEveryMonths: 3,
            goals: [{ description: 'Укрепване на родителския капацитет' }, { description: 'Редовно посещение на детска градина' }],
            plannedServices: [{ serviceId: ids.services[0], sessionsPerMonth: 4 }],
          },
        },
        worker,
      )
    ).createSupportPlan.supportPlan;
    expect(plan).toMatchObject({ status: 'DRAFT', startsOn: day(0), plannedServices: [{ service: { id: ids.services[0] }, sessionsPerMonth: 4 }] });
    expect(plan.nextReviewOn).toBe(isoDay(addMonths(today(), 3))); // clamped to the month's end

    // Putting the plan into effect keeps the case in planning; concluding the contract makes it ACTIVE.
    const planned = (
      await api.ok(`mutation($id: ID!, $version: Int!) { activateSupportPlan(id: $id, version: $version) { case { ${CASE} } } }`, { id: plan.id, version: plan.version }, worker)
    ).activateSupportPlan.case;
    expect(planned.status).toBe('SUPPORT_PLAN');
    expect(planned.supportPlans).toEqual([{ id: plan.id, status: 'ACTIVE', nextReviewOn: plan.nextReviewOn }]);
    const mother = (await api.ok(`mutation { registerClient(input: { kind: ADULT, firstName: "Мария", lastName: "Случаева", birthYear: 1990, sex: FEMALE }) { client { id } } }`, {}, worker)).registerClient.client.id;
    const contract = (
      await api.ok(
        `mutation($caseId: ID!, $input: ContractInput!) { createContract(caseId: $caseId, input: $input) { contract { id version } } }`,
        { caseId: opened.id, input: { contractDate: day(0), representativeId: mother, serviceIds: [ids.services[0]], startsOn: day(0), endsOn: isoDay(addMonths(today(), 6)) } },
        worker,
      )
    ).createContract.contract;
    const active = (
      await api.ok(`mutation($id: ID!, $version: Int!) { concludeContract(id: $id, version: $version, signedOn: "${day(0)}") { case { ${CASE} } } }`, { id: contract.id, version: contract.version }, worker)
    ).concludeContract.case;
    expect(active.status).toBe('ACTIVE');

    await api.ok(`mutation($id: ID!) { setSupportPlanGoalStatus(id: $id, status: ACHIEVED) { status } }`, { id: plan.goals[0].id }, worker);
    const review = await api.ok(
      `mutation($planId: ID!, $on: Date!) { recordPlanReview(planId: $planId, heldOn: $on, decision: CLOSE_CASE, summary: "Целите са постигнати") {
         heldOn decision plan { nextReviewOn goals { status } } } }`,
      { planId: plan.id, on: day(0) },
      worker,
    );
    expect(review.recordPlanReview).toMatchObject({ heldOn: day(0), decision: 'CLOSE_CASE', plan: { goals: [{ status: 'ACHIEVED' }, { status: 'OPEN' }] } });
    // CLOSE_CASE records the decision; the case stays ACTIVE until closeCase.
    expect((await stored(opened.id)).status).toBe('ACTIVE');

    const closed = (await api.ok(CLOSE, { id: opened.id, version: active.version, outcome: 'GOALS_MET', closedOn: day(0), note: 'Успешно приключване', ground: 'GOALS_ACHIEVED' }, worker)).closeCase;
    expect(closed).toMatchObject({ status: 'CLOSED', closedOn: day(0), closureOutcome: 'GOALS_MET' });
    expect(closed.supportPlans[0].status).toBe('ENDED');
    expect(closed.statusHistory.map((s: { toStatus: string }) => s.toStatus)).toEqual(['REFERRED', 'ASSESSMENT', 'SUPPORT_PLAN', 'ACTIVE', 'CLOSED']);

    // The timeline, in the viewer's language.
    const timeline = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on Case { timeline { kind date label } } } }`,
      { id: opened.id },
      manager,
      { 'accept-language': 'en' },
    );
    const events = timeline.data!.node.timeline as { kind: string; date: string; label: string }[];
    // By date; on one day in the lifecycle's order (this test runs the moves all today).
    expect(events.map((e) => [e.kind, e.date])).toEqual([
      ['REFERRAL', day(-10)],
      ['ASSESSMENT_COMPLETED', day(-1)],
      ['STATUS_CHANGE', day(0)],
      ['STATUS_CHANGE', day(0)],
      ['STATUS_CHANGE', day(0)],
      ['PLAN_STARTED', day(0)],
      ['PLAN_REVIEW_HELD', day(0)],
      ['CONTRACT_SIGNED', day(0)],
      ['CONTRACT_ENDED', day(0)],
      ['CLOSURE', day(0)],
    ]);
    expect(events.map((e) => e.label).slice(2, 5)).toEqual([
      'Referred → Needs assessment',
      'Needs assessment → Support plan',
      'Support plan → Active',
    ]);
    expect(events.at(-1)!.label).toBe('Closed: Goals met');

    // Every change audited: the creation and four moves of the case, and the plan's writes.
    const db = await stored(opened.id);
    expect(db.changes).toBe(5);
    expect(db.auditRows.map((a) => a.action).sort()).toEqual(['CREATE', 'UPDATE', 'UPDATE', 'UPDATE', 'UPDATE']);
    expect(db.auditRows.every((a) => a.centerId === plovdivCenterId && a.userId && a.membershipId)).toBe(true);
    const planUuid = Buffer.from(plan.id, 'base64url').toString('utf8').split(':')[1]!;
    const planAudits = await api.db.prisma.auditEvent.findMany({ where: { entityType: 'SupportPlan', entityId: planUuid } });
    expect(planAudits.map((a) => a.action)).toEqual(expect.arrayContaining(['CREATE', 'UPDATE']));
  });

  test('transitions outside the lifecycle are refused with INVALID_TRANSITION and write nothing', async () => {
    const opened = await openCase(manager);
    const before = await stored(opened.id);

    const skip = await api.gql(CHANGE, { id: opened.id, version: 1, to: 'ACTIVE' }, manager);
    expect(errorCodes(skip)).toEqual(['INVALID_TRANSITION']);
    expect(skip.errors![0]!.message).toBe('Случаят не може да премине от „Насочен“ към „Активен“.');
    expect(skip.errors![0]!.extensions).toMatchObject({ from: 'REFERRED', to: 'ACTIVE', messageEn: 'The case cannot move from "Referred" to "Active".' });
    expect(await stored(opened.id)).toEqual(before);

    const closed = (await api.ok(CLOSE, { id: opened.id, version: 1, outcome: 'REFUSED', closedOn: day(0) }, manager)).closeCase;
    expect(closed.status).toBe('CLOSED');
    const afterClose = await stored(opened.id);
    const reopen = await api.gql(CHANGE, { id: opened.id, version: closed.version, to: 'ACTIVE' }, manager);
    expect(errorCodes(reopen)).toEqual(['INVALID_TRANSITION']);
    expect(reopen.errors![0]!.extensions!.messageEn).toBe('The case cannot move from "Closed" to "Active".');
    const closeAgain = await api.gql(CLOSE, { id: opened.id, version: closed.version, outcome: 'OTHER', closedOn: day(0) }, manager);
    expect(errorCodes(closeAgain)).toEqual(['INVALID_TRANSITION']);
    expect(await stored(opened.id)).toEqual(afterClose);
  });

  test('a stale version gives CONFLICT with the current record and writes nothing', async () => {
    const opened = await openCase(manager);
    await api.ok(CHANGE, { id: opened.id, version: 1, to: 'ASSESSMENT' }, manager);
    const before = await stored(opened.id);
    const stale = await api.gql(CHANGE, { id: opened.id, version: 1, to: 'ASSESSMENT' }, worker);
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    // The current record in the API's shape: the global id, relations as { id }, no internal columns.
    const current = stale.errors![0]!.extensions!.current as Record<string, unknown>;
    expect(current).toMatchObject({ id: opened.id, status: 'ASSESSMENT', version: 2 });
    expect(Object.keys(current)).not.toContain('centerId');
    expect(Object.keys(current)).not.toContain('leadWorkerId');
    expect(current.person).toEqual({ id: expect.any(String) });
    expect(before.uuid).not.toBe(current.id);
    const staleAssign = await api.gql(
      `mutation($id: ID!, $lead: ID!) { assignCase(id: $id, version: 1, leadWorkerId: $lead) { id } }`,
      { id: opened.id, lead: ids.otherWorkerMembership },
      manager,
    );
    expect(errorCodes(staleAssign)).toEqual(['CONFLICT']);
    expect(await stored(opened.id)).toEqual(before);
  });

  test('openCase retried with the same idempotency key returns the same case and creates one', async () => {
    const input = newChildInput();
    const first = await api.ok(OPEN, { input, key: 'intake-retry-0001' }, manager);
    const second = await api.ok(OPEN, { input, key: 'intake-retry-0001' }, manager);
    expect(first.openCase.replayed).toBe(false);
    expect(second.openCase.replayed).toBe(true);
    expect(second.openCase.case.id).toBe(first.openCase.case.id);
    expect(second.openCase.case.number).toBe(first.openCase.case.number);
    const children = await api.db.prisma.client.findMany({ where: { firstName: input.newChild.firstName, lastName: 'Случаев' }, select: { id: true } });
    expect(children).toHaveLength(1);
    expect(await api.db.prisma.case.count({ where: { personId: children[0]!.id } })).toBe(1);
  });
});

describe('who may do what', () => {
  test('a worker not on the case team cannot change its status; the manager can', async () => {
    const opened = await openCase(manager, { leadWorkerId: ids.otherWorkerMembership, teamId: null });
    const before = await stored(opened.id);
    const refused = await api.gql(CHANGE, { id: opened.id, version: 1, to: 'ASSESSMENT' }, worker);
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(await stored(opened.id)).toEqual(before);
    // Reading the case is open to the center's staff.
    expect((await api.ok(`query($id: ID!) { node(id: $id) { ... on Case { number } } }`, { id: opened.id }, worker)).node.number).toBe(opened.number);

    const byManager = await api.ok(CHANGE, { id: opened.id, version: 1, to: 'ASSESSMENT' }, manager);
    expect(byManager.changeCaseStatus.status).toBe('ASSESSMENT');

    // Assigning: the manager or the lead worker, not a case-team member.
    const assigned = await api.ok(
      `mutation($id: ID!, $lead: ID!, $team: [ID!]) { assignCase(id: $id, version: 2, leadWorkerId: $lead, teamMemberIds: $team) { version leadWorker { id } teamMembers { membership { id } } } }`,
      { id: opened.id, lead: ids.otherWorkerMembership, team: [ids.workerMembership] },
      manager,
    );
    expect(assigned.assignCase.teamMembers).toEqual([{ membership: { id: ids.workerMembership } }]);
    const byMember = await api.gql(
      `mutation($id: ID!, $lead: ID!) { assignCase(id: $id, version: 3, leadWorkerId: $lead) { id } }`,
      { id: opened.id, lead: ids.workerMembership },
      worker,
    );
    expect(errorCodes(byMember)).toEqual(['FORBIDDEN']);
    // On the case team now, the worker may move it.
    const moved = await api.gql(
      `mutation($id: ID!) { startAssessment(caseId: $id) { id assessor { id } } }`,
      { id: opened.id },
      worker,
    );
    expect(moved.errors).toBeUndefined();
  });

  test('a Kazanlak user cannot see or touch a Plovdiv case', async () => {
    const opened = await openCase(manager);
    const moved = (await api.ok(CHANGE, { id: opened.id, version: 1, to: 'ASSESSMENT' }, manager)).changeCaseStatus;
    const assessmentId = moved.assessments[0].id;
    const before = await stored(opened.id);

    const node = await api.gql(`query($id: ID!) { node(id: $id) { id ... on Case { number } } }`, { id: opened.id }, kazanlak);
    expect(node.errors).toBeUndefined();
    expect(node.data!.node).toBeNull();

    const attempts = [
      () => api.gql(CHANGE, { id: opened.id, version: 2, to: 'SUPPORT_PLAN' }, kazanlak),
      () => api.gql(CLOSE, { id: opened.id, version: 2, outcome: 'OTHER', closedOn: day(0) }, kazanlak),
      () => api.gql(`mutation($id: ID!) { addCaseNote(caseId: $id, body: "x") { id } }`, { id: opened.id }, kazanlak),
      () => api.gql(`mutation($id: ID!) { startAssessment(caseId: $id) { id } }`, { id: opened.id }, kazanlak),
      () => api.gql(`mutation($id: ID!) { completeAssessment(id: $id, completedOn: "${day(0)}", summary: "x") { id } }`, { id: assessmentId }, kazanlak),
      () => api.gql(`mutation($id: ID!) { updateCase(id: $id, version: 2, input: { referralReason: "x" }) { id } }`, { id: opened.id }, kazanlak),
    ];
    for (const attempt of attempts) expect(errorCodes(await attempt())).toEqual(['NOT_FOUND']);
    expect(await stored(opened.id)).toEqual(before);

    const lists = await api.ok(
      `query($lead: ID!, $search: String!) {
         byLead: cases(leadWorkerId: $lead, first: 5) { totalCount edges { node { id } } }
         bySearch: cases(search: $search, first: 5) { totalCount }
         myCases(first: 5) { edges { node { id } } } }`,
      { lead: ids.workerMembership, search: opened.number },
      kazanlak,
    );
    expect(lists.byLead).toEqual({ totalCount: 0, edges: [] });
    expect(lists.bySearch.totalCount).toBe(0);
    expect(lists.myCases.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(opened.id);
  });

  test('a RESTRICTED note body is hidden from a worker who is neither its author nor the lead', async () => {
    const opened = await openCase(manager, { leadWorkerId: ids.otherWorkerMembership, teamMemberIds: [ids.workerMembership] });
    const ADD = `mutation($id: ID!, $body: String!, $c: Confidentiality) { addCaseNote(caseId: $id, body: $body, confidentiality: $c) { id body } }`;
    await api.ok(ADD, { id: opened.id, body: 'Поверително: насилие в семейството', c: 'RESTRICTED' }, manager);
    await api.ok(ADD, { id: opened.id, body: 'Среща с родителите', c: 'TEAM' }, manager);
    const own = await api.ok(ADD, { id: opened.id, body: 'Мое поверително наблюдение', c: 'RESTRICTED' }, worker);
    expect(own.addCaseNote.body).toBe('Мое поверително наблюдение');

    const NOTES = `query($id: ID!) { node(id: $id) { ... on Case { notes(first: 10) { totalCount edges { node { confidentiality body author { id } } } } } } }`;
    const asWorker = await api.gql(NOTES, { id: opened.id }, worker);
    const notes = asWorker.data!.node.notes;
    expect(notes.totalCount).toBe(3);
    const bodies = notes.edges.map((e: { node: { body: string | null } }) => e.node.body);
    expect(bodies).toEqual(['Мое поверително наблюдение', 'Среща с родителите', null]);
    expect(errorCodes(asWorker)).toEqual(['FORBIDDEN']);
    expect(asWorker.errors![0]!.path).toEqual(['node', 'notes', 'edges', 2, 'node', 'body']);

    const asManager = await api.ok(NOTES, { id: opened.id }, manager);
    expect(asManager.node.notes.edges.map((e: { node: { body: string } }) => e.node.body)).toContain('Поверително: насилие в семейството');
  });
});

describe('caseload', () => {
  const CASELOAD = `query($first: Int!) { cases(first: $first) { totalCount edges { node { id number status
    child { fullName birthDate } leadWorker { id user { displayName } } targetGroups { code name } } } } }`;

  test('the same number of SQL statements for 10 and for 50 cases', async () => {
    await api.ok(CASELOAD, { first: 1 }, manager); // warm
    let ten: any;
    let fifty: any;
    const small = await api.countStatements(async () => (ten = await api.ok(CASELOAD, { first: 10 }, manager)));
    const large = await api.countStatements(async () => (fifty = await api.ok(CASELOAD, { first: 50 }, manager)));
    expect(ten.cases.edges).toHaveLength(10);
    expect(fifty.cases.edges).toHaveLength(50);
    expect(fifty.cases.edges.some((e: any) => e.node.targetGroups.length > 0 && e.node.leadWorker)).toBe(true);
    console.log(`[cases] statements: first 10 → ${small.length}, first 50 → ${large.length}`);
    expect(large.length).toBe(small.length);
  });

  test("the caseload's total rides on its ids statement: no count statement, and the same total as counted", async () => {
    const onPostgres = api.db.target.kind === 'postgres';
    // The screen's caseload: the open cases (a list shorter than COUNT_FROM_IDS, schema/src/support/pages.ts).
    const OPEN = `query($first: Int!, $after: String) { cases(first: $first, after: $after, status: [REFERRED, ASSESSMENT, SUPPORT_PLAN, ACTIVE]) {
      totalCount pageInfo { endCursor } edges { node { id number child { fullName } leadWorker { id } targetGroups { code } } } } }`;
    await api.ok(OPEN, { first: 10 }, manager); // warm
    let page: any;
    let statements: string[] = [];
    const trips = await api.countRoundTrips(async () => (statements = await api.countStatements(async () => (page = await api.ok(OPEN, { first: 10 }, manager)))));
    expect(statements.filter((s) => /count\(/i.test(s))).toEqual([]);
    if (onPostgres) {
      // Five round trips (prisma/src/round-trips.ts): BEGIN with the role and the deadline; the
      // sign-in; the page's ids (and the total); the rows; the audit insert with COMMIT. Prisma
      // reports the middle three and COMMIT.
      expect(trips).toHaveLength(5);
      expect(trips[0]).toMatch(/^BEGIN; SELECT set_config\('role'.*statement_timeout/s);
      expect(trips[1]).toMatch(/auth_viewer/);
      expect(trips[4]).toMatch(/^INSERT INTO "AuditEvent".*; COMMIT$/s);
      expect(statements).toHaveLength(4);
    } else {
      // PGlite has no round trip to save: the role and deadline, the sign-in, the ids, the rows,
      // the audit insert and COMMIT are statements of their own.
      expect(trips).toEqual([]);
      expect(statements).toHaveLength(6);
      expect(statements[1]).toMatch(/auth_viewer/);
    }
    // The total is the list's length.
    const all = (await api.ok(OPEN, { first: 100 }, manager)).cases;
    expect(all.edges.length).toBeLessThan(100);
    expect(all.edges.length).toBeGreaterThan(10);
    expect(page.cases.totalCount).toBe(all.edges.length);
    expect(all.totalCount).toBe(all.edges.length);
    // A later page counts as before (its ids statement reads only the page), to the same total.
    let later: any;
    const laterStatements = await api.countStatements(async () => (later = await api.ok(OPEN, { first: 2, after: page.cases.pageInfo.endCursor }, manager)));
    expect(later.cases.totalCount).toBe(all.edges.length);
    expect(laterStatements.filter((s) => /count\(/i.test(s))).toHaveLength(1);
  });

  test('pages walked forwards and backwards give the order of one long page, with their relations', async () => {
    const PAGE = `query($first: Int, $after: String, $last: Int, $before: String) {
      cases(first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id number child { id fullName } } } } }`;
    const long = (await api.ok(PAGE, { first: 100 }, manager)).cases;
    const all = long.edges.map((e: any) => e.node);
    expect(all.length).toBeGreaterThan(12);
    // Every page in one direction, in reading order.
    const walk = async (forward: boolean) => {
      const seen: any[] = [];
      for (let cursor: string | null = null; ; ) {
        const page: any = (await api.ok(PAGE, forward ? { first: 5, after: cursor } : { last: 5, before: cursor }, manager)).cases;
        const nodes = page.edges.map((e: any) => e.node);
        if (forward) seen.push(...nodes);
        else seen.unshift(...nodes);
        if (!(forward ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage)) return seen;
        cursor = forward ? page.pageInfo.endCursor : page.pageInfo.startCursor;
      }
    };
    const forwards = await walk(true);
    expect(forwards.slice(0, all.length)).toEqual(all);
    expect(forwards).toHaveLength(long.totalCount);
    expect(new Set(forwards.map((c) => c.id)).size).toBe(forwards.length);
    const backwards = await walk(false);
    expect(backwards).toEqual(forwards);
  });

  test('my cases, team cases and overdue work', async () => {
    const opened = await openCase(manager, { leadWorkerId: ids.otherWorkerMembership, teamId: null, teamMemberIds: [ids.workerMembership] });
    const data = await api.ok(
      `{ myCases(first: 100, status: [REFERRED]) { totalCount edges { node { id } } }
         teamCases(first: 5) { totalCount }
         overdueAssessments(first: 5) { totalCount edges { node { dueOn overdue completedOn case { status } } } }
         overduePlanReviews(first: 5) { totalCount edges { node { status nextReviewOn reviewOverdue } } } }`,
      {},
      worker,
    );
    expect(data.myCases.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(opened.id);
    expect(data.teamCases.totalCount).toBeGreaterThan(0);
    for (const { node } of data.overdueAssessments.edges) {
      expect(node).toMatchObject({ overdue: true, completedOn: null });
      expect(node.case.status).not.toBe('CLOSED');
      expect(node.dueOn < day(0)).toBe(true);
    }
    for (const { node } of data.overduePlanReviews.edges) expect(node).toMatchObject({ status: 'ACTIVE', reviewOverdue: true });

    // A client's cases: the ones where they are the child.
    const child = await api.ok(`query($id: ID!) { node(id: $id) { ... on Client { cases { id } } } }`, { id: opened.child.id }, worker);
    expect(child.node.cases).toEqual([{ id: opened.id }]);
  });
});
