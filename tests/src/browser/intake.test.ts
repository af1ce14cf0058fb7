import { describe, expect, it } from 'vitest';
import { addDays, isoDay, today } from '@opora/common/calendar';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// Issue #15 through the built app: an adult-only case opened by the person's own request, a family
// member added from the case screen; a child's case by request whose plan is already overdue; the
// due dates the page shows are the center's planning days after the request.

const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
const day = (offset: number) => isoDay(addDays(today(), offset));
const shown = (iso: string) => new Intl.DateTimeFormat('bg-BG', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${iso}T12:00:00`));

describe.skipIf(!CHROMIUM)('web app in Chromium: request or referral, adults, due dates', () => {
  const rig = useWebRig();

  it('opens an adult-only case with a family member, and a child case by request, showing their due dates', async () => {
    const { page, context, problems } = await openApp(rig);
    await signIn(page, DEMO.kazanlakManager);

    // An adult by her own request (заявление).
    await page.goto('/cases/new');
    await page.getByRole('heading', { level: 1, name: 'Ново насочване' }).waitFor();
    await page.getByRole('group', { name: 'Лицето е' }).getByLabel('Възрастен', { exact: true }).check();
    await page.getByLabel('Име', { exact: true }).fill('Радост');
    await page.getByLabel('Фамилия', { exact: true }).fill('Кандидатова');
    await page.getByLabel('Заявяване от лицето', { exact: true }).check();
    // The referral's own fields leave the form with a request.
    await poll(() => page.getByLabel(/^Номер на направлението/).count()).toBe(0);
    await page.getByLabel(/^Дата на заявлението/).fill(day(-3));
    await page.getByLabel(/^Входящ номер на заявлението/).fill('Вх-77/2026');
    await page.getByLabel(/^Сигнал за нуждата от/).selectOption('SELF');
    await screenshot(page, 'intake-01-adult-request');
    await page.getByRole('button', { name: 'Открий случай' }).click();
    await page.waitForURL(/\/cases\/[^/?]+\?opened=1/);
    await page.getByRole('heading', { level: 1, name: /Радост Кандидатова/ }).waitFor();
    const adultCaseId = rawId(decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!));

    await poll(() => page.getByTestId('case-person').textContent()).toContain('Възрастен');
    expect(await page.getByTestId('case-intake').textContent()).toBe('Заявяване от лицето');
    expect(await page.getByTestId('case-request').textContent()).toContain('Вх-77/2026');
    expect(await page.getByTestId('case-concern').textContent()).toBe('Самото лице');
    // Both due 20 days after the request (the center's default).
    expect(await page.getByTestId('due-assessment').textContent()).toContain(shown(day(17)));
    expect(await page.getByTestId('due-plan').textContent()).toContain(shown(day(17)));
    expect(await page.getByTestId('due-plan').locator('.badge').count()).toBe(0);

    // A family member from the case screen: her son, new to the center.
    const family = page.getByTestId('case-family');
    await family.getByText('Няма добавени членове на семейството.').waitFor();
    await family.getByRole('button', { name: /Добави член на семейството/ }).click();
    const form = family.getByRole('form', { name: 'Добави член на семейството' });
    await form.getByLabel(/^Роля в случая/).selectOption('CHILD');
    await form.getByLabel('Дете', { exact: true }).check();
    await form.getByLabel('Име', { exact: true }).fill('Борислав');
    await form.getByLabel('Фамилия', { exact: true }).fill('Кандидатов');
    await form.getByRole('button', { name: 'Запази' }).click();
    await poll(() => family.getByTestId('family-member').count()).toBe(1);
    expect(await family.getByTestId('family-member').first().textContent()).toMatch(/Борислав Кандидатов.*Дете/);
    await screenshot(page, 'intake-02-adult-case-family');
    const stored = await rig.api.db.prisma.case.findUniqueOrThrow({ where: { id: adultCaseId }, include: { person: true, participants: { include: { client: true } } } });
    expect(stored.person.kind).toBe('ADULT');
    expect(stored).toMatchObject({ intakeRoute: 'REQUEST', requestNumber: 'Вх-77/2026', legalReferrer: null, concernRaisedBy: 'SELF' });
    expect(stored.participants.map((p) => [p.role, p.client.kind, p.client.firstName])).toEqual([['CHILD', 'CHILD', 'Борислав']]);

    // A child by the parent's request a month ago: the plan is overdue, and the dashboard says so.
    await page.goto('/cases/new');
    await page.getByRole('heading', { level: 1, name: 'Ново насочване' }).waitFor();
    await page.getByLabel('Име', { exact: true }).fill('Искра');
    await page.getByLabel('Фамилия', { exact: true }).fill('Заявенова');
    await page.getByLabel(/^Дата на раждане/).fill('2016-02-11');
    await page.getByLabel('Заявяване от лицето', { exact: true }).check();
    await page.getByLabel(/^Дата на постъпване/).fill(day(-28));
    await page.getByLabel(/^Дата на заявлението/).fill(day(-30));
    await page.getByRole('button', { name: 'Открий случай' }).click();
    await page.waitForURL(/\/cases\/[^/?]+\?opened=1/);
    await page.getByRole('heading', { level: 1, name: /Искра Заявенова/ }).waitFor();
    await poll(() => page.getByTestId('case-person').textContent()).toContain('Дете');
    expect(await page.getByTestId('due-plan').textContent()).toContain(shown(day(-10)));
    expect(await page.getByTestId('due-plan').locator('.badge').textContent()).toBe('Просрочено');
    expect(await page.getByTestId('due-assessment').locator('.badge').textContent()).toBe('Просрочено');
    await screenshot(page, 'intake-03-child-request-overdue');

    await page.goto('/');
    // The overdue list now names plans past their due date too (the demo center has many; the
    // list shows the oldest first).
    const overdue = page.getByRole('region', { name: 'Просрочени оценки, планове и прегледи' });
    await overdue.locator('li').first().waitFor();
    const more = overdue.getByRole('button', { name: /Покажи всички/ });
    if (await more.count()) await more.click();
    await poll(() => overdue.getByText(/Индивидуален план за подкрепа — срок/).count()).toBeGreaterThan(0);

    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);
});
