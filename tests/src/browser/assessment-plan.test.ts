import { describe, expect, it } from 'vitest';
import { isoDay, today } from '@opora/common/calendar';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// The structured ИОП and the full ИПП through the built app (issue #15, items 2 and 3): the
// worker rates every area of the three sides (an area left unrated is named by the server and
// shown under it), records risks, sources and who took part; drafts a plan whose goal answers
// an assessed area, with a service's frequency, place and responsible worker; puts it into
// effect, revises it, and reads the superseded version unchanged.

const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

describe.skipIf(!CHROMIUM)('web app in Chromium: the structured assessment and the support plan with its versions', () => {
  const rig = useWebRig();

  it('fills the ИОП, drafts an ИПП with a goal tied to an area, revises it and reads the version before', async () => {
    const { page, context, problems } = await openApp(rig);
    await signIn(page, DEMO.plovdivManager);

    await page.getByRole('link', { name: 'Ново насочване' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Ново насочване' }).waitFor();
    await page.getByLabel('Име', { exact: true }).fill('Вера');
    await page.getByLabel('Фамилия', { exact: true }).fill('Оценкова');
    await page.getByLabel(/^Дата на раждане/).fill('2013-04-11');
    // The mother's own request today; the school raised the concern.
    await page.getByLabel('Заявяване от лицето', { exact: true }).check();
    await page.getByLabel(/^Дата на заявлението/).fill(isoDay(today()));
    await page.getByLabel(/^Сигнал за нуждата от/).selectOption('SCHOOL');
    await page.getByRole('button', { name: 'Открий случай' }).click();
    await page.waitForURL(/\/cases\/[^/?]+\?opened=1/);
    const caseId = rawId(decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!));

    const bar = page.getByRole('group', { name: 'Действия по случая' });
    const stage = () => page.locator('.page-header .lead .badge').first().textContent();
    const panel = (heading: string) => page.locator('form.panel').filter({ has: page.getByRole('heading', { name: heading }) });

    await bar.getByRole('button', { name: 'Започни оценка' }).click();
    await panel('Започни оценка').getByRole('button', { name: 'Започни оценка' }).click();
    await poll(stage).toBe('Оценка на потребностите');

    // The form: the three sides of the framework, each with its areas.
    await bar.getByRole('button', { name: 'Завърши оценката' }).click();
    const form = panel('Завърши оценката');
    await form.getByRole('group', { name: 'Потребности от развитие' }).waitFor();
    expect(await form.locator('fieldset[data-testid^="side-"] > legend').allTextContents()).toEqual(['Потребности от развитие', 'Родителски капацитет', 'Семейни и обкръжаващи фактори']);
    await form.getByLabel('Образование', { exact: true }).selectOption({ label: 'Значителна потребност' });
    await form.getByLabel('Бележки: Образование').fill('Изостава в четенето.');
    await form.getByLabel('Емоционална топлина', { exact: true }).selectOption({ label: 'Силна страна' });
    await form.getByLabel(/^Рискове/).fill('Отпадане от училище');
    await form.getByLabel(/^Силни страни/).fill('Подкрепяща баба');
    await form.getByLabel(/^Източници на информация/).fill('Разговор с класния ръководител\nДоклад на ОЗД');
    const people = form.getByTestId('participants');
    await people.getByRole('button', { name: 'Добави участник' }).click();
    await people.getByLabel('Роля').selectOption('PARENT');
    await people.getByLabel('Име', { exact: true }).fill('Мария Оценкова');
    await people.getByLabel('Изслушан').check();
    await people.getByLabel('Съгласен').check();
    await people.getByLabel('Подписал').check();
    await form.getByLabel(/^Заключение/).fill('Нужда от подкрепа в ученето; топла връзка с майката.');

    // Completing with areas not rated: the server names each; the page shows it under the area.
    await form.getByRole('button', { name: 'Завърши оценката' }).click();
    await poll(() => form.getByTestId('form-error').textContent()).toContain('неоценени области: 17');
    expect(await form.getByRole('group', { name: 'Потребности от развитие' }).textContent()).toContain('Оценете тази област.');
    expect(await stage()).toBe('Оценка на потребностите');
    expect(await rig.api.db.prisma.assessmentAreaRating.count({ where: { assessment: { caseId } } })).toBe(0);
    await screenshot(page, '70-assessment-areas-not-rated');

    // What is filled is saved as it is.
    await form.getByRole('button', { name: 'Запази оценката' }).click();
    await poll(() => form.getByRole('status').textContent()).toContain('Оценката е запазена.');
    const selects = form.locator('[data-testid^="side-"] select');
    for (let i = 0, n = await selects.count(); i < n; i++) {
      if (!(await selects.nth(i).inputValue())) await selects.nth(i).selectOption('NO_CONCERN');
    }
    await form.getByRole('button', { name: 'Завърши оценката' }).click();
    await poll(stage).toBe('План за подкрепа');
    const stored = await rig.api.db.prisma.assessment.findFirstOrThrow({ where: { caseId }, include: { areas: true, participants: true } });
    expect(stored.areas).toHaveLength(19);
    expect(stored.areas.find((a) => a.area === 'EDUCATION')).toMatchObject({ rating: 'SIGNIFICANT_NEED', notes: 'Изостава в четенето.' });
    expect(stored.sources).toEqual(['Разговор с класния ръководител', 'Доклад на ОЗД']);
    expect(stored.participants).toEqual([expect.objectContaining({ role: 'PARENT', name: 'Мария Оценкова', heard: true, agreed: true, signed: true })]);

    // The assessment as read on the page.
    const assessments = page.locator('section[aria-labelledby="assess-h"]');
    await assessments.getByRole('button', { name: 'Покажи оценката' }).click();
    await poll(() => assessments.getByTestId('area-EDUCATION').textContent()).toContain('Значителна потребност');
    await screenshot(page, '71-assessment-read');

    // The plan: a goal answering the education need, a weekly service at school.
    await bar.getByRole('button', { name: 'Изготви план за подкрепа' }).click();
    const draft = panel('Изготви план за подкрепа');
    const goal = draft.getByRole('group', { name: 'Цел 1' });
    await goal.getByLabel(/^Цел/).fill('Чете с разбиране текст за възрастта си');
    await goal.getByLabel(/^Потребност/).selectOption({ label: 'Образование — Значителна потребност' });
    await draft.getByRole('button', { name: 'Добави услуга' }).click();
    const service = draft.getByRole('group', { name: 'Услуга 1' });
    await service.getByLabel(/^Услуга/).selectOption({ index: 1 });
    await service.getByLabel(/^Колко пъти/).fill('2');
    await service.getByLabel(/^Период/).selectOption('WEEK');
    await service.getByLabel(/^Място/).selectOption('SCHOOL');
    await service.getByLabel(/^Отговорен служител/).selectOption({ index: 1 });
    await draft.getByTestId('participants').getByRole('button', { name: 'Добави участник' }).click();
    await draft.getByTestId('participants').getByLabel('Име', { exact: true }).fill('Мария Оценкова');
    await draft.getByTestId('participants').getByLabel('Съгласен').check();
    await screenshot(page, '72-plan-form');
    await draft.getByRole('button', { name: 'Изготви план за подкрепа' }).click();
    await poll(() => bar.locator('[data-testid^="case-action-"]').allTextContents()).toEqual(['Въведи плана в действие', 'Закрий случая']);
    const planCard = page.getByRole('region', { name: 'План за подкрепа' });
    await poll(() => planCard.getByTestId('plan-version').textContent()).toContain('отговаря на: Образование');
    expect(await planCard.getByTestId('plan-services-list').textContent()).toContain('2 пъти седмично · В училището');

    await bar.getByRole('button', { name: 'Въведи плана в действие' }).click();
    await panel('Въведи плана в действие').getByRole('button', { name: 'Въведи плана в действие' }).click();
    // In effect; the contract comes next (the case stays in planning).
    await poll(() => bar.locator('[data-testid^="case-action-"]').allTextContents()).toEqual(['Изготви договор', 'Закрий случая']);
    // The plan in effect is revised once the case is active, after its contract is concluded (the
    // contract's own walk is tests/src/browser/case-lifecycle.test.ts): set active behind the page.
    await rig.api.db.prisma.case.update({ where: { id: caseId }, data: { status: 'ACTIVE' } });
    await page.reload();
    await poll(stage).toBe('Активен');

    // Revising: a draft of version 2 with the same goal, edited, then put into effect.
    await bar.getByRole('button', { name: 'Изготви план за подкрепа' }).click();
    await panel('Преработи плана').getByRole('button', { name: 'Преработи плана' }).click();
    const edit = panel('Редактирай черновата');
    const revisedGoal = edit.getByRole('group', { name: 'Цел 1' });
    await poll(() => revisedGoal.getByLabel(/^Цел/).inputValue()).toBe('Чете с разбиране текст за възрастта си');
    await revisedGoal.getByLabel(/^Цел/).fill('Чете и преразказва текст за възрастта си');
    // The save is answered only after the person has opened the next action (a slow line; CI saw
    // it under load): its answer must not close the panel opened meanwhile.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/graphql', async (route) => {
      if (route.request().postData()?.includes('"operationName":"UpdateStructuredPlan"')) await held;
      await route.continue();
    });
    const saved = page.waitForResponse((r) => r.request().postData()?.includes('"operationName":"UpdateStructuredPlan"') ?? false, { timeout: 120_000 });
    await edit.getByRole('button', { name: 'Запази' }).click();
    // The case was set active without its contract: recording it is offered too.
    await poll(() => bar.locator('[data-testid^="case-action-"]').allTextContents()).toEqual(['Запиши преглед на плана', 'Започни повторна оценка', 'Въведи плана в действие', 'Изготви договор', 'Закрий случая']);
    await bar.getByRole('button', { name: 'Въведи плана в действие' }).click();
    await panel('Въведи плана в действие').waitFor();
    release();
    expect((await (await saved).json()).errors).toBeUndefined();
    await page.unroute('**/graphql');
    await page.waitForLoadState('networkidle');
    expect(await panel('Въведи плана в действие').count()).toBe(1);
    await panel('Въведи плана в действие').getByRole('button', { name: 'Въведи плана в действие' }).click();

    const versions = planCard.getByTestId('plan-versions');
    await poll(() => versions.textContent()).toContain('Версия 2 · Действащ');
    // Version 1's new status comes with the page's reload after the step (the answer names version 2).
    await poll(() => versions.textContent()).toContain('Версия 1 · Заменен с нова версия');
    await poll(() => planCard.getByTestId('plan-version').textContent()).toContain('Чете и преразказва текст за възрастта си');
    await versions.getByRole('button', { name: /^Версия 1/ }).click();
    await poll(() => planCard.getByTestId('plan-version').getAttribute('data-version')).toBe('1');
    expect(await planCard.getByTestId('plan-version').textContent()).toContain('Чете с разбиране текст за възрастта си');
    // A superseded version's goals are read, not edited.
    expect(await planCard.getByTestId('plan-version').locator('select').count()).toBe(0);
    await screenshot(page, '73-plan-versions');

    const plans = await rig.api.db.prisma.supportPlan.findMany({ where: { caseId }, orderBy: { revisionNumber: 'asc' }, include: { goals: true } });
    expect(plans.map((p) => [p.revisionNumber, p.status])).toEqual([
      [1, 'SUPERSEDED'],
      [2, 'ACTIVE'],
    ]);
    expect(plans[1]!.revisionOfId).toBe(plans[0]!.id);
    expect(plans[0]!.goals[0]!.description).toBe('Чете с разбиране текст за възрастта си');
    expect(plans[1]!.goals[0]!.areaRatingId).toBe(plans[0]!.goals[0]!.areaRatingId);
    // The refused completion is logged by the browser as a failed GraphQL answer, nothing else.
    expect(problems.filter((p) => !p.includes('GraphQL'))).toEqual([]);
    await context.close();
  }, 400_000);
});
