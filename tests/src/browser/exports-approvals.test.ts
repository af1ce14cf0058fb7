import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { currentYear } from '@opora/common/calendar';
import { DEMO } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig } from './browser.ts';

// The manager approves a month on the approvals tab; a session of that month changes afterwards;
// the network's screen and the manager's tab mark it „Променени след одобрение“; the analyst
// downloads a table as XLSX; the manager approves the month again and the mark clears.
//
// The rig enforces the app's trusted operations, so set-up that is not a screen goes straight
// into the database (as other browser tests do): the session's change is an UPDATE of its row,
// which the rollups' triggers see exactly as they see the app's own edit.

const YEAR = currentYear() - 1;
const MONTH = `${YEAR}-03`;

describe.skipIf(!CHROMIUM)('web app in Chromium: approval of a month, its change, and a table as XLSX', () => {
  const rig = useWebRig((r) => r.api.prepareAggregates());

  it('approve, change, see it changed on the network screen, download XLSX, approve again', async () => {
    const manager = await openApp(rig);
    await signIn(manager.page, DEMO.kazanlakManager);
    await manager.page.goto('/settings?tab=approvals');
    await manager.page.getByRole('heading', { name: 'Одобрение на отчетни периоди' }).waitFor();
    const row = manager.page.getByTestId(`approval-${MONTH}`);
    await row.getByRole('button', { name: 'Одобри' }).click();
    await poll(() => row.textContent()).toContain('Одобрено');
    await screenshot(manager.page, '60-approvals');
    expect(manager.problems).toEqual([]);

    // A session of the approved month changes after the approval (a longer duration), and the
    // rollups are rebuilt as the background refresh does.
    const db = rig.api.db.prisma;
    const center = await db.center.findUniqueOrThrow({ where: { slug: 'kazanlak' }, select: { id: true } });
    const session = await db.session.findFirstOrThrow({
      where: { centerId: center.id, status: 'HELD', startsAt: { gte: new Date(`${MONTH}-10T00:00:00Z`), lt: new Date(`${MONTH}-28T00:00:00Z`) } },
      select: { id: true, durationMinutes: true },
      orderBy: { startsAt: 'asc' },
    });
    await db.session.update({ where: { id: session.id }, data: { durationMinutes: session.durationMinutes + 10, version: { increment: 1 } } });
    await sqlAsOwner(rig.api.db, 'SELECT aggregate_refresh()');
    await rig.api.prepareAggregates();

    const analyst = await openApp(rig);
    const { page } = analyst;
    await signIn(page, DEMO.networkAnalyst);
    await page.waitForURL(/\/network/);
    const marks = page.getByTestId('approval-marks');
    await expect.poll(() => marks.textContent(), { timeout: 120_000 }).toContain('Променени след одобрение');
    expect(await marks.textContent()).toContain('ЦОП Казанлък');
    await screenshot(page, '61-network-approval-changed');

    await page.getByTestId('indicator-SESSIONS').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx-SESSIONS').click()]);
    expect(download.suggestedFilename()).toMatch(/^network-sessions-.*\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await download.path())!) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('Проведени сесии');
    const texts = sheet.getColumn(1).values.filter((v): v is string => typeof v === 'string');
    expect(texts).toContain('ЦОП Казанлък');
    expect(texts).toContain('Общо');
    expect(analyst.problems).toEqual([]);

    // The manager's tab shows the change too; approved again, the mark clears there and on the network's screen.
    await manager.page.reload();
    await poll(() => row.textContent()).toContain('Променени след одобрение');
    await screenshot(manager.page, '62-approvals-changed');
    await row.getByRole('button', { name: 'Одобри отново' }).click();
    await poll(() => row.textContent()).toContain('Одобрено');
    expect(await row.textContent()).not.toContain('Променени след одобрение');
    await page.reload();
    await poll(() => marks.textContent()).toContain('ЦОП Казанлък');
    await poll(() => marks.textContent()).not.toContain('Променени след одобрение');
    expect(manager.problems).toEqual([]);
    expect(analyst.problems).toEqual([]);
    await manager.context.close();
    await analyst.context.close();
  }, 600_000);
});
