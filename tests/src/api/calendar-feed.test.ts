import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ical, { type VEvent } from 'node-ical';
import { addDays, sofiaDayStart, today } from '@opora/common/calendar';
import { DEMO, TestApi } from '../support/api.ts';

// The calendar feed (issue #17, item 3): a person's planned work as iCalendar at a secret address,
// case numbers only; renewing the secret ends the old address; an unknown secret says nothing.

let api: TestApi;
let mobile: string;
let plovdivManager: string;

const RENEW = `mutation { renewCalendarFeed { path since } }`;
const END = `mutation { endCalendarFeed }`;
const FEED = `query { myCalendarFeed { since } }`;

const get = (path: string) => fetch(`${api.url}${path}`);

beforeAll(async () => {
  api = await TestApi.start({ queryTimeoutMs: 60_000, transactionTimeoutMs: 60_000 });
  mobile = await api.login(DEMO.kazanlakMobile);
  plovdivManager = await api.login(DEMO.plovdivManager);
});

afterAll(async () => {
  await api?.stop();
});

describe('calendar feed', () => {
  test('parses as iCalendar, holds the person’s planned work with case numbers and no client’s name or note', async () => {
    const { renewCalendarFeed } = await api.ok<{ renewCalendarFeed: { path: string } }>(RENEW, {}, mobile);
    expect(renewCalendarFeed.path).toMatch(/^\/calendar\/[A-Za-z0-9_-]{40,}\.ics$/);
    const res = await get(renewCalendarFeed.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/calendar/);
    const text = await res.text();
    const events = Object.values(ical.sync.parseICS(text)).filter((c) => c?.type === 'VEVENT') as VEvent[];

    // The same sessions the database has: planned, this person's, from today for eight weeks.
    const p = api.db.prisma;
    const membership = await p.membership.findFirstOrThrow({ where: { user: { email: DEMO.kazanlakMobile }, center: { slug: 'kazanlak' } } });
    const planned = await p.session.findMany({
      where: {
        status: 'PLANNED',
        startsAt: { gte: sofiaDayStart(today()), lt: sofiaDayStart(addDays(today(), 56)) },
        staff: { some: { membershipId: membership.id } },
      },
      select: { id: true, startsAt: true, case: { select: { number: true } }, clients: { select: { client: { select: { firstName: true, lastName: true } } } }, notes: { select: { body: true } } },
    });
    expect(planned.length).toBeGreaterThan(0);
    expect(events.map((e) => e.uid).sort()).toEqual(planned.map((s) => `${s.id}@opora`).sort());
    for (const s of planned) {
      const e = events.find((x) => x.uid === `${s.id}@opora`)!;
      expect(new Date(e.start).getTime()).toBe(s.startsAt.getTime());
      if (s.case) expect(String(e.summary)).toContain(s.case.number);
    }
    // No name of any client of the center, no note (the raw text, whatever property it might hide in).
    const clients = await p.client.findMany({ where: { center: { slug: 'kazanlak' } }, select: { firstName: true, lastName: true } });
    const names = new Set(clients.flatMap((c) => [`${c.firstName} ${c.lastName}`, c.lastName]).filter((n) => n.length >= 4));
    const unfolded = text.replace(/\r?\n[ \t]/g, '');
    expect([...names].filter((n) => unfolded.includes(n))).toEqual([]);
    const notes = planned.flatMap((s) => s.notes.map((n) => n.body));
    expect(notes.filter((n) => unfolded.includes(n))).toEqual([]);
  });

  test('renewing the secret ends the old address; ending it ends the new one; an unknown secret gets the same answer', async () => {
    const first = (await api.ok<{ renewCalendarFeed: { path: string } }>(RENEW, {}, mobile)).renewCalendarFeed.path;
    expect((await get(first)).status).toBe(200);
    const second = (await api.ok<{ renewCalendarFeed: { path: string } }>(RENEW, {}, mobile)).renewCalendarFeed.path;
    expect(second).not.toBe(first);
    const old = await get(first);
    expect(old.status).toBe(404);
    const oldBody = await old.text();
    expect((await get(second)).status).toBe(200);
    // Only the hash is kept: the secret itself is nowhere in the database.
    const secret = second.slice('/calendar/'.length, -'.ics'.length);
    const rows = await api.db.prisma.calendarFeed.findMany({ select: { tokenHash: true } });
    expect(rows.some((r) => r.tokenHash.includes(secret))).toBe(false);
    // Unknown (never existed) and renewed look the same.
    const unknown = await get(`/calendar/${'A'.repeat(43)}.ics`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe(oldBody);
    // Ended from the account page.
    expect((await api.ok<{ endCalendarFeed: boolean }>(END, {}, mobile)).endCalendarFeed).toBe(true);
    expect((await get(second)).status).toBe(404);
    expect((await api.ok<{ myCalendarFeed: null }>(FEED, {}, mobile)).myCalendarFeed).toBeNull();
  });

  test('another center’s person has their own feed and never sees this one', async () => {
    const kzl = (await api.ok<{ renewCalendarFeed: { path: string } }>(RENEW, {}, mobile)).renewCalendarFeed.path;
    expect((await api.ok<{ myCalendarFeed: null }>(FEED, {}, plovdivManager)).myCalendarFeed).toBeNull();
    const plv = (await api.ok<{ renewCalendarFeed: { path: string } }>(RENEW, {}, plovdivManager)).renewCalendarFeed.path;
    const text = await (await get(plv)).text();
    const kazanlakNumbers = (await api.db.prisma.case.findMany({ where: { center: { slug: 'kazanlak' } }, select: { number: true } })).map((c) => c.number);
    expect(kazanlakNumbers.filter((n) => text.includes(n))).toEqual([]);
    expect((await get(kzl)).status).toBe(200); // the other center's renewal leaves this one alone
  });
});
