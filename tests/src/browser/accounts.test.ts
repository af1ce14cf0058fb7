import { describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// Staff accounts in the browser: a manager invites a new colleague, who sets her own password
// with the one-time link, turns on two-factor sign-in on "Моят профил", and then signs in with
// a code from the authenticator app; the manager's staff page shows the account's state.


describe.skipIf(!CHROMIUM)('web app in Chromium: staff accounts', () => {
  const rig = useWebRig();

  it('the sign-in page lists the demo accounts (demo mode); choosing one fills the form and signs in', async () => {
    const { page, context } = await openApp(rig);
    await page.goto('/sign-in');
    const list = page.getByRole('region', { name: 'Демо профили' });
    await poll(() => list.textContent()).toContain('Психолог (деца 0–6 г.)');
    expect(await list.getByText('manager@kazanlak.opora.test').isVisible()).toBe(true);
    await list.getByRole('button', { name: 'psychologist@kazanlak.opora.test' }).click();
    expect(await page.getByLabel(/^Имейл/).inputValue()).toBe('psychologist@kazanlak.opora.test');
    await page.getByRole('button', { name: /^Влез$/ }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 180_000 });
    await context.close();
  }, 300_000);

  it('invitation → set password with the one-time link → enroll TOTP → sign in with a code', async () => {
    // The manager invites.
    const manager = await openApp(rig);
    await signIn(manager.page, DEMO.plovdivManager);
    await manager.page.goto('/settings?tab=staff');
    await manager.page.getByRole('button', { name: /Нов служител/ }).click();
    await manager.page.getByLabel('Име и фамилия').fill('Мария Двуфакторова');
    await manager.page.getByLabel('Имейл', { exact: true }).fill('maria.dvufaktorova@plovdiv.opora.test');
    await manager.page.getByLabel('Роля').selectOption('CASE_WORKER');
    await manager.page.getByRole('button', { name: 'Запази' }).click();
    const link = (await manager.page.getByTestId('one-time-code-link').textContent())!.trim();
    expect(link).toMatch(/\/set-password#code=[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await screenshot(manager.page, '80-accounts-invitation-code');
    await manager.page.getByRole('button', { name: 'Готово' }).click();
    await poll(() => manager.page.getByTestId('invitations-table').textContent()).toContain('maria.dvufaktorova@plovdiv.opora.test');

    // The new colleague follows the link: the code is filled in, she chooses her password.
    const colleague = await openApp(rig);
    const { page } = colleague;
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Задайте парола' }).waitFor();
    expect(await page.getByLabel(/^Еднократен код/).inputValue()).toBe(link.split('#code=')[1]);
    await page.getByLabel(/^Нова парола/).fill('password');
    await page.getByLabel('Повторете новата парола').fill('password');
    await page.getByRole('button', { name: 'Задай паролата' }).click();
    await poll(() => page.getByText('Тази парола е сред най-често използваните').count()).toBe(1);
    await page.getByLabel(/^Нова парола/).fill('слънчоглед над язовира');
    await page.getByLabel('Повторете новата парола').fill('слънчоглед над язовира');
    await screenshot(page, '81-accounts-set-password');
    await page.getByRole('button', { name: 'Задай паролата' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await page.getByLabel(/^Имейл/).inputValue()).toBe('maria.dvufaktorova@plovdiv.opora.test');
    await page.getByText('Паролата е зададена').waitFor();
    await signIn(page, 'maria.dvufaktorova@plovdiv.opora.test', 'слънчоглед над язовира', { here: true });

    // "Моят профил": her sessions, then two-factor sign-in.
    await page.goto('/account');
    await page.getByRole('heading', { level: 1, name: 'Моят профил' }).waitFor();
    await poll(() => page.getByTestId('sign-in-sessions').textContent()).toContain('Този вход');
    await page.getByRole('button', { name: 'Включи двуфакторно влизане' }).click();
    await page.getByTestId('totp-qr').waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('Код от приложението').fill(generateSync({ secret }));
    await screenshot(page, '82-accounts-enroll-totp');
    await page.getByRole('button', { name: 'Потвърди' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    expect(await page.getByTestId('recovery-codes').locator('code').count()).toBe(10);
    await poll(() => page.getByTestId('two-factor').textContent()).toContain('Включено');

    // Signing in again asks for the code.
    await page.getByTestId('sign-in-sessions').getByRole('button', { name: 'Изход' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.getByLabel(/^(Имейл|Email)/).fill('maria.dvufaktorova@plovdiv.opora.test');
    await page.getByLabel(/^(Парола|Password)/).fill('слънчоглед над язовира');
    await page.getByRole('button', { name: /^Влез$/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Код за удостоверяване' }).waitFor();
    await page.getByLabel('Код от приложението').fill('000000');
    await page.getByRole('button', { name: 'Потвърди' }).click();
    await page.getByText('Грешен или вече използван код').waitFor();
    // One step ahead: newer than the code used at enrollment, within the allowed drift.
    await page.getByLabel('Код от приложението').fill(generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await screenshot(page, '83-accounts-sign-in-totp');
    await page.getByRole('button', { name: 'Потвърди' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));

    // The manager sees her account with two-factor on.
    await manager.page.reload();
    const row = manager.page.getByTestId('staff-table').getByRole('row').filter({ hasText: 'Мария Двуфакторова' });
    await poll(() => row.textContent()).toContain('2FA');
    expect(manager.problems).toEqual([]);
    expect(colleague.problems).toEqual([]);
    await manager.context.close();
    await colleague.context.close();
  }, 300_000);
});
