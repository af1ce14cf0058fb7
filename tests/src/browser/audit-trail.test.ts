import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { addDays, isoDay, sofiaDayEnd, sofiaDayStart, today } from '@opora/common/calendar';
import { DEMO } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// The audit trail people read, in the browser (issue #19, item 2): the manager opens a person's
// record and case and the clients list (read events), then on „Одитна следа“ filters by the
// person, by a staff member, by record type, by action and by dates; each filtered list on screen
// is the events the database holds for that filter (SQL as the table owner). A list read is one
// row naming the list in words and how many records it showed; the XLSX export downloads and
// its row for an event says what the screen says.
//
// The trail grows while it is read (showing a person's name is itself a read, audited after the
// answer), so the screen is compared with the events up to the newest one it shows.

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const num = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

type Screen = { ids: string[]; total: number | null };

/** The first page of events on screen (their ids) and the count above the list (null: the empty text). */
async function onScreen(page: Page): Promise<Screen> {
  if ((await page.getByText('Няма събития за избрания период.').count()) > 0) return { ids: [], total: 0 };
  const count = page.getByTestId('audit-count');
  if ((await count.count()) === 0) return { ids: [], total: null };
  const ids = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event') ?? ''));
  return { ids, total: num(await count.textContent()) };
}

describe.skipIf(!CHROMIUM)('web app in Chromium: the audit trail’s filters', () => {
  const rig = useWebRig();

  it('each filter shows the events the database holds for it; list reads name their list; the XLSX export has the rows', async () => {
    const db = rig.api.db;
    const sql = <T>(q: string, ...p: unknown[]) => sqlAsOwner<T>(db, q, ...p);
    // A Plovdiv person with a case that has a needs assessment: their record, case and its records.
    const [person] = await sql<{ id: string; caseId: string; name: string; centerId: string }>(
      `SELECT cl.id::text, k.id::text AS "caseId", concat_ws(' ', cl."firstName", cl."middleName", cl."lastName") AS name, cl."centerId"::text AS "centerId"
         FROM "Client" cl JOIN "Case" k ON k."childId" = cl.id JOIN "Center" c ON c.id = cl."centerId"
        WHERE c.slug = 'plovdiv' AND EXISTS (SELECT 1 FROM "Assessment" a WHERE a."caseId" = k.id)
        ORDER BY k.number LIMIT 1`,
    );
    const { id: personId, caseId, name, centerId } = person!;
    const [manager] = await sql<{ userId: string; name: string }>(`SELECT id::text AS "userId", "displayName" AS name FROM "User" WHERE email = $1`, DEMO.plovdivManager);

    /** The events the database holds for a filter (SQL over AuditEvent e), newest first, up to an id. */
    const held = async (where: string, upTo: string, ...params: unknown[]): Promise<Screen> => {
      const base = `FROM "AuditEvent" e WHERE e."centerId" = $1::uuid AND e.id <= $2::bigint AND (${where})`;
      const ids = (await sql<{ id: string }>(`SELECT e.id::text ${base} ORDER BY e.id DESC LIMIT 50`, centerId, upTo, ...params)).map((r) => r.id);
      const [{ n }] = (await sql<{ n: number }>(`SELECT count(*)::int AS n ${base}`, centerId, upTo, ...params)) as [{ n: number }];
      return { ids, total: n };
    };
    /** Waits until the screen shows what the database holds for the filter (up to the newest event shown). */
    const expectFiltered = async (page: Page, where: string, ...params: unknown[]): Promise<Screen> => {
      let last: Screen = { ids: [], total: null };
      await poll(async () => {
        last = await onScreen(page);
        if (last.total === null) return 'loading';
        const upTo = last.ids.length ? last.ids.reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b)) : String(Number.MAX_SAFE_INTEGER);
        const expected = await held(where, upTo, ...params);
        if (JSON.stringify(last) === JSON.stringify(expected)) return 'same';
        // A count and a page answered while another request's events were being written are
        // not one snapshot: ask again (the answer after that has nothing in flight).
        await page.reload();
        await page.getByTestId('audit-filters').waitFor();
        return `screen ${JSON.stringify(last)} ≠ database ${JSON.stringify(expected)}`;
      }).toBe('same');
      return last;
    };

    const { page, problems } = await openApp(rig);
    await signIn(page, DEMO.plovdivManager);
    // Reads: the person's record, their case, and the clients list.
    await page.goto(`/clients/${encodeURIComponent(gid('Client', personId))}`);
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(name.split(' ')[0]!);
    await page.goto(`/cases/${encodeURIComponent(gid('Case', caseId))}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.goto('/clients');
    await page.getByText(/^\d+ потребител/).waitFor();

    // The whole trail, then a list read: one row naming the list in words and its count.
    await page.getByRole('link', { name: 'Одитна следа' }).click();
    await page.getByRole('heading', { level: 1, name: 'Одитна следа' }).waitFor();
    await expectFiltered(page, 'true');
    const [clientsRead] = await sql<{ id: string; n: number }>(
      `SELECT id::text, "recordCount" AS n FROM "AuditEvent" WHERE "centerId" = $1::uuid AND "userId" = $2::uuid AND "listName" = 'clients' ORDER BY id DESC LIMIT 1`,
      centerId,
      manager!.userId,
    );
    expect(clientsRead!.n).toBeGreaterThan(1);
    expect(await page.locator(`[data-event="${clientsRead!.id}"]`).getByTestId('audit-list').textContent()).toBe(`Потребител — списък „Потребители“, ${clientsRead!.n} записа`);
    // Every list is named in words, none by its place in the answer (`myCases.person`).
    expect(await page.getByTestId('audit-list').filter({ hasText: /„[a-zA-Z.]+“/ }).allTextContents()).toEqual([]);
    await screenshot(page, '99-audit-trail');

    // By person: a click on their name in a row.
    const PERSON = `EXISTS (SELECT 1 FROM (
        SELECT 'Client' AS t, $3::text AS id
        UNION ALL SELECT 'Case', k.id::text FROM "Case" k WHERE k."childId" = $3::uuid
        UNION ALL SELECT 'Assessment', a.id::text FROM "Assessment" a JOIN "Case" k ON k.id = a."caseId" WHERE k."childId" = $3::uuid
        UNION ALL SELECT 'SupportPlan', p.id::text FROM "SupportPlan" p JOIN "Case" k ON k.id = p."caseId" WHERE k."childId" = $3::uuid
        UNION ALL SELECT 'Contract', x.id::text FROM "Contract" x JOIN "Case" k ON k.id = x."caseId" WHERE k."childId" = $3::uuid
        UNION ALL SELECT 'Session', s.id::text FROM "Session" s JOIN "Case" k ON k.id = s."caseId" WHERE k."childId" = $3::uuid
        UNION ALL SELECT 'Note', n.id::text FROM "Note" n JOIN "Case" k ON k.id = n."caseId" WHERE k."childId" = $3::uuid
      ) r WHERE r.t = e."entityType" AND (r.id = e."entityId" OR r.id = ANY(e."entityIds")))`;
    await page.getByTestId('audit-row').getByRole('button', { name, exact: true }).first().click();
    await page.getByTestId('audit-person-filter').waitFor();
    expect(await page.getByTestId('audit-person-filter').textContent()).toContain(name);
    const about = await expectFiltered(page, PERSON, personId);
    expect(about.total).toBeGreaterThanOrEqual(3);
    // Her own record read alone and her case.
    const rows = page.getByTestId('audit-table');
    expect(await rows.textContent()).toContain('Случай');

    // The XLSX export of this filter: the row of the read of her record says what the screen says.
    const [alone] = await sql<{ id: string }>(
      `SELECT id::text FROM "AuditEvent" WHERE "centerId" = $1::uuid AND "userId" = $2::uuid AND "entityType" = 'Client' AND "entityId" = $3 AND "listName" IS NULL AND action = 'READ' ORDER BY id DESC LIMIT 1`,
      centerId,
      manager!.userId,
      personId,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    expect(download.suggestedFilename()).toBe('audit-trail.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Одитна следа')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '№', 'Кога (UTC)', 'Кой', 'Действие', 'Вид запис', 'Списък', 'Брой записи', 'Лице', 'Случай №', 'IP адрес', 'Браузър / приложение']);
    const exported: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) exported.push(String(row.getCell(1).value));
    });
    // Every event of the filter up to the newest on screen is in the file.
    const all = (await sql<{ id: string }>(`SELECT e.id::text FROM "AuditEvent" e WHERE e."centerId" = $1::uuid AND e.id <= $2::bigint AND (${PERSON})`, centerId, about.ids[0], personId)).map((r) => r.id);
    expect(all.filter((id) => !exported.includes(id))).toEqual([]);
    const row = sheet.getRow(2 + exported.indexOf(alone!.id));
    expect([row.getCell(3).value, row.getCell(4).value, row.getCell(5).value, row.getCell(8).value]).toEqual([manager!.name, 'Преглед', 'Потребител', name]);
    expect(await page.getByRole('alert').count()).toBe(0);

    // By staff member: everything the manager did here.
    await page.goto('/audit');
    await page.getByLabel('Служител').selectOption({ label: manager!.name });
    await page.waitForURL((url) => url.searchParams.has('actor'));
    const mine = await expectFiltered(page, `e."userId" = $3::uuid`, manager!.userId);
    expect(mine.total).toBeGreaterThan(3);

    // Someone who has left stays in the list, marked so: their trail outlives their membership.
    const [left] = await sql<{ id: string; userId: string; name: string }>(
      `UPDATE "Membership" m SET "endedOn" = CURRENT_DATE - 1 FROM "User" u
        WHERE u.id = m."userId" AND m."centerId" = $1::uuid AND u.email = $2
        RETURNING m.id::text, u.id::text AS "userId", u."displayName" AS name`,
      centerId,
      DEMO.plovdivWorker,
    );
    await page.goto('/audit');
    const option = page.getByLabel('Служител').locator(`option[value="${gid('Membership', left!.id)}"]`);
    await poll(() => option.count()).toBe(1);
    expect(await option.textContent()).toMatch(new RegExp(`^${left!.name} \\(до .+\\)$`));
    await page.getByLabel('Служител').selectOption(gid('Membership', left!.id));
    await page.waitForURL((url) => url.searchParams.get('actor') === gid('Membership', left!.id));
    await expectFiltered(page, `e."userId" = $3::uuid`, left!.userId);

    // By record type: cases.
    await page.goto('/audit');
    await page.getByLabel('Запис', { exact: true }).selectOption({ label: 'Случай' });
    await page.waitForURL((url) => url.searchParams.get('type') === 'Case');
    expect((await expectFiltered(page, `e."entityType" = 'Case'`)).total).toBeGreaterThan(0);

    // By action: reads only (each row says „Преглед“).
    await page.goto('/audit');
    await page.getByLabel('Действие', { exact: true }).selectOption({ label: 'Преглед' });
    await page.waitForURL((url) => url.searchParams.get('action') === 'READ');
    const reads = await expectFiltered(page, `e.action = 'READ'`);
    expect(reads.total).toBeGreaterThan(0);
    expect(new Set(await page.getByTestId('audit-row').locator('td:nth-child(3)').allTextContents())).toEqual(new Set(['Преглед']));

    // By dates (Sofia's calendar days): today, then everything before today.
    const day = today();
    const AT = `e.at >= ($3::timestamptz AT TIME ZONE 'UTC') AND e.at < ($4::timestamptz AT TIME ZONE 'UTC')`;
    await page.goto('/audit');
    await page.getByLabel('От', { exact: true }).fill(isoDay(day));
    await page.getByLabel('До', { exact: true }).fill(isoDay(day));
    await page.waitForURL((url) => url.searchParams.get('to') === isoDay(day));
    expect((await expectFiltered(page, AT, sofiaDayStart(day).toISOString(), sofiaDayEnd(day).toISOString())).total).toBeGreaterThan(0);
    await page.getByLabel('От', { exact: true }).fill('2000-01-01');
    await page.getByLabel('До', { exact: true }).fill(isoDay(addDays(day, -1)));
    await page.waitForURL((url) => url.searchParams.get('from') === '2000-01-01' && url.searchParams.get('to') === isoDay(addDays(day, -1)));
    await expectFiltered(page, AT, sofiaDayStart(new Date('2000-01-01T00:00:00Z')).toISOString(), sofiaDayStart(day).toISOString());
    expect(problems).toEqual([]);
  }, 400_000);
});
