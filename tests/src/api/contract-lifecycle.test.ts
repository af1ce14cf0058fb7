import { ratedAreas } from '../support/assessment.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi, type GraphQLResponse } from '../support/api.ts';
import { addDays, addMonths, isoDay, sofiaTime, today } from '@opora/common/calendar';

// The contract for using the service (issue #15, item 4): drafted once the support plan is in
// effect, concluded (signed) as its own act, which moves the case to ACTIVE; extended with its
// ground (history kept); ended with its ground when the case closes. Every illegal act is
// refused with a clear message in both languages, and nothing about the case changes.

let api: TestApi;
let manager: string;
let worker: string;
let kazanlak: string;
let seq = 0;

const day = (offset = 0) => isoDay(addDays(today(), offset));
/** The draft's end: six months after its start, two days ago. */
const END = isoDay(addMonths(addDays(today(), -2), 6));
const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

const CONTRACT = `id number status version contractDate startsOn endsOn termMonths free feeAmount feeNote signedOn endedOn endGround endNote expired
  representative { id } providerSignatory { id role } services { id }
  extensions { extendedOn previousEndsOn newEndsOn ground recordedBy { id } }`;
const CASE = `id status version actions contracts { ${CONTRACT} } timeline { kind label note }`;
const READ = `query($id: ID!) { node(id: $id) { ... on Case { ${CASE} } } }`;
const OPEN = `mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id version } } }`;
const REGISTER = `mutation($input: ClientInput!) { registerClient(input: $input) { client { id } } }`;
const START = `mutation($caseId: ID!) { startAssessment(caseId: $caseId) { id } }`;
const COMPLETE = `mutation($id: ID!) { completeAssessment(id: $id, completedOn: "${day(0)}", summary: "Нужди на детето", input: ${ratedAreas()}) { id } }`;
const DRAFT_PLAN = `mutation($caseId: ID!) {
  createSupportPlan(caseId: $caseId, input: { startsOn: "${day(0)}", goals: [{ description: "Редовно посещение на училище" }] }) { supportPlan { id version } } }`;
const PUT_INTO_EFFECT = `mutation($id: ID!, $version: Int!) { activateSupportPlan(id: $id, version: $version) { id } }`;
const CREATE = `mutation($caseId: ID!, $input: ContractInput!, $key: String) {
  createContract(caseId: $caseId, input: $input, idempotencyKey: $key) { replayed contract { ${CONTRACT} } } }`;
const UPDATE = `mutation($id: ID!, $version: Int!, $input: ContractInput!) { updateContract(id: $id, version: $version, input: $input) { ${CONTRACT} } }`;
const CONCLUDE = `mutation($id: ID!, $version: Int!, $on: Date!) { concludeContract(id: $id, version: $version, signedOn: $on) { ${CONTRACT} } }`;
const EXTEND = `mutation($id: ID!, $version: Int!, $to: Date!, $on: Date!, $ground: String!) {
  extendContract(id: $id, version: $version, newEndsOn: $to, extendedOn: $on, ground: $ground) { ${CONTRACT} } }`;
const CLOSE = `mutation($id: ID!, $version: Int!, $on: Date!, $ground: ContractEndGround, $note: String) {
  closeCase(id: $id, version: $version, outcome: GOALS_MET, closedOn: $on, contractEndGround: $ground, contractEndNote: $note) { id status } }`;
const CHANGE = `mutation($id: ID!, $version: Int!, $to: CaseStatus!) { changeCaseStatus(id: $id, version: $version, to: $to) { id status } }`;
const END_CONTRACT = `mutation($id: ID!, $version: Int!, $on: Date!, $ground: ContractEndGround!, $note: String) {
  endContract(id: $id, version: $version, endedOn: $on, ground: $ground, note: $note) { ${CONTRACT} daysToEnd } }`;
const LOG = `mutation($input: LogSessionInput!) { logSession(input: $input) { session { id startsAt } } }`;
const HALTED = `query($id: ID!) { node(id: $id) { ... on Case { deliveryHalted } } }`;
const ENDING = `query($first: Int!, $after: String) { contractsEnding(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id number status endsOn expired daysToEnd case { id status number person { id fullName } } } } } }`;
const REASSESSMENT = `id dueOn startedOn completedOn previous { id } changes { area previousRating rating change }`;
const START_AGAIN = `mutation($caseId: ID!) { startAssessment(caseId: $caseId) { ${REASSESSMENT} } }`;
/** Any settlement (a field visit names one). */
const settlement = async () => Buffer.from(`Settlement:${(await api.db.prisma.settlement.findFirstOrThrow({ select: { id: true } })).id}`).toString('base64url');
/** A session on the case at 00:01 (Sofia) of the day `offset` days from today: always in the past. */
const sessionOn = (caseId: string, offset: number) => ({
  input: { session: { caseId, startsAt: sofiaTime(addDays(today(), offset), 0, 1).toISOString(), durationMinutes: 45, serviceId: specialised, kind: 'CONSULTATION' } },
});

type Contract = {
  id: string; number: string; status: string; version: number; endsOn: string; termMonths: number; free: boolean; feeAmount: number | null;
  signedOn: string | null; endedOn: string | null; endGround: string | null; endNote: string | null; expired: boolean;
  representative: { id: string } | null; providerSignatory: { id: string; role: string }; services: { id: string }[];
  extensions: { extendedOn: string; previousEndsOn: string; newEndsOn: string; ground: string; recordedBy: { id: string } | null }[];
};
type CaseView = { id: string; status: string; version: number; actions: string[]; contracts: Contract[]; timeline: { kind: string; label: string; note: string | null }[] };

let specialised: string;
let openAccess: string;

const read = async (id: string): Promise<CaseView> => (await api.ok(READ, { id }, manager)).node;

