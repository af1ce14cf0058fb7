import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, TestApi } from '../support/api.ts';
import { historyCsv, historyRows, historyXlsx, type HistoryRows } from '../support/history-file.ts';
import { sqlAs, sqlAsOwner } from '../support/sql.ts';

// The import of a center's history (issue #19, item 3): the template, the dry run's refused rows
// and probable duplicates, the all-or-nothing import of ten years (1,630 cases, 18,760 sessions),
// one audit event, the other center, the worker, and the rollups after their next refresh.

let api: TestApi;
let manager: string;
let worker: string;
let plovdivManager: string;
let kazanlakId: string;
let plovdivId: string;
let managerUser: string;
let services: string[];
let program: string;
let staffEmail: string;

type Report = {
  ms: { read: number; check: number; write?: number };
  counts: Record<string, number>;
  refused: { sheet: string; row: number; column: string | null; columnBg: string | null; messageBg: string; messageEn: string }[];
  duplicates: { sheet: string; row: number; ref: string; name: string; sameAs: { inFile: { ref: string } | null; clientId: string | null; name: string }; messageBg: string; messageEn: string }[];
  imported: boolean;
};

function send(path: string, token: string, bytes: Buffer | string, name: string) {
  return fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
    body: bytes,
  });
}
const check = async (token: string, bytes: Buffer | string, name = 'history.xlsx') => {
  const res = await send('/import/check', token, bytes, name);
  expect(res.status).toBe(200);
  return ((await res.json()) as { report: Report }).report;
};

const kazanlak = () => ({ kind: 'center' as const, centerId: kazanlakId, userId: managerUser });
const count = async (table: string, where = 'true') =>
  (await sqlAs<{ n: number }>(api.db, kazanlak(), `SELECT count(*)::int AS n FROM "${table}" WHERE ${where}`))[0]!.n;

beforeAll(async () => {
  api = await TestApi.start();
  manager = await api.login(DEMO.kazanlakManager);
  worker = await api.login(DEMO.kazanlakPsychologist);
  plovdivManager = await api.login(DEMO.plovdivManager);
  const centers = await sqlAsOwner<{ id: string; slug: string }>(api.db, `SELECT id::text, slug FROM "Center"`);
  kazanlakId = centers.find((c) => c.slug === 'kazanlak')!.id;
  plovdivId = centers.find((c) => c.slug === 'plovdiv')!.id;
  managerUser = (await sqlAsOwner<{ id: string }>(api.db, `SELECT id::text FROM "User" WHERE email = $1`, DEMO.kazanlakManager))[0]!.id;
  services = (await sqlAsOwner<{ name: string }>(api.db, `SELECT "nameBg" AS name FROM "CenterService" WHERE "centerId" = $1::uuid AND active ORDER BY "nameBg"`, kazanlakId)).map((s) => s.name);
  program = (await sqlAsOwner<{ name: string }>(api.db, `SELECT "nameBg" AS name FROM "GroupProgram" WHERE "centerId" = $1::uuid AND mode = 'IN_CENTER' ORDER BY "nameBg" LIMIT 1`, kazanlakId))[0]!.name;
  staffEmail = DEMO.kazanlakPsychologist;
});

afterAll(async () => {
  await api?.stop();
});

describe('the template and who may import', () => {
  test('the manager downloads the XLSX template: one sheet per record kind, Bulgarian headers, English in the second row', async () => {
    const res = await fetch(`${api.url}/import/template.xlsx`, { headers: { authorization: `Bearer ${manager}` } });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.arrayBuffer()) as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Потребители', 'Домакинства', 'Членове на домакинства', 'Случаи', 'Сесии', 'Групово присъствие']);
    const sessions = workbook.getWorksheet('Сесии')!;
    expect(sessions.getCell('D1').value).toBe('Начало');
    expect(sessions.getCell('D2').value).toBe('Starts at');
    const csv = await fetch(`${api.url}/import/template/cases.csv`, { headers: { authorization: `Bearer ${manager}` } });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('Номер на случая');
  });

  test('a worker can neither download the template, nor check, nor import; nobody signed out can', async () => {
    const file = await historyXlsx(historyRows({ cases: 2, sessions: 4, services }));
    expect((await fetch(`${api.url}/import/template.xlsx`, { headers: { authorization: `Bearer ${worker}` } })).status).toBe(403);
    expect((await send('/import/check', worker, file, 'a.xlsx')).status).toBe(403);
    const before = await count('Case');
    expect((await send('/import', worker, file, 'a.xlsx')).status).toBe(403);
    expect((await fetch(`${api.url}/import`, { method: 'POST', body: file })).status).toBe(401);
    expect(await count('Case')).toBe(before);
  });
});

