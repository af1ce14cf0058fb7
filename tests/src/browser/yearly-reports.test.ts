import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import { DEMO } from '../support/api.ts';
import { pdfText } from '../support/pdf.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// Issue 18 in the browser: the manager registers a complaint and sees it counted in the 2025
// report of a service, writes the narrative parts, signs the report off (with a confirmation),
// downloads it as .docx and PDF (text read back), and the municipality's viewer sees it only once
// the municipality contracts that service.

const TYPE = 'SP_PSYCHOLOGICAL_THERAPY';

async function downloaded(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
}

describe.skipIf(!CHROMIUM)('web app in Chromium: the yearly report per service', () => {
  const rig = useWebRig();

  it('a manager counts a complaint, writes, signs off and downloads the 2025 report; the municipality sees it once it contracts the service', async () => {
    const { page, problems } = await openApp(rig);
    await signIn(page, DEMO.plovdivManager);
    await page.getByRole('link', { name: 'Годишни отчети' }).click();
    const card = page.locator(`article[data-service="${TYPE}"]`);
    await card.waitFor();
    const received = () => card.locator('tr[data-code="complaints.received"] td').textContent();
    const before = Number(await received());

    // A complaint registered in the app is counted.
    await page.getByRole('link', { name: 'Регистри' }).click();
    const form = page.getByRole('form', { name: 'Жалби и сигнали' });
    await form.getByLabel('Получена на').fill('2025-06-03');
    await form.getByLabel('Начин на получаване').selectOption('PHONE');
    await form.getByLabel('Услуга').selectOption(TYPE);
    await form.getByLabel('Относно').fill('Родител сигнализира за отменени терапии');
    await form.getByRole('button', { name: 'Регистрирай' }).click();
    await page.getByLabel('Година', { exact: true }).selectOption('2025');
    await poll(() => page.getByText('Родител сигнализира за отменени терапии').count()).toBe(1);
    await page.getByRole('link', { name: 'Годишни отчети' }).click();
    await card.waitFor();
    await poll(async () => Number(await received())).toBe(before + 1);

    // The narrative parts, saved as a draft, then signed off with a confirmation.
    await card.getByLabel('Постигнати резултати спрямо целите за годината').fill('Всички деца от плана завършиха терапията.');
    await card.getByLabel('Програма за качество').fill('Програмата за качество е изпълнена.');
    await card.getByLabel('Вътрешен контрол и мониторинг').fill('Ежемесечен преглед на досиетата.');
    await card.getByRole('button', { name: 'Запази черновата' }).click();
    await poll(() => card.getByRole('status').first().textContent()).toContain('Черновата е запазена.');
    await card.getByRole('button', { name: 'Подпиши отчета' }).click();
    await card.getByRole('alertdialog').getByRole('button', { name: 'Потвърждавам подписването' }).click();
    await poll(() => card.locator('[data-status]').getAttribute('data-status')).toBe('SIGNED_OFF');
    await poll(() => card.getByLabel('Програма за качество').count()).toBe(0);
    await screenshot(page, '90-yearly-report-signed');

    const docx = await downloaded(page, card.getByRole('button', { name: 'Изтегли .docx' }));
    expect(docx.name).toMatch(/\.docx$/);
    const docText = (await mammoth.extractRawText({ buffer: docx.bytes })).value;
    expect(docText).toContain('Годишен отчет за дейността по социалната услуга');
    expect(docText).toContain('Всички деца от плана завършиха терапията.');
    expect(docText).toContain('Ежемесечен преглед на досиетата.');
    expect(docText.indexOf('7. Жалби и сигнали')).toBeLessThan(docText.indexOf('10. Програма за качество'));
    const pdf = await downloaded(page, card.getByRole('button', { name: 'Изтегли PDF' }));
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text } = await pdfText(pdf.bytes);
    expect(text).toContain('Годишен отчет за дейността по социалната услуга');
    expect(text).toContain('Програмата за качество е изпълнена.');

    // The municipality's viewer: nothing until the municipality contracts the service.
    const municipal = await openApp(rig);
    await signIn(municipal.page, DEMO.plovdivViewer);
    await municipal.page.goto('/municipality');
    const signed = municipal.page.locator('section[aria-labelledby="signed-reports"]');
    await poll(() => signed.textContent()).toContain('Няма подписани отчети, които можете да видите.');
    const municipalityId = (await rig.api.db.prisma.membership.findFirstOrThrow({ where: { user: { email: DEMO.plovdivViewer } } })).municipalityId!;
    // The rig enforces the app's trusted operations: the contract goes straight into the database.
    const center = await rig.api.db.prisma.center.findUniqueOrThrow({ where: { slug: 'plovdiv' }, select: { id: true } });
    await rig.api.db.prisma.municipalServiceContract.create({ data: { centerId: center.id, municipalityId, serviceType: TYPE, since: new Date() } });
    await municipal.page.reload();
    await poll(() => signed.locator(`article[data-service="${TYPE}"]`).count()).toBe(1);
    expect(await signed.locator('article').count()).toBe(1);
    await screenshot(municipal.page, '91-yearly-report-municipality');
    expect(problems).toEqual([]);
    expect(municipal.problems).toEqual([]);
  }, 300_000);
});