/** A new child's case, with the child's mother registered; `until` says how far along the lifecycle it goes. */
async function caseAt(until: 'REFERRED' | 'ASSESSMENT' | 'DRAFT_PLAN' | 'PLAN_IN_EFFECT') {
  seq += 1;
  const mother = (await api.ok(REGISTER, { input: { kind: 'ADULT', firstName: `Майка${seq}`, lastName: 'Договорова', birthYear: 1987, sex: 'FEMALE' } }, manager)).registerClient.client.id as string;
  const input = {
    newChild: { kind: 'CHILD', firstName: `Дете${seq}`, lastName: 'Договорова', birthDate: '2015-03-10', sex: 'FEMALE' },
    referral: { route: 'REFERRAL', legalReferrer: 'CHILD_PROTECTION_DEPARTMENT', date: day(-30), documentNumber: `ОЗД-Д-${seq}`, documentDate: day(-30) },
  };
  const c = (await api.ok(OPEN, { input }, manager)).openCase.case;
  const ids = { caseId: c.id as string, mother, planId: '' };
  if (until === 'REFERRED') return ids;
  const a = (await api.ok(START, { caseId: c.id }, manager)).startAssessment;
  if (until === 'ASSESSMENT') return ids;
  await api.ok(COMPLETE, { id: a.id }, manager);
  const plan = (await api.ok(DRAFT_PLAN, { caseId: c.id }, manager)).createSupportPlan.supportPlan;
  ids.planId = plan.id;
  if (until === 'DRAFT_PLAN') return ids;
  await api.ok(PUT_INTO_EFFECT, { id: plan.id, version: plan.version }, manager);
  return ids;
}

const contractInput = (mother: string, extra: Record<string, unknown> = {}) => ({
  contractDate: day(-2), representativeId: mother, serviceIds: [specialised], startsOn: day(-2), endsOn: END, ...extra,
});

async function drafted() {
  const ids = await caseAt('PLAN_IN_EFFECT');
  const contract = (await api.ok(CREATE, { caseId: ids.caseId, input: contractInput(ids.mother) }, manager)).createContract.contract as Contract;
  return { ...ids, contract };
}

async function signed() {
  const d = await drafted();
  const contract = (await api.ok(CONCLUDE, { id: d.contract.id, version: d.contract.version, on: day(-1) }, manager)).concludeContract as Contract;
  return { ...d, contract };
}

/** Everything the case's lifecycle may write, read as the owner (RLS does not apply). */
async function snapshot(caseId: string) {
  const id = uuidOf(caseId);
  const c = await api.db.prisma.case.findUniqueOrThrow({
    where: { id },
    include: {
      statusChanges: { orderBy: { changedAt: 'asc' } },
      supportPlans: { orderBy: { createdAt: 'asc' } },
      contracts: { orderBy: { createdAt: 'asc' }, include: { services: true, extensions: true } },
      assessments: { orderBy: { createdAt: 'asc' } },
      sessions: { orderBy: { startsAt: 'asc' } },
    },
  });
  const ids = [id, ...c.supportPlans.map((p) => p.id), ...c.contracts.map((k) => k.id), ...c.assessments.map((a) => a.id)];
  const audits = await api.db.prisma.auditEvent.count({ where: { action: { not: 'READ' }, entityId: { in: ids } } });
  const contracts = await api.db.prisma.contract.count({ where: { centerId: c.centerId } });
  return { ...c, audits, contracts };
}

/** A refusal of the stage (INVALID_TRANSITION) or of a field (BAD_USER_INPUT): its words in both languages. */
function refusal(result: GraphQLResponse, code: string): { messageBg: string; messageEn: string; path?: string } {
  expect(result.data === null || Object.values(result.data ?? {}).every((v) => v === null)).toBe(true);
  expect(errorCodes(result)).toEqual([code]);
  const ext = result.errors![0]!.extensions!;
  const words = code === 'BAD_USER_INPUT' ? ext.fields[0] : ext;
  expect(words.messageBg).toMatch(/[а-я]/);
  expect(words.messageEn).not.toMatch(/[а-я]{3}/);
  expect(words.messageBg).not.toBe('Проверете въведените данни.');
  return words;
}

/** Each act refused with its code and words, the case unchanged afterwards. */
async function refusedAll(caseId: string, acts: [string, () => Promise<GraphQLResponse>, string, RegExp][]) {
  const before = await snapshot(caseId);
  for (const [name, act, code, words] of acts) {
    const r = refusal(await act(), code);
    expect(`${name}: ${r.path ?? ''} ${r.messageEn}`).toMatch(words);
  }
  expect(await snapshot(caseId)).toEqual(before);
}

beforeAll(async () => {
  api = await TestApi.start();
  manager = await api.login(DEMO.plovdivManager);
  worker = await api.login(DEMO.plovdivWorker);
  kazanlak = await api.login(DEMO.kazanlakManager);
  const services = (await api.ok(`{ center { services { id access active } } }`, {}, manager)).center.services as { id: string; access: string; active: boolean }[];
  specialised = services.find((s) => s.access === 'SPECIALISED' && s.active)!.id;
  openAccess = services.find((s) => s.access === 'OPEN_ACCESS' && s.active)!.id;
});

afterAll(async () => {
  await api?.stop();
});

