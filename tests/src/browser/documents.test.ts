import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// The Documents section of the case page on a phone (issue 16): a PDF uploaded, listed,
// downloaded (the same bytes), voided with a reason; a page disguised as a PDF refused with
// the server's words.

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

describe.skipIf(!CHROMIUM)('web app in Chromium: documents on a case', () => {
  const rig = useWebRig();

  it('uploads a PDF on a phone, lists it, downloads the same bytes and voids it with a reason', async () => {
    // The app runs only its own operations (trusted documents): the case is picked from the database.
    const row0 = await rig.api.db.prisma.case.findFirstOrThrow({ where: { center: { slug: 'plovdiv' } }, select: { id: true }, orderBy: { number: 'asc' } });
    const kase = { id: Buffer.from(`Case:${row0.id}`).toString('base64url') };

    const { page, problems } = await openApp(rig, { phone: true });
    await signIn(page, DEMO.plovdivManager);
    await page.goto(`/cases/${encodeURIComponent(kase.id)}`);
    const section = page.getByTestId('documents');
    await section.getByRole('heading', { name: 'Документи' }).waitFor();

    // A page named .pdf: refused, with the server's words, and nothing listed.
    await section.getByTestId('document-file').setInputFiles({ name: 'Оценка.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<!doctype html><script>alert(1)</script>') });
    await poll(() => section.getByTestId('document-error').textContent()).toContain('Файлът не е приет');
    expect(await section.getByTestId('document-row').filter({ hasText: 'Оценка.pdf' }).count()).toBe(0);

    await section.getByTestId('document-file').setInputFiles({ name: 'Декларация за съгласие.pdf', mimeType: 'application/pdf', buffer: PDF });
    const row = section.getByTestId('document-row').filter({ hasText: 'Декларация за съгласие.pdf' });
    await row.waitFor();
    expect(await row.textContent()).toContain('PDF');
    await screenshot(page, '90-case-documents-phone');

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Изтегли' }).click()]);
    expect(download.suggestedFilename()).toBe('Декларация за съгласие.pdf');
    const saved = await download.path();
    expect((await readFile(saved!)).equals(PDF)).toBe(true);

    await row.getByRole('button', { name: 'Анулирай' }).click();
    await row.getByLabel('Причина за анулирането').fill('Качен към грешен случай');
    await row.getByRole('button', { name: 'Анулирай файла' }).click();
    await poll(() => row.textContent()).toContain('Анулиран');
    await poll(() => row.textContent()).toContain('Качен към грешен случай');
    // Still listed, still downloadable: voiding never deletes.
    expect(await row.getByRole('button', { name: 'Изтегли' }).count()).toBe(1);
    await screenshot(page, '91-case-document-voided');

    // The manager sets the center's limits on the settings screen; the Documents section states them.
    await page.goto('/settings?tab=profile');
    const limits = page.getByRole('region', { name: 'Прикачени файлове' });
    await limits.getByRole('button', { name: 'Промени ограниченията' }).click();
    await limits.getByLabel('Най-голям файл (MB)').fill('5');
    await limits.getByLabel('Най-много файлове към един запис').fill('12');
    await limits.getByRole('button', { name: 'Запази' }).click();
    await poll(() => limits.getByTestId('file-limit-size').textContent()).toBe('5 MB');
    await page.goto(`/cases/${encodeURIComponent(kase.id)}`);
    await poll(() => section.textContent()).toContain('до 5 MB; до 12 файла');
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  }, 300_000);

  it('keeps the signed contract’s scan with the contract: uploaded on its card, listed there and on the case', async () => {
    const row0 = await rig.api.db.prisma.case.findFirstOrThrow({
      where: { center: { slug: 'kazanlak' }, status: 'ACTIVE', contracts: { some: { status: 'SIGNED' } } },
      select: { id: true, contracts: { where: { status: 'SIGNED' }, select: { number: true } } },
      orderBy: { number: 'asc' },
    });
    const { page, problems } = await openApp(rig, { phone: true });
    await signIn(page, DEMO.kazanlakManager);
    await page.goto(`/cases/${encodeURIComponent(Buffer.from(`Case:${row0.id}`).toString('base64url'))}`);
    const card = page.getByTestId('contract-card').filter({ hasText: row0.contracts[0]!.number });
    const papers = card.getByTestId('contract-documents');
    await papers.getByRole('heading', { name: 'Документи към договора' }).waitFor();
    await papers.getByTestId('document-file').setInputFiles({ name: 'Подписан договор.pdf', mimeType: 'application/pdf', buffer: PDF });
    const row = papers.getByTestId('document-row').filter({ hasText: 'Подписан договор.pdf' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Договор за ползване на услугата');
    await screenshot(page, '92-contract-documents-phone');
    // The case's own Documents section lists the contract's papers too (after a fresh load).
    await page.reload();
    const onCase = page.getByTestId('documents').getByTestId('document-row').filter({ hasText: 'Подписан договор.pdf' });
    await onCase.waitFor();
    expect(await onCase.textContent()).toContain('Договор за ползване на услугата');
    expect(problems).toEqual([]);
  }, 300_000);

  it('keeps papers with the assessment (ИОП) and the plan (ИПП) on the case page, and with a consent on the client page', async () => {
    const p = rig.api.db.prisma;
    const row0 = await p.case.findFirstOrThrow({
      where: {
        center: { slug: 'plovdiv' }, status: 'ACTIVE',
        assessments: { some: { completedOn: { not: null } } }, supportPlans: { some: { status: 'ACTIVE' } }, person: { consents: { some: { purpose: 'SERVICE_DELIVERY' } } },
      },
      select: { id: true, personId: true, supportPlans: { where: { status: 'ACTIVE' }, select: { id: true } }, person: { select: { consents: { where: { purpose: 'SERVICE_DELIVERY' }, select: { id: true } } } } },
      orderBy: { number: 'desc' },
    });
    const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
    const { page, problems } = await openApp(rig, { phone: true });
    await signIn(page, DEMO.plovdivManager);
    await page.goto(`/cases/${encodeURIComponent(gid('Case', row0.id))}`);

    // The assessment: its view opened, a scan of the signed ИОП uploaded and listed under it.
    await page.getByRole('button', { name: 'Покажи оценката' }).first().click();
    const onAssessment = page.getByTestId('assessment-documents');
    await onAssessment.getByRole('heading', { name: 'Документи към оценката' }).waitFor();
    await onAssessment.getByTestId('document-file').setInputFiles({ name: 'Подписана оценка.pdf', mimeType: 'application/pdf', buffer: PDF });
    const assessmentRow = onAssessment.getByTestId('document-row').filter({ hasText: 'Подписана оценка.pdf' });
    await assessmentRow.waitFor();
    expect(await assessmentRow.textContent()).toContain('Индивидуална оценка на потребностите');

    // The plan in effect: its signed copy kept with that version.
    const onPlan = page.getByTestId('plan-documents');
    await onPlan.getByRole('heading', { name: 'Документи към плана' }).waitFor();
    await onPlan.getByTestId('document-file').setInputFiles({ name: 'Подписан план.pdf', mimeType: 'application/pdf', buffer: PDF });
    const planRow = onPlan.getByTestId('document-row').filter({ hasText: 'Подписан план.pdf' });
    await planRow.waitFor();
    expect(await planRow.textContent()).toContain('Индивидуален план за подкрепа');
    await screenshot(page, '93-assessment-plan-documents-phone');

    // The consent, on the client's page: its papers opened, the signed declaration uploaded.
    await page.goto(`/clients/${encodeURIComponent(gid('Client', row0.personId))}`);
    const consent = page.getByTestId('consent-row').filter({ hasText: 'Ползване на услугата' }).first();
    await consent.getByRole('button', { name: 'Документи' }).click();
    const onConsent = consent.getByTestId('consent-documents');
    await onConsent.getByRole('heading', { name: 'Документи към съгласието' }).waitFor();
    await onConsent.getByTestId('document-file').setInputFiles({ name: 'Декларация (подписана).pdf', mimeType: 'application/pdf', buffer: PDF });
    const consentRow = onConsent.getByTestId('document-row').filter({ hasText: 'Декларация (подписана).pdf' });
    await consentRow.waitFor();
    expect(await consentRow.textContent()).toContain('Съгласие');
    await screenshot(page, '94-consent-documents-phone');

    // In the database (the app runs only its own operations): each file belongs to the record it was uploaded on, and to nothing else.
    const stored = async (fileName: string) =>
      p.attachment.findFirstOrThrow({ where: { fileName }, select: { clientId: true, caseId: true, contractId: true, assessmentId: true, supportPlanId: true, consentId: true, assessment: { select: { caseId: true } } } });
    const onIop = await stored('Подписана оценка.pdf');
    expect(onIop).toMatchObject({ clientId: null, caseId: null, contractId: null, supportPlanId: null, consentId: null, assessment: { caseId: row0.id } });
    expect(await stored('Подписан план.pdf')).toMatchObject({ clientId: null, caseId: null, contractId: null, assessmentId: null, consentId: null, supportPlanId: row0.supportPlans[0]!.id });
    const onConsentRow = await stored('Декларация (подписана).pdf');
    expect(onConsentRow).toMatchObject({ clientId: null, caseId: null, contractId: null, assessmentId: null, supportPlanId: null });
    expect(row0.person.consents.map((c) => c.id)).toContain(onConsentRow.consentId);
    expect(problems).toEqual([]);
  }, 300_000);
});
