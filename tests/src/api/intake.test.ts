import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi, type GraphQLResponse } from '../support/api.ts';
import { addDays, dayOf, isoDay, today } from '@opora/common/calendar';
import { message } from '@opora/common/messages';

// Issue #15 (intake, due dates, adults): a case comes in by the person's request or by a legal
// referrer's referral (with its document), apart from who raised the concern; the ИОП and ИПП
// fall due the center's planning days after the request (or the referral); a case's main person
// may be an adult, with family members added and removed on the case.

let api: TestApi;
let manager: string;
let worker: string;
let kazanlakManager: string;
let kazanlakClientId: string;
let kazanlakCaseId: string;
let plovdivCenterId: string;

const day = (offset = 0) => isoDay(addDays(today(), offset));
const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

const CASE = `id number status version intakeRoute referralDate requestDate requestNumber legalReferrer referralDocumentNumber
  referralDocumentDate concernRaisedBy person { id fullName kind } child { id }
  dueDates { assessmentDueOn assessmentOverdue planDueOn planOverdue nextReviewOn }
  assessments { id dueOn } participants { role client { id fullName kind } }`;
const OPEN = `mutation($input: OpenCaseInput!) { openCase(input: $input) { case { ${CASE} } } }`;
const ADD = `mutation($caseId: ID!, $input: AddCaseParticipantInput!) { addCaseParticipant(caseId: $caseId, input: $input) { ${CASE} } }`;
const REMOVE = `mutation($caseId: ID!, $clientId: ID!) { removeCaseParticipant(caseId: $caseId, clientId: $clientId) { ${CASE} } }`;
const START = `mutation($caseId: ID!) { startAssessment(caseId: $caseId) { id dueOn } }`;
const OVERDUE_PLANS = `{ overduePlans(first: 100) { totalCount edges { node { id dueDates { planDueOn } } } } }`;
const PROFILE = `mutation($input: CenterProfileInput!) { updateCenterProfile(input: $input) { id planningDays } }`;

let seq = 0;
const newPerson = (kind: 'CHILD' | 'ADULT' = 'CHILD') => {
  seq += 1;
  return { kind, firstName: `Прием${seq}`, lastName: kind === 'CHILD' ? 'Заявенов' : 'Възрастнова', ...(kind === 'CHILD' ? { birthDate: '2016-05-01' } : { birthYear: 1988 }) };
};
const referral = (over: Record<string, unknown> = {}) => ({
  route: 'REFERRAL',
  date: day(-5),
  legalReferrer: 'CHILD_PROTECTION_DEPARTMENT',
  documentNumber: `ОЗД-П-${seq}`,
  documentDate: day(-6),
  concernRaisedBy: 'SCHOOL',
  ...over,
});
const request = (over: Record<string, unknown> = {}) => ({ route: 'REQUEST', date: day(-25), requestDate: day(-30), requestNumber: `Вх-${seq}`, ...over });

/** A refusal naming the field with the message key's words in both languages; returns nothing else. */
function expectFieldRefusal(result: GraphQLResponse, path: string, key: Parameters<typeof message>[0]) {
  expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  const fields = result.errors![0]!.extensions!.fields as { path: string; messageBg: string; messageEn: string }[];
  const field = fields.find((f) => f.path === path);
  expect(field, JSON.stringify(fields)).toBeDefined();
  expect(field).toMatchObject({ messageBg: message(key, 'bg'), messageEn: message(key, 'en') });
  expect(field!.messageBg).toMatch(/[а-я]/);
}

async function counts() {
  const p = api.db.prisma;
  return {
    cases: await p.case.count(),
    clients: await p.client.count(),
    participants: await p.caseParticipant.count(),
    audits: await p.auditEvent.count({ where: { action: { not: 'READ' } } }),
    center: await p.center.findUniqueOrThrow({ where: { id: plovdivCenterId }, select: { planningDays: true, licensedCapacity: true } }),
  };
}

async function profileInput(token: string, planningDays: number) {
  const { center } = await api.ok(`{ center { nameBg nameEn providerNameBg providerNameEn addressBg addressEn phone email licensedCapacity } }`, {}, token);
  return { ...center, planningDays };
}

beforeAll(async () => {
  api = await TestApi.start();
  manager = await api.login(DEMO.plovdivManager);
  worker = await api.login(DEMO.plovdivWorker);
  kazanlakManager = await api.login(DEMO.kazanlakManager);
  const { center } = await api.ok(`{ center { id } }`, {}, manager);
  plovdivCenterId = rawId(center.id);
  const k = await api.ok(`{ clients(first: 1) { edges { node { id } } } cases(first: 1) { edges { node { id } } } }`, {}, kazanlakManager);
  kazanlakClientId = k.clients.edges[0].node.id;
  kazanlakCaseId = k.cases.edges[0].node.id;
}, 240_000);

afterAll(async () => {
  await api?.stop();
});

