import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { historyRows, historyXlsx } from '../support/history-file.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// „Внасяне на данни“ (issue #19, item 3): the manager uploads a small file with one refused row
// and one probable duplicate, sees both in the dry run's report, fixes the file, imports it.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.skipIf(!CHROMIUM)('web app in Chromium: importing a center’s history', () => {
  const rig = useWebRig();

  it('shows the refused row and the duplicate, then imports the fixed file', async () => {
    const center = await rig.api.db.prisma.center.findFirstOrThrow({ where: { slug: 'kazanlak' }, select: { id: true } });
    const services = (await rig.api.db.prisma.centerService.findMany({ where: { centerId: center.id, active: true }, select: { nameBg: true }, orderBy: { nameBg: 'asc' } })).map((s) => s.nameBg);
    const rows = historyRows({ cases: 3, sessions: 6, services, prefix: 'WEB' });
    rows.clients[0] = ['C1', 'дете', 'Мария', 'Иванова', 'Петрова', '2012-05-14', null, 'жена', null, null, null, null];
    rows.clients[1] = ['C2', 'дете', 'Maria', null, 'Petrova', '2012-05-14', null, 'жена', null, null, null, null];
    const good = await historyXlsx(rows);
    rows.sessions[4]![5] = 'Несъществуваща услуга';
    const bad = await historyXlsx(rows);

    const { page, problems } = await openApp(rig);
    await signIn(page, DEMO.kazanlakManager);
    await page.getByRole('link', { name: 'Внасяне на данни' }).click();
    await page.getByRole('heading', { name: 'Внасяне на данни' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Изтегли шаблона (XLSX)' }).click()]);
    expect(download.suggestedFilename()).toBe('opora-vnasyane-shablon.xlsx');

    await page.getByTestId('import-file').setInputFiles({ name: 'архив.xlsx', mimeType: XLSX, buffer: bad });
    const report = page.getByTestId('import-report');
    const refused = report.getByTestId('import-refused');
    await refused.waitFor();
    expect(await refused.locator('tbody tr').count()).toBe(1);
    const refusedRow = await refused.locator('tbody tr').first().textContent();
    expect(refusedRow).toContain('Сесии');
    expect(refusedRow).toContain('6');
    expect(refusedRow).toContain('Центърът няма услуга „Несъществуваща услуга“');
    const duplicates = report.getByTestId('import-duplicates');
    expect(await duplicates.textContent()).toContain('Maria Petrova');
    expect(await duplicates.textContent()).toContain('Вероятно същото лице като ред „C1“');
    expect(await report.getByRole('button', { name: 'Внеси данните' }).count()).toBe(0);
    await screenshot(page, '95-history-import-refused');

    // Fixed: no refused row; the duplicate is still reported, and the manager imports.
    await page.getByTestId('import-file').setInputFiles({ name: 'архив.xlsx', mimeType: XLSX, buffer: good });
    await poll(() => report.textContent()).toContain('Няма отказани редове.');
    expect(await report.getByTestId('import-duplicates').textContent()).toContain('Maria Petrova');
    expect(await report.getByTestId('import-count-cases').textContent()).toBe('3');
    await report.getByRole('button', { name: 'Внеси данните' }).click();
    await poll(() => page.getByTestId('import-done').textContent()).toContain('3 случая, 6 сесии');
    await screenshot(page, '96-history-import-done');
    expect(await rig.api.db.prisma.case.count({ where: { centerId: center.id, number: { startsWith: 'WEB-' } } })).toBe(3);
    expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
  }, 300_000);
});
