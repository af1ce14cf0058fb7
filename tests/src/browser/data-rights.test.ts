import { describe, expect, it } from 'vitest';
import { runRetention } from '@opora/schema';
import { addDays, addMonths, isoDay, now, today, useClock } from '@opora/common/calendar';
import { DEMO } from '../support/api.ts';
import { bg } from '../../../web/src/i18n/bg.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// A retention run (issue #19, data rights): the manager sets the center's retention period on its
// settings, the job runs on a day two years on (a driven clock), and the person's page then shows
// the record anonymised: no name, no contacts, the banner that says why.

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

describe.skipIf(!CHROMIUM)('web app in Chromium: retention', () => {
  let personId = '';
  const rig = useWebRig(async (rig) => {
    const sql = <T>(q: string, ...p: unknown[]) => rig.api.db.prisma.$queryRawUnsafe<T[]>(q, ...p);
    const [center] = await sql<{ id: string }>(`SELECT id::text FROM "Center" WHERE slug = 'kazanlak'`);
    const [person] = await sql<{ id: string }>(
      `INSERT INTO "Client" ("centerId", kind, "firstName", "lastName", "searchName", "birthDate", "birthYear", sex, phone, address)
       VALUES ($1::uuid, 'CHILD', 'Ефросина', 'Браузърова', 'efrosina brauzarova', DATE '2011-06-14', 2011, 'FEMALE', '+359888555444', 'ул. Браузърна 3') RETURNING id::text`,
      center!.id,
    );
    personId = person!.id;
    // Her only case closed a month ago: not due under any rule today.
    await sql(
      `INSERT INTO "Case" ("centerId", number, "childId", status, "referralDate", "closedOn", "closureOutcome")
       VALUES ($1::uuid, 'KZL-BRW-0001', $2::uuid, 'CLOSED', $3::date, $4::date, (enum_range(NULL::"ClosureOutcome"))[1])`,
      center!.id, personId, isoDay(addMonths(today(), -6)), isoDay(addDays(today(), -30)),
    );
  });

  it('the manager sets the period, the job runs two years on, and the page shows the person anonymised', async () => {
    const { page } = await openApp(rig);
    await signIn(page, DEMO.kazanlakManager);
    await page.goto('/settings?tab=profile');
    await page.getByRole('button', { name: bg.dataRights.retentionEdit }).click();
    await page.getByLabel(bg.dataRights.retentionYears).fill('1');
    await page.getByRole('region', { name: bg.dataRights.retentionTitle }).getByRole('button', { name: bg.common.save }).click();
    await poll(() => page.getByTestId('retention-years').textContent()).toBe('1 година');

    // Today she is not due (demo people whose cases closed over a year ago are); two years on she is.
    await runRetention(rig.api.db.prisma);
    const [still] = await rig.api.db.prisma.$queryRawUnsafe<{ a: Date | null }[]>(`SELECT "anonymisedAt" AS a FROM "Client" WHERE id = $1::uuid`, personId);
    expect(still!.a).toBeNull();
    const later = new Date(now().getTime() + 2 * 365 * 86_400_000);
    const restore = useClock(() => later);
    try {
      expect((await runRetention(rig.api.db.prisma)).persons).toBeGreaterThanOrEqual(1);
    } finally {
      restore();
    }

    await page.goto(`/clients/${encodeURIComponent(gid('Client', personId))}`);
    await page.getByTestId('anonymised-banner').waitFor();
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Анонимизиран потребител');
    expect(await page.getByText('Ефросина').count()).toBe(0);
    expect(await page.getByText('+359888555444').count()).toBe(0);
    expect(await page.getByText('ул. Браузърна 3').count()).toBe(0);
    await screenshot(page, 'data-rights-anonymised');
  }, 300_000);
});