describe('request and referral, kept apart', () => {
  test('a request and a referral each open a case with their own details', async () => {
    const byRequest = (await api.ok(OPEN, { input: { newPerson: newPerson(), referral: request({ concernRaisedBy: 'RELATIVE_OR_NEIGHBOUR' }) } }, manager)).openCase.case;
    expect(byRequest).toMatchObject({
      intakeRoute: 'REQUEST',
      requestDate: day(-30),
      requestNumber: `Вх-${seq}`,
      legalReferrer: null,
      referralDocumentNumber: null,
      concernRaisedBy: 'RELATIVE_OR_NEIGHBOUR',
    });
    const byReferral = (await api.ok(OPEN, { input: { newPerson: newPerson(), referral: referral() } }, manager)).openCase.case;
    expect(byReferral).toMatchObject({
      intakeRoute: 'REFERRAL',
      requestDate: null,
      legalReferrer: 'CHILD_PROTECTION_DEPARTMENT',
      referralDocumentNumber: `ОЗД-П-${seq}`,
      referralDocumentDate: day(-6),
      concernRaisedBy: 'SCHOOL',
    });
  });

  test('bad combinations are refused field by field, in both languages, and nothing is written', async () => {
    const before = await counts();
    const refused: [Record<string, unknown>, string, Parameters<typeof message>[0]][] = [
      [request({ requestDate: null }), 'input.referral.requestDate', 'requestNeedsDate'],
      [request({ legalReferrer: 'COURT' }), 'input.referral.legalReferrer', 'referrerOnlyForReferral'],
      [request({ documentNumber: 'X-1' }), 'input.referral.documentNumber', 'referrerOnlyForReferral'],
      [referral({ legalReferrer: null }), 'input.referral.legalReferrer', 'referralNeedsReferrer'],
      [referral({ documentNumber: null }), 'input.referral.documentNumber', 'referralNeedsDocument'],
      [referral({ documentDate: null }), 'input.referral.documentDate', 'referralNeedsDocument'],
      [referral({ documentDate: day(-2) }), 'input.referral.documentDate', 'documentAfterReceipt'],
    ];
    for (const [r, path, key] of refused) {
      expectFieldRefusal(await api.gql(OPEN, { input: { newPerson: newPerson(), referral: r } }, manager), path, key);
    }
    // The person: exactly one of an existing client or a new one.
    const both = await api.gql(OPEN, { input: { newPerson: newPerson(), personId: kazanlakClientId, referral: referral() } }, manager);
    expect(errorCodes(both)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(both.errors![0]!.extensions!.fields)).toContain(message('caseNeedsPerson', 'en'));
    // A legal route's enum that does not exist is the transport's refusal.
    expect(errorCodes(await api.gql(OPEN, { input: { newPerson: newPerson(), referral: referral({ route: 'SCHOOL' }) } }, manager))).toEqual(['BAD_USER_INPUT']);
    expect(await counts()).toEqual(before);
  });
});

describe('due dates from the rules, with the center’s planning days', () => {
  test('the ИОП and ИПП fall due 20 days after the request; the manager’s setting moves them; the dashboard follows', async () => {
    const opened = (await api.ok(OPEN, { input: { newPerson: newPerson(), referral: request() } }, manager)).openCase.case;
    // Requested 30 days ago (received 25 days ago): both due 20 days after the request, both overdue.
    expect(opened.dueDates).toMatchObject({ assessmentDueOn: day(-10), assessmentOverdue: true, planDueOn: day(-10), planOverdue: true, nextReviewOn: null });
    const started = (await api.ok(START, { caseId: opened.id }, manager)).startAssessment;
    expect(started.dueOn).toBe(day(-10));
    const overdueIds = async () => (await api.ok(OVERDUE_PLANS, {}, manager)).overduePlans.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await overdueIds()).toContain(opened.id);

    // With no request, from the referral's receipt.
    const referred = (await api.ok(OPEN, { input: { newPerson: newPerson(), referral: referral() } }, manager)).openCase.case;
    expect(referred.dueDates).toMatchObject({ assessmentDueOn: day(15), planDueOn: day(15), planOverdue: false });
    expect(await overdueIds()).not.toContain(referred.id);

    // The manager gives 35 days: the open assessment due by the rule moves, the plan's date too.
    const set = await api.ok(PROFILE, { input: await profileInput(manager, 35) }, manager);
    expect(set.updateCenterProfile.planningDays).toBe(35);
    const after = await api.ok(`query($id: ID!) { node(id: $id) { ... on Case { ${CASE} } } }`, { id: opened.id }, manager);
    expect(after.node.dueDates).toMatchObject({ assessmentDueOn: day(5), assessmentOverdue: false, planDueOn: day(5), planOverdue: false });
    expect(after.node.assessments[0].dueOn).toBe(day(5));
    expect(await overdueIds()).not.toContain(opened.id);
    const stored = await api.db.prisma.assessment.findFirstOrThrow({ where: { caseId: rawId(opened.id) } });
    expect(stored.dueOn).toEqual(dayOf(day(5)));

    // Out of range: refused in both languages, nothing changed.
    const before = await counts();
    for (const [days, key] of [[0, 'tooSmall'], [61, 'tooBig']] as const) {
      const r = await api.gql(PROFILE, { input: await profileInput(manager, days) }, manager);
      expect(errorCodes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0]!.extensions!.fields[0]).toMatchObject({ path: 'input.planningDays', messageBg: message(key, 'bg', key === 'tooSmall' ? { min: 1 } : { max: 60 }) });
    }
    // A worker may not change it.
    expect(errorCodes(await api.gql(PROFILE, { input: await profileInput(manager, 25) }, worker))).toEqual(['FORBIDDEN']);
    expect(await counts()).toEqual(before);

    await api.ok(PROFILE, { input: await profileInput(manager, 20) }, manager);
    expect((await api.ok(`query($id: ID!) { node(id: $id) { ... on Case { dueDates { assessmentDueOn } } } }`, { id: opened.id }, manager)).node.dueDates.assessmentDueOn).toBe(day(-10));
  });
});

