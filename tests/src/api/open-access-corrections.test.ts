import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, addMonths, isoDay, today } from '@opora/common/calendar';
import { DEMO, errorCodes, TestApi } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';

// Issue #15, item 8: an open-access contact is corrected or voided by its author or the manager
// (audited, never deleted; a voided one counts nowhere); „0" people is refused as such; the
// two-month limit of open-access work is tracked per person where the person is known.

let api: TestApi;
let mobile: string; // the author
let psychologist: string; // another worker of the same center
let manager: string;
let kazanlakId: string;
let counsellingId: string;
let mobileWorkId: string;
let municipalityId: string;
let clientId: string;
let plovdivClientId: string;

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

const FIELDS = 'id occurredOn peopleCount voided voidReason version client { id } voidedBy { id }';
const RECORD = `mutation($input: OpenAccessContactInput!) { recordOpenAccessContact(input: $input) { ${FIELDS} } }`;
const CORRECT = `mutation($id: ID!, $input: OpenAccessContactInput!) { correctOpenAccessContact(id: $id, input: $input) { ${FIELDS} } }`;
const VOID = `mutation($id: ID!, $reason: String!) { voidOpenAccessContact(id: $id, reason: $reason) { ${FIELDS} } }`;
const SUMMARY = `query($d: Date) { openAccessSummary(from: $d, to: $d) { contacts people } }`;
const PERIOD = `query($clientId: ID!) { openAccessPeriod(clientId: $clientId) { startedOn endsOn contacts daysLeft exceeded } }`;

const input = (over: Record<string, unknown> = {}) => ({
  occurredOn: '2025-05-14',
  serviceId: gid('CenterService', counsellingId),
  channel: 'PHONE',
  municipalityId: gid('Municipality', municipalityId),
  peopleCount: 1,
  ...over,
});

async function row(id: string) {
  const c = await api.db.prisma.openAccessContact.findUniqueOrThrow({ where: { id: uuidOf(id) } });
  return { peopleCount: c.peopleCount, voidedAt: c.voidedAt, version: c.version, channel: c.channel };
}

// The rollup as the figures read it, for one day's month of the center.
async function rollupContacts(month: string) {
  await api.db.prisma.$queryRawUnsafe(`SELECT aggregate_refresh()`);
  const [r] = await api.db.prisma.$queryRawUnsafe<{ contacts: number; people: number }[]>(
    `SELECT coalesce(sum(contacts), 0)::int AS contacts, coalesce(sum(people), 0)::int AS people FROM "RollupOpenAccess" WHERE "centerId" = $1::uuid AND month = $2::date`,
    kazanlakId,
    month,
  );
  return r!;
}

beforeAll(async () => {
  api = await TestApi.start({ queryTimeoutMs: 60_000, transactionTimeoutMs: 60_000 });
  mobile = await api.login(DEMO.kazanlakMobile);
  psychologist = await api.login(DEMO.kazanlakPsychologist);
  manager = await api.login(DEMO.kazanlakManager);
  const p = api.db.prisma;
  const kazanlak = await p.center.findUniqueOrThrow({ where: { slug: 'kazanlak' } });
  kazanlakId = kazanlak.id;
  municipalityId = kazanlak.municipalityId;
  const open = (codes: string[]) =>
    p.centerService.findFirstOrThrow({ where: { centerId: kazanlak.id, access: 'OPEN_ACCESS', serviceKind: { code: { in: codes } } } }).then((s) => s.id);
  counsellingId = await open(['COUNSELLING', 'INFORMATION']);
  mobileWorkId = await open(['MOBILE_COMMUNITY_WORK']);
  // A client with no open-access contact yet.
  clientId = (await p.client.findFirstOrThrow({ where: { centerId: kazanlak.id, archivedAt: null, kind: 'ADULT' }, orderBy: { id: 'desc' } })).id;
  const plovdiv = await p.center.findUniqueOrThrow({ where: { slug: 'plovdiv' } });
  plovdivClientId = (await p.client.findFirstOrThrow({ where: { centerId: plovdiv.id } })).id;
});

afterAll(async () => {
  await api?.stop();
});

