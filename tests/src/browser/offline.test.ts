import type { CDPSession, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { isoDay, today } from '@opora/common/calendar';
import { DEMO } from '../support/api.ts';
import { CHROMIUM, openApp, poll, screenshot, signIn, useWebRig, type WebRig } from './browser.ts';

// Issue #17, item 4 in a real browser: the installable app works without a signal. The mobile
// worker plans a home visit, loses the connection (CDP), records the visit held with its note and a
// note on the case, reloads the page with no connection (the service worker's shell, the device's
// encrypted copy and queue), and when the connection returns both are applied, once each; so are a
// new visit recorded held in a settlement chosen from those kept on the device and one planned for
// tomorrow, both written with no signal. A write
// the server refuses stays in sight with its words until dismissed. What the device keeps cannot
// be read as plain text, nothing restricted is kept, and sign-out deletes it.

const NOTE_OF_VISIT = 'Посещение без връзка: семейството беше у дома, детето ходи на училище.';
const CASE_NOTE = 'Бележка без връзка: майката ще донесе удостоверението следващата седмица.';
const REFUSED_NOTE = 'Бележка, която сървърът ще откаже.';
const NOTE_OF_NEW_VISIT = 'Непланирано посещение без връзка: срещнахме бабата в съседното село.';
const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

/** CDP's own switch for the page's network: offline, or back as it was. */
async function network(cdp: CDPSession, offline: boolean): Promise<void> {
  await cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}

/** Losing the connection makes the browser report failed requests: those are expected here. */
const realProblems = (problems: string[]) =>
  problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|Failed to load resource|NetworkError/i.test(p));

async function kazanlakSetUp(rig: WebRig) {
  const p = rig.api.db.prisma;
  const kazanlak = await p.center.findUniqueOrThrow({ where: { slug: 'kazanlak' } });
  const membership = await p.membership.findFirstOrThrow({ where: { user: { email: DEMO.kazanlakMobile }, centerId: kazanlak.id } });
  // Cases with no contract yet (delivery needs none), whose person lives somewhere known; the
  // worker is on their teams (a note needs the case team).
  const cases = await p.case.findMany({
    where: { centerId: kazanlak.id, status: { not: 'CLOSED' }, contracts: { none: {} }, person: { settlementId: { not: null }, kind: 'CHILD', restrictedAt: null },
      // Not the lead worker's: leaving the team takes the case away (a refused note below).
      OR: [{ leadWorkerId: null }, { leadWorkerId: { not: membership.id } }],
    },
    include: { person: { include: { settlement: true } } },
    orderBy: { number: 'asc' },
  });
  const distinct = cases.filter((c, i) => cases.findIndex((o) => o.personId === c.personId) === i);
  expect(distinct.length).toBeGreaterThanOrEqual(3);
  const [visited, refused, restricted] = distinct as [(typeof cases)[number], (typeof cases)[number], (typeof cases)[number]];
  await p.caseTeamMember.createMany({
    data: [visited, refused, restricted].map((c) => ({ centerId: kazanlak.id, caseId: c.id, membershipId: membership.id })),
    skipDuplicates: true,
  });
  return { p, kazanlak, membership, visited, refused, restricted };
}

