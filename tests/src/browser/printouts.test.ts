import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { areasFor } from '@opora/common/assessment';
import { enumLabel } from '@opora/common/vocabulary';
import { DEMO } from '../support/api.ts';
import { pdfText } from '../support/pdf.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// Printable documents on the case page (issue #16): for a demo case of each center, the case team
// downloads every document the case has (the case file, the closure report, each needs
// assessment, each support plan version, each contract, a referral letter) and a consent's
// declaration from the client's page; each PDF's text (read back with a PDF text library) names
// the case, every paper about the work names the assessed areas, and none carries a restricted
// note (one planted for the test, and any the demo has). English on request.

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

type Printed = { kind: string; name: string; text: string };

/** Clicks a printout button and reads the PDF it downloads (then waits until the card is ready again). */
async function print(page: Page, section: Locator, button: Locator, kind: string): Promise<Printed> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const name = download.suggestedFilename();
  const bytes = await readFile((await download.path())!);
  expect(bytes.subarray(0, 5).toString('latin1'), name).toBe('%PDF-');
  await poll(() => section.getByRole('status').textContent()).toContain(name);
  return { kind, name, text: (await pdfText(bytes)).text };
}

describe.skipIf(!CHROMIUM)('web app in Chromium: printable documents', () => {
  const rig = useWebRig();

  it.each([
    ['plovdiv', DEMO.plovdivManager],
    ['kazanlak', DEMO.kazanlakManager],
  ] as const)('every document of a %s case downloads as a PDF with the case number and the assessed areas, never a restricted note', async (slug, email) => {
    const p = rig.api.db.prisma;
    // A closed case with the whole lifecycle: assessed by areas, a plan whose goals answer them,
    // a contract extended by annex, sessions, and consents.
    const c = await p.case.findFirstOrThrow({
      where: {
        center: { slug },
        status: 'CLOSED',
        sessions: { some: {} },
        assessments: { some: { completedOn: { not: null }, areas: { some: {} } } },
        supportPlans: { some: { goals: { some: { areaRatingId: { not: null } } } } },
        contracts: { some: { extensions: { some: {} } } },
        person: { consents: { some: {} } },
      },
      orderBy: { number: 'asc' },
      select: {
        id: true, number: true, personId: true, centerId: true,
        person: { select: { kind: true } },
        center: { select: { nameBg: true } },
        contracts: { select: { number: true } },
        supportPlans: { select: { goals: { select: { areaRating: { select: { area: true } } } } } },
      },
    });
    // A restricted note planted on the case (the app runs only its own operations: straight into its database).
    const manager = await p.membership.findFirstOrThrow({ where: { centerId: c.centerId, user: { email } }, select: { id: true } });
    const secret = `ПОВЕРИТЕЛНО-${slug}-${randomUUID().slice(0, 8)}`;
    await p.note.create({ data: { centerId: c.centerId, caseId: c.id, authorId: manager.id, confidentiality: 'RESTRICTED', body: secret }, select: { id: true } });
    const restricted = (await p.note.findMany({ where: { confidentiality: 'RESTRICTED', OR: [{ caseId: c.id }, { session: { caseId: c.id } }] }, select: { body: true } })).map((n) => n.body);
    expect(restricted).toContain(secret);
    const areas = areasFor(c.person.kind).map((a) => enumLabel('AssessmentArea', a, 'bg'));
    const goalAreas = new Set(c.supportPlans.flatMap((pl) => pl.goals.flatMap((g) => (g.areaRating ? [enumLabel('AssessmentArea', g.areaRating.area, 'bg')] : []))));

    const { page, context, problems } = await openApp(rig);
    await signIn(page, email);
    await page.goto(`/cases/${encodeURIComponent(gid('Case', c.id))}`);
    const section = page.getByTestId('printouts');
    await section.waitFor();
    await screenshot(page, `70-printouts-${slug}`);

    const printed: Printed[] = [];
    printed.push(await print(page, section, section.getByTestId('print-case-file'), 'case-file'));
    expect(printed[0]!.name).toMatch(new RegExp(`^${c.number}-case-file-.*\\.pdf$`));
    printed.push(await print(page, section, section.getByTestId('print-closure-report'), 'closure-report'));
    for (const kind of ['needs-assessment', 'support-plan', 'contract'] as const) {
      const buttons = section.getByTestId(`print-${kind}`);
      const count = await buttons.count();
      expect(count, kind).toBeGreaterThan(0);
      for (let i = 0; i < count; i++) printed.push(await print(page, section, buttons.nth(i), kind));
    }
    expect(printed.filter((d) => d.kind === 'contract').length).toBe(c.contracts.length);
    // A referral to a partner organisation: whom to and why.
    await section.getByRole('button', { name: 'Насочване към друга организация' }).click();
    const partner = section.getByLabel('Към организация');
    await poll(() => partner.locator('option').count()).toBeGreaterThan(1);
    await partner.selectOption({ index: 1 });
    await section.getByLabel('Причина за насочването').fill('Нужда от специализирана логопедична терапия.');
    printed.push(await print(page, section, section.getByRole('button', { name: 'Насочване (PDF)' }), 'referral-letter'));

    for (const d of printed) {
      expect(d.text, d.name).toContain(c.number);
      expect(d.text, d.name).toContain(c.center.nameBg);
      for (const body of restricted) expect(d.text, d.name).not.toContain(body);
      // Every paper about the work names the assessed areas (a plan: those its goals answer).
      if (d.kind === 'support-plan') expect([...goalAreas].some((a) => d.text.includes(a)), d.name).toBe(true);
      else if (d.kind !== 'contract') for (const area of areas) expect(d.text, `${d.name}: ${area}`).toContain(area);
    }
    const contracts = printed.filter((d) => d.kind === 'contract');
    for (const number of c.contracts.map((k) => k.number)) expect(contracts.some((d) => d.text.includes(`Договор № ${number}`))).toBe(true);
    expect(contracts[0]!.text).toContain('Договор за ползване на социална услуга');
    expect(printed[0]!.text).toContain('Договори за ползване на услугата');

    // English on request.
    await section.getByLabel('Език на документа').selectOption('en');
    const english = await print(page, section, section.getByTestId('print-case-file'), 'case-file');
    expect(english.text).toContain('Case file');
    expect(english.text).toContain(c.number);
    expect(english.text).toContain(enumLabel('AssessmentArea', 'HEALTH', 'en'));

    // The declaration of a consent, from the client's page.
    await page.goto(`/clients/${encodeURIComponent(gid('Client', c.personId))}`);
    const [declaration] = await Promise.all([page.waitForEvent('download'), page.getByTestId('print-consent').first().click()]);
    const consent = await pdfText(await readFile((await declaration.path())!));
    expect(consent.text).toContain('Декларация за информирано съгласие');
    expect(consent.text).toContain(c.number);
    for (const body of restricted) expect(consent.text).not.toContain(body);
    expect(problems).toEqual([]);
    await context.close();
  }, 400_000);
});