describe('cases for adults, with family members', () => {
  test('an adult-only case: family members added and removed on the case, audited; wrong ones refused and nothing changed', async () => {
    const adult = (await api.ok(OPEN, { input: { newPerson: newPerson('ADULT'), referral: request({ concernRaisedBy: 'SELF' }) } }, manager)).openCase.case;
    expect(adult.person).toMatchObject({ kind: 'ADULT' });
    expect(adult.child).toBeNull();
    expect(adult.participants).toEqual([]);

    const withChild = (await api.ok(ADD, { caseId: adult.id, input: { role: 'CHILD', newClient: newPerson('CHILD') } }, manager)).addCaseParticipant;
    expect(withChild.participants).toEqual([{ role: 'CHILD', client: expect.objectContaining({ kind: 'CHILD' }) }]);
    const partner = (await api.ok(`mutation($input: ClientInput!) { registerClient(input: $input) { client { id } } }`, { input: newPerson('ADULT') }, manager)).registerClient.client;
    const both = (await api.ok(ADD, { caseId: adult.id, input: { role: 'OTHER', clientId: partner.id } }, manager)).addCaseParticipant;
    expect(both.participants).toHaveLength(2);
    const audited = await api.db.prisma.auditEvent.findMany({ where: { entityType: 'Case', entityId: rawId(adult.id), action: 'UPDATE' } });
    expect(audited.map((a) => (a.detail as { role?: string } | null)?.role).filter(Boolean).sort()).toEqual(['CHILD', 'OTHER']);

    // Refused: the main person, the same person twice, another center's client (reads as unknown),
    // another center's case (NOT_FOUND), a remove of someone not on the case.
    const before = await counts();
    expectFieldRefusal(await api.gql(ADD, { caseId: adult.id, input: { role: 'PARENT', clientId: adult.person.id } }, manager), 'input.clientId', 'mainPersonOfCase');
    expectFieldRefusal(await api.gql(ADD, { caseId: adult.id, input: { role: 'PARENT', clientId: partner.id } }, manager), 'input.clientId', 'alreadyOnCase');
    expectFieldRefusal(await api.gql(ADD, { caseId: adult.id, input: { role: 'PARENT', clientId: kazanlakClientId } }, manager), 'input.clientId', 'unknownReference');
    expect(errorCodes(await api.gql(ADD, { caseId: kazanlakCaseId, input: { role: 'PARENT', clientId: partner.id } }, manager))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await api.gql(ADD, { caseId: adult.id, input: { role: 'PARENT', newClient: newPerson('ADULT') } }, kazanlakManager))).toEqual(['NOT_FOUND']);
    expectFieldRefusal(await api.gql(REMOVE, { caseId: adult.id, clientId: adult.person.id }, manager), 'clientId', 'notOnCase');
    expectFieldRefusal(await api.gql(ADD, { caseId: adult.id, input: { role: 'PARENT' } }, manager), 'input.clientId', 'participantNeedsName');
    expect(await counts()).toEqual(before);

    const removed = (await api.ok(REMOVE, { caseId: adult.id, clientId: partner.id }, manager)).removeCaseParticipant;
    expect(removed.participants).toEqual([{ role: 'CHILD', client: expect.objectContaining({ kind: 'CHILD' }) }]);
    expect(await api.db.prisma.client.count({ where: { id: rawId(partner.id) } })).toBe(1);
    const removal = await api.db.prisma.auditEvent.count({ where: { entityType: 'Case', entityId: rawId(adult.id), action: 'UPDATE', detail: { path: ['removedParticipant'], equals: rawId(partner.id) } } });
    expect(removal).toBe(1);
  });

  test('the older childId / newChild names still open a case; a child case keeps `child`', async () => {
    const c = (await api.ok(OPEN, { input: { newChild: newPerson('CHILD'), referral: referral() } }, manager)).openCase.case;
    expect(c.child).toEqual({ id: c.person.id });
    expect(c.person.kind).toBe('CHILD');
  });
});
