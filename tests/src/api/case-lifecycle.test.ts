import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi, type GraphQLResponse } from '../support/api.ts';
import { addDays, isoDay, today } from '@opora/common/calendar';
import { ratedAreas } from '../support/assessment.ts';

// The case lifecycle as the server enforces it (issue #15): each stage allows exactly its next
// steps, every other act is refused with a bilingual reason and writes nothing; starting and
// completing the assessment and concluding the contract (after the plan is put into effect) are
// the acts that move the case; a case has at most one open assessment; a stage change never
// changes a plan. The contract's own refusals are in contract-lifecycle.test.ts.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

let api: TestApi;
let manager: string;
let childSeq = 0;

const day = (offset = 0) => isoDay(addDays(today(), offset));
const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

const CASE = `id status version actions assessments { id startedOn completedOn overdue } supportPlans { id status version } contracts { id status version }`;
const OPEN = `mutation($input: OpenCaseInput!) { openCase(input: $input) { case { ${CASE} } } }`;
const READ = `query($id: ID!) { node(id: $id) { ... on Case { ${CASE} } } }`;
const START = `mutation($caseId: ID!) { startAssessment(caseId: $caseId) { id startedOn } }`;
const COMPLETE = `mutation($id: ID!, $on: Date!) { completeAssessment(id: $id, completedOn: $on, summary: "Нужди на детето и семейството", input: ${ratedAreas()}) { id completedOn } }`;
const DRAFT = `mutation($caseId: ID!, $startsOn: Date!) {
  createSupportPlan(caseId: $caseId, input: { startsOn: $startsOn, goals: [{ description: "Редовно посещение на училище" }] }) { supportPlan { id status version } } }`;
const PUT_INTO_EFFECT = `mutation($id: ID!, $version: Int!) { activateSupportPlan(id: $id, version: $version) { id status version } }`;
const CHANGE = `mutation($id: ID!, $version: Int!, $to: CaseStatus!) { changeCaseStatus(id: $id, version: $version, to: $to) { id status } }`;
const REVIEW = `mutation($planId: ID!, $on: Date!) { recordPlanReview(planId: $planId, heldOn: $on, decision: CONTINUE) { id } }`;
const CLOSE = `mutation($id: ID!, $version: Int!) { closeCase(id: $id, version: $version, outcome: GOALS_MET, closedOn: "${day(0)}") { id status } }`;
const CLOSE_ENDING = `mutation($id: ID!, $version: Int!) {
  closeCase(id: $id, version: $version, outcome: GOALS_MET, closedOn: "${day(0)}", contractEndGround: GOALS_ACHIEVED) { id status } }`;
const DRAFT_CONTRACT = `mutation($caseId: ID!, $input: ContractInput!) { createContract(caseId: $caseId, input: $input) { contract { id status version } } }`;
const CONCLUDE = `mutation($id: ID!, $version: Int!, $on: Date!) { concludeContract(id: $id, version: $version, signedOn: $on) { id status version } }`;

type CaseView = {
  id: string;
  status: string;
  version: number;
  actions: string[];
  assessments: { id: string; startedOn: string | null; completedOn: string | null; overdue: boolean }[];
  supportPlans: { id: string; status: string; version: number }[];
  contracts: { id: string; status: string; version: number }[];
};

let parentSeq = 0;
/** A draft contract for the case: the child's mother signs, for a specialised service of the center. */
async function draftContract(caseId: string) {
  parentSeq += 1;
  const mother = (await api.ok(`mutation($input: ClientInput!) { registerClient(input: $input) { client { id } } }`, { input: { kind: 'ADULT', firstName: `Майка${parentSeq}`, lastName: 'Проверкова', birthYear: 1988, sex: 'FEMALE' } }, manager)).registerClient.client;
  const services = (await api.ok(`{ center { services { id access } } }`, {}, manager)).center.services;
  const service = services.find((x: { access: string }) => x.access === 'SPECIALISED');
  const input = { contractDate: day(0), representativeId: mother.id, serviceIds: [service.id], startsOn: day(0), endsOn: day(180) };
  return (await api.ok(DRAFT_CONTRACT, { caseId, input }, manager)).createContract.contract as { id: string; status: string; version: number };
}

