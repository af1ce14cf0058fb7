import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clearAggregateCaches, runRetention } from '@opora/schema';
import { isoDay, today } from '@opora/common/calendar';
import { DEMO, TestApi } from '../support/api.ts';
import { sqlAs, sqlAsOwner } from '../support/sql.ts';

// Retention (issue #19, data rights): a person whose every case closed more than the center's
// N years ago is anonymised by the job, and nothing a network analyst or a municipality sees
// moves; every name, birth date, phone, address and e-mail of the person is gone from every
// table (found by a general scan of every text and JSON column as the owner), the audit trail's
// own copies included; a second run changes nothing; a person with an open case stays.

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

// The person and her mother: values no demo record holds.
const PERSON = {
  firstName: 'Светлозара',
  middleName: 'Ретенциана',
  lastName: 'Ретенциева',
  birthDate: '2008-05-17',
  phone: '+359888123457',
  address: 'ул. Забравена 17, Казанлък',
  email: 'svetlozara.zabravena@example.test',
};
const OLD_PHONE = '+359888765439'; // rectified to PERSON.phone through the API
const MOTHER = { firstName: 'Деспина', lastName: 'Забравенова', birthDate: '1980-02-03', phone: '+359877000119', address: 'ул. Забравена 17, вх. Б' };

let api: TestApi;
let manager: string;
let kazanlakId: string;
let personId: string;
let motherId: string;
let openPersonId: string;

const YEAR = today().getUTCFullYear() - 1; // the last complete year: its figures are published
const owner = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => sqlAsOwner<T>(api.db, sql, ...params);

async function insertClient(p: { firstName: string; middleName?: string; lastName: string; birthDate: string; phone: string; address: string; email?: string }, settlementId: string, sex: string) {
  const [row] = await owner<{ id: string }>(
    `INSERT INTO "Client" ("centerId", kind, "firstName", "middleName", "lastName", "searchName", "birthDate", "birthYear", sex, "settlementId", address, phone, email)
     VALUES ($1::uuid, 'CHILD', $2, $3, $4, lower($2 || ' ' || $4), $5::date, extract(year FROM $5::date)::int, $6::"Sex", $7::uuid, $8, $9, $10) RETURNING id::text`,
    kazanlakId, p.firstName, p.middleName ?? null, p.lastName, p.birthDate, sex, settlementId, p.address, p.phone, p.email ?? null,
  );
  return row!.id;
}

async function insertCase(childId: string, number: string, referral: string, closed: string | null, householdId: string | null = null, about = `${PERSON.firstName} ${PERSON.lastName}, тел. ${PERSON.phone}`) {
  const [row] = await owner<{ id: string }>(
    `INSERT INTO "Case" ("centerId", number, "childId", "householdId", status, "referralDate", "referralReason", "closedOn", "closureOutcome", "closureNote", "firstSessionOn")
     VALUES ($1::uuid, $2, $3::uuid, $4::uuid, $5::"CaseStatus", $6::date, $7, $8::date, $9::"ClosureOutcome", $10, $6::date + 3) RETURNING id::text`,
    kazanlakId, number, childId, householdId, closed ? 'CLOSED' : 'ACTIVE', referral,
    `Сигнал за ${about}`,
    closed, closed ? (await owner<{ v: string }>(`SELECT (enum_range(NULL::"ClosureOutcome"))[1]::text AS v`))[0]!.v : null,
    closed ? `Приключен случай: ${about}` : null,
  );
  return row!.id;
}

/** Every rollup table's rows (timestamps aside), sorted: what the figures are made of. */
async function rollups(): Promise<Record<string, string[]>> {
  const tables = await owner<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'Rollup%' AND table_name NOT IN ('RollupMonth', 'RollupState') ORDER BY 1`);
  const out: Record<string, string[]> = {};
  for (const { t } of tables) {
    const rows = await owner<{ r: string }>(`SELECT (to_jsonb(x) - 'id' - 'refreshedAt' - 'updatedAt' - 'createdAt')::text AS r FROM "${t}" x`);
    out[t] = rows.map((r) => r.r).sort();
  }
  return out;
}

/** Every month rebuilt from the source rows (not only those the triggers marked). */
async function rebuildAll(): Promise<void> {
  await owner(`UPDATE "RollupMonth" SET version = version + 1`);
  for (let i = 0; i < 50; i++) {
    const [row] = await sqlAs<{ n: number }>(api.db, { kind: 'anonymous' }, `SELECT aggregate_refresh() AS n`);
    const [dirty] = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM "RollupMonth" WHERE version > "refreshedVersion"`);
    if (!dirty!.n && row) break;
  }
}

