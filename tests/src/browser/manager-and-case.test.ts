import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// The manager's settings, case work (notes, goals, a concurrent edit), consents, open-access
// contacts and the month pickers, driven through the built app as staff use it.

/** The database id inside a Relay global id (base64url of "Type:uuid"). */
const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

/** expect.poll with room for a loaded machine (an account's password hash alone takes a while). */

describe.skipIf(!CHROMIUM)('web app in Chromium: center settings and case work', () => {
  const rig = useWebRig();

  it("Plovdiv's manager adds a staff member, creates a team with them on it and edits a service; all of it survives a reload", async () => {
    const { page, context, problems } = await openApp(rig);
    await signIn(page, DEMO.plovdivManager);
    await page.getByRole('link', { name: 'Настройки', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Настройки на центъра' }).waitFor();
    await page.getByTestId('center-profile').waitFor();
    // The manager's navigation (with open access, settings and audit) fits a laptop screen.
    expect(await page.locator('#main-nav ul').evaluate((ul) => ul.scrollWidth - ul.clientWidth)).toBeLessThanOrEqual(1);
    await screenshot(page, '40-settings-profile');

    // Staff: a new colleague is invited; she sets her own password with the one-time code.
    await page.getByRole('tab', { name: 'Служители' }).click();
    await page.getByRole('button', { name: /Нов служител/ }).click();
    await page.getByLabel('Име и фамилия').fill('Виолета Браузърова');
    await page.getByLabel('Имейл', { exact: true }).fill('violeta.brauzarova@plovdiv.opora.test');
    expect(await page.getByLabel('Начална парола').count()).toBe(0);
    await page.getByLabel('Роля').selectOption('SPECIALIST');
    await page.getByLabel(/^Длъжност на български/).fill('Психолог');
    await screenshot(page, '41-settings-add-staff');
    await page.getByRole('button', { name: 'Запази' }).click();
    const link = (await page.getByTestId('one-time-code-link').textContent())!.trim();
    const violeta = await openApp(rig);
    await violeta.page.goto(link);
    await violeta.page.getByLabel(/^Нова парола/).fill('dobre-doshla-v-oporata');
    await violeta.page.getByLabel('Повторете новата парола').fill('dobre-doshla-v-oporata');
    await violeta.page.getByRole('button', { name: 'Задай паролата' }).click();
    await violeta.page.waitForURL((url) => url.pathname === '/sign-in');
    await violeta.context.close();
    await page.getByRole('button', { name: 'Готово' }).click();
    await page.reload();
    await page.getByRole('tab', { name: 'Служители' }).click();
    const staffTable = page.getByTestId('staff-table');
    await poll(() => staffTable.textContent()).toContain('Виолета Браузърова');
    expect(await page.getByRole('form', { name: 'Нов служител' }).count()).toBe(0);

    // Teams: a new mobile team, then she joins it.
    await page.getByRole('tab', { name: 'Екипи' }).click();
    await page.getByRole('button', { name: /Нов екип/ }).click();
    await page.getByLabel('Вид екип').selectOption('MOBILE');
    await page.getByLabel('Наименование на български').fill('Мобилен екип „Тракия“');
    await page.getByLabel('Наименование на английски').fill('Mobile team Thrace');
    await page.getByRole('button', { name: 'Запази' }).click();
    const team = page.getByRole('region', { name: 'Мобилен екип „Тракия“' });
    await team.waitFor();
    expect(await team.textContent()).toContain('Мобилен екип');
    expect(await team.textContent()).toContain('В екипа още няма хора.');
    await team.getByRole('button', { name: /^Членове/ }).click();
    await team.getByLabel(/Виолета Браузърова/).check();
    await team.getByLabel(/Десислава Петрова/).check();
    await screenshot(page, '42-settings-team-members');
    await team.getByRole('button', { name: 'Запази' }).click();
    await poll(() => team.getByRole('list', { name: 'Членове' }).textContent()).toContain('Виолета Браузърова');
    expect(await team.getByRole('list', { name: 'Членове' }).textContent()).toContain('Десислава Петрова');

    // Services: rename speech therapy and give it a capacity.
    await page.getByRole('tab', { name: 'Услуги' }).click();
    await page.getByRole('button', { name: 'Редактирай Логопедична терапия', exact: true }).click();
    const form = page.getByRole('form', { name: 'Редакция: Логопедична терапия' });
    await form.getByLabel('Наименование на български').fill('Логопедична терапия и комуникация');
    await form.getByLabel(/^Капацитет/).fill('14');
    await form.getByLabel('Онлайн').check();
    await screenshot(page, '43-settings-edit-service');
    await form.getByRole('button', { name: 'Запази' }).click();
    const services = page.getByTestId('services-table');
    await poll(() => services.textContent()).toContain('Логопедична терапия и комуникация');
    const row = services.getByRole('row').filter({ hasText: 'Логопедична терапия и комуникация' });
    expect(await row.textContent()).toContain('14');
    expect(await row.textContent()).toContain('Онлайн');

    // A bad input is explained next to its field, in Bulgarian.
    await page.getByRole('button', { name: 'Редактирай Логопедична терапия и комуникация' }).click();
    const again = page.getByRole('form', { name: /Редакция: Логопедична терапия/ });
    for (const mode of ['В центъра', 'Онлайн']) await again.getByLabel(mode).uncheck();
    await again.getByRole('button', { name: 'Запази' }).click();
    await again.locator('.field-error').first().waitFor();
    expect(await again.locator('.field-error').first().textContent()).toMatch(/[\u0400-\u04FF]/);
    await screenshot(page, '44-settings-service-error');
    await again.getByRole('button', { name: 'Отказ' }).click();

    // After a reload (the tab is in the URL) everything is as saved.
    await page.reload();
    await poll(() => page.getByTestId('services-table').textContent()).toContain('Логопедична терапия и комуникация');
    expect(await page.getByTestId('services-table').getByRole('row').filter({ hasText: 'Логопедична терапия и комуникация' }).textContent()).toContain('14');
    await page.getByRole('tab', { name: 'Екипи' }).click();
    await poll(() => page.getByRole('region', { name: 'Мобилен екип „Тракия“' }).textContent()).toContain('Виолета Браузърова');
    await page.getByRole('tab', { name: 'Служители' }).click();
    await poll(() => page.getByTestId('staff-table').textContent()).toContain('Виолета Браузърова');
    await screenshot(page, '45-settings-after-reload');

    // The settings tabs answer to the arrow keys.
    await page.getByRole('tab', { name: 'Служители' }).focus();
    await page.keyboard.press('ArrowRight');
    await poll(() => page.getByRole('tab', { name: 'Екипи' }).getAttribute('aria-selected')).toBe('true');
    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);

  it('a case worker adds a case note and changes a goal status; a colleague’s concurrent edit is shown', async () => {
    const { page, context, problems } = await openApp(rig);
    await signIn(page, DEMO.plovdivWorker);
    await page.goto('/cases?mine=1&status=ACTIVE');
    await page.locator('.list a').first().click();
    await page.getByTestId('case-timeline').waitFor();
    const caseUrl = new URL(page.url()).pathname;

    // A note, kept for the team.
    const notes = page.getByRole('region', { name: 'Бележки по случая' });
    await notes.getByLabel('Нова бележка').fill('Майката съобщава, че детето вече чете с желание.');
    await notes.getByRole('button', { name: 'Добави бележката' }).click();
    await poll(() => page.getByTestId('case-notes').textContent()).toContain('Майката съобщава, че детето вече чете с желание.');
    expect(await notes.getByLabel('Нова бележка').inputValue()).toBe('');
    // A restricted one is marked as such.
    await notes.getByLabel('Нова бележка').fill('Поверително: семейството има дългове.');
    await notes.getByLabel(/^Поверителна/).check();
    await notes.getByRole('button', { name: 'Добави бележката' }).click();
    const restricted = page.getByTestId('case-notes').locator('li').filter({ hasText: 'Поверително: семейството има дългове.' });
    await restricted.waitFor();
    expect(await restricted.textContent()).toContain('Поверителна');

    // A goal of the support plan is achieved.
    const goal = page.locator('select[id^="goal-"]').first();
    await goal.waitFor();
    const goalLabel = await page.locator(`label[for="${await goal.getAttribute('id')}"]`).textContent();
    expect(goalLabel).toMatch(/^Статус на целта: /);
    await goal.selectOption('ACHIEVED');
    await poll(() => goal.isDisabled()).toBe(false);
    await screenshot(page, '46-case-note-and-goal');

    await page.reload();
    await page.getByTestId('case-timeline').waitFor();
    await poll(() => page.getByTestId('case-notes').textContent()).toContain('Майката съобщава, че детето вече чете с желание.');
    const sameGoal = page.getByLabel(goalLabel!, { exact: true });
    await poll(() => sameGoal.inputValue()).toBe('ACHIEVED');
    expect(await sameGoal.locator('option:checked').textContent()).toBe('Постигната');

    // The lead worker brings a colleague onto the case team.
    await page.getByRole('button', { name: 'Възлагане' }).click();
    const assign = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Възлагане' }) });
    await assign.getByLabel(/Росица Димитрова/).check();
    await assign.getByRole('button', { name: 'Запази' }).click();
    await poll(() => page.getByTestId('case-team-members').textContent()).toContain('Росица Димитрова');

    // Editing the referral while a colleague changed it: their version is shown, then kept or overridden.
    await page.getByRole('button', { name: 'Редактирай насочването' }).click();
    await page.getByLabel(/^Причина за насочването/).fill('Моята версия на причината.');
    const caseId = rawId(decodeURIComponent(caseUrl.split('/').pop()!));
    await rig.api.db.prisma.case.update({ where: { id: caseId }, data: { referralReason: 'Причина, променена от колега.', version: { increment: 1 } } });
    await page.getByRole('button', { name: 'Запази' }).click();
    const conflict = page.getByTestId('conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Някой друг е променил записа');
    expect(await conflict.textContent()).toContain('Причина, променена от колега.');
    await screenshot(page, '47-case-conflict');
    await conflict.getByRole('button', { name: 'Запази моята версия' }).click();
    await poll(() => page.getByRole('region', { name: 'Данни за случая' }).textContent()).toContain('Моята версия на причината.');

    // The case's target groups: one more ticked, one the case had cleared; the page and a reload agree.
    await page.getByRole('button', { name: 'Редактирай насочването' }).click();
    const edit = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Редактирай насочването' }) });
    const boxes = edit.locator('fieldset input[type="checkbox"]');
    await boxes.first().waitFor();
    const labels = edit.locator('fieldset label.checkbox');
    const had = (await page.getByRole('region', { name: 'Данни за случая' }).textContent())!;
    let added: string | null = null;
    let removed: string | null = null;
    for (let i = 0; i < (await labels.count()); i++) {
      const name = (await labels.nth(i).textContent())!.trim();
      const box = labels.nth(i).locator('input');
      if (!added && !(await box.isChecked())) {
        await box.check();
        added = name;
      } else if (!removed && (await box.isChecked())) {
        await box.uncheck();
        removed = name;
      }
    }
    expect(added).toBeTruthy();
    expect(removed ?? '').not.toBe(added);
    await screenshot(page, '47b-case-target-groups');
    await edit.getByRole('button', { name: 'Запази' }).click();
    const details = page.getByRole('region', { name: 'Данни за случая' });
    await poll(() => details.textContent()).toContain(added!);
    if (removed && had.includes(removed)) expect(await details.textContent()).not.toContain(removed);
    await page.reload();
    await poll(() => page.getByRole('region', { name: 'Данни за случая' }).textContent()).toContain(added!);
    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);

  it('a consent recorded on a client page appears in the list, and can be withdrawn', async () => {
    const { page, context, problems } = await openApp(rig, { phone: true });
    await signIn(page, DEMO.plovdivWorker);
    await page.goto('/clients');
    await page.locator('.list a').first().click();
    const consents = page.getByRole('region', { name: 'Съгласия' });
    await consents.waitFor();
    await consents.getByRole('button', { name: /Запиши съгласие/ }).click();
    await consents.getByLabel('За какво').selectOption('PHOTO_AND_VIDEO');
    await consents.getByLabel(/^Дадено от/).fill('Майката, Елена Браузърова');
    await consents.getByLabel(/^Номер на декларацията/).fill('Декларация № 12/2026');
    await screenshot(page, '48-phone-consent-form');
    await consents.getByRole('button', { name: 'Запази' }).click();
    const row = page.getByTestId('consents').locator('li').filter({ hasText: 'Майката, Елена Браузърова' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Снимки и видео');
    expect(await row.textContent()).toContain('Декларация № 12/2026');
    expect(await row.textContent()).toContain('В сила');
    await screenshot(page, '49-phone-consent-recorded');

    await row.getByRole('button', { name: 'Оттегли Снимки и видео' }).click();
    await row.getByRole('button', { name: 'Оттегли', exact: true }).click();
    await poll(() => row.textContent()).toContain('Оттеглено');
    await page.reload();
    const after = page.getByTestId('consents').locator('li').filter({ hasText: 'Майката, Елена Браузърова' });
    await poll(() => after.textContent()).toMatch(/оттеглено на/);
    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);

  it('a non-manager reads the center settings with no edit controls, and records an open-access contact', async () => {
    const { page, context, problems } = await openApp(rig);
    await signIn(page, DEMO.plovdivWorker);
    const nav = page.getByRole('navigation', { name: 'Основна навигация' });
    expect(await nav.getByRole('link', { name: 'Одитна следа' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Центърът' }).click();
    await page.getByRole('heading', { level: 1, name: 'Центърът' }).waitFor();
    await page.getByTestId('center-profile').waitFor();
    const panel = page.getByRole('tabpanel');
    for (const [tab, ready] of [
      ['Профил', () => page.getByTestId('center-profile')],
      ['Услуги', () => page.getByTestId('services-table')],
      ['Служители', () => page.getByTestId('staff-table')],
      ['Екипи', () => page.getByTestId('team-card').first()],
      ['Партньорски общини', () => page.getByTestId('partners-list')],
    ] as const) {
      await page.getByRole('tab', { name: tab }).click();
      await ready().waitFor();
      expect({ tab, buttons: await panel.getByRole('button').allInnerTexts() }).toEqual({ tab, buttons: [] });
      expect({ tab, fields: await panel.locator('input, select, textarea').count() }).toEqual({ tab, fields: 0 });
    }
    await page.getByRole('tab', { name: 'Услуги' }).click();
    expect(await page.getByTestId('services-table').textContent()).toContain('Логопедична терапия');
    await screenshot(page, '50-settings-read-only');
    await page.goto('/audit');
    await page.getByTestId('not-found').waitFor();

    // Open access: a phone call counted, no person recorded.
    await page.getByRole('navigation', { name: 'Основна навигация' }).getByRole('link', { name: 'Свободен достъп' }).click();
    await page.getByRole('heading', { level: 1, name: 'Свободен достъп' }).waitFor();
    const recent = page.getByRole('region', { name: 'Последни контакти' });
    const total = async () => Number(/([\d\s\u00a0]+) контакт/.exec((await recent.locator('p.muted').textContent()) ?? '')?.[1]?.replace(/\D/g, '') ?? 0);
    await recent.locator('p.muted').waitFor();
    const before = await total();
    await page.getByText('По телефона', { exact: true }).click();
    await page.getByLabel(/^Брой хора/).fill('3');
    await page.getByLabel('Възраст').selectOption('AGE_30_64');
    await page.getByRole('button', { name: 'Запиши контакта' }).click();
    await page.getByText('Контактът е записан.').waitFor();
    await poll(total).toBe(before + 1);
    const ours = page.getByTestId('recent-contacts').locator('li').filter({ hasText: '3 души' }).filter({ hasText: 'По телефона' }).filter({ hasText: 'Десислава Петрова' });
    expect(await ours.count()).toBeGreaterThan(0);
    await screenshot(page, '51-open-access');
    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);

  it('the month pickers name the months in the reader’s language', async () => {
    const { page, context, problems } = await openApp(rig);
    await signIn(page, DEMO.networkAnalyst);
    await page.waitForURL(/\/network/);
    // Sign-in settles (viewer, first comparison) before the period is chosen.
    await page.waitForLoadState('networkidle');
    const month = page.getByLabel('От месец: Месец');
    await month.waitFor();
    expect(await month.locator('option').allInnerTexts()).toEqual(['Януари', 'Февруари', 'Март', 'Април', 'Май', 'Юни', 'Юли', 'Август', 'Септември', 'Октомври', 'Ноември', 'Декември']);
    // Choosing a month changes the period in the URL.
    await page.getByLabel('От месец: Година').selectOption(String(new Date().getFullYear() - 1));
    await month.selectOption('3');
    const from = `${new Date().getFullYear() - 1}-03`;
    await poll(() => new URL(page.url()).searchParams.get('from')).toBe(from);
    // The screen shows the chosen month before the language changes.
    await poll(() => month.inputValue()).toBe('3');
    await page.getByTestId('language-switch').click();
    const monthEn = page.getByLabel('From month: Month');
    await monthEn.waitFor();
    await poll(() => monthEn.locator('option').allInnerTexts()).toEqual(['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']);
    // The period survives the switch: it lives in the URL, not in the screen's state.
    expect(new URL(page.url()).searchParams.get('from')).toBe(from);
    await poll(() => monthEn.inputValue()).toBe('3');
    await screenshot(page, '52-month-picker-en');
    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);
});