async function openCase(): Promise<CaseView> {
  childSeq += 1;
  const input = {
    newChild: { kind: 'CHILD', firstName: `Етап${childSeq}`, lastName: 'Проверкова', birthDate: '2016-05-10', sex: 'MALE' },
    referral: { route: 'REFERRAL', legalReferrer: 'CHILD_PROTECTION_DEPARTMENT', date: day(-12), documentNumber: `ОЗД-Е-${childSeq}`, documentDate: day(-12) },
  };
  return (await api.ok(OPEN, { input }, manager)).openCase.case;
}

async function read(id: string): Promise<CaseView> {
  return (await api.ok(READ, { id }, manager)).node;
}

/** Everything the lifecycle may write for a case, read as the owner (RLS does not apply). */
async function snapshot(caseId: string) {
  const id = uuidOf(caseId);
  const c = await api.db.prisma.case.findUniqueOrThrow({
    where: { id },
    include: {
      statusChanges: { orderBy: { changedAt: 'asc' } },
      assessments: { orderBy: { createdAt: 'asc' } },
      supportPlans: { orderBy: { createdAt: 'asc' }, include: { reviews: true, goals: true } },
      contracts: { orderBy: { createdAt: 'asc' }, include: { services: true, extensions: true } },
    },
  });
  const ids = [id, ...c.assessments.map((a) => a.id), ...c.supportPlans.map((p) => p.id), ...c.contracts.map((k) => k.id)];
  const audits = await api.db.prisma.auditEvent.count({ where: { action: { not: 'READ' }, entityId: { in: ids } } });
  return { ...c, audits };
}

/** A refusal: one error, coded, its reason in both languages (and not the generic "check the data"). */
function expectRefused(result: GraphQLResponse, code = 'INVALID_TRANSITION') {
  expect(result.data === null || Object.values(result.data ?? {}).every((v) => v === null)).toBe(true);
  expect(errorCodes(result)).toEqual([code]);
  const ext = result.errors![0]!.extensions!;
  expect(typeof ext.messageBg).toBe('string');
  expect(typeof ext.messageEn).toBe('string');
  expect(ext.messageBg).toMatch(/[а-я]/);
  expect(ext.messageEn).not.toMatch(/[а-я]{3}/);
  expect(ext.messageBg).not.toBe('Проверете въведените данни.');
  return ext as { messageBg: string; messageEn: string };
}

/** Runs each refused act against the case and checks that nothing about it changed. */
async function refusedAll(c: CaseView, acts: [string, () => Promise<GraphQLResponse>, RegExp][]) {
  const before = await snapshot(c.id);
  for (const [name, act, words] of acts) {
    const ext = expectRefused(await act());
    expect(`${name}: ${ext.messageEn}`).toMatch(words);
  }
  expect(await snapshot(c.id)).toEqual(before);
}

beforeAll(async () => {
  api = await TestApi.start();
  manager = await api.login(DEMO.plovdivManager);
});

afterAll(async () => {
  await api?.stop();
});

