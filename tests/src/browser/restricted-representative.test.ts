import { describe, expect, it } from 'vitest';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, signIn, useWebRig } from './browser.ts';

// A parent restricted as a person takes the contract they signed as the child's legal
// representative with them: the worker on the child's case reads, on the case page, that the case
// has a contract they cannot see and why, and is offered none of the contract's acts; the manager
// sees the contract as before.

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

describe.skipIf(!CHROMIUM)('web app in Chromium: a case whose contract a restricted representative signed', () => {
  const rig = useWebRig();

  it('the worker reads why the contract is not shown and has no contract act; the manager sees the contract', async () => {
    const p = rig.api.db.prisma;
    const kazanlak = await p.center.findUniqueOrThrow({ where: { slug: 'kazanlak' } });
    const contract = await p.contract.findFirstOrThrow({
      where: { centerId: kazanlak.id, status: { not: 'ENDED' }, representativeId: { not: null }, case: { status: 'ACTIVE' } },
      orderBy: { number: 'asc' },
    });
    const worker = await p.membership.findFirstOrThrow({ where: { centerId: kazanlak.id, user: { email: DEMO.kazanlakPsychologist } } });
    await p.caseTeamMember.createMany({ data: [{ centerId: kazanlak.id, caseId: contract.caseId, membershipId: worker.id }], skipDuplicates: true });
    await p.client.update({ where: { id: contract.representativeId! }, data: { restrictedAt: new Date(), restrictionReason: 'Лицето оспори точността на данните (чл. 18 ОРЗД).' } });
    const casePath = `/cases/${encodeURIComponent(gid('Case', contract.caseId))}`;

    const { page, context, problems } = await openApp(rig, { phone: true });
    await signIn(page, DEMO.kazanlakPsychologist);
    await page.goto(casePath);
    const note = page.getByTestId('contract-hidden');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/^Случаят има договор, който не виждате: .*ограничено \(чл\. 18 ОРЗД\)/);
    expect(await page.getByTestId('contract-card').count()).toBe(0);
    expect(await page.locator('[data-testid$="_CONTRACT"]').count()).toBe(0);
    await page.getByTestId('case-action-CLOSE').waitFor();
    expect(problems.filter((x) => !/Failed to load resource/.test(x))).toEqual([]);
    await context.close();

    const manager = await openApp(rig, { phone: true });
    await signIn(manager.page, DEMO.kazanlakManager);
    await manager.page.goto(casePath);
    await manager.page.getByTestId('contract-card').first().waitFor();
    expect(await manager.page.getByTestId('contract-card').first().textContent()).toContain(contract.number);
    expect(await manager.page.getByTestId('contract-hidden').count()).toBe(0);
    await manager.context.close();
  }, 600_000);
});