const FIGURES = `query($period: MonthRange!) {
  network: networkComparison(indicators: [CLIENTS_SERVED, SESSIONS, SESSION_HOURS, NEW_CASES, ACTIVE_CASES, CLOSED_CASES], period: $period, breakdown: AGE_BAND) { tables { ...T } }
  bySex: networkComparison(indicators: [CLIENTS_SERVED, SESSIONS, NEW_CASES], period: $period, breakdown: SEX) { tables { ...T } }
}
fragment T on IndicatorTable { indicator { code } breakdown cells { labels { code } value { value suppressed } } margins { labels { code } value { value suppressed } } total { value suppressed } }`;
const MUNICIPAL = `query($period: MonthRange!) {
  municipalDashboard(period: $period, breakdown: AGE_BAND, indicators: [CLIENTS_SERVED, SESSIONS, NEW_CASES]) { residents { ...T } territory { ...T } }
}
fragment T on IndicatorTable { indicator { code } breakdown cells { labels { code } value { value suppressed } } total { value suppressed } }`;

async function figures() {
  clearAggregateCaches();
  await api.prepareAggregates();
  const period = { from: `${YEAR}-01`, to: `${YEAR}-12` };
  const analyst = await api.login(DEMO.networkAnalyst);
  const viewer = await api.login(DEMO.kazanlakViewer);
  return { network: await api.ok(FIGURES, { period }, analyst), municipal: await api.ok(MUNICIPAL, { period }, viewer) };
}

/** Where any of `values` appears in any text, varchar or JSON column of any table (read as the owner). */
async function occurrences(values: string[]): Promise<string[]> {
  const columns = await owner<{ t: string; c: string; type: string }>(
    `SELECT table_name AS t, column_name AS c, data_type AS type FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea') ORDER BY 1, 2`,
  );
  const found: string[] = [];
  for (const { t, c, type } of columns) {
    const expr = type === 'bytea' ? `convert_from("${c}", 'LATIN1')` : `"${c}"::text`;
    for (const v of values) {
      const needle = type === 'bytea' ? Buffer.from(v, 'utf8').toString('latin1') : v;
      const [row] = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}" WHERE position(lower($1) IN lower(${expr})) > 0`, needle);
      if (row!.n) found.push(`${t}.${c} ∋ ${v} (${row!.n})`);
    }
  }
  // A birth date in a date column of the person's own row.
  return found;
}

