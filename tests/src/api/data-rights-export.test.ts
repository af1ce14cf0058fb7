import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SubjectAccessData } from '@opora/schema';
import { DEMO, TestApi } from '../support/api.ts';
import { pdfText } from '../support/pdf.ts';
import { sqlAsOwner } from '../support/sql.ts';
import { toSearchName } from '@opora/prisma/search-name';

// The subject-access export (GDPR Art. 15, issue #19 item 4): the JSON holds every record the
// center keeps about the person (the record, cases, sessions, notes, consents, files, household,
// rectifications, who read the record, alone or in a list) and nothing of her brother in the same
// household; the PDF names the same records; each export is audited; a worker is refused.

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

const SUBJECT = { firstName: 'Сияна', lastName: 'Достъпова', birthDate: '2012-03-08', phone: '+359888100201', address: 'ул. Прозрачна 5' };
const NEW_PHONE = '+359888100202';
const SIBLING = { firstName: 'Боримир', lastName: 'Достъпов', birthDate: '2010-11-21', phone: '+359888100301', address: 'ул. Прозрачна 5' };
const MOTHER = { firstName: 'Деница', lastName: 'Достъпова', birthDate: '1985-01-30', phone: '+359888100401', address: 'ул. Прозрачна 5' };
const S = { caseNumber: 'KZL-SA-0001', note: 'Сияна рисува семейството си', consentBy: 'Деница Достъпова (майка)', file: 'siyana-dostapova-ocenka.pdf', household: 'Домакинство Прозрачна 5' };
const B = { caseNumber: 'KZL-SA-0002', note: 'Боримир отказва да ходи на училище', consentBy: 'Баща на Боримир', file: 'borimir-uchilishte.pdf' };

let api: TestApi;
let manager: string;
let kazanlak: string;
let subjectId: string;
let siblingId: string;
let names: { psychologist: string; mobile: string };

const owner = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => sqlAsOwner<T>(api.db, sql, ...params);

async function insertClient(p: typeof SUBJECT, kind: 'CHILD' | 'ADULT', sex: 'FEMALE' | 'MALE') {
  const [row] = await owner<{ id: string }>(
    `INSERT INTO "Client" ("centerId", kind, "firstName", "lastName", "searchName", "birthDate", "birthYear", sex, address, phone)
     VALUES ($1::uuid, $2::"ClientKind", $3, $4, $9, $5::date, extract(year FROM $5::date)::int, $6::"Sex", $7, $8) RETURNING id::text`,
    kazanlak, kind, p.firstName, p.lastName, p.birthDate, sex, p.address, p.phone, toSearchName(`${p.firstName} ${p.lastName}`),
  );
  return row!.id;
}

/** A case with a session (with these people), a note on the case and a consent of its child. */
async function caseOf(childId: string, number: string, householdId: string, attendees: string[], note: string, consentBy: string) {
  const [k] = await owner<{ id: string }>(
    `INSERT INTO "Case" ("centerId", number, "childId", "householdId", status, "referralDate", "firstSessionOn")
     VALUES ($1::uuid, $2, $3::uuid, $4::uuid, 'ACTIVE', current_date - 40, current_date - 30) RETURNING id::text`,
    kazanlak, number, childId, householdId,
  );
  const [template] = await owner<{ service: string; kind: string; mode: string; format: string }>(
    `SELECT "serviceId"::text AS service, kind::text, mode::text, format::text FROM "Session" WHERE "centerId" = $1::uuid AND "caseId" IS NOT NULL LIMIT 1`,
    kazanlak,
  );
  const [s] = await owner<{ id: string }>(
    `INSERT INTO "Session" ("centerId", "startsAt", "durationMinutes", "serviceId", kind, mode, format, "caseId")
     VALUES ($1::uuid, (current_date - 30)::timestamp + interval '9 hours', 50, $2::uuid, $3::"SessionKind", $4::"DeliveryMode", $5::"SessionFormat", $6::uuid) RETURNING id::text`,
    kazanlak, template!.service, template!.kind, template!.mode, template!.format, k!.id,
  );
  for (const c of attendees) await owner(`INSERT INTO "SessionClient" ("centerId", "sessionId", "clientId") VALUES ($1::uuid, $2::uuid, $3::uuid)`, kazanlak, s!.id, c);
  await owner(
    `INSERT INTO "Note" ("centerId", "caseId", "authorId", body) SELECT $1::uuid, $2::uuid, id, $3 FROM "Membership" WHERE "centerId" = $1::uuid AND role = 'MANAGER' LIMIT 1`,
    kazanlak, k!.id, note,
  );
  await owner(
    `INSERT INTO "Consent" ("centerId", "clientId", purpose, "givenBy", "givenOn") VALUES ($1::uuid, $2::uuid, (enum_range(NULL::"ConsentPurpose"))[1], $3, current_date - 40)`,
    kazanlak, childId, consentBy,
  );
  return k!.id;
}

