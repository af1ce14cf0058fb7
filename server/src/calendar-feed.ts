import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { Database } from '@opora/prisma/db';
import { inTenant } from '@opora/prisma/tenant';
import { hashToken } from '@opora/schema';
import { addDays, now, sofiaDayStart, today } from '@opora/common/calendar';
import { enumLabel } from '@opora/common/vocabulary';
import { clientAddress } from './client-address.ts';
import type { RateLimits } from './rate-limit.ts';

// GET /calendar/<secret>.ics : a person's planned work as an iCalendar feed, for a phone's or a
// desktop's calendar app (which cannot sign in, so the secret in the address is the key; only its
// hash is stored, see schema/src/modules/calendar-feed.ts). iCalendar is written by
// `ical-generator` (well kept, typed, RFC 5545), not by hand.
// What a feed holds: the person's PLANNED sessions and visits from today for FEED_WEEKS weeks,
// each with its kind, time, place (settlement) and case number only: never a client's name, never
// a note. An unknown, renewed or ended secret gets the same 404 as a malformed one (nothing says
// whether it ever existed), and each miss spends a point of the address's sign-in budget: once it
// is spent, every secret from that address gets the same 404 until the window passes.

const PATH = /^\/calendar\/([A-Za-z0-9_-]{20,100})\.ics$/;
const FEED_WEEKS = 8;

export async function handleCalendarFeed(
  req: IncomingMessage,
  res: ServerResponse,
  database: Database,
  logger: Logger,
  trustedProxies: ReadonlySet<string>,
  rateLimits: RateLimits,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const match = PATH.exec(path);
  const ip = clientAddress(req, trustedProxies) ?? 'unknown';
  const budgetKey = `calendar:${ip}`;
  const missing = () => {
    res.statusCode = 404;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end('Not found / Няма такъв календар\n');
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return missing();
  if (!match) return missing();
  try {
    const spent = await rateLimits.signIn.get(budgetKey);
    if (spent && spent.remainingPoints <= 0) return missing();
  } catch {
    // The budget's store is away: answer as usual (the insurance limiter still counts misses).
  }
  const tokenHash = hashToken(match[1]!);
  const owners = await inTenant(database.prisma, { kind: 'anonymous' }, (tx) =>
    tx.$queryRaw<{ center_id: string; membership_id: string; user_id: string }[]>`SELECT * FROM calendar_feed_owner(${tokenHash})`,
  );
  const owner = owners[0];
  if (!owner) {
    await rateLimits.signIn.consume(budgetKey, 1).catch(() => undefined);
    return missing();
  }
  const from = sofiaDayStart(today());
  const to = sofiaDayStart(addDays(today(), FEED_WEEKS * 7));
  const sessions = await inTenant(database.prisma, { kind: 'center', centerId: owner.center_id, userId: owner.user_id }, (tx) =>
    tx.session.findMany({
      where: { status: 'PLANNED', startsAt: { gte: from, lt: to }, staff: { some: { membershipId: owner.membership_id } } },
      // Case numbers, kinds, places and times only: no client, no note is even read.
      select: {
        id: true, startsAt: true, durationMinutes: true, kind: true, mode: true, updatedAt: true,
        case: { select: { number: true } },
        settlement: { select: { nameBg: true } },
        center: { select: { nameBg: true } },
      },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: 1000,
    }),
  );
  const calendar = ical({ name: 'Опора — планирана работа', method: ICalCalendarMethod.PUBLISH, prodId: { company: 'Opora', product: 'planned-work', language: 'BG' }, ttl: 3600 });
  for (const s of sessions) {
    const kind = enumLabel('SessionKind', s.kind, 'bg');
    calendar.createEvent({
      id: `${s.id}@opora`,
      start: s.startsAt,
      end: new Date(s.startsAt.getTime() + s.durationMinutes * 60_000),
      stamp: now(),
      lastModified: s.updatedAt,
      summary: s.case ? `${kind} · ${s.case.number}` : kind,
      description: `${enumLabel('DeliveryMode', s.mode, 'bg')} / ${enumLabel('DeliveryMode', s.mode, 'en')}`,
      location: s.settlement?.nameBg ?? (s.mode === 'IN_CENTER' ? s.center.nameBg : null),
    });
  }
  logger.debug({ sessions: sessions.length }, 'calendar feed');
  res.statusCode = 200;
  res.setHeader('content-type', 'text/calendar; charset=utf-8');
  res.setHeader('cache-control', 'private, no-store');
  res.setHeader('referrer-policy', 'no-referrer');
  res.end(req.method === 'HEAD' ? undefined : calendar.toString());
}
