import { describe, expect, it } from 'vitest';
import { addDays, isoDay, today } from '@opora/common/calendar';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, screenshot, signIn, useWebRig } from './browser.ts';

// Issue #15, items 7–9 in a real browser: group meetings planned, held or cancelled; open-access
// contacts that are corrected or voided and never saved untouched; places that follow the family.

describe.skipIf(!CHROMIUM)('web app in Chromium: meetings, contacts, places', () => {
  const rig = useWebRig();

  it('a meeting ahead can only be cancelled (with its reason); a past one is held with its attendance', async () => {
    const { page, context, problems } = await openApp(rig);
    await signIn(page, DEMO.kazanlakManager);
    // A program in the center with people enrolled (a meeting there needs no settlement).
    const program = await rig.api.db.prisma.groupProgram.findFirstOrThrow({
      where: { center: { slug: 'kazanlak' }, mode: 'IN_CENTER', participants: { some: { leftOn: null } } },
      orderBy: { startsOn: 'desc' },
    });
    await page.goto('/groups');
    await page.getByRole('heading', { level: 1, name: 'Групови програми' }).waitFor();
    await page.goto(`/groups/${encodeURIComponent(Buffer.from(`GroupProgram:${program.id}`).toString('base64url'))}`);
    await page.getByRole('heading', { name: 'Срещи' }).waitFor();
    // The demo data has every state of a meeting in both centers.
    for (const slug of ['plovdiv', 'kazanlak']) {
      const statuses = await rig.api.db.prisma.groupMeeting.groupBy({ by: ['status'], where: { center: { slug } } });
      expect(statuses.map((s) => s.status).sort(), slug).toEqual(['CANCELLED', 'HELD', 'PLANNED']);
    }

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
  }, 300_000);

  it('an open-access contact is not saved untouched, 0 people is refused as such, and the author voids it; a known person shows their two-month period', async () => {
    const { page, context, problems } = await openApp(rig);
    const p = rig.api.db.prisma;
    const kazanlak = await p.center.findUniqueOrThrow({ where: { slug: 'kazanlak' } });
    const count = () => p.openAccessContact.count({ where: { centerId: kazanlak.id } });
    const before = await count();
    await signIn(page, DEMO.kazanlakMobile);
    await page.goto('/contacts');
    await page.getByRole('heading', { level: 2, name: 'Запиши контакт' }).waitFor();

    // Untouched: nothing is saved, and the form says why.
    await page.getByRole('button', { name: 'Запиши контакта' }).click();
    await page.getByRole('alert').filter({ hasText: 'Попълнете данните за контакта' }).waitFor();
    expect(await count()).toBe(before);

    // 0 people: the right message, nothing saved.
    await page.getByLabel(/^Брой хора/).fill('0');
    await page.getByRole('button', { name: 'Запиши контакта' }).click();
    await page.getByText('Посочете поне един човек.').waitFor();
    expect(await page.getByText('не е цяло число').count()).toBe(0);
    expect(await count()).toBe(before);

    // A known person: the form shows where their open-access period stands.
    const person = await p.client.findFirstOrThrow({ where: { centerId: kazanlak.id, kind: 'ADULT', archivedAt: null }, orderBy: { lastName: 'asc' } });
    await page.getByLabel(/^Известен човек/).fill(person.lastName);
    await page.getByRole('button', { name: new RegExp(`${person.firstName}.*${person.lastName}`) }).first().click();
    await page.getByTestId('open-access-period').waitFor();
    expect(await page.getByTestId('open-access-period').textContent()).toMatch(/общодостъпн/i);
    await page.getByLabel(/^Брой хора/).fill('2');
    await screenshot(page, 'contacts-01-known-person');
    await page.getByRole('button', { name: 'Запиши контакта' }).click();
    await page.getByText('Контактът е записан.').waitFor();
    await expect.poll(count).toBe(before + 1);
    const saved = await p.openAccessContact.findFirstOrThrow({ where: { centerId: kazanlak.id }, orderBy: { createdAt: 'desc' } });
    expect(saved).toMatchObject({ peopleCount: 2, clientId: person.id, voidedAt: null });

    // The author voids it from the list, with a reason: it stays, marked voided.
    const row = page.getByTestId('contact').filter({ hasText: person.lastName }).first();
    await row.getByRole('button', { name: 'Анулирай' }).click();
    await row.getByLabel(/^Причина за анулирането/).fill('Записан два пъти.');
    await row.getByRole('button', { name: 'Анулирай контакта' }).click();
    await expect.poll(() => row.getAttribute('data-voided')).toBe('true');
    expect(await row.textContent()).toContain('Анулиран: Записан два пъти.');
    expect(await row.getByRole('button', { name: 'Поправи' }).count()).toBe(0);
    await screenshot(page, 'contacts-02-voided');
    expect(await count()).toBe(before + 1);
    expect((await p.openAccessContact.findUniqueOrThrow({ where: { id: saved.id } })).voidReason).toBe('Записан два пъти.');
    expect(problems).toEqual([]);
    await context.close();
  }, 300_000);

  it('a referral takes the household’s settlement for the child, and a home visit goes to the family’s village', async () => {
    const { page, context, problems } = await openApp(rig);
    const p = rig.api.db.prisma;
    const household = await p.household.findFirstOrThrow({ where: { center: { slug: 'kazanlak' }, settlement: { kind: 'VILLAGE' } }, include: { settlement: true } });
    await signIn(page, DEMO.kazanlakManager);
    await page.goto('/cases/new');
    await page.getByRole('heading', { level: 1, name: 'Ново насочване' }).waitFor();
    await page.getByLabel('Име', { exact: true }).fill('Деница');
    await page.getByLabel('Фамилия', { exact: true }).fill('Селова');
    await page.getByLabel(/^Домакинство на детето/).fill(household.name);
    await page.getByRole('list', { name: 'Намерени домакинства' }).getByRole('button').first().click();
    await page.getByTestId('referral-household').waitFor();
    // The child's settlement follows the household's.
    await expect.poll(() => page.getByLabel(/^Населено място на лицето/).inputValue()).toBe(Buffer.from(`Settlement:${household.settlementId}`).toString('base64url'));
    await screenshot(page, 'places-01-referral');
    await page.getByLabel(/^Номер на направлението/).fill('ОЗД-М-3');
    await page.getByLabel(/^Дата на направлението/).fill(await page.getByLabel(/^Дата на постъпване/).inputValue());
    await page.getByRole('button', { name: 'Открий случай' }).click();
    await page.waitForURL(/\/cases\/[^/]+\?opened=1/);
    await page.getByRole('heading', { level: 1, name: /Деница Селова/ }).waitFor();
    await expect.poll(() => page.locator('main').textContent()).toContain(household.settlement!.nameBg);
    const child = await p.client.findFirstOrThrow({ where: { firstName: 'Деница', lastName: 'Селова' } });
    expect(child.settlementId).toBe(household.settlementId);

    // A home visit from the case: the place is the family's village, not the center's town.
    await page.getByTestId('log-session-for-case').click();
    await page.getByRole('heading', { level: 1, name: 'Запиши сесия' }).waitFor();
    await page.getByText('Посещение в дома', { exact: true }).click();
    await expect.poll(() => page.getByLabel(/^Населено място/).inputValue()).toBe(Buffer.from(`Settlement:${household.settlementId}`).toString('base64url'));
    await screenshot(page, 'places-02-home-visit');
    expect(problems).toEqual([]);
    await context.close();
  }, 300_000);
});
