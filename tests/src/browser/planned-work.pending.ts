import { describe, expect, it } from 'vitest';
import { isoDay, today } from '@opora/common/calendar';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// Issue #17, item 1 in a real browser: the mobile worker plans a home visit from the case page,
// finds it in the day view („Днес“) and on the day's route under its settlement, and marks it
// held with its note in one step.

describe.skipIf(!CHROMIUM)('web app in Chromium: planned work', () => {
  const rig = useWebRig();

  it('plans a visit, sees it in the day view and the route, and marks it held with a note', async () => {
    const p = rig.api.db.prisma;
    const kazanlak = await p.center.findUniqueOrThrow({ where: { slug: 'kazanlak' } });
    const membership = await p.membership.findFirstOrThrow({ where: { user: { email: DEMO.kazanlakMobile }, centerId: kazanlak.id } });
    // A case with no contract yet (no contract needed), whose child lives somewhere known; the
    // worker is on its team (a note needs the case team).
    const c = await p.case.findFirstOrThrow({
      where: { centerId: kazanlak.id, status: { not: 'CLOSED' }, contracts: { none: {} }, person: { settlementId: { not: null }, kind: 'CHILD' } },
      include: { person: { include: { settlement: true } } },
    });
    await p.caseTeamMember.createMany({ data: [{ centerId: kazanlak.id, caseId: c.id, membershipId: membership.id }], skipDuplicates: true });

    const { page, context, problems } = await openApp(rig, { phone: true });
    await signIn(page, DEMO.kazanlakMobile);
    await page.goto(`/cases/${encodeURIComponent(Buffer.from(`Case:${c.id}`).toString('base64url'))}`);
    await page.getByTestId('plan-visit-for-case').click();
    await page.getByRole('heading', { level: 1, name: 'Планирай сесия или посещение' }).waitFor();
    await page.getByText('Посещение в дома', { exact: true }).click();
    const day = isoDay(today());
    await page.getByLabel('Начало').fill(`${day}T00:05`);
    await page.getByRole('button', { name: 'Планирай', exact: true }).click();

    // The day view: the visit is planned.
    await page.waitForURL((url) => url.pathname === '/work');
    const item = page.getByTestId('work-item').filter({ hasText: c.number });
    await item.first().waitFor();
    expect(await item.first().getAttribute('data-status')).toBe('PLANNED');
    const planned = await p.session.findFirstOrThrow({ where: { caseId: c.id, status: 'PLANNED' }, orderBy: { createdAt: 'desc' } });
    expect(planned.settlementId).toBe(c.person.settlementId);

    // The route: grouped under the child's settlement.
    await page.getByRole('button', { name: 'Маршрут', exact: true }).click();
    const stop = page.locator('.route-stop').filter({ hasText: c.person.settlement!.nameBg });
    await stop.waitFor();
    expect(await stop.getByTestId('work-item').filter({ hasText: c.number }).count()).toBeGreaterThan(0);
    await screenshot(page, 'planned-work-route');

    // Back to the day: held, with the note, in one step.
    await page.getByRole('button', { name: 'Днес', exact: true }).click();
    const again = page.getByTestId('work-item').filter({ hasText: c.number }).first();
    await again.getByRole('button', { name: 'Отбележи като проведена' }).click();
    await again.getByLabel(/^Бележка от сесията/).fill('Посещение в дома: семейството беше у дома, детето ходи на училище.');
    await again.getByRole('button', { name: 'Запиши като проведена' }).click();
    await poll(async () => (await p.session.findUniqueOrThrow({ where: { id: planned.id } })).status).toBe('HELD');
    await poll(() => page.getByTestId('work-item').filter({ hasText: c.number }).first().getAttribute('data-status')).toBe('HELD');
    const notes = await p.note.findMany({ where: { sessionId: planned.id }, select: { body: true } });
    expect(notes).toEqual([{ body: 'Посещение в дома: семейството беше у дома, детето ходи на училище.' }]);
    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);
});