async function planVisit(page: Page, caseId: string): Promise<void> {
  await page.goto(`/cases/${encodeURIComponent(Buffer.from(`Case:${caseId}`).toString('base64url'))}`);
  await page.getByTestId('plan-visit-for-case').click();
  await page.getByRole('heading', { level: 1, name: 'Планирай сесия или посещение' }).waitFor();
  await page.getByText('Посещение в дома', { exact: true }).click();
  await page.getByLabel('Начало').fill(`${isoDay(today())}T00:05`);
  await page.getByRole('button', { name: 'Планирай', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/work');
}

// Runs in the page (a string: the tests compile without the DOM's types). Every value of every
// store of the device's database as the browser holds it: bytes read as UTF-8 and as Latin-1 text,
// keys by what they allow.
const READ_DEVICE_RAW = `(async () => {
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open('opora-device');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const texts = [];
  const keys = [];
  const show = (v) => {
    if (v instanceof CryptoKey) {
      keys.push({ extractable: v.extractable, algorithm: v.algorithm.name });
      return 'key';
    }
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
      const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      texts.push(new TextDecoder('utf-8').decode(bytes), Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
      return 'bytes';
    }
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, show(x)]));
    return v;
  };
  const stores = Array.from(db.objectStoreNames);
  for (const store of stores) {
    const values = await new Promise((resolve, reject) => {
      const r = db.transaction(store).objectStore(store).getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    texts.push(JSON.stringify(values.map(show)));
  }
  db.close();
  return { texts, keys, stores };
})()`;

describe.skipIf(!CHROMIUM)('web app in Chromium: work without a signal', () => {
  const rig = useWebRig();

  it('plans a visit, records it and a note offline, reloads offline, and both apply once when the connection returns', async () => {
    const { p, kazanlak, membership, visited, refused, restricted } = await kazanlakSetUp(rig);
    // Restricted processing: the person's case is the worker's, yet nothing of it reaches the device.
    await p.client.update({ where: { id: restricted.personId }, data: { restrictedAt: new Date(), restrictionReason: 'Лицето оспори точността на данните (чл. 18 ОРЗД).' } });

    const { page, context, problems } = await openApp(rig, { phone: true });
    await signIn(page, DEMO.kazanlakMobile);
    await planVisit(page, visited.id);
    const planned = await p.session.findFirstOrThrow({ where: { caseId: visited.id, status: 'PLANNED' }, orderBy: { createdAt: 'desc' } });

    // The field page: the copy on the device holds today's visit and the worker's open cases.
    await page.goto('/field');
    const visit = page.getByTestId('field-today').getByTestId('field-work').filter({ hasText: visited.number });
    await visit.waitFor();
    const cases = page.getByTestId('field-cases');
    await cases.getByTestId('field-case').filter({ hasText: refused.number }).waitFor();
    expect(await cases.getByTestId('field-case').filter({ hasText: restricted.number }).count()).toBe(0);
    // The service worker holds the shell before the signal goes.
    await poll(() => page.evaluate('Boolean(navigator.serviceWorker && navigator.serviceWorker.controller)')).toBe(true);

    // No signal.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await network(cdp, true);
    await page.getByTestId('offline-indicator').waitFor();

    await visit.getByRole('button', { name: 'Отбележи като проведена' }).click();
    await visit.getByLabel(/^Бележка от сесията/).fill(NOTE_OF_VISIT);
    await visit.getByRole('button', { name: 'Запиши като проведена' }).click();
    await poll(() => page.getByTestId('queue-count').getAttribute('data-count')).toBe('1');
    expect(await visit.getAttribute('data-status')).toBe('QUEUED');

    const caseRow = cases.getByTestId('field-case').filter({ hasText: visited.number });
    await caseRow.getByRole('button', { name: 'Бележка по случая' }).click();
    await caseRow.getByLabel(/^Бележка/).fill(CASE_NOTE);
    await caseRow.getByRole('button', { name: 'Запиши бележката' }).click();
    await poll(() => page.getByTestId('queue-count').getAttribute('data-count')).toBe('2');

    // A third, which the server will refuse: the worker leaves that case's team meanwhile.
    const refusedRow = cases.getByTestId('field-case').filter({ hasText: refused.number });
    await refusedRow.getByRole('button', { name: 'Бележка по случая' }).click();
    await refusedRow.getByLabel(/^Бележка/).fill(REFUSED_NOTE);
    await refusedRow.getByRole('button', { name: 'Запиши бележката' }).click();
    await poll(() => page.getByTestId('queue-count').getAttribute('data-count')).toBe('3');

    // A visit held just now somewhere other than the person's home, and one planned for tomorrow,
    // both new, written with no signal: where comes from the settlements kept on the device.
    const elsewhere = await p.settlement.findFirstOrThrow({ where: { municipalityId: kazanlak.municipalityId, id: { not: visited.person.settlementId! } }, orderBy: { nameBg: 'asc' } });
    const visitForm = caseRow.getByTestId('field-visit-form');
    await caseRow.getByRole('button', { name: 'Ново посещение' }).click();
    await visitForm.getByLabel('Вид').selectOption('HOME_VISIT');
    await visitForm.getByLabel(/^Населено място/).selectOption(globalId('Settlement', elsewhere.id));
    await visitForm.getByLabel(/^Бележка от сесията/).fill(NOTE_OF_NEW_VISIT);
    await visitForm.getByRole('button', { name: 'Запиши посещението' }).click();
    await poll(() => page.getByTestId('queue-count').getAttribute('data-count')).toBe('4');
    await caseRow.getByRole('button', { name: 'Ново посещение' }).click();
    await visitForm.getByLabel('Посещението е').selectOption('planned');
    await visitForm.getByLabel('Вид').selectOption('FIELD_VISIT');
    await visitForm.getByRole('button', { name: 'Планирай посещението' }).click();
    await poll(() => page.getByTestId('queue-count').getAttribute('data-count')).toBe('5');
    const writtenAt = new Date();
    await p.caseTeamMember.deleteMany({ where: { caseId: refused.id, membershipId: membership.id } });

    // Reloaded with no signal: the shell from the service worker, the copy and the queue from the device.
    await page.reload();
    await page.getByTestId('offline-indicator').waitFor();
    await poll(() => page.getByTestId('queue-count').getAttribute('data-count')).toBe('5');
    await poll(() => visit.getAttribute('data-status')).toBe('QUEUED');
    expect(await page.getByTestId('queued-write').count()).toBe(5);
    await screenshot(page, 'offline-queue');
    // Nothing reached the server.
    expect((await p.session.findUniqueOrThrow({ where: { id: planned.id } })).status).toBe('PLANNED');
    expect(await p.note.count({ where: { body: { in: [NOTE_OF_VISIT, CASE_NOTE, REFUSED_NOTE, NOTE_OF_NEW_VISIT] } } })).toBe(0);
    const sessionsBefore = await p.session.count({ where: { caseId: visited.id } });

    // The signal returns: the queue is sent in order, each write applied once.
    await network(cdp, false);
    await poll(async () => (await p.session.findUniqueOrThrow({ where: { id: planned.id } })).status).toBe('HELD');
    await poll(() => p.note.count({ where: { body: CASE_NOTE } })).toBe(1);
    const refusal = page.getByTestId('queued-write').filter({ has: page.getByTestId('queued-refusal') });
    await refusal.waitFor();
    expect((await refusal.getByTestId('queued-refusal').textContent())?.length).toBeGreaterThan('Сървърът не го прие: '.length);
    await poll(() => page.getByTestId('queued-write').count()).toBe(1);
    expect(await page.getByTestId('queue-count').count()).toBe(0);
    expect(await page.getByTestId('refused-count').count()).toBe(1);

    // Exactly once: one held session, its note once, the case note once, the refused note nowhere.
    expect(await p.note.findMany({ where: { sessionId: planned.id }, select: { body: true } })).toEqual([{ body: NOTE_OF_VISIT }]);
    expect(await p.note.findMany({ where: { caseId: visited.id, body: CASE_NOTE }, select: { sessionId: true } })).toEqual([{ sessionId: null }]);
    expect(await p.note.count({ where: { body: REFUSED_NOTE } })).toBe(0);
    expect(await p.session.count({ where: { caseId: visited.id, startsAt: planned.startsAt } })).toBe(1);
    // The two new visits, once each: held where it was chosen, with the time it was written (not
    // sent) and its note; planned for tomorrow and counting nowhere until held.
    expect(await p.session.count({ where: { caseId: visited.id } })).toBe(sessionsBefore + 2);
    const held = await p.session.findFirstOrThrow({ where: { caseId: visited.id, status: 'HELD', kind: 'HOME_VISIT', settlementId: elsewhere.id }, include: { notes: true } });
    expect(held.startsAt.getTime()).toBeLessThanOrEqual(writtenAt.getTime());
    expect(held.notes.map((n) => n.body)).toEqual([NOTE_OF_NEW_VISIT]);
    const ahead = await p.session.findFirstOrThrow({ where: { caseId: visited.id, status: 'PLANNED', kind: 'FIELD_VISIT' } });
    expect(ahead.startsAt.getTime()).toBeGreaterThan(Date.now());
    expect(ahead.settlementId).toBe(visited.person.settlementId);
    // Planned under the visiting service the server would pick itself: mobile community work.
    const mobileWork = await p.centerService.findFirstOrThrow({ where: { centerId: kazanlak.id, active: true, serviceKind: { code: 'MOBILE_COMMUNITY_WORK' } } });
    expect(ahead.serviceId).toBe(mobileWork.id);

    // The refusal stays until the person dismisses it.
    await page.reload();
    await refusal.waitFor();
    await refusal.getByRole('button', { name: 'Скрий' }).click();
    await poll(() => page.getByTestId('queued-write').count()).toBe(0);
    expect(await p.note.count({ where: { body: { in: [NOTE_OF_VISIT, CASE_NOTE] } } })).toBe(2);
    expect(realProblems(problems)).toEqual([]);
    await context.close();
  }, 600_000);

  it('keeps nothing readable as plain text on the device, and sign-out deletes it', async () => {
    const { visited } = await kazanlakSetUp(rig);
    const { page, context, problems } = await openApp(rig, { phone: true });
    await signIn(page, DEMO.kazanlakMobile);
    await page.goto('/field');
    // The screen reads the person's name back from the device…
    await page.getByTestId('field-cases').getByTestId('field-case').filter({ hasText: visited.person.lastName }).waitFor();

    // …but IndexedDB holds only sealed bytes, under a key no script can export.
    const raw = (await page.evaluate(READ_DEVICE_RAW)) as { texts: string[]; keys: { extractable: boolean; algorithm: string }[]; stores: string[] };
    expect(raw.stores).toEqual(expect.arrayContaining(['key', 'records', 'queue']));
    expect(raw.keys).toEqual([{ extractable: false, algorithm: 'AES-GCM' }]);
    const everything = raw.texts.join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    for (const plain of [visited.person.lastName, visited.person.firstName, visited.number, DEMO.kazanlakMobile]) {
      expect(everything).not.toContain(plain);
    }

    // Sign-out: the database, key included, is gone.
    await page.locator('details.account summary').click();
    await page.getByTestId('sign-out').click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await poll(() => page.evaluate('indexedDB.databases().then((all) => all.map((d) => d.name))')).not.toContain('opora-device');
    expect(realProblems(problems)).toEqual([]);
    await context.close();
  }, 400_000);
});