describe('the stages move by their acts', () => {
  test('starting and completing the assessment, then putting the plan into effect and concluding the contract move the case, each stage offering only its acts', async () => {
    const c = await openCase();
    expect(c).toMatchObject({ status: 'REFERRED', actions: ['START_ASSESSMENT', 'CLOSE'] });

    const assessment = (await api.ok(START, { caseId: c.id }, manager)).startAssessment;
    expect(assessment.startedOn).toBe(day(0));
    const assessing = await read(c.id);
    expect(assessing).toMatchObject({ status: 'ASSESSMENT', version: 2, actions: ['COMPLETE_ASSESSMENT', 'CLOSE'] });

    await api.ok(COMPLETE, { id: assessment.id, on: day(0) }, manager);
    const planning = await read(c.id);
    // The defect: the case stayed „Насочен“, so the plan was refused.
    expect(planning).toMatchObject({ status: 'SUPPORT_PLAN', version: 3, actions: ['DRAFT_PLAN', 'CLOSE'] });
    expect(planning.assessments).toEqual([{ id: assessment.id, startedOn: day(0), completedOn: day(0), overdue: false }]);

    const plan = (await api.ok(DRAFT, { caseId: c.id, startsOn: day(0) }, manager)).createSupportPlan.supportPlan;
    expect(plan.status).toBe('DRAFT');
    const drafted = await read(c.id);
    expect(drafted).toMatchObject({ status: 'SUPPORT_PLAN', version: 3, actions: ['PUT_PLAN_INTO_EFFECT', 'CLOSE'] });

    const inEffect = (await api.ok(PUT_INTO_EFFECT, { id: plan.id, version: plan.version }, manager)).activateSupportPlan;
    expect(inEffect.status).toBe('ACTIVE');
    // The plan in effect does not move the case: the contract comes next.
    expect(await read(c.id)).toMatchObject({ status: 'SUPPORT_PLAN', version: 3, actions: ['DRAFT_CONTRACT', 'CLOSE'] });
    const contract = await draftContract(c.id);
    expect(contract.status).toBe('DRAFT');
    expect(await read(c.id)).toMatchObject({ status: 'SUPPORT_PLAN', version: 3, actions: ['CONCLUDE_CONTRACT', 'CLOSE'] });
    const signed = (await api.ok(CONCLUDE, { id: contract.id, version: contract.version, on: day(0) }, manager)).concludeContract;
    expect(signed.status).toBe('SIGNED');
    const active = await read(c.id);
    expect(active).toMatchObject({ status: 'ACTIVE', version: 4, actions: ['RECORD_REVIEW', 'START_REASSESSMENT', 'DRAFT_PLAN', 'EXTEND_CONTRACT', 'END_CONTRACT', 'CLOSE'] });

    const stored = await snapshot(c.id);
    expect(stored.statusChanges.map((s) => [s.fromStatus, s.toStatus])).toEqual([
      [null, 'REFERRED'],
      ['REFERRED', 'ASSESSMENT'],
      ['ASSESSMENT', 'SUPPORT_PLAN'],
      ['SUPPORT_PLAN', 'ACTIVE'],
    ]);
    expect(stored.statusChanges.every((s) => s.changedById)).toBe(true);

    await api.ok(CLOSE_ENDING, { id: c.id, version: active.version }, manager);
    expect(await read(c.id)).toMatchObject({ status: 'CLOSED', actions: [], contracts: [{ id: contract.id, status: 'ENDED' }] });
  });

  test('a stage change never puts a plan into effect: only the explicit act does', async () => {
    const c = await openCase();
    const a = (await api.ok(START, { caseId: c.id }, manager)).startAssessment;
    await api.ok(COMPLETE, { id: a.id, on: day(0) }, manager);
    const plan = (await api.ok(DRAFT, { caseId: c.id, startsOn: day(0) }, manager)).createSupportPlan.supportPlan;
    const planning = await read(c.id);

    const before = await snapshot(c.id);
    const ext = expectRefused(await api.gql(CHANGE, { id: c.id, version: planning.version, to: 'ACTIVE' }, manager));
    expect(ext.messageBg).toContain('Въведи плана в действие');
    expect(await snapshot(c.id)).toEqual(before);
    expect((await read(c.id)).supportPlans).toEqual([{ id: plan.id, status: 'DRAFT', version: plan.version }]);

    await api.ok(PUT_INTO_EFFECT, { id: plan.id, version: plan.version }, manager);
    const planned = await read(c.id);
    expect(planned.supportPlans.map((p) => p.status)).toEqual(['ACTIVE']);
    // Nor does it conclude a contract: with the plan in effect, the case moves only by signing one.
    const before2 = await snapshot(c.id);
    const ext2 = expectRefused(await api.gql(CHANGE, { id: c.id, version: planned.version, to: 'ACTIVE' }, manager));
    expect(ext2.messageBg).toContain('Сключи договора');
    expect(await snapshot(c.id)).toEqual(before2);
  });
});

