import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// The manager's desk and the readable audit trail, through the built app: the desk's figures
// are the database's, a figure leads to its cases list, the audit filters narrow the table, and
// a person's page says who read them (a list read included).

const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
const digits = (s: string | null) => Number((s ?? '').replace(/\D/g, ''));

describe.skipIf(!CHROMIUM)('web app in Chromium: the manager’s desk and audit trail', () => {
  const rig = useWebRig();

  it('the desk’s figures match the database and lead to their lists; the audit filters narrow the table; a person’s page says who read them', async () => {
    const { api } = rig;
    // The worker opens a list of clients (one audit event for the list).
    const worker = await api.login(DEMO.plovdivWorker);
    const listed = (await api.ok(`{ clients(first: 5) { edges { node { id fullName } } } }`, {}, worker)).clients.edges.map((e: any) => e.node);
    const centerId = (await sqlAsOwner<{ centerId: string }>(api.db, `SELECT "centerId"::text AS "centerId" FROM "Client" WHERE id = $1::uuid`, rawId(listed[0].id)))[0]!.centerId;

    const { page, problems } = await openApp(rig);
    await signIn(page, DEMO.plovdivManager);
    const desk = page.getByTestId('center-desk');
    await desk.waitFor();
    await screenshot(page, '90-center-desk');

    // Waiting list: the database's count.
    const waiting = (await sqlAsOwner<{ n: number }>(api.db, `SELECT count(*)::int AS n FROM "Case" WHERE "centerId" = $1::uuid AND status <> 'CLOSED' AND "firstSessionOn" IS NULL`, centerId))[0]!.n;
    expect(waiting).toBeGreaterThan(0);
    expect(digits(await page.getByTestId('desk-waiting').textContent())).toBe(waiting);

    // Each worker's open cases: the database's count.
    const open = await sqlAsOwner<{ name: string; n: number }>(
      api.db,
      `SELECT u."displayName" AS name, count(c.id)::int AS n FROM "Membership" m JOIN "User" u ON u.id = m."userId"
         LEFT JOIN "Case" c ON c."leadWorkerId" = m.id AND c.status <> 'CLOSED' WHERE m."centerId" = $1::uuid AND m."endedOn" IS NULL GROUP BY 1`,
      centerId,
    );
    expect(await page.getByTestId('desk-worker').count()).toBe(open.length);
    for (const { name, n } of open) {
      expect(digits(await page.locator(`[data-testid="desk-worker"][data-worker="${name}"] [data-testid="desk-worker-open"]`).textContent()), name).toBe(n);
    }

    // The waiting figure leads to the waiting list, the longest waiting first.
    await page.getByTestId('desk-waiting').click();
    await page.waitForURL((url) => url.pathname === '/cases' && url.searchParams.get('waiting') === '1');
    await page.getByTestId('desk-filter').waitFor();
    await poll(async () => digits(await page.getByText(/\d+ случа(й|я)$/).first().textContent())).toBe(waiting);
    const days = (await page.getByTestId('days-waiting').allTextContents()).map(digits);
    expect(days.length).toBeGreaterThan(0);
    expect([...days].sort((a, b) => b - a)).toEqual(days);
    await screenshot(page, '91-desk-waiting-list');

    // The audit trail: the worker's filter narrows the table to her events, the record type to clients.
    await page.goto('/audit');
    const count = page.getByTestId('audit-count');
    await count.waitFor();
    const everything = digits(await count.textContent());
    await page.getByLabel('Служител').selectOption({ label: 'Десислава Петрова' });
    await poll(async () => digits(await count.textContent())).toBeLessThan(everything);
    await poll(async () => (await page.getByTestId('audit-row').allTextContents()).every((row) => row.includes('Десислава Петрова'))).toBe(true);
    await page.getByLabel('Запис', { exact: true }).selectOption('Client');
    await poll(async () => (await page.getByTestId('audit-list').allTextContents()).some((t) => t.includes('„clients“, 5 записа'))).toBe(true);
    const [workerClientRow] = await sqlAsOwner<{ n: number }>(
      api.db,
      `SELECT count(*)::int AS n FROM "AuditEvent" e JOIN "Membership" m ON m.id = e."membershipId" JOIN "User" u ON u.id = m."userId"
        WHERE e."centerId" = $1::uuid AND e."entityType" = 'Client' AND u."displayName" = 'Десислава Петрова'`,
      centerId,
    );
    await poll(async () => digits(await count.textContent())).toBe(workerClientRow!.n);
    await screenshot(page, '92-audit-filtered');

    // The person's page: who read them, the worker's list read included.
    await page.goto(`/clients/${encodeURIComponent(listed[0].id)}`);
    const whoRead = page.getByTestId('who-read');
    await whoRead.waitFor();
    await poll(async () => (await page.getByTestId('who-read-row').allTextContents()).some((row) => row.includes('Десислава Петрова') && row.includes('„clients“ (5)'))).toBe(true);
    await screenshot(page, '93-client-who-read');
    expect(problems).toEqual([]);
  }, 600_000);
});
