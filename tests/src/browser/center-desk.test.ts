import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// The manager's desk in the browser (issue #19, item 1): Plovdiv's manager reads every figure on
// „Центърът днес“ and each equals a count taken in SQL as the table owner (no RLS, no schema
// code; the same counts as tests/src/api/center-desk.test.ts); then follows figures to their
// lists and the lists have as many rows as the figures said.

// Sofia's today and this month, as the database sees them.
const TODAY = `(now() AT TIME ZONE 'Europe/Sofia')::date`;
const MONTH_START = `(date_trunc('month', now() AT TIME ZONE 'Europe/Sofia') AT TIME ZONE 'Europe/Sofia')`;
const MONTH_END = `((date_trunc('month', now() AT TIME ZONE 'Europe/Sofia') + interval '1 month') AT TIME ZONE 'Europe/Sofia')`;

/** A number as the page prints it in Bulgarian ("1 234", "0,50"). */
const num = (text: string | null) => Number((text ?? '').replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'));
const byKey = (rows: Array<{ k: string | null; n: number | string }>) => new Map(rows.map((r) => [r.k, Number(r.n)]));

/** Every row of the cases list on screen: pages through „Покажи още“ until there is no more. */
async function listedCases(page: Page): Promise<number> {
  const rows = page.locator('ul.list > li');
  await page.getByText(/^\d[\d\s\u00a0]* случа[йя]$/).waitFor();
  for (;;) {
    const more = page.getByRole('button', { name: 'Покажи още' });
    if ((await more.count()) === 0) break;
    const before = await rows.count();
    await more.click();
    await poll(() => rows.count()).toBeGreaterThan(before);
  }
  return rows.count();
}

describe.skipIf(!CHROMIUM)('web app in Chromium: the manager’s desk', () => {
  const rig = useWebRig();

  it('every figure on the desk equals the database’s count, and a figure’s list has as many rows', async () => {
    const db = rig.api.db;
    const [{ centerId, planningDays }] = (await sqlAsOwner<{ centerId: string; planningDays: number }>(
      db,
      `SELECT c.id::text AS "centerId", c."planningDays" FROM "Center" c JOIN "Membership" m ON m."centerId" = c.id JOIN "User" u ON u.id = m."userId" WHERE u.email = $1`,
      DEMO.plovdivManager,
    )) as [{ centerId: string; planningDays: number }];

    const { page, problems } = await openApp(rig);
    await signIn(page, DEMO.plovdivManager);
    const desk = page.getByTestId('center-desk');
    // The desk's query counts the whole center: room for a loaded machine.
    await desk.waitFor({ timeout: 180_000 });
    await screenshot(page, '97-center-desk');

    // Open cases per worker, against their FTE; overdue ИОП, ИПП and reviews per worker.
    const workers = await sqlAsOwner<{ id: string; name: string; fte: string | null }>(
      db,
      `SELECT m.id::text, u."displayName" AS name, m.fte::text FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."centerId" = $1::uuid AND m."endedOn" IS NULL`,
      centerId,
    );
    const open = byKey(await sqlAsOwner(db, `SELECT "leadWorkerId"::text AS k, count(*)::int AS n FROM "Case" WHERE "centerId" = $1::uuid AND status <> 'CLOSED' GROUP BY 1`, centerId));
    const assessments = byKey(
      await sqlAsOwner(db, `SELECT c."leadWorkerId"::text AS k, count(*)::int AS n FROM "Assessment" a JOIN "Case" c ON c.id = a."caseId"
        WHERE a."centerId" = $1::uuid AND a."completedOn" IS NULL AND a."supersededAt" IS NULL AND a."dueOn" < ${TODAY} AND c.status <> 'CLOSED' GROUP BY 1`, centerId),
    );
    const noPlan = `c.status <> 'CLOSED' AND coalesce(c."requestDate", c."referralDate") < ${TODAY} - $2::int AND NOT EXISTS (SELECT 1 FROM "SupportPlan" p WHERE p."caseId" = c.id AND p.status = 'ACTIVE')`;
    const plans = byKey(await sqlAsOwner(db, `SELECT c."leadWorkerId"::text AS k, count(*)::int AS n FROM "Case" c WHERE c."centerId" = $1::uuid AND ${noPlan} GROUP BY 1`, centerId, planningDays));
    const reviews = byKey(
      await sqlAsOwner(db, `SELECT c."leadWorkerId"::text AS k, count(*)::int AS n FROM "SupportPlan" p JOIN "Case" c ON c.id = p."caseId"
        WHERE p."centerId" = $1::uuid AND p.status = 'ACTIVE' AND p."nextReviewOn" < ${TODAY} AND c.status <> 'CLOSED' GROUP BY 1`, centerId),
    );
    const anyOverdue = byKey(
      await sqlAsOwner(db, `SELECT c."leadWorkerId"::text AS k, count(*)::int AS n FROM "Case" c WHERE c."centerId" = $1::uuid AND c.status <> 'CLOSED' AND (
          EXISTS (SELECT 1 FROM "Assessment" a WHERE a."caseId" = c.id AND a."completedOn" IS NULL AND a."supersededAt" IS NULL AND a."dueOn" < ${TODAY})
          OR (${noPlan})
          OR EXISTS (SELECT 1 FROM "SupportPlan" p WHERE p."caseId" = c.id AND p.status = 'ACTIVE' AND p."nextReviewOn" < ${TODAY})) GROUP BY 1`, centerId, planningDays),
    );
    const rows = desk.getByTestId('desk-worker');
    await poll(() => rows.count()).toBe(workers.length);
    let led = 0;
    let overdue = 0;
    let busiest: { name: string; open: number } | null = null;
    let mostOverdue: { name: string; cases: number } | null = null;
    for (const w of workers) {
      const row = desk.locator(`[data-testid="desk-worker"][data-worker="${w.name}"]`);
      expect(await row.count(), w.name).toBe(1);
      const cell = async (id: string) => row.getByTestId(id).textContent();
      const fte = await cell('desk-worker-fte');
      expect(fte === '—' ? null : num(fte), `${w.name}: FTE`).toBe(w.fte === null ? null : Number(w.fte));
      const openHere = num(await cell('desk-worker-open'));
      expect(openHere, `${w.name}: open cases`).toBe(open.get(w.id) ?? 0);
      expect(
        [num(await cell('desk-worker-overdue-assessments')), num(await cell('desk-worker-overdue-plans')), num(await cell('desk-worker-overdue-reviews')), num(await cell('desk-worker-overdue-cases'))],
        `${w.name}: overdue assessments, plans, reviews, cases`,
      ).toEqual([assessments.get(w.id) ?? 0, plans.get(w.id) ?? 0, reviews.get(w.id) ?? 0, anyOverdue.get(w.id) ?? 0]);
      led += openHere;
      overdue += anyOverdue.get(w.id) ?? 0;
      if (!busiest || openHere > busiest.open) busiest = { name: w.name, open: openHere };
      if ((anyOverdue.get(w.id) ?? 0) > (mostOverdue?.cases ?? 0)) mostOverdue = { name: w.name, cases: anyOverdue.get(w.id)! };
    }
    expect(led).toBeGreaterThan(0);
    expect(overdue).toBeGreaterThan(0);

    // Teams: open cases against the sum of their current members' FTE.
    const teams = await sqlAsOwner<{ name: string; open: number; fte: number; members: number }>(
      db,
      `SELECT t."nameBg" AS name,
              (SELECT count(*)::int FROM "Case" c WHERE c."teamId" = t.id AND c.status <> 'CLOSED') AS open,
              (SELECT coalesce(sum(m.fte), 0)::float FROM "TeamMember" tm JOIN "Membership" m ON m.id = tm."membershipId" WHERE tm."teamId" = t.id AND m."endedOn" IS NULL) AS fte,
              (SELECT count(*)::int FROM "TeamMember" tm JOIN "Membership" m ON m.id = tm."membershipId" WHERE tm."teamId" = t.id AND m."endedOn" IS NULL) AS members
         FROM "Team" t WHERE t."centerId" = $1::uuid`,
      centerId,
    );
    expect(teams.length).toBeGreaterThan(0);
    expect(await desk.getByTestId('desk-team').count()).toBe(teams.length);
    for (const team of teams) {
      const row = desk.locator(`[data-testid="desk-team"][data-team="${team.name}"]`);
      expect([num(await row.getByTestId('desk-team-open').textContent()), num(await row.getByTestId('desk-team-fte').textContent()), num(await row.getByTestId('desk-team-members').textContent())], team.name).toEqual([
        team.open,
        Math.round(team.fte * 100) / 100,
        team.members,
      ]);
    }

    // The waiting list: open cases with no session yet; the longest wait in days.
    const [waiting] = await sqlAsOwner<{ n: number; oldest: number | null }>(
      db,
      `SELECT count(*)::int AS n, max(${TODAY} - "referralDate")::int AS oldest FROM "Case" WHERE "centerId" = $1::uuid AND status <> 'CLOSED' AND "firstSessionOn" IS NULL`,
      centerId,
    );
    expect(waiting!.n).toBeGreaterThan(0);
    expect(num((await desk.getByTestId('desk-waiting').textContent())!.split(' ')[0]!)).toBe(waiting!.n);
    expect(await desk.getByTestId('desk-waiting-oldest').textContent()).toContain(`най-дълго: ${waiting!.oldest} дни`);

    // Places in use per service against its licensed places, and the sessions held this month.
    const services = await sqlAsOwner<{ name: string; active: boolean; places: number | null; inUse: number; sessions: number }>(
      db,
      `SELECT s."nameBg" AS name, s.active, s.capacity AS places,
              (SELECT count(DISTINCT c.id)::int FROM "Case" c JOIN "Contract" k ON k."caseId" = c.id AND k.status = 'SIGNED' JOIN "ContractService" cs ON cs."contractId" = k.id
                WHERE c.status = 'ACTIVE' AND cs."serviceId" = s.id) AS "inUse",
              (SELECT count(*)::int FROM "Session" x WHERE x."serviceId" = s.id AND x.status = 'HELD'
                 AND NOT EXISTS (SELECT 1 FROM "GroupMeeting" g WHERE g.id = x."groupMeetingId" AND g.status = 'CANCELLED')
                 AND x."startsAt" >= ${MONTH_START} AT TIME ZONE 'UTC' AND x."startsAt" < ${MONTH_END} AT TIME ZONE 'UTC') AS sessions
         FROM "CenterService" s WHERE s."centerId" = $1::uuid`,
      centerId,
    );
    const shown = services.filter((s) => s.active || s.inUse > 0 || s.sessions > 0);
    expect(await desk.getByTestId('desk-service').count()).toBe(shown.length);
    for (const s of shown) {
      const row = desk.locator(`[data-testid="desk-service"][data-service="${s.name}"]`);
      expect(num(await row.getByTestId('desk-service-in-use').getByRole('link').textContent()), `${s.name}: places in use`).toBe(s.inUse);
      const places = await row.getByTestId('desk-service-places').textContent();
      expect(places, `${s.name}: licensed places`).toBe(s.places === null ? 'не е зададено' : String(s.places));
      expect(num(await row.getByTestId('desk-service-sessions').textContent()), `${s.name}: sessions this month`).toBe(s.sessions);
    }
    expect(shown.some((s) => s.inUse > 0)).toBe(true);
    expect(shown.some((s) => s.sessions > 0)).toBe(true);

    // A figure leads to its list: the busiest worker's open cases.
    await desk.locator(`[data-testid="desk-worker"][data-worker="${busiest!.name}"]`).getByTestId('desk-worker-open').click();
    await page.waitForURL((url) => url.pathname === '/cases' && url.searchParams.has('worker'));
    await page.getByTestId('desk-filter').waitFor();
    expect(await listedCases(page)).toBe(busiest!.open);
    await poll(() => page.getByText(/^\d+ случа[йя]$/).textContent()).toBe(`${busiest!.open} ${busiest!.open === 1 ? 'случай' : 'случая'}`);

    // The waiting list: as many rows as the figure, the longest waiting first.
    await page.goto('/');
    await desk.getByTestId('desk-waiting').click();
    await page.waitForURL((url) => url.pathname === '/cases' && url.searchParams.get('waiting') === '1');
    expect(await listedCases(page)).toBe(waiting!.n);
    const days = (await page.getByTestId('days-waiting').allTextContents()).map((d) => Number(/\d+/.exec(d)![0]));
    expect(days.length).toBe(waiting!.n);
    expect(days[0]).toBe(waiting!.oldest);
    expect([...days].sort((a, b) => b - a)).toEqual(days);

    // A worker's overdue cases: the list equals the figure.
    await page.goto('/');
    await desk.locator(`[data-testid="desk-worker"][data-worker="${mostOverdue!.name}"]`).getByTestId('desk-worker-overdue-cases').getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/cases' && url.searchParams.get('overdue') === '1');
    expect(await listedCases(page)).toBe(mostOverdue!.cases);
    await screenshot(page, '98-center-desk-overdue-list');

    // This month's sessions of the busiest service: the list of sessions held has as many rows.
    const busy = shown.reduce((a, b) => (b.sessions > a.sessions ? b : a));
    await page.goto('/');
    await desk.locator(`[data-testid="desk-service"][data-service="${busy.name}"]`).getByTestId('desk-service-sessions').getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/sessions' && url.searchParams.has('service'));
    await page.getByTestId('sessions-count').waitFor();
    expect(Number(/\d+/.exec((await page.getByTestId('sessions-count').textContent())!)![0])).toBe(busy.sessions);
    const sessionRows = page.getByTestId('sessions-row');
    for (;;) {
      const more = page.getByRole('button', { name: 'Покажи още' });
      if ((await more.count()) === 0) break;
      const before = await sessionRows.count();
      await more.click();
      await poll(() => sessionRows.count()).toBeGreaterThan(before);
    }
    expect(await sessionRows.count()).toBe(busy.sessions);
    expect(new Set(await sessionRows.locator('span:nth-child(3)').allTextContents())).toEqual(new Set([busy.name]));
    expect(problems).toEqual([]);
  }, 300_000);
});
