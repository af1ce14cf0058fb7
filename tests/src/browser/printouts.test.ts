import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { pdfText } from '../support/pdf.ts';
import { CHROMIUM, openApp, screenshot, signIn, useWebRig } from './browser.ts';

// Printable documents on the case page (issue #16 item 1): the case team clicks „Досие на
// случая (PDF)“ and gets a PDF download whose text names the case; in English when asked; and a
// consent's declaration from the client's consents.

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

describe.skipIf(!CHROMIUM)('web app in Chromium: printable documents', () => {
  const rig = useWebRig();

  it.each([
    ['plovdiv', DEMO.plovdivManager],
    ['kazanlak', DEMO.kazanlakManager],
  ] as const)('the case file of a %s case downloads as a PDF with the case number', async (slug, email) => {
    const p = rig.api.db.prisma;
    const c = await p.case.findFirstOrThrow({
      where: { center: { slug }, status: 'CLOSED', sessions: { some: {} } },
      orderBy: { number: 'asc' },
      select: { id: true, number: true, personId: true, center: { select: { nameBg: true } } },
    });
    const { page, context, problems } = await openApp(rig);
    await signIn(page, email);
    await page.goto(`/cases/${encodeURIComponent(gid('Case', c.id))}`);
    const section = page.getByTestId('printouts');
    await section.waitFor();
    await screenshot(page, `70-printouts-${slug}`);

    const [download] = await Promise.all([page.waitForEvent('download'), section.getByTestId('print-case-file').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${c.number}-case-file-.*\\.pdf$`));
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text } = await pdfText(bytes);
    expect(text).toContain('Досие на случая');
    expect(text).toContain(c.number);
    expect(text).toContain(c.center.nameBg);
    await section.getByRole('status').waitFor();

    // English on request.
    await section.getByLabel('Език на документа').selectOption('en');
    const [english] = await Promise.all([page.waitForEvent('download'), section.getByTestId('print-case-file').click()]);
    const en = await pdfText(await readFile((await english.path())!));
    expect(en.text).toContain('Case file');
    expect(en.text).toContain(c.number);

    if (slug === 'plovdiv') {
      // The declaration of a consent, from the client's page.
      await page.goto(`/clients/${encodeURIComponent(gid('Client', c.personId))}`);
      const [declaration] = await Promise.all([page.waitForEvent('download'), page.getByTestId('print-consent').first().click()]);
      const consent = await pdfText(await readFile((await declaration.path())!));
      expect(consent.text).toContain('Декларация за информирано съгласие');
      expect(consent.text).toContain(c.number);
    }
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);
});
