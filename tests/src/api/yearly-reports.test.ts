import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import mammoth from 'mammoth';
import { DEMO, TestApi } from '../support/api.ts';
import { pdfText } from '../support/pdf.ts';
import { sqlAsOwner } from '../support/sql.ts';
import { publishFigures, publishSignedOffReports, type ShownFigures } from '@opora/schema';

// Issue 18 items 1 and 3: the quality registers (each center's own, every write audited) and
// the provider's yearly report per legal service type: numbers equal the raw data, a complaint
// registered is counted, sign-off makes it read-only, and only the network's analysts and the
// viewers of a municipality that contracts the service read it, with small counts hidden.

let api: TestApi;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const YEAR = 2025;
const TYPE = 'SP_PSYCHOLOGICAL_THERAPY';
// The catalogue kinds a specialised service of this type has (schema/src/support/legal-services.ts).
const KINDS = ['PSYCHOLOGICAL_THERAPY', 'SPEECH_THERAPY', 'PHYSIOTHERAPY_REHABILITATION', 'EARLY_INTERVENTION', 'SUPPORT_FOR_CHILD_VICTIMS_OF_VIOLENCE'];

let manager: string;
let worker: string;
let otherManager: string;
let plovdivId: string;

const REPORTS = `query($year: Int!) { yearlyReports(year: $year) { id serviceType status goalsResults version docxPath pdfPath sections { code rows { code value } } } }`;
const SIGNED = `query($year: Int!) { signedOffYearlyReports(year: $year) { id serviceType centerName status sections { code rows { code value } } } }`;
const SAVE = `mutation($year: Int!, $t: LegalServiceType!, $input: YearlyReportNarrativeInput!) { saveYearlyReport(year: $year, serviceType: $t, input: $input) { id status goalsResults version } }`;
const SIGN = `mutation($year: Int!, $t: LegalServiceType!) { signOffYearlyReport(year: $year, serviceType: $t) { id status signedOffAt } }`;
const REGISTER = `mutation($input: ComplaintInput!) { registerComplaint(input: $input) { id subject outcome } }`;

type Report = { id: string | null; serviceType: string; status: string; goalsResults: string | null; version: number; docxPath: string | null; pdfPath: string | null; sections: Array<{ code: string; rows: Array<{ code: string; value: string }> }> };

