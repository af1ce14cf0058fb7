import { addDays, isoDay, sofiaDayStart, today } from '@opora/common/calendar';
import { areasFor } from '@opora/common/assessment';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig, type WebRig } from './browser.ts';

// An adult-only case carried through the built app (issue #15), in each demo center: a parent
// comes by her own request (заявяване), her son is added to the case from the screen; the ИОП
// rates the areas that apply to an adult, the ИПП is put into effect, she signs the contract
// herself; the dashboard names the contract as ending soon; a session is held, the plan reviewed,
// the needs reassessed and compared with the first assessment; she ends the contract by notice
// (the case stays open, delivery stops) and the case closes. At each stage the page offers that
// stage's acts and nothing else. Then a contract whose term passed: the dashboard names it, and
// the case ends it on the expiry of its term.

const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
const day = (offset: number) => isoDay(addDays(today(), offset));

type Page = Awaited<ReturnType<typeof openApp>>['page'];
type Locator = ReturnType<Page['locator']>;

describe.skipIf(!CHROMIUM)('web app in Chromium: an adult-only case from request to closure', () => {
  const rig = useWebRig();

  for (const center of [
    { code: 'PLV', manager: DEMO.plovdivManager, surname: 'Пловдивска' },
    { code: 'KZL', manager: DEMO.kazanlakManager, surname: 'Казанлъшка' },
  ]) {
    it(`${center.code}: a parent by her own request, through the ИОП, the ИПП, her contract, a session, a review and a reassessment, to the contract ended by her notice and closure`, async () => {
      const { page, context, problems } = await openApp(rig);
      await signIn(page, center.manager);
      await walkAdult(rig, page, center.code, center.surname);
      expect(problems).toEqual([]);
      await context.close();
    }, 600_000);
  }

  it('a contract whose term passed: the dashboard names it first, and the case ends it on that ground', async () => {
    const db = rig.api.db.prisma;
    // A demo contract in force whose case has no session delivered in the last days: its term is
    // made to have ended two days ago, unextended.
    const contract = await db.contract.findFirstOrThrow({
      where: {
        status: 'SIGNED',
        signedOn: { lt: addDays(today(), -10) },
        case: { status: 'ACTIVE', center: { slug: 'plovdiv' }, sessions: { none: { startsAt: { gte: sofiaDayStart(addDays(today(), -1)), lte: new Date() } } } },
      },
      include: { case: { include: { person: true } } },
      orderBy: { number: 'asc' },
    });
    await db.contract.update({ where: { id: contract.id }, data: { endsOn: addDays(today(), -2) } });
    const caseId = Buffer.from(`Case:${contract.caseId}`).toString('base64url');
    const { page, context, problems } = await openApp(rig);
    await signIn(page, DEMO.plovdivManager);

    // The dashboard: the earliest end first, expired, leading to its case.
    const ending = page.getByTestId('contracts-ending');
    const first = ending.getByTestId('contract-ending').first();
    await poll(() => first.textContent()).toContain(`Договор № ${contract.number}`);
    expect(await first.textContent()).toContain(`${contract.case.person.firstName}`);
    expect(await first.locator('.badge').textContent()).toBe('изтекъл преди 2 дни');
    await screenshot(page, '66-dashboard-contract-expired');
    await first.getByRole('link').click();
    await page.waitForURL((url) => url.pathname === `/cases/${caseId}`);

    // The case: delivery stopped (the term passed), no session or reassessment offered.
    const bar = page.getByRole('group', { name: 'Действия по случая' });
    const acts = () => bar.locator('[data-testid^="case-action-"]').allTextContents();
    await poll(() => page.getByTestId('delivery-halted').textContent()).toContain('Срокът на договора за ползване на услугата е изтекъл');
    expect(await page.getByTestId('log-session-for-case').count()).toBe(0);
    expect(await acts()).not.toContain('Започни повторна оценка');
    const card = page.getByTestId('contract-card');
    expect(await card.getByTestId('contract-term').textContent()).toContain('Срокът е изтекъл');

    // Ended on the expiry of its term, on its last day (the form offers both).
    await bar.getByRole('button', { name: 'Прекрати договора', exact: true }).click();
    const form = page.locator('form.panel').filter({ has: page.getByRole('heading', { name: 'Прекрати договора' }) });
    expect(await form.getByLabel(/^Основание за прекратяване на договора/).inputValue()).toBe('TERM_EXPIRED');
    expect(await form.getByLabel(/^Дата на прекратяване/).inputValue()).toBe(day(-2));
    await form.getByRole('button', { name: 'Прекрати договора' }).click();
    await poll(() => card.locator('.badge').first().textContent()).toBe('Прекратен');
    expect(await page.getByTestId('contract-ended').textContent()).toContain('С изтичане на срока на договора');
    await poll(() => page.getByTestId('delivery-halted').textContent()).toContain('Договорът за ползване на услугата е прекратен');
    await poll(acts).toEqual(expect.arrayContaining(['Изготви договор', 'Закрий случая']));
    expect(await acts()).not.toContain('Прекрати договора');
    const stored = await db.contract.findUniqueOrThrow({ where: { id: contract.id } });
    expect([stored.status, stored.endGround, isoDay(stored.endedOn!)]).toEqual(['ENDED', 'TERM_EXPIRED', day(-2)]);

    // Gone from the dashboard.
    await page.goto('/');
    await poll(() => page.getByTestId('contracts-ending').getByTestId('contract-ending').first().textContent()).not.toContain(`Договор № ${contract.number}`);
    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);
});

async function walkAdult(rig: WebRig, page: Page, code: string, surname: string) {
  const shot = (name: string) => screenshot(page, `67-${code.toLowerCase()}-adult-${name}`);
  const fullName = `Ралица ${surname}`;

  // Заявяване: her own application today, the concern raised by herself.
  await page.getByRole('link', { name: 'Ново насочване' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Ново насочване' }).waitFor();
  await page.getByRole('group', { name: 'Лицето е' }).getByLabel('Възрастен', { exact: true }).check();
  await page.getByLabel('Име', { exact: true }).fill('Ралица');
  await page.getByLabel('Фамилия', { exact: true }).fill(surname);
  await page.getByLabel('Заявяване от лицето', { exact: true }).check();
  await page.getByLabel(/^Дата на заявлението/).fill(day(0));
  await page.getByLabel(/^Входящ номер на заявлението/).fill(`Вх-${code}-15`);
  await page.getByLabel(/^Сигнал за нуждата от/).selectOption('SELF');
  await page.getByLabel(/^Причина за насочването/).fill('Родител в конфликт при раздяла: консултиране.');
  await page.getByRole('button', { name: 'Открий случай' }).click();
  await page.waitForURL(/\/cases\/[^/?]+\?opened=1/);
  await page.getByRole('heading', { level: 1, name: new RegExp(fullName) }).waitFor();
  const caseId = rawId(decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!));
  const caseUrl = new URL(page.url()).pathname;

  const bar = page.getByRole('group', { name: 'Действия по случая' });
  const acts = () => bar.locator('[data-testid^="case-action-"]').allTextContents();
  const stage = () => page.locator('.page-header .lead .badge').first().textContent();
  const panel = (heading: string) => page.locator('form.panel').filter({ has: page.getByRole('heading', { name: heading }) });
  const act = async (name: string) => {
    await bar.getByRole('button', { name, exact: true }).click();
    return panel(name);
  };

  await poll(() => page.getByTestId('case-person').textContent()).toContain('Възрастен');
  expect(await page.getByTestId('case-intake').textContent()).toBe('Заявяване от лицето');
  await poll(acts).toEqual(['Започни оценка', 'Закрий случая']);
  expect(await stage()).toBe('Насочен');

  // Her son joins the case from the screen.
  const family = page.getByTestId('case-family');
  await family.getByRole('button', { name: /Добави член на семейството/ }).click();
  const member = family.getByRole('form', { name: 'Добави член на семейството' });
  await member.getByLabel(/^Роля в случая/).selectOption('CHILD');
  await member.getByLabel('Дете', { exact: true }).check();
  await member.getByLabel('Име', { exact: true }).fill('Филип');
  await member.getByLabel('Фамилия', { exact: true }).fill(surname.replace(/ска$/, 'ски'));
  await member.getByRole('button', { name: 'Запази' }).click();
  await poll(() => family.getByTestId('family-member').count()).toBe(1);
  expect(await family.getByTestId('family-member').first().textContent()).toMatch(/Филип .*Дете/);

  // ИОП: the areas that apply to an adult (no child's identity).
  await (await act('Започни оценка')).getByRole('button', { name: 'Започни оценка' }).click();
  await poll(stage).toBe('Оценка на потребностите');
  await poll(acts).toEqual(['Завърши оценката', 'Закрий случая']);
  const complete = await act('Завърши оценката');
  await rateEveryArea(complete, 'SOME_NEED');
  expect(await complete.getByLabel('Идентичност', { exact: true }).count()).toBe(0);
  await complete.getByLabel(/^Заключение/).fill('Нужда от подкрепа в общуването с бащата на детето.');
  await shot('assessment');
  await complete.getByRole('button', { name: 'Завърши оценката' }).click();

  // ИПП: drafted, put into effect; the case stays in planning until the contract.
  await poll(stage).toBe('План за подкрепа');
  await poll(acts).toEqual(['Изготви план за подкрепа', 'Закрий случая']);
  const draft = await act('Изготви план за подкрепа');
  await draft.getByRole('group', { name: 'Цел 1' }).getByLabel(/^Цел/).fill('Договорени срещи на детето с бащата');
  await draft.getByRole('button', { name: 'Изготви план за подкрепа' }).click();
  await poll(acts).toEqual(['Въведи плана в действие', 'Закрий случая']);
  await (await act('Въведи плана в действие')).getByRole('button', { name: 'Въведи плана в действие' }).click();
  await poll(acts).toEqual(['Изготви договор', 'Закрий случая']);
  expect(await stage()).toBe('План за подкрепа');

  // The contract: she signs it herself (no representative); a short term, ending in 20 days.
  const contractForm = await act('Изготви договор');
  expect(await contractForm.getByLabel(/^Законен представител/).inputValue()).toBe('');
  await contractForm.getByRole('group', { name: 'Услуги по договора' }).getByRole('checkbox').first().check();
  await contractForm.getByLabel(/^Край на срока/).fill(day(20));
  await contractForm.getByRole('button', { name: 'Изготви договор' }).click();
  await poll(acts).toEqual(['Сключи договора', 'Закрий случая']);
  const card = page.getByTestId('contract-card');
  await poll(() => card.textContent()).toContain('Подписва самият потребител');
  await (await act('Сключи договора')).getByRole('button', { name: 'Сключи договора' }).click();
  await poll(stage).toBe('Активен');
  const activeActs = ['Запиши преглед на плана', 'Започни повторна оценка', 'Изготви план за подкрепа', 'Удължи договора', 'Прекрати договора', 'Закрий случая'];
  await poll(acts).toEqual(activeActs);
  await shot('active');

  // The dashboard names her contract as ending soon, and leads back to the case.
  await page.goto('/');
  const ending = page.getByTestId('contracts-ending');
  const row = ending.getByTestId('contract-ending').filter({ hasText: fullName });
  await ending.getByTestId('contract-ending').first().waitFor();
  for (let more = ending.getByRole('button', { name: 'Покажи още' }); (await row.count()) === 0 && (await more.count()) > 0; ) {
    const shown = await ending.getByTestId('contract-ending').count();
    await more.click();
    await poll(() => ending.getByTestId('contract-ending').count()).toBeGreaterThan(shown);
  }
  await poll(() => row.locator('.badge').textContent()).toBe('изтича след 20 дни');
  await shot('dashboard-ending');
  await row.getByRole('link').click();
  await page.waitForURL((url) => url.pathname === caseUrl);
  await poll(acts).toEqual(activeActs);

  // A session held today.
  await page.getByTestId('log-session-for-case').click();
  await page.getByRole('heading', { level: 1, name: 'Запиши сесия' }).waitFor();
  await page.getByText('Консултация', { exact: true }).click();
  await page.getByText('60 минути', { exact: true }).click();
  await page.getByLabel(/^Кратко описание/).fill('Консултация с майката.');
  await page.getByRole('button', { name: 'Запиши сесията' }).click();
  await page.waitForURL((url) => url.pathname === caseUrl && url.search.includes('logged=1'));
  await poll(() => page.getByTestId('case-timeline').textContent()).toContain('Консултация');
  await poll(acts).toEqual(activeActs);

  // A review of the plan.
  const review = await act('Запиши преглед на плана');
  await review.getByLabel(/^Резюме/).fill('Срещите с бащата са договорени.');
  await review.getByRole('button', { name: 'Запази' }).click();
  await poll(() => page.getByTestId('case-timeline').textContent()).toContain('Преглед на плана');

  // A reassessment: started from the case (the stage stays), every area rated again, compared.
  await (await act('Започни повторна оценка')).getByRole('button', { name: 'Започни повторна оценка' }).click();
  await poll(acts).toEqual(['Запиши преглед на плана', 'Завърши оценката', 'Изготви план за подкрепа', 'Удължи договора', 'Прекрати договора', 'Закрий случая']);
  expect(await stage()).toBe('Активен');
  const again = await act('Завърши оценката');
  await rateEveryArea(again, 'NO_CONCERN');
  await again.getByLabel(/^Заключение/).fill('Напредък: общуването е спокойно.');
  await again.getByRole('button', { name: 'Завърши оценката' }).click();
  await poll(acts).toEqual(activeActs);
  expect(await stage()).toBe('Активен');
  const assessments = page.locator('section[aria-labelledby="assess-h"]');
  await poll(() => assessments.locator('li').count()).toBe(2);
  await assessments.locator('li').nth(1).getByRole('button', { name: 'Покажи оценката' }).click();
  const view = assessments.getByTestId('assessment-view');
  await poll(() => view.textContent()).toContain('Сравнение с оценката от');
  expect(await view.getByTestId('area-HEALTH').textContent()).toMatch(/Известна потребност.*Без затруднения.*Подобрение/);
  await shot('reassessment');

  // She ends the contract by notice: the case stays active, the service stops.
  const end = await act('Прекрати договора');
  await end.getByLabel(/^Основание за прекратяване на договора/).selectOption('PERSON_REQUEST');
  await end.getByLabel(/^Бележка/).fill(`Писмено предизвестие Вх-${code}-16.`);
  await end.getByRole('button', { name: 'Прекрати договора' }).click();
  await poll(() => card.locator('.badge').first().textContent()).toBe('Прекратен');
  expect(await page.getByTestId('contract-ended').textContent()).toContain('Едностранно от потребителя (законния му представител) с писмено предизвестие');
  expect(await stage()).toBe('Активен');
  await poll(acts).toEqual(['Запиши преглед на плана', 'Изготви план за подкрепа', 'Изготви договор', 'Закрий случая']);
  await poll(() => page.getByTestId('delivery-halted').textContent()).toContain('Договорът за ползване на услугата е прекратен');
  expect(await page.getByTestId('log-session-for-case').count()).toBe(0);
  await shot('contract-ended');

  // Closure: no contract in force, so no ground is asked for it.
  const close = await act('Закрий случая');
  expect(await close.getByLabel(/^Основание за прекратяване на договора/).count()).toBe(0);
  await close.getByRole('button', { name: 'Закрий случая' }).click();
  await poll(stage).toBe('Закрит');
  expect(await bar.count()).toBe(0);
  await shot('closed');

  const stored = await rig.api.db.prisma.case.findUniqueOrThrow({
    where: { id: caseId },
    include: {
      person: true,
      participants: { include: { client: true } },
      statusChanges: { orderBy: { changedAt: 'asc' } },
      contracts: true,
      assessments: { orderBy: { createdAt: 'asc' }, include: { areas: true } },
      sessions: true,
    },
  });
  expect([stored.person.kind, stored.intakeRoute, stored.requestNumber, stored.concernRaisedBy]).toEqual(['ADULT', 'REQUEST', `Вх-${code}-15`, 'SELF']);
  expect(stored.participants.map((p) => [p.role, p.client.kind, p.client.firstName])).toEqual([['CHILD', 'CHILD', 'Филип']]);
  expect(stored.statusChanges.map((s) => s.toStatus)).toEqual(['REFERRED', 'ASSESSMENT', 'SUPPORT_PLAN', 'ACTIVE', 'CLOSED']);
  expect(stored.contracts.map((k) => [k.status, k.endGround, k.representativeId, isoDay(k.endsOn)])).toEqual([['ENDED', 'PERSON_REQUEST', null, day(20)]]);
  expect(stored.assessments.map((a) => [a.completedOn !== null, a.areas.length])).toEqual([
    [true, areasFor('ADULT').length],
    [true, areasFor('ADULT').length],
  ]);
  expect(stored.sessions).toHaveLength(1);
}

/** Every area the form shows rated (an adult's: those that apply), once it shows them all. */
async function rateEveryArea(form: Locator, rating: string): Promise<void> {
  const ratings = form.locator('[data-testid^="side-"] select');
  await poll(() => ratings.count()).toBe(areasFor('ADULT').length);
  for (let i = 0, n = await ratings.count(); i < n; i++) await ratings.nth(i).selectOption(rating);
  for (let i = 0, n = await ratings.count(); i < n; i++) await poll(() => ratings.nth(i).inputValue()).toBe(rating);
}
