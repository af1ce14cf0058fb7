import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// Issue 18 item 2 in the browser: a municipal official writes a section of the yearly analysis,
// signs it off (with a confirmation), downloads the .docx and its text is read back; and the
// center manager's screen for the services municipalities contract (add, then end, a contract).

const TYPE = 'SP_PSYCHOLOGICAL_THERAPY';
const SPENDING = 'През годината общината изразходва 412 000 лв. за социални услуги за деца.';

async function downloaded(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
}

describe.skipIf(!CHROMIUM)('web app in Chromium: the municipal analysis and the municipal service contracts', () => {
  // The decided figures the server prepares at start, ready before the first screen.
  const rig = useWebRig((r) => r.api.prepareAggregates());

  it('a municipal official writes a section, signs the analysis off and downloads it as .docx', async () => {
    const { page, problems } = await openApp(rig);
    await signIn(page, DEMO.kazanlakViewer);
    await page.getByRole('link', { name: 'Годишен анализ' }).click();
    const sections = page.locator('section[aria-labelledby="analysis-sections"]');
    await sections.waitFor();
    // The screen's tables for the year: a hidden cell shows the screen's word, never a number.
    const figures = page.locator('section[aria-labelledby="analysis-figures"]');
    await poll(() => figures.locator('td[data-hidden]').count()).toBeGreaterThan(0);
    expect(await figures.locator('td[data-hidden]').first().textContent()).toBe('x (скрито)');

    // The screen's refetch after a save is held back until the sign-off has been answered, as on
    // a slow line: the sign-off must name the version the save returned, not the one read before.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const isOperation = (body: string | null, name: string) => body?.includes(`"operationName":"${name}"`) ?? false;
    await page.route('**/graphql', async (route) => {
      if (isOperation(route.request().postData(), 'MunicipalAnalysis')) await held;
      await route.continue();
    });
    await sections.getByLabel('Разходи за социални услуги').fill(SPENDING);
    await sections.getByRole('button', { name: 'Запази раздела Разходи за социални услуги' }).click();
    await poll(() => sections.getByRole('status').first().textContent()).toContain('Разделът е запазен.');
    await sections.getByRole('button', { name: 'Подпиши анализа' }).click();
    const signOff = page.waitForResponse((r) => isOperation(r.request().postData(), 'SignOffMunicipalAnalysis'), { timeout: 120_000 });
    await sections.getByRole('alertdialog').getByRole('button', { name: 'Потвърждавам подписването' }).click();
    const answer = (await (await signOff).json()) as { errors?: unknown; data?: { signOffMunicipalAnalysis?: { status: string } } };
    release();
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.signOffMunicipalAnalysis?.status).toBe('SIGNED_OFF');
    await poll(() => sections.locator('[data-status]').getAttribute('data-status')).toBe('SIGNED_OFF');
    await poll(() => sections.getByLabel('Разходи за социални услуги').count()).toBe(0);
    expect(await sections.locator('[data-section="SPENDING"]').textContent()).toContain(SPENDING);
    await screenshot(page, '92-municipal-analysis-signed');

    const docx = await downloaded(page, sections.getByRole('button', { name: 'Изтегли .docx' }));
    expect(docx.name).toMatch(/\.docx$/);
    const text = (await mammoth.extractRawText({ buffer: docx.bytes })).value;
    expect(text).toContain('Анализ на социалните услуги в общината');
    expect(text).toContain('Община Казанлък');
    expect(text).toContain(SPENDING);
    expect(text).toContain('Подписан на');
    expect(text).toContain('Обслужени клиенти');
    expect(text).toContain('x (скрито)');
    expect(text.indexOf('2. Разходи за социални услуги')).toBeLessThan(text.indexOf('6. Данни за услугите'));
    expect(problems).toEqual([]);
  }, 300_000);

  it('the manager adds a municipal service contract on screen and ends it', async () => {
    const { page, problems } = await openApp(rig);
    await signIn(page, DEMO.plovdivManager);
    await page.goto('/settings?tab=partners');
    const contracts = page.locator('section[aria-labelledby="service-contracts-h"]');
    await contracts.waitFor();
    const municipality = await rig.api.db.prisma.municipality.findUniqueOrThrow({ where: { code: 'PDV22' }, select: { id: true, nameBg: true, regionBg: true } });
    const form = contracts.getByRole('form', { name: 'Добави договор' });
    await poll(() => form.locator('option').count()).toBeGreaterThan(2);
    await form.getByLabel('Община').selectOption({ label: `${municipality.nameBg} (${municipality.regionBg})` });
    await form.getByLabel('Услуга').selectOption(TYPE);
    await form.getByRole('button', { name: 'Добави договор' }).click();
    const row = contracts.locator(`li[data-service="${TYPE}"]`);
    await poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(municipality.nameBg);
    const stored = () => rig.api.db.prisma.municipalServiceContract.count({ where: { municipalityId: municipality.id, serviceType: TYPE } });
    expect(await stored()).toBe(1);
    await screenshot(page, '93-municipal-service-contract');

    await row.getByRole('button', { name: /Прекрати договора/ }).click();
    await poll(() => row.count()).toBe(0);
    expect(await stored()).toBe(0);
    expect(problems).toEqual([]);
  }, 300_000);
});
