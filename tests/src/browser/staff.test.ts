import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, screenshot, signIn, useWebRig } from './browser.ts';

describe.skipIf(!CHROMIUM)('web app in Chromium: center staff', () => {
  const rig = useWebRig();

  it("Plovdiv's manager registers a referral, opens the case, logs a session and sees it on the dashboard", async () => {
    const { page, context, problems } = await openApp(rig);
    await page.goto('/');
    // The app asks the server whether the browser holds a session before it decides.
    await page.waitForURL(/\/sign-in/);
    expect(await page.getAttribute('html', 'lang')).toBe('bg');
    await page.getByRole('heading', { name: 'Вход в Опора' }).waitFor();
    await screenshot(page, '01-sign-in');

    await signIn(page, DEMO.plovdivManager);
    await page.getByRole('heading', { level: 1, name: /Добър ден/ }).waitFor();
    await page.getByRole('heading', { name: 'Просрочени оценки, планове и прегледи' }).waitFor();
    await screenshot(page, '02-dashboard');

    // A new referral for a child the center has not seen before.
    await page.getByRole('link', { name: 'Ново насочване' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Ново насочване' }).waitFor();
    await page.getByLabel('Име', { exact: true }).fill('Калина');
    await page.getByLabel('Фамилия', { exact: true }).fill('Браузърова');
    await page.getByLabel(/^Дата на раждане/).fill('2017-03-14');
    await page.getByLabel(/^Номер на направлението/).fill('ОЗД-Б-17');
    await page.getByLabel(/^Дата на направлението/).fill(await page.getByLabel(/^Дата на постъпване/).inputValue());
    await page.getByLabel(/^Сигнал за нуждата от/).selectOption('SCHOOL');
    await page.getByLabel(/^Причина за насочването/).fill('Отсъства често от училище, затруднения с четенето.');
    await screenshot(page, '03-new-referral');
    await page.getByRole('button', { name: 'Открий случай' }).click();

    // The case page: the referral is on the timeline.
    await page.waitForURL(/\/cases\/[^/]+\?opened=1/);
    await page.getByRole('heading', { level: 1, name: /Калина Браузърова/ }).waitFor();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Случай PLV-\d{4}-\d{4} е открит/);
    const caseUrl = new URL(page.url()).pathname;
    await screenshot(page, '04-case');

    // Log a session on the case.
    await page.getByTestId('log-session-for-case').click();
    await page.getByRole('heading', { level: 1, name: 'Запиши сесия' }).waitFor();
    await expect.poll(() => page.getByTestId('session-who').textContent()).toContain('Калина Браузърова');
    await page.getByText('Консултация', { exact: true }).click();
    await page.getByText('60 минути', { exact: true }).click();
    await page.getByLabel(/^Кратко описание/).fill('Първа среща с детето и майката.');
    await screenshot(page, '05-log-session');
    await page.getByRole('button', { name: 'Запиши сесията' }).click();
    await page.waitForURL((url) => url.pathname === caseUrl && url.search.includes('logged=1'));
    await page.getByText('Сесията е записана.').waitFor();
    await expect.poll(() => page.getByTestId('case-timeline').textContent()).toContain('Консултация');
    await screenshot(page, '06-case-with-session');

    // The dashboard lists it among today's sessions (the cache was refreshed by the mutation).
    await page.getByRole('link', { name: 'Начало' }).click();
    await expect.poll(() => page.getByTestId('todays-sessions').textContent()).toContain('Калина Браузърова');
    await screenshot(page, '07-dashboard-after');

    // Clients: Latin search finds the Cyrillic name.
    await page.getByRole('link', { name: 'Потребители' }).click();
    await page.getByLabel('Търсене по име').fill('brauzarova');
    await page.getByRole('link', { name: /Калина Браузърова/ }).waitFor();
    await screenshot(page, '08-clients');

    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);

  it("Kazanlak's psychologist opening a Plovdiv case URL sees “not found”", async () => {
    // A Plovdiv case URL, as its manager would share it.
    const plovdiv = await openApp(rig);
    await signIn(plovdiv.page, DEMO.plovdivManager);
    await plovdiv.page.goto('/cases');
    await plovdiv.page.locator('.list a').first().click();
    await plovdiv.page.getByTestId('case-timeline').waitFor();
    const plovdivCaseUrl = new URL(plovdiv.page.url()).pathname;
    await plovdiv.context.close();

    const { page, context } = await openApp(rig);
    await signIn(page, DEMO.kazanlakPsychologist);
    await page.goto(plovdivCaseUrl);
    const notFound = page.getByTestId('not-found');
    await notFound.waitFor();
    expect(await notFound.textContent()).toContain('Не е намерено');
    await screenshot(page, '09-foreign-case-not-found');
    await context.close();
  }, 400_000);

  it('a mobile-team worker logs a home visit on a phone', async () => {
    const { page, context, problems } = await openApp(rig, { phone: true });
    await signIn(page, DEMO.kazanlakMobile);
    await page.getByRole('heading', { level: 1, name: /Добър ден/ }).waitFor();
    await screenshot(page, '10-phone-dashboard');
    await page.getByRole('link', { name: 'Запиши сесия' }).last().click();
    await page.getByRole('heading', { level: 1, name: 'Запиши сесия' }).waitFor();
    await page.locator('.pick').first().click();
    await page.getByText('Посещение в дома', { exact: true }).click();
    await screenshot(page, '11-phone-log-session');
    await page.getByRole('button', { name: 'Запиши сесията' }).click();
    await page.getByText('Сесията е записана.').waitFor();
    await screenshot(page, '12-phone-case');
    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);

  it('an expired session returns to sign-in without losing what was typed', async () => {
    const { page, context, problems } = await openApp(rig);
    await signIn(page, DEMO.plovdivWorker);
    await page.goto('/clients/new');
    await page.getByLabel('Име', { exact: true }).fill('Десислава');
    await page.getByLabel('Фамилия', { exact: true }).fill('Чернова');
    // The session ends on the server's side (here: revoked in the database).
    await rig.api.db.prisma.authSession.updateMany({ where: { user: { email: DEMO.plovdivWorker }, revokedAt: null }, data: { revokedAt: new Date() } });
    // Either the press of Запази finds the session ended, or a request the app makes on its own
    // (the bell, the offline copy, started once the screen shows) finds it first: both must go
    // to sign-in with the draft kept. Waiting only for the click raced the background request
    // (CI, under load: the button left the page before it was pressed).
    const expiredAt = page.waitForURL(/\/sign-in\?expired=1/);
    await Promise.race([page.getByRole('button', { name: 'Запази' }).click({ timeout: 60_000 }).catch(() => undefined), expiredAt]);
    await expiredAt;
    await page.getByText(/Входът ви изтече/).waitFor();
    await screenshot(page, '13-session-expired');
    await signIn(page, DEMO.plovdivWorker, undefined, { here: true });
    await page.waitForURL(/\/clients\/new/);
    expect(await page.getByLabel('Име', { exact: true }).inputValue()).toBe('Десислава');
    expect(await page.getByLabel('Фамилия', { exact: true }).inputValue()).toBe('Чернова');
    await page.getByText('Възстановихме незапазените промени от предишния опит.').waitFor();
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
    await context.close();
  }, 400_000);
});