describe('the dry run', () => {
  const small = (): HistoryRows => {
    const rows = historyRows({ cases: 3, sessions: 6, services, prefix: 'SMALL' });
    // The same person twice in the file: Cyrillic with a middle name, Latin without.
    rows.clients[0] = ['C1', 'дете', 'Мария', 'Иванова', 'Петрова', '2012-05-14', null, 'жена', null, null, null, null];
    rows.clients[1] = ['C2', 'CHILD', 'Maria', null, 'Petrova', '14.05.2012', null, 'FEMALE', null, null, null, null];
    return rows;
  };

  test('one refused row is named (sheet, row, column, reason in both languages) and the import writes nothing', async () => {
    const rows = small();
    rows.sessions[4]![5] = 'Услуга, която центърът няма'; // the sheet's sixth row: the header, then S1…S5
    const file = await historyXlsx(rows);
    const report = await check(manager, file);
    expect(report.refused).toEqual([
      expect.objectContaining({ sheet: 'Сесии', row: 6, column: 'service', columnBg: 'Услуга', messageBg: 'Центърът няма услуга „Услуга, която центърът няма“.', messageEn: 'The center has no service "Услуга, която центърът няма".' }),
    ]);
    const before = { clients: await count('Client'), cases: await count('Case'), sessions: await count('Session'), audit: await count('AuditEvent', `"entityType" = 'HistoryImport'`) };
    const res = await send('/import', manager, file, 'history.xlsx');
    expect(res.status).toBe(422);
    const body = (await res.json()) as { report: Report; errors: { extensions: { messageBg: string } }[] };
    expect(body.errors[0]!.extensions.messageBg).toContain('Нищо не е внесено');
    expect(body.report.refused).toHaveLength(1);
    expect({ clients: await count('Client'), cases: await count('Case'), sessions: await count('Session'), audit: await count('AuditEvent', `"entityType" = 'HistoryImport'`) }).toEqual(before);
  });

  test('a refused case refuses the sessions that name it, and says why', async () => {
    const rows = small();
    rows.cases[1]![13] = null; // K2 closed without its closing date
    const report = await check(manager, await historyXlsx(rows));
    expect(report.refused.map((r) => [r.sheet, r.row, r.column, r.messageEn])).toEqual([
      ['Случаи', 3, 'closedOn', 'A closed case has a closing date and an outcome.'],
      ['Сесии', 4, 'case', 'The row "K2" of the sheet "Случаи" is refused.'],
      ['Сесии', 5, 'case', 'The row "K2" of the sheet "Случаи" is refused.'],
    ]);
  });

  test('the same person under Cyrillic and Latin spellings, with or without a middle name, is a probable duplicate: in the file and against the center', async () => {
    // A client the center already has, in Latin letters, born the day a row of the file is.
    const [existing] = await sqlAs<{ id: string; firstName: string; lastName: string; birthDate: string }>(
      api.db, kazanlak(), `SELECT id::text, "firstName", "lastName", to_char("birthDate", 'YYYY-MM-DD') AS "birthDate" FROM "Client" WHERE "birthDate" IS NOT NULL AND "firstName" ~ '^[А-Яа-я]+$' AND "lastName" ~ '^[А-Яа-я]+$' ORDER BY id LIMIT 1`,
    );
    const rows = small();
    // Its name in Latin letters as the Streamlined System writes it (the stored search key).
    const [searchKey] = await sqlAs<{ key: string }>(api.db, kazanlak(), `SELECT "searchName" AS key FROM "Client" WHERE id = $1::uuid`, existing!.id);
    const words = searchKey!.key.split(' ');
    const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
    rows.clients[2] = ['C3', 'дете', cap(words[0]!), null, cap(words[words.length - 1]!), existing!.birthDate, null, null, null, null, null, null];
    const report = await check(manager, await historyXlsx(rows));
    expect(report.refused).toEqual([]);
    const inFile = report.duplicates.find((d) => d.ref === 'C2');
    expect(inFile).toMatchObject({ sheet: 'Потребители', row: 3, name: 'Maria Petrova', sameAs: { inFile: { ref: 'C1' }, clientId: null, name: 'Мария Иванова Петрова' } });
    const inCenter = report.duplicates.find((d) => d.ref === 'C3');
    expect(inCenter?.sameAs.clientId).toBe(existing!.id);
    expect(inCenter?.messageEn).toContain('already a client of the center');
    // Plovdiv's manager, with the same file, sees no Kazanlak client.
    const plovdivReport = await check(plovdivManager, await historyXlsx(historyRows({ cases: 3, sessions: 0, services: ['x'] })));
    expect(plovdivReport.duplicates.filter((d) => d.sameAs.clientId === existing!.id)).toEqual([]);
  });

  test('a CSV of one kind is read too (its kind from its headers)', async () => {
    const rows = small();
    const report = await check(manager, historyCsv('clients', rows), 'export.csv');
    expect(report.counts.clients).toBe(3);
    expect(report.duplicates.map((d) => d.ref)).toContain('C2');
  });
});