describe('every other act is refused with a bilingual reason and changes nothing', () => {
  test('in each stage, from referral to closure', async () => {
    const c = await openCase();
    const change = (to: string) => () => api.gql(CHANGE, { id: c.id, version: c.version, to }, manager);
    const draft = () => api.gql(DRAFT, { caseId: c.id, startsOn: day(0) }, manager);

    // Referred: no plan, no skipping ahead.
    await refusedAll(c, [
      ['to SUPPORT_PLAN', change('SUPPORT_PLAN'), /cannot move from "Referred" to "Support plan"/],
      ['to ACTIVE', change('ACTIVE'), /cannot move from "Referred" to "Active"/],
      ['to REFERRED', change('REFERRED'), /cannot move from "Referred" to "Referred"/],
      ['draft a plan', draft, /support plan follows the completed needs assessment.*now "Referred"/],
    ]);

    // Needs assessment: one open assessment, no plan before it is completed.
    const a = (await api.ok(START, { caseId: c.id }, manager)).startAssessment;
    const assessing = await read(c.id);
    const changeA = (to: string) => () => api.gql(CHANGE, { id: c.id, version: assessing.version, to }, manager);
    await refusedAll(assessing, [
      ['second assessment', () => api.gql(START, { caseId: c.id }, manager), /already has a needs assessment in progress/],
      ['to SUPPORT_PLAN', changeA('SUPPORT_PLAN'), /Complete the individual needs assessment/],
      ['to ASSESSMENT', changeA('ASSESSMENT'), /cannot move from "Needs assessment" to "Needs assessment"/],
      ['to REFERRED', changeA('REFERRED'), /cannot move from "Needs assessment" to "Referred"/],
      ['to ACTIVE', changeA('ACTIVE'), /cannot move from "Needs assessment" to "Active"/],
      ['draft a plan', draft, /now "Needs assessment"/],
    ]);

    // Support plan: the reported path — „Оценка на потребностите“ again — is refused.
    await api.ok(COMPLETE, { id: a.id, on: day(0) }, manager);
    const planning = await read(c.id);
    const changeP = (to: string) => () => api.gql(CHANGE, { id: c.id, version: planning.version, to }, manager);
    await refusedAll(planning, [
      ['to ASSESSMENT', changeP('ASSESSMENT'), /cannot move from "Support plan" to "Needs assessment"/],
      ['start an assessment', () => api.gql(START, { caseId: c.id }, manager), /started while the case is "Referred".*now "Support plan"/],
      ['complete again', () => api.gql(COMPLETE, { id: a.id, on: day(0) }, manager), /already completed/],
      ['to ACTIVE without a plan in effect', changeP('ACTIVE'), /Put the support plan into effect first/],
    ]);
    const plan = (await api.ok(DRAFT, { caseId: c.id, startsOn: day(0) }, manager)).createSupportPlan.supportPlan;
    await refusedAll(planning, [
      ['a review of a draft', () => api.gql(REVIEW, { planId: plan.id, on: day(0) }, manager), /Reviews are held on an active/],
      ['to ACTIVE with a draft only', changeP('ACTIVE'), /Put the support plan into effect first/],
    ]);

    // The plan in effect: the case stays in planning until the contract is signed.
    await api.ok(PUT_INTO_EFFECT, { id: plan.id, version: plan.version }, manager);
    const contracting = await read(c.id);
    await refusedAll(contracting, [
      ['to ACTIVE without a contract', () => api.gql(CHANGE, { id: c.id, version: contracting.version, to: 'ACTIVE' }, manager), /Conclude the contract/],
    ]);
    const contract = await draftContract(c.id);
    await api.ok(CONCLUDE, { id: contract.id, version: contract.version, on: day(0) }, manager);

    // Active: no going back, no second activation of the plan in effect.
    const active = await read(c.id);
    const changeX = (to: string) => () => api.gql(CHANGE, { id: c.id, version: active.version, to }, manager);
    await refusedAll(active, [
      ['to SUPPORT_PLAN', changeX('SUPPORT_PLAN'), /cannot move from "Active" to "Support plan"/],
      ['to ASSESSMENT', changeX('ASSESSMENT'), /cannot move from "Active" to "Needs assessment"/],
      // (A reassessment starts here: contract-lifecycle.test.ts.) The first one is not completed twice.
      ['complete the assessment again', () => api.gql(COMPLETE, { id: a.id, on: day(0) }, manager), /already completed/],
      ['put into effect again', () => api.gql(PUT_INTO_EFFECT, { id: plan.id, version: active.supportPlans[0]!.version }, manager), /Only a draft plan/],
    ]);

    // Closed: nothing moves, nothing new starts.
    await api.ok(CLOSE_ENDING, { id: c.id, version: active.version }, manager);
    const closed = await read(c.id);
    const changeC = (to: string) => () => api.gql(CHANGE, { id: c.id, version: closed.version, to }, manager);
    await refusedAll(closed, [
      ['to ACTIVE', changeC('ACTIVE'), /cannot move from "Closed" to "Active"/],
      ['to ASSESSMENT', changeC('ASSESSMENT'), /cannot move from "Closed" to "Needs assessment"/],
      ['start an assessment', () => api.gql(START, { caseId: c.id }, manager), /The case is closed/],
      ['draft a plan', draft, /The case is closed/],
      ['close again', () => api.gql(CLOSE, { id: c.id, version: closed.version }, manager), /cannot move from "Closed" to "Closed"/],
    ]);
  });

  test('the reason comes in the reader’s language', async () => {
    const c = await openCase();
    const bg = await api.gql(DRAFT, { caseId: c.id, startsOn: day(0) }, manager);
    expect(bg.errors![0]!.message).toMatch(/^Индивидуалният план за подкрепа .*сега случаят е „Насочен“\.$/);
    const en = await api.gql(DRAFT, { caseId: c.id, startsOn: day(0) }, manager, { 'accept-language': 'en' });
    expect(en.errors![0]!.message).toMatch(/the case is now "Referred"\.$/);
  });
});