beforeAll(async () => {
  api = await TestApi.start();
  manager = await api.login(DEMO.kazanlakManager);
  kazanlakId = (await owner<{ id: string }>(`SELECT id::text FROM "Center" WHERE slug = 'kazanlak'`))[0]!.id;
  const [place] = await owner<{ s: string }>(`SELECT "settlementId"::text AS s FROM "Client" WHERE "centerId" = $1::uuid AND "settlementId" IS NOT NULL LIMIT 1`, kazanlakId);
  const [session] = await owner<{ service: string; kind: string; mode: string; format: string }>(
    `SELECT "serviceId"::text AS service, kind::text, mode::text, format::text FROM "Session" WHERE "centerId" = $1::uuid AND "caseId" IS NOT NULL LIMIT 1`,
    kazanlakId,
  );
  personId = await insertClient({ ...PERSON, phone: OLD_PHONE }, place!.s, 'FEMALE');
  motherId = await insertClient(MOTHER, place!.s, 'FEMALE');
  await owner(`UPDATE "Client" SET kind = 'ADULT' WHERE id = $1::uuid`, motherId);
  const [household] = await owner<{ id: string }>(
    `INSERT INTO "Household" ("centerId", name, "settlementId", address) VALUES ($1::uuid, $2, $3::uuid, $4) RETURNING id::text`,
    kazanlakId, `Семейство ${MOTHER.lastName}`, place!.s, PERSON.address,
  );
  await owner(
    `INSERT INTO "HouseholdMember" ("centerId", "householdId", "clientId", relationship, "isPrimaryCaregiver") VALUES ($1::uuid, $2::uuid, $3::uuid, 'CHILD', false), ($1::uuid, $2::uuid, $4::uuid, 'MOTHER', true)`,
    kazanlakId, household!.id, personId, motherId,
  );
  // Her case: January to April of the last complete year, sessions in February and March.
  const caseId = await insertCase(personId, 'KZL-RET-0001', `${YEAR}-01-20`, `${YEAR}-04-10`, household!.id);
  for (const day of [`${YEAR}-02-05T09:00:00Z`, `${YEAR}-03-05T09:00:00Z`, `${YEAR}-03-19T09:00:00Z`]) {
    const [s] = await owner<{ id: string }>(
      `INSERT INTO "Session" ("centerId", "startsAt", "durationMinutes", "serviceId", kind, mode, format, "caseId")
       VALUES ($1::uuid, $2::timestamp, 60, $3::uuid, $4::"SessionKind", $5::"DeliveryMode", $6::"SessionFormat", $7::uuid) RETURNING id::text`,
      kazanlakId, day, session!.service, session!.kind, session!.mode, session!.format, caseId,
    );
    await owner(`INSERT INTO "SessionClient" ("centerId", "sessionId", "clientId") VALUES ($1::uuid, $2::uuid, $3::uuid), ($1::uuid, $2::uuid, $4::uuid)`, kazanlakId, s!.id, personId, motherId);
    const [author] = await owner<{ id: string }>(`SELECT id::text FROM "Membership" WHERE "centerId" = $1::uuid LIMIT 1`, kazanlakId);
    await owner(
      `INSERT INTO "Note" ("centerId", "sessionId", "authorId", body) VALUES ($1::uuid, $2::uuid, $3::uuid, $4)`,
      kazanlakId, s!.id, author!.id, `${PERSON.firstName} дойде с майка си ${MOTHER.firstName} ${MOTHER.lastName}; адрес ${PERSON.address}.`,
    );
  }
  await owner(
    `INSERT INTO "Consent" ("centerId", "clientId", purpose, "givenBy", "givenOn") VALUES ($1::uuid, $2::uuid, (enum_range(NULL::"ConsentPurpose"))[1], $3, $4::date)`,
    kazanlakId, personId, `${MOTHER.firstName} ${MOTHER.lastName}`, `${YEAR}-01-20`,
  );
  // Someone with an old closed case and an open one: kept.
  openPersonId = await insertClient({ firstName: 'Ивайло', lastName: 'Отворенов', birthDate: '2012-09-09', phone: '+359899111222', address: 'ул. Отворена 1' }, place!.s, 'MALE');
  await insertCase(openPersonId, 'KZL-RET-0002', `${YEAR}-01-10`, `${YEAR}-02-10`, null, 'Ивайло Отворенов');
  await insertCase(openPersonId, 'KZL-RET-0003', `${YEAR}-06-10`, null, null, 'Ивайло Отворенов');

  // Through the API: a rectification and an attachment named after her (the audit trail keeps copies).
  const token = manager;
  const rectified = await api.gql(
    `mutation($id: ID!, $input: ClientInput!) { updateClient(id: $id, version: 1, input: $input) { id } }`,
    { id: gid('Client', personId), input: { kind: 'CHILD', firstName: PERSON.firstName, middleName: PERSON.middleName, lastName: PERSON.lastName, birthDate: PERSON.birthDate, sex: 'FEMALE', address: PERSON.address, phone: PERSON.phone, email: PERSON.email } },
    token,
  );
  expect(rectified.errors).toBeUndefined();
  const uploaded = await fetch(`${api.url}/files?owner=${encodeURIComponent(gid('Client', personId))}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(`${PERSON.lastName}-${PERSON.firstName}.pdf`) },
    body: PDF,
  });
  expect(uploaded.status).toBe(201);
  // The center keeps records a year after closure (the job's rule, not the default).
  await owner(`UPDATE "Center" SET "retentionYears" = 1 WHERE id = $1::uuid`, kazanlakId);
}, 600_000);

afterAll(async () => {
  await api?.stop();
});

describe('the retention job', () => {
  let before: Awaited<ReturnType<typeof rollups>>;
  let beforeFigures: unknown;

  test('anonymises the person and her household and leaves every rollup row and every published figure as it was', async () => {
    await rebuildAll();
    before = await rollups();
    beforeFigures = await figures();
    const values = [OLD_PHONE, PERSON.firstName, PERSON.middleName, PERSON.lastName, PERSON.phone, PERSON.address, PERSON.email, PERSON.birthDate, '17.05.2008',
      MOTHER.firstName, MOTHER.lastName, MOTHER.phone, MOTHER.address, MOTHER.birthDate];
    expect((await occurrences(values)).length).toBeGreaterThan(5); // the scan sees them before

    const report = await runRetention(api.db.prisma);
    expect(report.persons).toBeGreaterThanOrEqual(1);

    expect(await occurrences(values)).toEqual([]);
    const [row] = await owner<{ birth: Date | null; year: number; sex: string; settlement: string; anonymised: Date | null }>(
      `SELECT "birthDate" AS birth, "birthYear" AS year, sex::text, "settlementId"::text AS settlement, "anonymisedAt" AS anonymised FROM "Client" WHERE id = $1::uuid`,
      personId,
    );
    expect(row!.anonymised).not.toBeNull();
    expect(row!.year).toBe(2008);
    expect(row!.sex).toBe('FEMALE');
    expect(row!.birth === null || isoDay(row!.birth) !== PERSON.birthDate).toBe(true);
    const [mother] = await owner<{ anonymised: Date | null }>(`SELECT "anonymisedAt" AS anonymised FROM "Client" WHERE id = $1::uuid`, motherId);
    expect(mother!.anonymised).not.toBeNull();
    // The attachment's content is gone, its record stays.
    expect(await owner(`SELECT 1 FROM "AttachmentContent" c JOIN "Attachment" a ON a.id = c."attachmentId" WHERE a."clientId" = $1::uuid`, personId)).toEqual([]);
    // Audited, without a name.
    const events = await owner<{ detail: { retention?: string } }>(`SELECT detail FROM "AuditEvent" WHERE "entityId" = $1 AND detail->>'retention' = 'anonymised'`, personId);
    expect(events).toHaveLength(1);

    await rebuildAll();
    expect(await rollups()).toEqual(before);
    expect(await figures()).toEqual(beforeFigures);
  }, 600_000);

  test('a person with a case still open is not anonymised', async () => {
    const [row] = await owner<{ first: string; anonymised: Date | null }>(`SELECT "firstName" AS first, "anonymisedAt" AS anonymised FROM "Client" WHERE id = $1::uuid`, openPersonId);
    expect(row).toEqual({ first: 'Ивайло', anonymised: null });
  });

  test('run again, it changes nothing', async () => {
    const dump = async () =>
      owner<{ r: string }>(
        `SELECT md5(string_agg(to_jsonb(c)::text, '' ORDER BY c.id)) AS r FROM "Client" c WHERE "centerId" = $1::uuid
         UNION ALL SELECT md5(string_agg(to_jsonb(e)::text, '' ORDER BY e.id)) FROM "AuditEvent" e WHERE "centerId" = $1::uuid
         UNION ALL SELECT md5(string_agg(to_jsonb(n)::text, '' ORDER BY n.id)) FROM "Note" n WHERE "centerId" = $1::uuid
         UNION ALL SELECT md5(string_agg(to_jsonb(k)::text, '' ORDER BY k.id)) FROM "Case" k WHERE "centerId" = $1::uuid`,
        kazanlakId,
      );
    const first = await dump();
    const report = await runRetention(api.db.prisma);
    expect(report.persons).toBe(0);
    expect(await dump()).toEqual(first);
  });
});