describe('ten years of Kazanlak (1,630 cases, 18,760 sessions)', () => {
  const rows = () => historyRows({ services, staffEmail, group: { program, meetings: 20, perMeeting: 8 } });
  let imported: Report;
  let rolledBefore = 0;
  const rolledSessions = async () =>
    (await sqlAsOwner<{ n: number }>(api.db, `SELECT coalesce(sum(sessions), 0)::int AS n FROM "RollupActivity" WHERE "centerId" = $1::uuid AND month < '2025-06-01'`, kazanlakId))[0]!.n;

  test('imports whole in one transaction; the counts in the database equal the file’s; one audit event', async () => {
    const file = await historyXlsx(rows());
    rolledBefore = await rolledSessions();
    const before = { clients: await count('Client'), cases: await count('Case'), sessions: await count('Session'), meetings: await count('GroupMeeting'), audit: await count('AuditEvent') };
    let started = performance.now();
    const dry = await check(manager, file);
    const dryMs = Math.round(performance.now() - started);
    expect(dry.refused).toEqual([]);
    started = performance.now();
    const res = await send('/import', manager, file, 'kazanlak-2015-2024.xlsx');
    const ms = Math.round(performance.now() - started);
    expect(res.status).toBe(201);
    imported = ((await res.json()) as { report: Report }).report;
    console.log(
      `history import (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}): ${file.length} bytes; dry run ${dryMs} ms (server: ${JSON.stringify(dry.ms)}); import ${ms} ms (server: ${JSON.stringify(imported.ms)})`,
      imported.counts,
    );
    expect(imported.counts).toEqual({ clients: 1630, households: 815, householdMembers: 1630, cases: 1630, sessions: 18_760 + 20, groupMeetings: 20, attendances: 160 });
    expect(await count('Client')).toBe(before.clients + 1630);
    expect(await count('Case')).toBe(before.cases + 1630);
    expect(await count('Case', `number LIKE 'KZL-ARCH-%' AND status = 'CLOSED'`)).toBe(1467);
    expect(await count('Session')).toBe(before.sessions + 18_780);
    expect(await count('Session', `"caseId" IN (SELECT id FROM "Case" WHERE number LIKE 'KZL-ARCH-%') AND "startsAt" < now()`)).toBe(18_760);
    expect(await count('SessionClient', `"sessionId" IN (SELECT id FROM "Session" WHERE "caseId" IN (SELECT id FROM "Case" WHERE number LIKE 'KZL-ARCH-%'))`)).toBe(18_760);
    expect(await count('GroupMeeting')).toBe(before.meetings + 20);
    expect(await count('Attendance', `"meetingId" IN (SELECT "groupMeetingId" FROM "Session" WHERE "createdById" IS NOT NULL AND "groupMeetingId" IS NOT NULL) AND present`)).toBeGreaterThanOrEqual(140);
    // The first session's day is kept for waiting times.
    expect(await count('Case', `number LIKE 'KZL-ARCH-%' AND "firstSessionOn" IS NULL`)).toBe(0);
    const events = await sqlAs<{ action: string; detail: Record<string, number> }>(api.db, kazanlak(), `SELECT action::text, detail FROM "AuditEvent" WHERE "entityType" = 'HistoryImport'`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'CREATE', detail: { cases: 1630, sessions: 18_780, fileName: 'kazanlak-2015-2024.xlsx' } });
    // One event for the import, not one per row.
    expect(await count('AuditEvent')).toBeLessThan(before.audit + 10);
  }, 600_000);

  test('the same file again is refused whole: its case numbers are taken', async () => {
    const report = await check(manager, await historyXlsx(historyRows({ cases: 5, sessions: 10, services })));
    expect(report.refused.filter((r) => r.column === 'number')).toHaveLength(5);
    // …and every person in it is reported as probably already a client.
    expect(report.duplicates.filter((d) => d.sameAs.clientId)).toHaveLength(5);
  }, 120_000);

  test('the other center sees nothing of the import', async () => {
    const plovdiv = { kind: 'center' as const, centerId: plovdivId, userId: (await sqlAsOwner<{ id: string }>(api.db, `SELECT id::text FROM "User" WHERE email = $1`, DEMO.plovdivManager))[0]!.id };
    const [seen] = await sqlAs<{ cases: number; sessions: number; events: number }>(
      api.db, plovdiv,
      `SELECT (SELECT count(*)::int FROM "Case" WHERE number LIKE 'KZL-ARCH-%') AS cases,
              (SELECT count(*)::int FROM "Session" WHERE "centerId" = $1::uuid) AS sessions,
              (SELECT count(*)::int FROM "AuditEvent" WHERE "entityType" = 'HistoryImport') AS events`,
      kazanlakId,
    );
    expect(seen).toEqual({ cases: 0, sessions: 0, events: 0 });
  });

  test('after the next rollup refresh the figures count the imported sessions', async () => {
    const analyst = (await sqlAsOwner<{ id: string }>(api.db, `SELECT id::text FROM "User" WHERE email = 'analyst@network.opora.test'`))[0]!.id;
    const dirty = await sqlAsOwner<{ n: number }>(api.db, `SELECT count(*)::int AS n FROM "RollupMonth" WHERE "centerId" = $1::uuid AND version > "refreshedVersion" AND month < '2025-06-01'`, kazanlakId);
    expect(dirty[0]!.n).toBeGreaterThan(100); // the insert marked ten years of months
    const started = performance.now();
    await sqlAs(api.db, { kind: 'aggregate', userId: analyst }, `SELECT aggregate_refresh() AS n`);
    console.log(`rollup refresh after the import: ${Math.round(performance.now() - started)} ms`);
    const [raw] = await sqlAsOwner<{ n: number }>(
      api.db,
      `SELECT count(*)::int AS n FROM "Session" s LEFT JOIN "GroupMeeting" g ON g.id = s."groupMeetingId"
        WHERE s."centerId" = $1::uuid AND s."startsAt" < '2025-06-01' AND s.status = 'HELD' AND (g.id IS NULL OR g.status = 'HELD')`,
      kazanlakId,
    );
    const rolled = await rolledSessions();
    expect(rolled).toBe(raw!.n);
    expect(rolled).toBe(rolledBefore + imported.counts.sessions!);
  }, 600_000);
});