const upload = (ownerGid: string, fileName: string) =>
  fetch(`${api.url}/files?owner=${encodeURIComponent(ownerGid)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(fileName) },
    body: PDF,
  });

const exportOf = (token: string, format: 'pdf' | 'json') =>
  fetch(`${api.url}/documents/subject-access/${gid('Client', subjectId)}.${format}`, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  api = await TestApi.start();
  manager = await api.login(DEMO.kazanlakManager);
  kazanlak = (await owner<{ id: string }>(`SELECT id::text FROM "Center" WHERE slug = 'kazanlak'`))[0]!.id;
  const staff = await owner<{ email: string; name: string }>(`SELECT email, "displayName" AS name FROM "User" WHERE email IN ($1, $2)`, DEMO.kazanlakPsychologist, DEMO.kazanlakMobile);
  names = { psychologist: staff.find((u) => u.email === DEMO.kazanlakPsychologist)!.name, mobile: staff.find((u) => u.email === DEMO.kazanlakMobile)!.name };

  subjectId = await insertClient(SUBJECT, 'CHILD', 'FEMALE');
  siblingId = await insertClient(SIBLING, 'CHILD', 'MALE');
  const motherId = await insertClient(MOTHER, 'ADULT', 'FEMALE');
  const [h] = await owner<{ id: string }>(`INSERT INTO "Household" ("centerId", name, address) VALUES ($1::uuid, $2, $3) RETURNING id::text`, kazanlak, S.household, SUBJECT.address);
  await owner(
    `INSERT INTO "HouseholdMember" ("centerId", "householdId", "clientId", relationship, "isPrimaryCaregiver")
     VALUES ($1::uuid, $2::uuid, $3::uuid, 'CHILD', false), ($1::uuid, $2::uuid, $4::uuid, 'CHILD', false), ($1::uuid, $2::uuid, $5::uuid, 'MOTHER', true)`,
    kazanlak, h!.id, subjectId, siblingId, motherId,
  );
  const subjectCase = await caseOf(subjectId, S.caseNumber, h!.id, [subjectId, motherId], S.note, S.consentBy);
  const siblingCase = await caseOf(siblingId, B.caseNumber, h!.id, [siblingId, motherId], B.note, B.consentBy);
  expect((await upload(gid('Case', subjectCase), S.file)).status).toBe(201);
  expect((await upload(gid('Case', siblingCase), B.file)).status).toBe(201);

  // A rectification through the API (old → new kept), a worker opening the record, another seeing it in a list.
  const fixed = await api.gql(
    `mutation($id: ID!, $input: ClientInput!) { updateClient(id: $id, version: 1, input: $input) { id } }`,
    { id: gid('Client', subjectId), input: { kind: 'CHILD', firstName: SUBJECT.firstName, lastName: SUBJECT.lastName, birthDate: SUBJECT.birthDate, sex: 'FEMALE', address: SUBJECT.address, phone: NEW_PHONE } },
    manager,
  );
  expect(fixed.errors).toBeUndefined();
  const psychologist = await api.login(DEMO.kazanlakPsychologist);
  await api.ok(`query($id: ID!) { node(id: $id) { ... on Client { firstName } } }`, { id: gid('Client', subjectId) }, psychologist);
  const mobile = await api.login(DEMO.kazanlakMobile);
  const listed = await api.ok<{ clients: { edges: { node: { id: string } }[] } }>(`query { clients(search: "Достъпова", first: 20) { edges { node { id firstName } } } }`, {}, mobile);
  expect(listed.clients.edges.map((e) => e.node.id)).toContain(gid('Client', subjectId));
}, 600_000);

afterAll(async () => {
  await api?.stop();
});

const SIBLING_VALUES = [SIBLING.firstName, SIBLING.phone, SIBLING.birthDate, B.caseNumber, B.note, B.consentBy, B.file];

describe('the subject-access export', () => {
  test('the JSON holds every record of the person and nothing of her brother', async () => {
    const res = await exportOf(manager, 'json');
    expect(res.status).toBe(200);
    const text = await res.text();
    const data = JSON.parse(text) as SubjectAccessData;
    expect(data.person).toMatchObject({ firstName: SUBJECT.firstName, lastName: SUBJECT.lastName, birthDate: SUBJECT.birthDate, phone: NEW_PHONE, address: SUBJECT.address, sex: 'FEMALE' });
    expect(data.cases.map((c) => c.number)).toEqual([S.caseNumber]);
    expect(data.sessions.map((s) => [s.case, s.minutes])).toEqual([[S.caseNumber, 50]]);
    expect(data.notes.map((n) => n.body)).toEqual([S.note]);
    expect(data.consents.map((c) => c.givenBy)).toEqual([S.consentBy]);
    expect(data.households).toEqual([{ household: S.household, address: SUBJECT.address, relationship: 'CHILD', primaryCaregiver: false }]);
    expect(data.files.map((f) => f.fileName)).toEqual([S.file]);
    expect(data.rectifications).toContainEqual(expect.objectContaining({ field: 'phone', from: SUBJECT.phone, to: NEW_PHONE }));
    // Who read it: alone (the psychologist) and as a row of a list (the mobile team's search).
    expect(data.access).toContainEqual(expect.objectContaining({ action: 'READ', by: names.psychologist, record: 'Client', list: null }));
    expect(data.access).toContainEqual(expect.objectContaining({ action: 'READ', by: names.mobile, record: 'Client', list: 'clients' }));
    for (const v of SIBLING_VALUES) expect(text, v).not.toContain(v);
  });

  test('the PDF names the same records, and nothing of her brother', async () => {
    const res = await exportOf(manager, 'pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { text } = await pdfText(new Uint8Array(await res.arrayBuffer()));
    for (const v of [`${SUBJECT.firstName} ${SUBJECT.lastName}`, NEW_PHONE, SUBJECT.address, S.caseNumber, S.note, S.consentBy, S.file, S.household, names.psychologist, names.mobile, '08.03.2012']) {
      expect(text, v).toContain(v);
    }
    for (const v of SIBLING_VALUES) expect(text, v).not.toContain(v);
  });

  test('each export is audited: an EXPORT of the person and a READ naming the document', async () => {
    const events = await owner<{ action: string; document: string; by: string }>(
      `SELECT e.action::text, e.detail->>'document' AS document, u.email AS by FROM "AuditEvent" e JOIN "User" u ON u.id = e."userId"
        WHERE e."entityType" = 'Client' AND e."entityId" = $1 AND e.detail->>'document' = 'subject-access' ORDER BY e.id`,
      subjectId,
    );
    expect(events.filter((e) => e.action === 'EXPORT')).toHaveLength(2); // the JSON and the PDF
    expect(events.filter((e) => e.action === 'READ')).toHaveLength(2);
    expect(new Set(events.map((e) => e.by))).toEqual(new Set([DEMO.kazanlakManager]));
  });

  test('a worker is refused, in both languages, and nothing is exported', async () => {
    const [{ n: before }] = (await owner<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'EXPORT' AND "entityId" = $1`, subjectId)) as [{ n: number }];
    const worker = await api.login(DEMO.kazanlakPsychologist);
    for (const format of ['json', 'pdf'] as const) {
      const res = await exportOf(worker, format);
      expect(res.status).toBe(403);
      const body = (await res.json()) as { errors: { extensions: Record<string, string> }[] };
      expect(body.errors[0]!.extensions).toMatchObject({ code: 'FORBIDDEN', messageBg: expect.any(String), messageEn: expect.any(String) });
      expect(JSON.stringify(body)).not.toContain(SUBJECT.lastName);
    }
    const [{ n: after }] = (await owner<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'EXPORT' AND "entityId" = $1`, subjectId)) as [{ n: number }];
    expect(after).toBe(before);
  });
});