describe('the contract’s acts', () => {
  test('drafted, concluded (the case becomes active), extended with history, ended with its ground at closure', async () => {
    const ids = await caseAt('PLAN_IN_EFFECT');
    expect((await read(ids.caseId)).actions).toEqual(['DRAFT_CONTRACT', 'CLOSE']);

    const created = (await api.ok(CREATE, { caseId: ids.caseId, input: contractInput(ids.mother, { feeNote: 'Услугата е безплатна.' }), key: `contract-key-${seq}` }, manager)).createContract;
    const draft = created.contract as Contract;
    expect(draft).toMatchObject({ status: 'DRAFT', signedOn: null, free: true, feeAmount: null, termMonths: 6, representative: { id: ids.mother }, services: [{ id: specialised }] });
    expect(draft.number).toMatch(new RegExp(`^Д-${day(-2).slice(0, 4)}-\\d{4}$`));
    // The provider is represented by the manager unless the draft names someone.
    expect(draft.providerSignatory.role).toBe('MANAGER');
    // Idempotent: a retry returns the first draft.
    const again = (await api.ok(CREATE, { caseId: ids.caseId, input: contractInput(ids.mother, { feeNote: 'Услугата е безплатна.' }), key: `contract-key-${seq}` }, manager)).createContract;
    expect([again.replayed, again.contract.id]).toEqual([true, draft.id]);
    expect((await read(ids.caseId))).toMatchObject({ status: 'SUPPORT_PLAN', actions: ['CONCLUDE_CONTRACT', 'CLOSE'] });

    // A draft may be edited: a fee, another date.
    const edited = (await api.ok(UPDATE, { id: draft.id, version: draft.version, input: contractInput(ids.mother, { feeAmount: 12.5, feeNote: 'месечно' }) }, manager)).updateContract as Contract;
    expect(edited).toMatchObject({ free: false, feeAmount: 12.5, version: draft.version + 1 });

    const signedOne = (await api.ok(CONCLUDE, { id: draft.id, version: edited.version, on: day(-1) }, manager)).concludeContract as Contract;
    expect(signedOne).toMatchObject({ status: 'SIGNED', signedOn: day(-1) });
    const active = await read(ids.caseId);
    expect(active).toMatchObject({ status: 'ACTIVE', actions: ['RECORD_REVIEW', 'START_REASSESSMENT', 'DRAFT_PLAN', 'EXTEND_CONTRACT', 'END_CONTRACT', 'CLOSE'] });
    const moves = await api.db.prisma.caseStatusChange.findMany({ where: { caseId: uuidOf(ids.caseId) }, orderBy: { changedAt: 'asc' } });
    expect(moves.at(-1)).toMatchObject({ fromStatus: 'SUPPORT_PLAN', toStatus: 'ACTIVE', note: `Договор № ${draft.number}` });

    const extended = (await api.ok(EXTEND, { id: draft.id, version: signedOne.version, to: day(360), on: day(0), ground: 'Прегледът на плана: целите искат още време.' }, manager)).extendContract as Contract;
    expect(extended.endsOn).toBe(day(360));
    expect(extended.extensions).toEqual([{ extendedOn: day(0), previousEndsOn: END, newEndsOn: day(360), ground: 'Прегледът на плана: целите искат още време.', recordedBy: { id: expect.any(String) } }]);
    const twice = (await api.ok(EXTEND, { id: draft.id, version: extended.version, to: day(400), on: day(0), ground: 'Второ удължаване.' }, manager)).extendContract as Contract;
    expect(twice.extensions.map((x) => [x.previousEndsOn, x.newEndsOn])).toEqual([[END, day(360)], [day(360), day(400)]]);

    await api.ok(CLOSE, { id: ids.caseId, version: active.version, on: day(0), ground: 'MUTUAL_CONSENT', note: 'Семейството се мести.' }, manager);
    const closed = await read(ids.caseId);
    expect(closed.status).toBe('CLOSED');
    expect(closed.contracts).toMatchObject([{ status: 'ENDED', endedOn: day(0), endGround: 'MUTUAL_CONSENT', endNote: 'Семейството се мести.' }]);
    expect(closed.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['CONTRACT_SIGNED', 'CONTRACT_EXTENDED', 'CONTRACT_ENDED', 'CLOSURE']));
    expect(closed.timeline.find((e) => e.kind === 'CONTRACT_ENDED')!.label).toBe('Прекратен договор: по взаимно писмено съгласие на страните');

    // Every write is audited.
    const audits = await api.db.prisma.auditEvent.findMany({ where: { entityType: 'Contract', entityId: uuidOf(draft.id), action: { not: 'READ' } }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => a.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE', 'UPDATE', 'UPDATE', 'UPDATE']);
  });

  test('an active case from before (no contract) records its contract later and stays active', async () => {
    const ids = await caseAt('PLAN_IN_EFFECT');
    // As a case made active by the old rule (the plan in effect) is stored: no contract row.
    await api.db.prisma.case.update({ where: { id: uuidOf(ids.caseId) }, data: { status: 'ACTIVE' } });
    const before = await read(ids.caseId);
    expect(before.actions).toEqual(['RECORD_REVIEW', 'START_REASSESSMENT', 'DRAFT_PLAN', 'DRAFT_CONTRACT', 'CLOSE']);
    // Closing such a case needs no contract ground…
    const noContract = await caseAt('PLAN_IN_EFFECT');
    await api.db.prisma.case.update({ where: { id: uuidOf(noContract.caseId) }, data: { status: 'ACTIVE' } });
    await api.ok(CLOSE, { id: noContract.caseId, version: (await read(noContract.caseId)).version, on: day(0) }, manager);
    // …and the paper contract signed back then can be recorded now.
    const contract = (await api.ok(CREATE, { caseId: ids.caseId, input: contractInput(ids.mother, { contractDate: day(-20), startsOn: day(-20) }) }, manager)).createContract.contract as Contract;
    await api.ok(CONCLUDE, { id: contract.id, version: contract.version, on: day(-20) }, manager);
    const after = await read(ids.caseId);
    expect(after).toMatchObject({ status: 'ACTIVE', version: before.version, actions: ['RECORD_REVIEW', 'START_REASSESSMENT', 'DRAFT_PLAN', 'EXTEND_CONTRACT', 'END_CONTRACT', 'CLOSE'] });
    expect(await api.db.prisma.caseStatusChange.count({ where: { caseId: uuidOf(ids.caseId), toStatus: 'ACTIVE' } })).toBe(0);
  });

  test('an adult’s contract needs no representative; a stated number is kept', async () => {
    const ids = await caseAt('PLAN_IN_EFFECT');
    await api.db.prisma.client.update({ where: { id: (await api.db.prisma.case.findUniqueOrThrow({ where: { id: uuidOf(ids.caseId) } })).personId }, data: { kind: 'ADULT' } });
    const contract = (await api.ok(CREATE, { caseId: ids.caseId, input: { ...contractInput(ids.mother), representativeId: null, number: `ДП-${seq}/2026` } }, manager)).createContract.contract as Contract;
    expect(contract).toMatchObject({ number: `ДП-${seq}/2026`, representative: null });
  });
});

describe('every illegal act on a contract is refused and changes nothing', () => {
  test('in the stages before the plan is in effect', async () => {
    for (const until of ['REFERRED', 'ASSESSMENT', 'DRAFT_PLAN'] as const) {
      const ids = await caseAt(until);
      const stage = { REFERRED: 'Referred', ASSESSMENT: 'Needs assessment', DRAFT_PLAN: 'Support plan' }[until];
      await refusedAll(ids.caseId, [
        ['draft a contract', () => api.gql(CREATE, { caseId: ids.caseId, input: contractInput(ids.mother) }, manager), 'INVALID_TRANSITION',
          until === 'DRAFT_PLAN' ? /once the individual support plan is in effect; the case is now "Support plan"/ : new RegExp(`prepared while the case is in .*it is now "${stage}"`)],
      ]);
    }
  });

  test('a draft: not drafted twice, not extended, not signed before its date or after its term, nor in the future', async () => {
    const d = await drafted();
    const c = await read(d.caseId);
    await refusedAll(d.caseId, [
      ['a second draft', () => api.gql(CREATE, { caseId: d.caseId, input: contractInput(d.mother) }, manager), 'INVALID_TRANSITION', /already has a contract that has not ended/],
      ['extend a draft', () => api.gql(EXTEND, { id: d.contract.id, version: d.contract.version, to: day(300), on: day(0), ground: 'x' }, manager), 'INVALID_TRANSITION', /Only a concluded contract in force/],
      ['signed before its date', () => api.gql(CONCLUDE, { id: d.contract.id, version: d.contract.version, on: day(-3) }, manager), 'BAD_USER_INPUT', /signedOn The contract cannot be signed before its date/],
      ['signed in the future', () => api.gql(CONCLUDE, { id: d.contract.id, version: d.contract.version, on: day(1) }, manager), 'BAD_USER_INPUT', /signedOn .*cannot be in the future/],
      ['a stale version', () => api.gql(CONCLUDE, { id: d.contract.id, version: d.contract.version + 5, on: day(0) }, manager), 'CONFLICT', /changed/],
      ['to ACTIVE by a stage change', () => api.gql(CHANGE, { id: d.caseId, version: c.version, to: 'ACTIVE' }, manager), 'INVALID_TRANSITION', /Conclude the contract/],
    ]);
    // A term already over: concluding it now would start a contract that has ended.
    const late = await caseAt('PLAN_IN_EFFECT');
    const old = (await api.ok(CREATE, { caseId: late.caseId, input: contractInput(late.mother, { contractDate: day(-10), startsOn: day(-10), endsOn: day(-5) }) }, manager)).createContract.contract as Contract;
    await refusedAll(late.caseId, [
      ['signed after the term', () => api.gql(CONCLUDE, { id: old.id, version: old.version, on: day(0) }, manager), 'BAD_USER_INPUT', /signedOn The contract cannot be concluded after its term ends/],
    ]);
  });

  test('the content: parties, services and dates', async () => {
    const ids = await caseAt('PLAN_IN_EFFECT');
    const childId = (await api.db.prisma.case.findUniqueOrThrow({ where: { id: uuidOf(ids.caseId) }, select: { personId: true } })).personId;
    const child = Buffer.from(`Client:${childId}`).toString('base64url');
    const sibling = (await api.ok(REGISTER, { input: { kind: 'CHILD', firstName: 'Брат', lastName: 'Договоров', birthDate: '2012-01-01', sex: 'MALE' } }, manager)).registerClient.client.id;
    const create = (extra: Record<string, unknown>) => () => api.gql(CREATE, { caseId: ids.caseId, input: contractInput(ids.mother, extra) }, manager);
    await refusedAll(ids.caseId, [
      ['a child with no representative', create({ representativeId: null }), 'BAD_USER_INPUT', /input.representativeId For a child, give the legal representative/],
      ['the child as its own representative', create({ representativeId: child }), 'BAD_USER_INPUT', /representativeId The legal representative is another person/],
      ['a child as representative', create({ representativeId: sibling }), 'BAD_USER_INPUT', /representativeId The legal representative must be an adult/],
      ['an open-access service', create({ serviceIds: [openAccess] }), 'BAD_USER_INPUT', /serviceIds A contract is for a specialised service/],
      ['no service', create({ serviceIds: [] }), 'BAD_USER_INPUT', /serviceIds/],
      ['the end before the start', create({ endsOn: day(-3) }), 'BAD_USER_INPUT', /endsOn The end date is before the start date/],
      ['a start before the referral', create({ startsOn: day(-40), contractDate: day(-40) }), 'BAD_USER_INPUT', /before the referral date/],
      ['a dated in the future', create({ contractDate: day(2) }), 'BAD_USER_INPUT', /contractDate .*cannot be in the future/],
      ['a negative fee', create({ feeAmount: -1 }), 'BAD_USER_INPUT', /feeAmount Must be at least 0/],
      ['another center’s client', async () => {
        const theirs = (await api.ok(REGISTER, { input: { kind: 'ADULT', firstName: 'Чужда', lastName: 'Майка', birthYear: 1980, sex: 'FEMALE' } }, kazanlak)).registerClient.client.id;
        return api.gql(CREATE, { caseId: ids.caseId, input: contractInput(ids.mother, { representativeId: theirs }) }, manager);
      }, 'BAD_USER_INPUT', /representativeId/],
    ]);
    // A number already used in the center.
    const first = await drafted();
    await refusedAll(ids.caseId, [['a number taken', create({ number: first.contract.number }), 'BAD_USER_INPUT', /input.number The center already has a contract with this number/]]);
  });

  test('a signed contract: not concluded twice, not edited, extended only later and after signing, with a ground', async () => {
    const s = await signed();
    await refusedAll(s.caseId, [
      ['conclude again', () => api.gql(CONCLUDE, { id: s.contract.id, version: s.contract.version, on: day(0) }, manager), 'INVALID_TRANSITION', /already concluded/],
      ['edit a signed one', () => api.gql(UPDATE, { id: s.contract.id, version: s.contract.version, input: contractInput(s.mother) }, manager), 'INVALID_TRANSITION', /Only a draft contract can be edited/],
      ['a second contract', () => api.gql(CREATE, { caseId: s.caseId, input: contractInput(s.mother) }, manager), 'INVALID_TRANSITION', /already has a contract that has not ended/],
      ['extend to an earlier end', () => api.gql(EXTEND, { id: s.contract.id, version: s.contract.version, to: day(100), on: day(0), ground: 'x' }, manager), 'BAD_USER_INPUT', /newEndsOn The new end of the term must be after/],
      ['extend to the same end', () => api.gql(EXTEND, { id: s.contract.id, version: s.contract.version, to: END, on: day(0), ground: 'x' }, manager), 'BAD_USER_INPUT', /newEndsOn/],
      ['extend before signing', () => api.gql(EXTEND, { id: s.contract.id, version: s.contract.version, to: day(300), on: day(-2), ground: 'x' }, manager), 'BAD_USER_INPUT', /extendedOn The extension cannot be before/],
      ['extend without a ground', () => api.gql(EXTEND, { id: s.contract.id, version: s.contract.version, to: day(300), on: day(0), ground: '  ' }, manager), 'BAD_USER_INPUT', /ground/],
    ]);
  });

  test('closure: the ground is required for a contract in force, refused without one, and must fit the dates', async () => {
    const s = await signed();
    const c = await read(s.caseId);
    const close = (on: string, ground: string | null) => () => api.gql(CLOSE, { id: s.caseId, version: c.version, on, ground }, manager);
    await refusedAll(s.caseId, [
      ['no ground', close(day(0), null), 'BAD_USER_INPUT', /contractEndGround The case has a contract in force: give the ground/],
      ['the term not yet expired', close(day(0), 'TERM_EXPIRED'), 'BAD_USER_INPUT', /contractEndGround The contract’s term has not expired/],
      ['before the signing', close(day(-1 - 1), 'MUTUAL_CONSENT'), 'BAD_USER_INPUT', /closedOn The contract cannot end before it was signed/],
    ]);
    // A case with no contract: a ground names nothing to end.
    const plain = await caseAt('DRAFT_PLAN');
    const p = await read(plain.caseId);
    await refusedAll(plain.caseId, [
      ['a ground without a contract', () => api.gql(CLOSE, { id: plain.caseId, version: p.version, on: day(0), ground: 'PERSON_REQUEST' }, manager), 'BAD_USER_INPUT', /contractEndGround The case has no contract in force/],
    ]);
    // Closed: the ended contract takes no act.
    await api.ok(CLOSE, { id: s.caseId, version: c.version, on: day(0), ground: 'GOALS_ACHIEVED' }, manager);
    const ended = (await read(s.caseId)).contracts[0]!;
    await refusedAll(s.caseId, [
      ['extend an ended contract', () => api.gql(EXTEND, { id: s.contract.id, version: ended.version, to: day(500), on: day(0), ground: 'x' }, manager), 'INVALID_TRANSITION', /The case is closed/],
      ['conclude an ended contract', () => api.gql(CONCLUDE, { id: s.contract.id, version: ended.version, on: day(0) }, manager), 'INVALID_TRANSITION', /The case is closed/],
      ['a new contract', () => api.gql(CREATE, { caseId: s.caseId, input: contractInput(s.mother) }, manager), 'INVALID_TRANSITION', /The case is closed/],
    ]);
  });

  test('the term expired: ended on its end date with that ground', async () => {
    const ids = await caseAt('PLAN_IN_EFFECT');
    const k = (await api.ok(CREATE, { caseId: ids.caseId, input: contractInput(ids.mother, { contractDate: day(-20), startsOn: day(-20), endsOn: day(-3) }) }, manager)).createContract.contract as Contract;
    const s = (await api.ok(CONCLUDE, { id: k.id, version: k.version, on: day(-20) }, manager)).concludeContract as Contract;
    expect(s.expired).toBe(true);
    const c = await read(ids.caseId);
    await api.ok(CLOSE, { id: ids.caseId, version: c.version, on: day(-3), ground: 'TERM_EXPIRED' }, manager);
    expect((await read(ids.caseId)).contracts[0]).toMatchObject({ status: 'ENDED', endedOn: day(-3), endGround: 'TERM_EXPIRED', expired: false });
  });

  test('the case team writes; other staff and other centers cannot', async () => {
    const d = await drafted();
    // The demo worker is not on this new case's team.
    await refusedAll(d.caseId, [
      ['a worker off the case team', () => api.gql(CONCLUDE, { id: d.contract.id, version: d.contract.version, on: day(0) }, worker), 'FORBIDDEN', /./],
    ]);
    const theirs = await api.gql(CONCLUDE, { id: d.contract.id, version: d.contract.version, on: day(0) }, kazanlak);
    expect(errorCodes(theirs)).toEqual([expect.stringMatching(/NOT_FOUND|FORBIDDEN/)]);
    const seen = await api.gql(READ, { id: d.caseId }, kazanlak);
    expect(seen.data?.node ?? null).toBeNull();
    expect((await read(d.caseId)).contracts[0]!.status).toBe('DRAFT');
  });
});

describe('ending the contract without closing the case', () => {
  test('the person’s notice ends it: the case stays active with delivery stopped until a new contract is concluded', async () => {
    const s = await signed();
    // Signed yesterday: a session yesterday is delivered under it.
    await api.ok(LOG, sessionOn(s.caseId, -1), manager);
    const ended = (await api.ok(END_CONTRACT, { id: s.contract.id, version: s.contract.version, on: day(-1), ground: 'PERSON_REQUEST', note: 'Писмено предизвестие от майката.' }, manager)).endContract;
    expect(ended).toMatchObject({ status: 'ENDED', endedOn: day(-1), endGround: 'PERSON_REQUEST', endNote: 'Писмено предизвестие от майката.', expired: false, daysToEnd: null });
    const c = await read(s.caseId);
    // Still active: only a review, a plan's revision, a new contract or the closure; no reassessment, no extension.
    expect(c).toMatchObject({ status: 'ACTIVE', actions: ['RECORD_REVIEW', 'DRAFT_PLAN', 'DRAFT_CONTRACT', 'CLOSE'] });
    expect((await api.ok(HALTED, { id: s.caseId }, manager)).node.deliveryHalted).toBe(true);
    expect(c.timeline.find((e) => e.kind === 'CONTRACT_ENDED')).toMatchObject({
      label: 'Прекратен договор: едностранно от потребителя (законния му представител) с писмено предизвестие',
      note: 'Писмено предизвестие от майката.',
    });
    expect(await api.db.prisma.caseStatusChange.count({ where: { caseId: uuidOf(s.caseId), toStatus: { not: 'ACTIVE' }, fromStatus: 'ACTIVE' } })).toBe(0);

    // No session after the end, none by a quick visit either, and no reassessment; nothing written.
    await refusedAll(s.caseId, [
      ['a session after the end', () => api.gql(LOG, sessionOn(s.caseId, 0), manager), 'BAD_USER_INPUT',
        new RegExp(`input.session.startsAt The case has no contract for using the service in force on this date \\(ended or expired on ${day(-1)}\\)`)],
      ['a quick visit after the end', async () => api.gql(`mutation($input: QuickLogVisitInput!) { quickLogVisit(input: $input) { session { id } } }`,
        { input: { caseId: s.caseId, serviceId: specialised, kind: 'FIELD_VISIT', settlementId: await settlement() } }, manager), 'BAD_USER_INPUT', /input.startsAt The case has no contract/],
      ['a reassessment', () => api.gql(START_AGAIN, { caseId: s.caseId }, manager), 'INVALID_TRANSITION', /A reassessment is made while the service is delivered under a contract in force/],
      ['extend the ended contract', () => api.gql(EXTEND, { id: s.contract.id, version: ended.version, to: day(400), on: day(0), ground: 'x' }, manager), 'INVALID_TRANSITION', /Only a concluded contract in force/],
      ['end it again', () => api.gql(END_CONTRACT, { id: s.contract.id, version: ended.version, on: day(0), ground: 'MUTUAL_CONSENT' }, manager), 'INVALID_TRANSITION', /Only a concluded contract in force can be ended/],
      ['a closure naming a ground', () => api.gql(CLOSE, { id: s.caseId, version: c.version, on: day(0), ground: 'MUTUAL_CONSENT' }, manager), 'BAD_USER_INPUT', /contractEndGround The case has no contract in force/],
    ]);
    // A session held before the end is still recorded late.
    await api.ok(LOG, sessionOn(s.caseId, -1), manager);

    // A new contract: drafted and concluded; the case stays active and delivery goes on.
    const next = (await api.ok(CREATE, { caseId: s.caseId, input: contractInput(s.mother, { contractDate: day(0), startsOn: day(0) }) }, manager)).createContract.contract as Contract;
    expect((await read(s.caseId)).actions).toEqual(['RECORD_REVIEW', 'DRAFT_PLAN', 'CONCLUDE_CONTRACT', 'CLOSE']);
    await api.ok(CONCLUDE, { id: next.id, version: next.version, on: day(0) }, manager);
    const resumed = await read(s.caseId);
    expect(resumed).toMatchObject({ status: 'ACTIVE', actions: ['RECORD_REVIEW', 'START_REASSESSMENT', 'DRAFT_PLAN', 'EXTEND_CONTRACT', 'END_CONTRACT', 'CLOSE'] });
    expect(resumed.contracts.map((k) => k.status)).toEqual(['ENDED', 'SIGNED']);
    expect((await api.ok(HALTED, { id: s.caseId }, manager)).node.deliveryHalted).toBe(false);
    await api.ok(LOG, sessionOn(s.caseId, 0), manager);

    // Closing after a contract ended earlier needs no ground for it, but one for the contract in force.
    await api.ok(END_CONTRACT, { id: next.id, version: (await read(s.caseId)).contracts[1]!.version, on: day(0), ground: 'NEEDS_CHANGED' }, manager);
    await api.ok(CLOSE, { id: s.caseId, version: resumed.version, on: day(0) }, manager);
    const closed = await read(s.caseId);
    expect(closed.status).toBe('CLOSED');
    expect(closed.contracts.map((k) => [k.status, k.endGround])).toEqual([['ENDED', 'PERSON_REQUEST'], ['ENDED', 'NEEDS_CHANGED']]);
    const audits = await api.db.prisma.auditEvent.findMany({ where: { entityType: 'Contract', entityId: uuidOf(s.contract.id), action: 'UPDATE' }, orderBy: { id: 'asc' } });
    expect(audits.at(-1)!.detail).toMatchObject({ status: 'ENDED', endGround: 'PERSON_REQUEST' });
  });

  test('the term expires: sessions stop after its end; it ends on that ground, no other', async () => {
    const ids = await caseAt('PLAN_IN_EFFECT');
    const k = (await api.ok(CREATE, { caseId: ids.caseId, input: contractInput(ids.mother, { contractDate: day(-20), startsOn: day(-20), endsOn: day(-3) }) }, manager)).createContract.contract as Contract;
    const s = (await api.ok(CONCLUDE, { id: k.id, version: k.version, on: day(-20) }, manager)).concludeContract as Contract;
    expect(s).toMatchObject({ expired: true });
    // Delivery stopped: no reassessment offered; the contract is extended or ended.
    expect((await read(ids.caseId)).actions).toEqual(['RECORD_REVIEW', 'DRAFT_PLAN', 'EXTEND_CONTRACT', 'END_CONTRACT', 'CLOSE']);
    expect((await api.ok(HALTED, { id: ids.caseId }, manager)).node.deliveryHalted).toBe(true);
    await api.ok(LOG, sessionOn(ids.caseId, -3), manager);
    await refusedAll(ids.caseId, [
      ['a session after the term', () => api.gql(LOG, sessionOn(ids.caseId, -2), manager), 'BAD_USER_INPUT', new RegExp(`startsAt .*expired on ${day(-3)}`)],
      ['another ground after the term', () => api.gql(END_CONTRACT, { id: k.id, version: s.version, on: day(0), ground: 'MUTUAL_CONSENT' }, manager), 'BAD_USER_INPUT',
        new RegExp(`ground The contract’s term expired on ${day(-3)}: it ended by that expiry`)],
      ['a reassessment', () => api.gql(START_AGAIN, { caseId: ids.caseId }, manager), 'INVALID_TRANSITION', /the case has none now \(the contract ended or its term expired\)/],
      ['the expiry before a session held on the last day', () => api.gql(END_CONTRACT, { id: k.id, version: s.version, on: day(-4), ground: 'PERSON_DIED' }, manager), 'BAD_USER_INPUT',
        /endedOn Sessions are recorded on the case after this date/],
    ]);
    const ended = (await api.ok(END_CONTRACT, { id: k.id, version: s.version, on: day(-3), ground: 'TERM_EXPIRED' }, manager)).endContract;
    expect(ended).toMatchObject({ status: 'ENDED', endedOn: day(-3), endGround: 'TERM_EXPIRED', expired: false });
    expect((await read(ids.caseId)).actions).toEqual(['RECORD_REVIEW', 'DRAFT_PLAN', 'DRAFT_CONTRACT', 'CLOSE']);
  });

  test('every illegal end is refused with its words and changes nothing', async () => {
    const d = await drafted();
    await refusedAll(d.caseId, [
      ['a draft', () => api.gql(END_CONTRACT, { id: d.contract.id, version: d.contract.version, on: day(0), ground: 'MUTUAL_CONSENT' }, manager), 'INVALID_TRANSITION', /Only a concluded contract in force can be ended/],
    ]);
    const s = await signed();
    const end = (on: string, ground: string, who = manager, version = s.contract.version) => () => api.gql(END_CONTRACT, { id: s.contract.id, version, on, ground }, who);
    await api.ok(LOG, sessionOn(s.caseId, 0), manager);
    await refusedAll(s.caseId, [
      ['the term not expired', end(day(0), 'TERM_EXPIRED'), 'BAD_USER_INPUT', /ground The contract’s term has not expired yet/],
      ['before the signing', end(day(-2), 'MUTUAL_CONSENT'), 'BAD_USER_INPUT', /endedOn The contract cannot end before it was signed/],
      ['in the future', end(day(1), 'MUTUAL_CONSENT'), 'BAD_USER_INPUT', /endedOn .*cannot be in the future/],
      ['before a session recorded', end(day(-1), 'PERSON_REQUEST'), 'BAD_USER_INPUT', /endedOn Sessions are recorded on the case after this date/],
      ['an unknown ground', end(day(0), 'TIRED'), 'BAD_USER_INPUT', /./],
      ['a stale version', end(day(0), 'MUTUAL_CONSENT', manager, s.contract.version + 3), 'CONFLICT', /changed/],
      ['a worker off the case team', end(day(0), 'MUTUAL_CONSENT', worker), 'FORBIDDEN', /./],
    ]);
    const theirs = await api.gql(END_CONTRACT, { id: s.contract.id, version: s.contract.version, on: day(0), ground: 'MUTUAL_CONSENT' }, kazanlak);
    expect(errorCodes(theirs)).toEqual([expect.stringMatching(/NOT_FOUND|FORBIDDEN/)]);
    expect((await read(s.caseId)).contracts[0]!.status).toBe('SIGNED');
  });
});

describe('sessions planned ahead are not delivery', () => {
  test('a demo case with sessions planned in the coming weeks ends its contract today', async () => {
    const soon = await api.db.prisma.contract.findFirstOrThrow({
      where: { status: 'SIGNED', case: { status: 'ACTIVE', center: { slug: 'plovdiv' }, sessions: { some: { startsAt: { gt: addDays(today(), 2) } } } } },
      select: { id: true, caseId: true, version: true },
    });
    const id = Buffer.from(`Contract:${soon.id}`).toString('base64url');
    const ended = (await api.ok(END_CONTRACT, { id, version: soon.version, on: day(0), ground: 'NEEDS_CHANGED' }, manager)).endContract;
    expect(ended).toMatchObject({ status: 'ENDED', endGround: 'NEEDS_CHANGED' });
    expect((await api.ok(HALTED, { id: Buffer.from(`Case:${soon.caseId}`).toString('base64url') }, manager)).node.deliveryHalted).toBe(true);
  });
});

describe('a reassessment while the contract is in force', () => {
  test('started from the active case (which stays active), completed, and compared per area with the assessment before', async () => {
    const s = await signed();
    const before = await read(s.caseId);
    expect(before.actions).toContain('START_REASSESSMENT');
    const first = (await api.db.prisma.assessment.findFirstOrThrow({ where: { caseId: uuidOf(s.caseId) } })).id;
    const started = (await api.ok(START_AGAIN, { caseId: s.caseId }, manager)).startAssessment;
    // Due the center's planning days (20 by default) after its start, not after the old request.
    expect(started).toMatchObject({ startedOn: day(0), dueOn: day(20), completedOn: null, previous: { id: Buffer.from(`Assessment:${first}`).toString('base64url') } });
    const open = await read(s.caseId);
    expect(open).toMatchObject({ status: 'ACTIVE', version: before.version, actions: ['RECORD_REVIEW', 'COMPLETE_ASSESSMENT', 'DRAFT_PLAN', 'EXTEND_CONTRACT', 'END_CONTRACT', 'CLOSE'] });
    await refusedAll(s.caseId, [
      ['a second one', () => api.gql(START_AGAIN, { caseId: s.caseId }, manager), 'INVALID_TRANSITION', /already has a needs assessment in progress/],
    ]);
    // The first assessment rated every area SOME_NEED; this one finds less need in every area.
    const done = (await api.ok(`mutation($id: ID!) { completeAssessment(id: $id, completedOn: "${day(0)}", summary: "Напредък", input: ${ratedAreas('CHILD', 'NO_CONCERN')}) { ${REASSESSMENT} } }`, { id: started.id }, manager)).completeAssessment;
    expect(done.completedOn).toBe(day(0));
    expect(done.changes).toHaveLength(19);
    expect(new Set(done.changes.map((c: { previousRating: string; rating: string; change: string }) => `${c.previousRating}→${c.rating}:${c.change}`))).toEqual(new Set(['SOME_NEED→NO_CONCERN:BETTER']));
    const after = await read(s.caseId);
    expect(after).toMatchObject({ status: 'ACTIVE', actions: before.actions });
    expect(await api.db.prisma.caseStatusChange.count({ where: { caseId: uuidOf(s.caseId), fromStatus: 'ACTIVE' } })).toBe(0);

    // Not in planning: the first assessment was just completed there.
    const planning = await caseAt('PLAN_IN_EFFECT');
    await refusedAll(planning.caseId, [
      ['in planning', () => api.gql(START_AGAIN, { caseId: planning.caseId }, manager), 'INVALID_TRANSITION', /a reassessment while it is "Active"; it is now "Support plan"/],
    ]);
  });
});

describe('the dashboard’s contracts ending soon or expired', () => {
  test('contracts in force of open cases whose term passed or ends within 30 days, the earliest end first, each with its case', async () => {
    const make = async (startsOn: number, endsOn: number) => {
      const ids = await caseAt('PLAN_IN_EFFECT');
      const k = (await api.ok(CREATE, { caseId: ids.caseId, input: contractInput(ids.mother, { contractDate: day(startsOn), startsOn: day(startsOn), endsOn: day(endsOn) }) }, manager)).createContract.contract as Contract;
      const signedOne = (await api.ok(CONCLUDE, { id: k.id, version: k.version, on: day(startsOn) }, manager)).concludeContract as Contract;
      return { ...ids, contract: signedOne };
    };
    const expired = await make(-25, -4);
    const soon = await make(-2, 12);
    const edge = await make(-2, 30);
    const later = await make(-2, 31);
    const ended = await make(-2, 10);
    await api.ok(END_CONTRACT, { id: ended.contract.id, version: ended.contract.version, on: day(0), ground: 'MUTUAL_CONSENT' }, manager);
    const closed = await make(-2, 5);
    await api.ok(CLOSE, { id: closed.caseId, version: (await read(closed.caseId)).version, on: day(0), ground: 'GOALS_ACHIEVED' }, manager);
    // As data from before the closure ended the contract may hold it: a closed case's contract still signed.
    await api.db.prisma.contract.update({ where: { id: uuidOf(closed.contract.id) }, data: { status: 'SIGNED', endedOn: null, endGround: null } });

    type Row = { id: string; status: string; endsOn: string; expired: boolean; daysToEnd: number; case: { id: string; status: string; person: { fullName: string } } };
    const rows: Row[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const page: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: Row }[] } = (await api.ok(ENDING, { first: 50, after }, manager)).contractsEnding;
      total = page.totalCount;
      rows.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(rows).toHaveLength(total);
    const listed = new Map(rows.map((r) => [r.id, r]));
    expect(listed.get(expired.contract.id)).toMatchObject({ endsOn: day(-4), expired: true, daysToEnd: -4, case: { id: expired.caseId, status: 'ACTIVE' } });
    expect(listed.get(soon.contract.id)).toMatchObject({ endsOn: day(12), expired: false, daysToEnd: 12, case: { id: soon.caseId } });
    expect(listed.get(edge.contract.id)).toMatchObject({ daysToEnd: 30 });
    expect(listed.get(soon.contract.id)!.case.person.fullName).toMatch(/Договорова/);
    for (const absent of [later, ended, closed]) expect(listed.has(absent.contract.id)).toBe(false);
    // Every row by the same rule (the demo center has its own), the earliest end first.
    for (const r of rows) {
      expect(r.status).toBe('SIGNED');
      expect(r.daysToEnd).toBeLessThanOrEqual(30);
      expect(r.expired).toBe(r.daysToEnd < 0);
      expect(r.case.status).not.toBe('CLOSED');
    }
    expect(rows.map((r) => r.endsOn)).toEqual([...rows.map((r) => r.endsOn)].sort());
    // The rule as the database counts it, for the center.
    const centerId = (await api.db.prisma.case.findUniqueOrThrow({ where: { id: uuidOf(soon.caseId) } })).centerId;
    expect(total).toBe(await api.db.prisma.contract.count({ where: { centerId, status: 'SIGNED', endsOn: { lte: addDays(today(), 30) }, case: { status: { not: 'CLOSED' } } } }));
    // Another center sees only its own.
    const theirs = (await api.ok(ENDING, { first: 100, after: null }, kazanlak)).contractsEnding.edges.map((e: { node: Row }) => e.node.id);
    expect(theirs.filter((id: string) => listed.has(id))).toEqual([]);
  });
});