describe('one open assessment per case', () => {
  test('a second open assessment is refused by the server and by the database', async () => {
    const c = await openCase();
    // „Смени етапа“ → „Оценка на потребностите“ creates the assessment (not yet started) …
    const moved = (await api.ok(CHANGE, { id: c.id, version: c.version, to: 'ASSESSMENT' }, manager)).changeCaseStatus;
    expect(moved.status).toBe('ASSESSMENT');
    // … and „Започни оценка“ starts that one, not a second.
    const started = (await api.ok(START, { caseId: c.id }, manager)).startAssessment;
    const view = await read(c.id);
    expect(view.assessments).toEqual([{ id: started.id, startedOn: day(0), completedOn: null, overdue: false }]);

    const before = await snapshot(c.id);
    expectRefused(await api.gql(START, { caseId: c.id }, manager));
    expect(await snapshot(c.id)).toEqual(before);

    // The database's guard: a second open row for the case cannot be stored.
    const stored = before.assessments[0]!;
    await expect(
      api.db.prisma.assessment.create({ data: { centerId: stored.centerId, caseId: stored.caseId, dueOn: stored.dueOn } }),
    ).rejects.toThrow(/Unique constraint|unique/i);
    expect(await api.db.prisma.assessment.count({ where: { caseId: stored.caseId } })).toBe(1);
  });
});

