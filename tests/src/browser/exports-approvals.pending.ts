import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { currentYear } from '@opora/common/calendar';
import { DEMO } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';
import { CHROMIUM, openApp, screenshot, signIn, useWebRig } from './browser.ts';

// The manager approves a month on the approvals tab; staff change a session of that month; the
// network's screen marks it „Променени след одобрение“; the analyst downloads a table as XLSX.

const YEAR = currentYear() - 1;
const MONTH = `${YEAR}-03`;
const SESSIONS = `query($from: Date!, $to: Date!) { sessions(from: $from, to: $to, first: 1) { edges { node {
  id version startsAt durationMinutes kind format mode service { id } settlement { id } case { id } clients { id } staff { id } } } } }`;
const UPDATE = `mutation($id: ID!, $version: Int!, $input: SessionInput!) { updateSession(id: $id, version: $version, input: $input) { version } }`;

describe.skipIf(!CHROMIUM)('web app in Chromium: approval of a month, its change, and a table as XLSX', () => {
  const rig = useWebRig((r) => r.api.prepareAggregates());

  it('approve, change, see it changed on the network screen, download XLSX', async () => {
    const manager = await openApp(rig);
    await signIn(manager.page, DEMO.kazanlakManager);
    await manager.page.goto('/settings?tab=approvals');
    await manager.page.getByRole('heading', { name: 'Одобрение на отчетни периоди' }).waitFor();
    const row = manager.page.getByTestId(`approval-${MONTH}`);
    await row.getByRole('button', { name: 'Одобри' }).click();
    await expect.poll(() => row.textContent()).toContain('Одобрено');
    await screenshot(manager.page, '60-approvals');
    expect(manager.problems).toEqual([]);
    await manager.context.close();

    // Staff change a session of the approved month; the rollups are rebuilt as the background refresh does.
    const staff = await rig.api.login(DEMO.kazanlakManager);
    const s = (await rig.api.ok(SESSIONS, { from: `${MONTH}-10`, to: `${MONTH}-28` }, staff)).sessions.edges[0].node;
    await rig.api.ok(
      UPDATE,
      {
        id: s.id,
        version: s.version,
        input: {
          startsAt: s.startsAt, durationMinutes: s.durationMinutes + 10, kind: s.kind, format: s.format, mode: s.mode, serviceId: s.service.id,
          ...(s.settlement ? { settlementId: s.settlement.id } : {}), ...(s.case ? { caseId: s.case.id } : {}),
          clientIds: s.clients.map((c: { id: string }) => c.id), staffIds: s.staff.map((m: { id: string }) => m.id),
        },
      },
      staff,
    );
    await sqlAsOwner(rig.api.db, 'SELECT aggregate_refresh()');

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
    await analyst.context.close();
  }, 600_000);
});
