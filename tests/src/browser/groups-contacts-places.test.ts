import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoDay, today } from '@opora/common/calendar';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, screenshot, signIn, startWebRig, type WebRig } from './browser.ts';

// Issue #15, items 7–9 in a real browser: group meetings planned, held or cancelled; open-access
// contacts that are corrected or voided and never saved untouched; places that follow the family.

describe.skipIf(!CHROMIUM)('web app in Chromium: meetings, contacts, places', () => {
  let rig: WebRig;
  beforeAll(async () => {
    rig = await startWebRig();
  }, 300_000);
  afterAll(async () => {
    await rig?.close();
  }, 400_000);

  it('a meeting ahead can only be cancelled (with its reason); a past one is held with its attendance', async () => {
    const { page, context, problems } = await openApp(rig);
    await signIn(page, DEMO.kazanlakManager);
    await page.goto('/groups');
    await page.getByRole('heading', { level: 1, name: 'Групови програми' }).waitFor();
    await page.locator('ul.list a.list-row').first().click();
    await page.getByRole('heading', { name: 'Срещи' }).waitFor();
    // The demo data shows every state of a meeting.
    await expect.poll(async () => new Set(await page.getByTestId('meeting').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).size).toBeGreaterThanOrEqual(2);

    // A meeting three weeks ahead: planned, no "held", only "cancel".
    const ahead = isoDay(addDays(today(), 21));
    await page.getByRole('button', { name: 'Насрочи среща' }).click();
    await page.getByLabel('Начало').fill(`${ahead}T16:00`);
    await page.getByLabel(/^Тема/).fill('Среща напред');
    await page.getByRole('button', { name: 'Запази' }).click();
    const future = page.getByTestId('meeting').filter({ hasText: 'Среща напред' });
    await future.waitFor();
    await expect.poll(() => future.getAttribute('data-status')).toBe('PLANNED');
    expect(await future.textContent()).toContain('Планирана · предстои');
    expect(await future.getByRole('button', { name: 'Проведена — отбележи присъствие' }).count()).toBe(0);
    expect(await future.getByRole('button', { name: /присъствие/i }).count()).toBe(0);

    // Cancelling asks for the reason first.
    await future.getByRole('button', { name: 'Отмени срещата' }).click();
    const cancelForm = page.getByTestId('cancel-meeting');
    await cancelForm.getByRole('button', { name: 'Отмени срещата' }).click();
    await expect.poll(() => cancelForm.textContent()).toContain('Полето е задължително.');
    await cancelForm.getByLabel(/^Причина за отмяната/).fill('Водещата е в отпуск.');
    await cancelForm.getByRole('button', { name: 'Отмени срещата' }).click();
    await expect.poll(() => future.getAttribute('data-status')).toBe('CANCELLED');
    expect(await future.textContent()).toContain('Отменена: Водещата е в отпуск.');

    // A meeting last week, recorded after the fact: held, with who came.
    const past = isoDay(addDays(today(), -7));
    await page.getByRole('button', { name: 'Насрочи среща' }).click();
    await page.getByLabel('Начало').fill(`${past}T16:00`);
    await page.getByLabel(/^Тема/).fill('Среща назад');
    await page.getByRole('button', { name: 'Запази' }).click();
    const held = page.getByTestId('meeting').filter({ hasText: 'Среща назад' });
    await held.waitFor();
    await held.getByRole('button', { name: 'Проведена — отбележи присъствие' }).click();
    const attendance = page.getByTestId('attendance');
    await attendance.getByText('Отбелязва срещата като проведена').waitFor();
    await attendance.getByRole('checkbox').first().check();
    await screenshot(page, 'meetings-01-held');
    await attendance.getByRole('button', { name: 'Срещата е проведена' }).click();
    await expect.poll(() => held.getAttribute('data-status')).toBe('HELD');
    await expect.poll(() => held.textContent()).toContain('1 присъстващ');
    expect(await held.getByRole('button', { name: 'Промени присъствието' }).count()).toBe(1);
    expect(await held.getByRole('button', { name: 'Отмени срещата' }).count()).toBe(0);
    await screenshot(page, 'meetings-02-list');
    expect(problems).toEqual([]);
    await context.close();
  });
});