describe('the migration carries existing duplicates forward', () => {
  test('of two open assessments of a case, the older is marked superseded, none is completed, nothing is deleted', async () => {
    // The migration's own SQL after its column is added, run over a case that has two open
    // assessments as the old code could leave (the index is dropped first to store them).
    const file = path.join(ROOT, 'prisma/migrations/20261203025123_one_open_assessment/migration.sql');
    const sql = (await readFile(file, 'utf8')).split('\n').filter((line) => !line.startsWith('--')).join('\n');
    const statements = sql.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s && !s.startsWith('ALTER TABLE'));
    expect(statements).toHaveLength(4);

    const c = await openCase();
    await api.ok(CHANGE, { id: c.id, version: c.version, to: 'ASSESSMENT' }, manager);
    const [first] = await api.db.prisma.assessment.findMany({ where: { caseId: uuidOf(c.id) } });
    await api.db.prisma.$executeRawUnsafe('DROP INDEX "Assessment_one_open_per_case"');
    const second = await api.db.prisma.assessment.create({
      data: { centerId: first!.centerId, caseId: first!.caseId, dueOn: first!.dueOn, createdAt: new Date(first!.createdAt.getTime() + 1000) },
    });
    for (const statement of statements) await api.db.prisma.$executeRawUnsafe(statement);

    const after = await api.db.prisma.assessment.findMany({ where: { caseId: first!.caseId }, orderBy: { createdAt: 'asc' } });
    expect(after.map((a) => [a.id, a.completedOn, a.supersededAt === null])).toEqual([
      [first!.id, null, false],
      [second.id, null, true],
    ]);
    expect(after[0]!.summary).toBe(first!.summary);
    // Only the newest is open, due and shown as such; the superseded one is never overdue.
    const view = (await api.ok(`query($id: ID!) { node(id: $id) { ... on Case { actions assessments { id superseded overdue } } } }`, { id: c.id }, manager)).node;
    expect(view.assessments.map((a: { superseded: boolean }) => a.superseded)).toEqual([true, false]);
    expect(view.actions).toEqual(['START_ASSESSMENT', 'COMPLETE_ASSESSMENT', 'CLOSE']);
    // And the guard is back.
    await expect(api.db.prisma.assessment.create({ data: { centerId: first!.centerId, caseId: first!.caseId, dueOn: first!.dueOn } })).rejects.toThrow();
  });

  test('a case whose assessment was completed while it stayed „Насочен“ moves to planning, the move recorded as the migration’s', async () => {
    const file = path.join(ROOT, 'prisma/migrations/20261203025123_one_open_assessment/migration.sql');
    const sql = (await readFile(file, 'utf8')).split('\n').filter((line) => !line.startsWith('--')).join('\n');
    const statements = sql.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s && !s.startsWith('ALTER TABLE') && !s.startsWith('CREATE UNIQUE INDEX'));

    // The reported state: started and completed while the case stayed „Насочен“ (the old code).
    const stuck = await openCase();
    const open = await openCase();
    const stuckId = uuidOf(stuck.id);
    expect(await api.db.prisma.assessment.count({ where: { caseId: uuidOf(open.id) } })).toBe(0);
    const template = { centerId: (await api.db.prisma.case.findUniqueOrThrow({ where: { id: stuckId } })).centerId, dueOn: new Date(`${day(8)}T00:00:00Z`) };
    await api.db.prisma.assessment.create({ data: { ...template, caseId: stuckId, startedOn: new Date(`${day(-2)}T00:00:00Z`), completedOn: new Date(`${day(-1)}T00:00:00Z`), summary: 'Завършена' } });
    // A referred case with no assessment stays where it is.
    const before = await snapshot(open.id);
    for (const statement of statements) await api.db.prisma.$executeRawUnsafe(statement);

    const moved = await snapshot(stuck.id);
    expect(moved.status).toBe('SUPPORT_PLAN');
    expect(moved.version).toBe(stuck.version + 1);
    expect(moved.statusChanges.map((s) => [s.fromStatus, s.toStatus, s.changedById])).toEqual([
      [null, 'REFERRED', expect.any(String)],
      ['REFERRED', 'SUPPORT_PLAN', null],
    ]);
    expect(moved.statusChanges[1]!.note).toMatch(/обновяването на Опора.*Opora update/);
    expect(moved.assessments.map((x) => x.completedOn?.toISOString().slice(0, 10))).toEqual([day(-1)]);
    expect((await read(stuck.id)).actions).toEqual(['DRAFT_PLAN', 'CLOSE']);
    expect(await snapshot(open.id)).toEqual(before);
  });
});