describe('correcting and voiding', () => {
  let contactId: string;

  test('„0" people is refused as „at least one person", and nothing is written', async () => {
    const before = await api.db.prisma.openAccessContact.count();
    const zero = await api.gql(RECORD, { input: input({ peopleCount: 0 }) }, mobile);
    expect(errorCodes(zero)).toEqual(['BAD_USER_INPUT']);
    expect(zero.errors![0]!.extensions!.fields).toEqual([
      { path: 'input.peopleCount', message: 'Посочете поне един човек.', messageBg: 'Посочете поне един човек.', messageEn: 'Count at least one person.' },
    ]);
    expect(await api.db.prisma.openAccessContact.count()).toBe(before);
  });

  test('another worker may neither correct nor void the author’s contact; nothing changes', async () => {
    contactId = (await api.ok(RECORD, { input: input() }, mobile)).recordOpenAccessContact.id;
    const before = await row(contactId);
    for (const [doc, vars] of [
      [CORRECT, { id: contactId, input: input({ peopleCount: 4 }) }],
      [VOID, { id: contactId, reason: 'Не е мой, но го махам.' }],
    ] as const) {
      const refused = await api.gql(doc, vars, psychologist);
      expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
      expect(refused.errors![0]!.extensions).toMatchObject({
        messageBg: 'Контакт може да поправи или анулира само специалистът, който го е записал, или ръководителят.',
        messageEn: 'Only the staff member who recorded a contact, or the manager, may correct or void it.',
      });
    }
    expect(await row(contactId)).toEqual(before);
    const updates = await api.db.prisma.auditEvent.count({ where: { entityType: 'OpenAccessContact', entityId: uuidOf(contactId), action: 'UPDATE' } });
    expect(updates).toBe(0);
  });

  test('the author corrects it (audited); the manager voids it: kept, audited, counted nowhere', async () => {
    const month = '2025-05-01';
    const start = await rollupContacts(month);
    const summaryBefore = (await api.ok(SUMMARY, { d: '2025-05-14' }, mobile)).openAccessSummary;

    const corrected = await api.ok(CORRECT, { id: contactId, input: input({ peopleCount: 2, channel: 'IN_PERSON' }) }, mobile);
    expect(corrected.correctOpenAccessContact).toMatchObject({ peopleCount: 2, version: 2, voided: false });
    expect(await rollupContacts(month)).toEqual({ contacts: start.contacts, people: start.people + 1 });

    const noReason = await api.gql(VOID, { id: contactId, reason: ' ' }, manager);
    expect(noReason.errors![0]!.extensions!.fields[0]).toMatchObject({ path: 'reason' });
    const voided = await api.ok(VOID, { id: contactId, reason: 'Записан два пъти.' }, manager);
    expect(voided.voidOpenAccessContact).toMatchObject({ voided: true, voidReason: 'Записан два пъти.', version: 3, peopleCount: 2 });
    expect(voided.voidOpenAccessContact.voidedBy).not.toBeNull();

    // Counted nowhere: not in the center's summary, not in the default list, not in the rollups.
    const summaryAfter = (await api.ok(SUMMARY, { d: '2025-05-14' }, mobile)).openAccessSummary;
    expect(summaryAfter).toEqual({ contacts: summaryBefore.contacts - 1, people: summaryBefore.people - 1 });
    expect(await rollupContacts(month)).toEqual({ contacts: start.contacts - 1, people: start.people - 1 });
    const list = `query($all: Boolean) { openAccessContacts(from: "2025-05-14", to: "2025-05-14", first: 100, includeVoided: $all) { edges { node { id voided } } } }`;
    const ids = async (all: boolean) => (await api.ok(list, { all }, mobile)).openAccessContacts.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await ids(false)).not.toContain(contactId);
    expect(await ids(true)).toContain(contactId);

    // Kept, never deleted: the runtime role cannot delete a contact at all.
    expect(await api.db.prisma.openAccessContact.count({ where: { id: uuidOf(contactId) } })).toBe(1);
    const [grant] = await sqlAsOwner<{ may: boolean }>(api.db, `SELECT has_table_privilege('opora_app', '"OpenAccessContact"', 'DELETE') AS may`);
    expect(grant!.may).toBe(false);
    const audit = await api.db.prisma.auditEvent.findMany({ where: { entityType: 'OpenAccessContact', entityId: uuidOf(contactId), action: { not: 'READ' } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE']);
  });

  test('a voided contact is neither corrected nor voided again; nothing changes', async () => {
    const before = await row(contactId);
    for (const [doc, vars] of [
      [CORRECT, { id: contactId, input: input({ peopleCount: 3 }) }],
      [VOID, { id: contactId, reason: 'Още веднъж.' }],
    ] as const) {
      const refused = await api.gql(doc, vars, mobile);
      expect(errorCodes(refused)).toEqual(['INVALID_TRANSITION']);
      expect(refused.errors![0]!.extensions).toMatchObject({ messageEn: 'The contact is voided: it is not changed and counts nowhere.' });
    }
    expect(await row(contactId)).toEqual(before);
  });

  test('another center’s contact reads as not found', async () => {
    const plovdivManager = await api.login(DEMO.plovdivManager);
    const refused = await api.gql(VOID, { id: contactId, reason: 'Чужд.' }, plovdivManager);
    expect(errorCodes(refused)).toEqual(['NOT_FOUND']);
  });
});

describe('the demo data', () => {
  test('both centers have a voided contact and contacts naming a known person', async () => {
    for (const slug of ['plovdiv', 'kazanlak']) {
      const where = { center: { slug } };
      expect(await api.db.prisma.openAccessContact.count({ where: { ...where, voidedAt: { not: null } } }), slug).toBeGreaterThan(0);
      expect(await api.db.prisma.openAccessContact.count({ where: { ...where, clientId: { not: null } } }), slug).toBeGreaterThan(0);
    }
  });
});

describe('the two-month limit for a known person', () => {
  test('starts at the person’s first contact, not with mobile work; a voided contact does not count', async () => {
    const client = gid('Client', clientId);
    expect((await api.ok(PERIOD, { clientId: client }, mobile)).openAccessPeriod).toBeNull();

    // Mobile community work has no two-month limit.
    await api.ok(RECORD, { input: input({ serviceId: gid('CenterService', mobileWorkId), channel: 'FIELD', clientId: client, occurredOn: isoDay(addDays(today(), -80)) }) }, mobile);
    expect((await api.ok(PERIOD, { clientId: client }, mobile)).openAccessPeriod).toBeNull();

    const firstDay = addDays(today(), -70);
    const first = await api.ok(RECORD, { input: input({ clientId: client, occurredOn: isoDay(firstDay) }) }, mobile);
    expect(first.recordOpenAccessContact.client).toEqual({ id: client });
    await api.ok(RECORD, { input: input({ clientId: client, occurredOn: isoDay(addDays(today(), -10)) }) }, mobile);
    const endsOn = addDays(addMonths(firstDay, 2), -1);
    expect((await api.ok(PERIOD, { clientId: client }, mobile)).openAccessPeriod).toEqual({
      startedOn: isoDay(firstDay),
      endsOn: isoDay(endsOn),
      contacts: 2,
      daysLeft: Math.round((endsOn.getTime() - today().getTime()) / 86_400_000),
      exceeded: true,
    });

    // The first was a mistake: voided, the period starts with the next one.
    await api.ok(VOID, { id: first.recordOpenAccessContact.id, reason: 'Друг човек.' }, mobile);
    const period = (await api.ok(PERIOD, { clientId: client }, mobile)).openAccessPeriod;
    expect(period).toMatchObject({ startedOn: isoDay(addDays(today(), -10)), contacts: 1, exceeded: false });
    expect(period.daysLeft).toBeGreaterThan(40);
  });

  test('another center’s client cannot be named', async () => {
    const before = await api.db.prisma.openAccessContact.count();
    const foreign = await api.gql(RECORD, { input: input({ clientId: gid('Client', plovdivClientId) }) }, mobile);
    expect(foreign.errors![0]!.extensions!.fields.map((f: { path: string }) => f.path)).toEqual(['input.clientId']);
    expect(await api.db.prisma.openAccessContact.count()).toBe(before);
    expect((await api.ok(PERIOD, { clientId: gid('Client', plovdivClientId) }, mobile)).openAccessPeriod).toBeNull();
  });
});