async function report(token: string): Promise<Report> {
  const data = await api.ok<{ yearlyReports: Report[] }>(REPORTS, { year: YEAR }, token);
  const found = data.yearlyReports.find((r) => r.serviceType === TYPE);
  expect(found, 'the therapy report is listed').toBeTruthy();
  return found!;
}
const value = (r: Pick<Report, 'sections'>, code: string) => r.sections.flatMap((s) => s.rows).find((row) => row.code === code)?.value;
/** "1 234 / 56,5" → [1234, 56.5] (Bulgarian or English formatting). */
const numbers = (text: string | undefined) => (text ?? '').split('/').map((p) => Number(p.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.')));

async function audited(entityType: string, id: string, action: string) {
  const rows = await sqlAsOwner<{ n: bigint }>(api.db, `SELECT count(*) AS n FROM "AuditEvent" WHERE "entityType" = $1 AND "entityId" = $2 AND action::text = $3`, entityType, id, action);
  return Number(rows[0]!.n);
}
const uuid = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

beforeAll(async () => {
  api = await TestApi.start();
  manager = await api.login(DEMO.plovdivManager);
  worker = await api.login(DEMO.plovdivWorker);
  otherManager = await api.login(DEMO.kazanlakManager);
  plovdivId = (await api.db.prisma.center.findUniqueOrThrow({ where: { slug: 'plovdiv' } })).id;
}, 120_000);

afterAll(async () => {
  await api?.stop();
});

describe('quality registers', () => {
  test('a complaint: staff register it, the manager answers; audited; the other center sees nothing', async () => {
    const input = { kind: 'COMPLAINT', receivedOn: '2025-05-10', channel: 'PHONE', serviceType: TYPE, subject: 'Родител се оплаква от отменени часове' };
    const created = (await api.ok(REGISTER, { input }, worker)).registerComplaint;
    expect(await audited('Complaint', uuid(created.id), 'CREATE')).toBe(1);
    const mine = await api.ok(`query { complaints(year: ${YEAR}) { id subject } }`, {}, worker);
    expect(mine.complaints.map((c: any) => c.id)).toContain(created.id);
    // Another center: not listed, not answerable, not readable by id.
    const theirs = await api.ok(`query { complaints(year: ${YEAR}) { id } }`, {}, otherManager);
    expect(theirs.complaints.map((c: any) => c.id)).not.toContain(created.id);
    const foreign = await api.gql(`mutation($id: ID!) { answerComplaint(id: $id, input: { outcome: UPHELD, closedOn: "2025-05-20" }) { id } }`, { id: created.id }, otherManager);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const byNode = await api.gql(`query($id: ID!) { node(id: $id) { ... on Complaint { subject } } }`, { id: created.id }, otherManager);
    expect(byNode.data?.node ?? null).toBeNull();
    // A worker may not answer; the manager does (outcome and day together).
    const notManager = await api.gql(`mutation($id: ID!) { answerComplaint(id: $id, input: { outcome: UPHELD, closedOn: "2025-05-20" }) { id } }`, { id: created.id }, worker);
    expect(notManager.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const half = await api.gql(`mutation($id: ID!) { answerComplaint(id: $id, input: { outcome: UPHELD }) { id } }`, { id: created.id }, manager);
    expect(half.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const answered = await api.ok(`mutation($id: ID!) { answerComplaint(id: $id, input: { response: "Графикът е възстановен", outcome: UPHELD, closedOn: "2025-05-20" }) { outcome closedOn } }`, { id: created.id }, manager);
    expect(answered.answerComplaint).toEqual({ outcome: 'UPHELD', closedOn: '2025-05-20' });
    expect(await audited('Complaint', uuid(created.id), 'UPDATE')).toBe(1);
  });

  test('surveys, supervision and training: the manager keeps them, audited; staff and the other center cannot read them', async () => {
    const staff = await api.ok(`query { center { staff(first: 3) { edges { node { id } } } } }`, {}, manager).catch(() => null);
    const membership = await api.db.prisma.membership.findFirstOrThrow({ where: { centerId: plovdivId, user: { email: DEMO.plovdivWorker } } });
    const staffId = gid('Membership', membership.id);
    void staff;
    const survey = (await api.ok(`mutation($input: SatisfactionSurveyInput!) { recordSatisfactionSurvey(input: $input) { id respondents satisfiedCount } }`, { input: { year: YEAR, serviceType: TYPE, respondents: 40, satisfiedCount: 36 } }, manager)).recordSatisfactionSurvey;
    const supervision = (await api.ok(`mutation($input: StaffSupervisionInput!) { recordStaffSupervision(input: $input) { id hours staff { id } } }`, { input: { heldOn: '2025-03-14', hours: 3, supervisor: 'Д-р Иванова', kind: 'EXTERNAL', staffIds: [staffId] } }, manager)).recordStaffSupervision;
    expect(supervision.staff.map((s: any) => s.id)).toEqual([staffId]);
    const training = (await api.ok(`mutation($input: StaffTrainingInput!) { recordStaffTraining(input: $input) { id hours staffMember { id } } }`, { input: { staffId, course: 'Работа с травма', startedOn: '2025-04-01', hours: 16 } }, manager)).recordStaffTraining;
    for (const [type, id] of [['SatisfactionSurvey', survey.id], ['StaffSupervision', supervision.id], ['StaffTraining', training.id]] as const) {
      expect(await audited(type, uuid(id), 'CREATE'), type).toBe(1);
    }
    const other = await api.ok(`query { satisfactionSurveys(year: ${YEAR}) { id } staffSupervisions(year: ${YEAR}) { id } staffTrainings(year: ${YEAR}) { id } }`, {}, otherManager);
    expect([...other.satisfactionSurveys, ...other.staffSupervisions, ...other.staffTrainings].map((r: any) => r.id)).not.toEqual(expect.arrayContaining([survey.id]));
    expect(other.staffSupervisions.map((r: any) => r.id)).not.toContain(supervision.id);
    expect(other.staffTrainings.map((r: any) => r.id)).not.toContain(training.id);
    const denied = await api.gql(`query { satisfactionSurveys(year: ${YEAR}) { id } }`, {}, worker);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Another center's staff member is an unknown reference.
    const foreignStaff = await api.db.prisma.membership.findFirstOrThrow({ where: { user: { email: DEMO.kazanlakMobile } } });
    const refused = await api.gql(`mutation($input: StaffTrainingInput!) { recordStaffTraining(input: $input) { id } }`, { input: { staffId: gid('Membership', foreignStaff.id), course: 'x', startedOn: '2025-04-01', hours: 1 } }, manager);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('the yearly report per service', () => {
  test('its numbers equal the raw data of the demo, and a complaint registered is counted', async () => {
    const before = await report(manager);
    const raw = await sqlAsOwner<{ sessions: bigint; minutes: bigint; people: bigint }>(
      api.db,
      `SELECT count(DISTINCT s.id) AS sessions, (SELECT sum("durationMinutes") FROM "Session" s2 JOIN "CenterService" cs2 ON cs2.id = s2."serviceId" JOIN "ServiceKind" k2 ON k2.id = cs2."serviceKindId"
               WHERE s2."centerId" = $1::uuid AND cs2.access = 'SPECIALISED' AND k2.code = ANY($2::text[]) AND (s2."startsAt" AT TIME ZONE 'Europe/Sofia')::date BETWEEN '2025-01-01' AND '2025-12-31') AS minutes,
              count(DISTINCT sc."clientId") AS people
         FROM "Session" s JOIN "CenterService" cs ON cs.id = s."serviceId" JOIN "ServiceKind" k ON k.id = cs."serviceKindId"
         LEFT JOIN "SessionClient" sc ON sc."sessionId" = s.id
        WHERE s."centerId" = $1::uuid AND cs.access = 'SPECIALISED' AND k.code = ANY($2::text[])
          AND (s."startsAt" AT TIME ZONE 'Europe/Sofia')::date BETWEEN '2025-01-01' AND '2025-12-31'`,
      plovdivId,
      KINDS,
    );
    const [sessions, hours] = numbers(value(before, 'sessions.total'));
    expect(Number(raw[0]!.sessions)).toBeGreaterThan(0);
    expect(sessions).toBe(Number(raw[0]!.sessions));
    expect(hours).toBeCloseTo(Number(raw[0]!.minutes) / 60, 0);
    expect(numbers(value(before, 'people.withRecord'))[0]).toBe(Number(raw[0]!.people));
    const cases = await sqlAsOwner<{ opened: bigint }>(
      api.db,
      `SELECT count(*) AS opened FROM "Case" c WHERE c."centerId" = $1::uuid AND c."referralDate" BETWEEN '2025-01-01' AND '2025-12-31'
          AND c.id IN (SELECT s."caseId" FROM "Session" s JOIN "CenterService" cs ON cs.id = s."serviceId" JOIN "ServiceKind" k ON k.id = cs."serviceKindId"
                        WHERE s."centerId" = $1::uuid AND cs.access = 'SPECIALISED' AND k.code = ANY($2::text[]) AND (s."startsAt" AT TIME ZONE 'Europe/Sofia')::date BETWEEN '2025-01-01' AND '2025-12-31')`,
      plovdivId,
      KINDS,
    );
    expect(numbers(value(before, 'cases.opened'))[0]).toBe(Number(cases[0]!.opened));

    const received = numbers(value(before, 'complaints.received'))[0]!;
    await api.ok(REGISTER, { input: { kind: 'SIGNAL', receivedOn: '2025-09-02', channel: 'BOX', serviceType: TYPE, subject: 'Сигнал за шум в залата' } }, worker);
    // About another service: not this report's.
    await api.ok(REGISTER, { input: { kind: 'SIGNAL', receivedOn: '2025-09-03', channel: 'BOX', serviceType: 'SP_ADVOCACY_MEDIATION', subject: 'За медиацията' } }, worker);
    const after = await report(manager);
    expect(numbers(value(after, 'complaints.received'))[0]).toBe(received + 1);
    expect(numbers(value(after, 'complaints.open'))[0]).toBe(numbers(value(before, 'complaints.open'))[0]! + 1);
  });

  test('sign-off makes it read-only; only the network and a contracting municipality read it, small counts hidden; downloads as .docx and PDF', async () => {
    const viewer = await api.login(DEMO.plovdivViewer);
    const otherViewer = await api.login(DEMO.kazanlakViewer);
    const analyst = await api.login(DEMO.networkAnalyst);

    const saved = (await api.ok(SAVE, { year: YEAR, t: TYPE, input: { goalsResults: 'Целите за 2025 г. са изпълнени.', qualityProgramme: 'Програма за качество 2025', internalControl: 'Тримесечни проверки на досиетата' } }, manager)).saveYearlyReport;
    expect(saved.status).toBe('DRAFT');
    expect(await audited('YearlyReport', uuid(saved.id), 'CREATE')).toBe(1);
    // A draft is the center's own.
    expect((await api.ok(SIGNED, { year: YEAR }, analyst)).signedOffYearlyReports.map((r: any) => r.id)).not.toContain(saved.id);
    const foreign = await api.gql(REPORTS, { year: YEAR }, viewer);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const signed = (await api.ok(SIGN, { year: YEAR, t: TYPE }, manager)).signOffYearlyReport;
    expect(signed.status).toBe('SIGNED_OFF');
    const frozen = await report(manager);

    // Read-only: refused in both languages, nothing changed.
    const edit = await api.gql(SAVE, { year: YEAR, t: TYPE, input: { goalsResults: 'Подменен текст' } }, manager);
    expect(edit.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    expect(edit.errors?.[0]?.extensions?.messageBg).toBe('Отчетът е подписан и вече не може да се променя.');
    expect(edit.errors?.[0]?.extensions?.messageEn).toBe('The report is signed off and can no longer be changed.');
    const again = await api.gql(SIGN, { year: YEAR, t: TYPE }, manager);
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    // New data after sign-off does not change the signed numbers.
    await api.ok(REGISTER, { input: { kind: 'COMPLAINT', receivedOn: '2025-10-01', channel: 'LETTER', serviceType: TYPE, subject: 'След подписването' } }, worker);
    const still = await report(manager);
    expect(still.goalsResults).toBe('Целите за 2025 г. са изпълнени.');
    expect(still.version).toBe(frozen.version);
    expect(value(still, 'complaints.received')).toBe(value(frozen, 'complaints.received'));
    // Even the database refuses a change.
    await expect(sqlAsOwner(api.db, `UPDATE "YearlyReport" SET "goalsResults" = 'x' WHERE id = $1::uuid`, uuid(saved.id))).rejects.toThrow();

    // The network's analyst reads it, with small counts hidden.
    const k = 5;
    const seen = (await api.ok(SIGNED, { year: YEAR }, analyst)).signedOffYearlyReports.find((r: any) => r.id === saved.id);
    expect(seen).toBeTruthy();
    const own = new Map(frozen.sections.flatMap((s) => s.rows).map((r) => [r.code, r.value]));
    for (const row of (seen.sections as Report['sections']).flatMap((s) => s.rows)) {
      const n = numbers(own.get(row.code))[0]!;
      if (/^(people|cases|complaints)\./.test(row.code) && n > 0 && n < k) expect(row.value, row.code).toBe('x');
      if (row.value !== 'x') expect(row.value, row.code).toBe(own.get(row.code));
    }
    // The municipality: only once it contracts this service.
    expect((await api.ok(SIGNED, { year: YEAR }, viewer)).signedOffYearlyReports).toEqual([]);
    const municipalityId = (await api.db.prisma.membership.findFirstOrThrow({ where: { user: { email: DEMO.plovdivViewer } } })).municipalityId!;
    const CONTRACT = `mutation($m: ID!, $t: LegalServiceType!, $c: Boolean!) { setMunicipalServiceContract(municipalityId: $m, serviceType: $t, contracted: $c) }`;
    await api.ok(CONTRACT, { m: gid('Municipality', municipalityId), t: 'SP_ADVOCACY_MEDIATION', c: true }, manager);
    expect((await api.ok(SIGNED, { year: YEAR }, viewer)).signedOffYearlyReports).toEqual([]);
    await api.ok(CONTRACT, { m: gid('Municipality', municipalityId), t: TYPE, c: true }, manager);
    expect((await api.ok(SIGNED, { year: YEAR }, viewer)).signedOffYearlyReports.map((r: any) => r.id)).toEqual([saved.id]);
    expect((await api.ok(SIGNED, { year: YEAR }, otherViewer)).signedOffYearlyReports).toEqual([]);

    // Downloads: the manager's .docx and PDF in the agency's order; the other municipality gets 404.
    const get = (path: string, token: string) => fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const docx = await get(frozen.docxPath!, manager);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    const docText = (await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) })).value;
    const order = ['Годишен отчет за дейността по социалната услуга', '2. Потребители', '3. Случаи', '7. Жалби и сигнали', '9. Постигнати резултати', 'Целите за 2025 г. са изпълнени.', '10. Програма за качество', '11. Вътрешен контрол'];
    const at = order.map((s) => docText.indexOf(s));
    expect(at.every((i) => i >= 0), JSON.stringify(at)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const pdf = await get(frozen.pdfPath!, manager);
    expect(pdf.status).toBe(200);
    const { text } = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain('Годишен отчет за дейността по социалната услуга');
    expect(text).toContain('Тримесечни проверки на досиетата');
    expect((await get(frozen.pdfPath!, viewer)).status).toBe(200);
    expect((await get(frozen.docxPath!, otherViewer)).status).toBe(404);
    expect((await get(frozen.pdfPath!, otherManager)).status).toBe(404);
    expect(await audited('YearlyReport', uuid(saved.id), 'EXPORT')).toBeGreaterThanOrEqual(3);

    // An analyst of another network reads nothing of this one.
    const network = await sqlAsOwner<{ id: string }>(api.db, `INSERT INTO "Network" (slug, "nameBg", "nameEn") VALUES ('other-network', 'Друга мрежа', 'Other network') RETURNING id`);
    await sqlAsOwner(api.db, `UPDATE "Membership" SET "networkId" = $1::uuid WHERE "userId" = (SELECT id FROM "User" WHERE email = $2) AND role = 'NETWORK_ANALYST'`, network[0]!.id, DEMO.networkAnalyst);
    const outsider = await api.login(DEMO.networkAnalyst);
    expect((await api.ok(SIGNED, { year: YEAR }, outsider)).signedOffYearlyReports).toEqual([]);
    expect((await get(frozen.pdfPath!, outsider)).status).toBe(404);
  }, 300_000);

  test('network and municipal readers get only the published copy: equal to it, no count below k; one without it is shown to nobody until the start-up backfill', async () => {
    const k = 5;
    const viewer = await api.login(DEMO.plovdivViewer);
    const ours = async () => {
      const rows = await sqlAsOwner<{ id: string; figures: any; published: ShownFigures | null }>(
        api.db,
        `SELECT id::text, figures, "publishedFigures" AS published FROM "YearlyReport" WHERE "centerId" = $1::uuid AND year = $2 AND "serviceType" = $3::"LegalServiceType"`,
        plovdivId, YEAR, TYPE,
      );
      return rows[0]!;
    };
    const seenBy = async (token: string) => ((await api.ok(SIGNED, { year: YEAR }, token)).signedOffYearlyReports as Report[]);
    // The copy each row of the answer comes from (the codes of reports/yearly-figures.ts).
    const publishedValue = (p: ShownFigures, code: string): number | string | undefined => {
      const [section, key, sub] = code.split('.');
      const find = (list: Array<{ key: string; n: number | string }>) => list.find((x) => x.key === sub)?.n;
      if (code === 'capacity.use') return p.capacity.perPlace;
      if (section === 'people') return key === 'age' ? find(p.people.byAge) : key === 'target' ? find(p.people.byTargetGroup) : (p.people as any)[key!];
      if (section === 'cases') return key === 'outcome' ? find(p.cases.byOutcome) : (p.cases as any)[key!];
      if (section === 'complaints') return key === 'outcome' ? find(p.complaints.byOutcome) : (p.complaints as any)[key!];
      if (code === 'satisfaction.respondents') return p.satisfaction.respondents;
      if (code === 'satisfaction.satisfied') return p.satisfaction.satisfied;
      return undefined;
    };
    const expectEqualToCopy = (report: Report, p: ShownFigures) => {
      let compared = 0;
      for (const row of report.sections.flatMap((s) => s.rows)) {
        const expected = publishedValue(p, row.code);
        if (expected === undefined) continue;
        compared++;
        if (expected === 'x') expect(row.value, row.code).toBe('x');
        else if (row.code === 'capacity.use') expect(numbers(row.value)[0], row.code).toBeCloseTo(expected as number, 2);
        else expect(numbers(row.value)[0], row.code).toBe(expected);
        // No count of people, cases, complaints or answers from 1 to k-1 reaches the reader.
        if (/^(people|cases|complaints|satisfaction)\./.test(row.code) && row.value !== 'x') {
          const n = numbers(row.value)[0]!;
          expect(n === 0 || n >= k, `${row.code} = ${row.value}`).toBe(true);
        }
      }
      expect(compared).toBeGreaterThan(5);
    };

    const stored = await ours();
    expect(stored.published, 'sign-off froze a published copy').toBeTruthy();
    expect(stored.published!.k).toBe(k);
    expect(stored.published).toEqual(JSON.parse(JSON.stringify(publishFigures(stored.figures, k))));
    const [seen] = await seenBy(viewer);
    expect(seen!.id).toBe(gid('YearlyReport', stored.id));
    expectEqualToCopy(seen!, stored.published!);

    // The answer comes from the copy, not from the raw figures: change the copy (the owner, past
    // the trigger) and the answer follows.
    const bypass = async (sql: string, ...params: unknown[]) => {
      await sqlAsOwner(api.db, `ALTER TABLE "YearlyReport" DISABLE TRIGGER yearly_report_signed_off_is_final`);
      try {
        await sqlAsOwner(api.db, sql, ...params);
      } finally {
        await sqlAsOwner(api.db, `ALTER TABLE "YearlyReport" ENABLE TRIGGER yearly_report_signed_off_is_final`);
      }
    };
    const marked = { ...stored.published!, cases: { ...stored.published!.cases, opened: 4242 } };
    await bypass(`UPDATE "YearlyReport" SET "publishedFigures" = $1::jsonb WHERE id = $2::uuid`, JSON.stringify(marked), stored.id);
    const [changed] = await seenBy(viewer);
    expect(numbers(value(changed!, 'cases.opened'))[0]).toBe(4242);
    // The manager's own report still shows the frozen figures.
    expect(numbers(value(await report(manager), 'cases.opened'))[0]).toBe(stored.figures.cases.opened);

    // Signed off before published copies existed: shown to nobody outside the center until the
    // start-up backfill makes its copy from its own frozen figures.
    // (The state before the migration: no copy, and no check asking for one.)
    await sqlAsOwner(api.db, `ALTER TABLE "YearlyReport" DROP CONSTRAINT yearly_report_signed_off_is_published`);
    await bypass(`UPDATE "YearlyReport" SET "publishedFigures" = NULL WHERE id = $1::uuid`, stored.id);
    await sqlAsOwner(api.db, `ALTER TABLE "YearlyReport" ADD CONSTRAINT yearly_report_signed_off_is_published CHECK ("status" <> 'SIGNED_OFF' OR "publishedFigures" IS NOT NULL) NOT VALID`);
    expect(await seenBy(viewer)).toEqual([]);
    expect(await publishSignedOffReports(api.db.prisma)).toBe(1);
    expect(await publishSignedOffReports(api.db.prisma)).toBe(0);
    // Every signed-off report has its copy now: the check holds for the rows already there too.
    await sqlAsOwner(api.db, `ALTER TABLE "YearlyReport" VALIDATE CONSTRAINT yearly_report_signed_off_is_published`);
    const backfilled = await ours();
    expect(backfilled.published).toEqual(stored.published);
    const [again] = await seenBy(viewer);
    expectEqualToCopy(again!, backfilled.published!);
  }, 300_000);
});
