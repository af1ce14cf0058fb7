import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  ageOn,
  currentYear,
  dayOf,
  firstDayOfMonth,
  isAfterToday,
  isoDay,
  lastDayOfMonth,
  now,
  sofiaDay,
  sofiaDayEnd,
  sofiaDayStart,
  sofiaTime,
  sofiaToday,
  today,
  useClock,
} from '@opora/common/calendar';

// Sofia is UTC+2 in winter and UTC+3 in summer; summer time starts 2026-03-29 at 03:00 and ends
// 2026-10-25 at 04:00. "Today" must be Sofia's day around midnight in both, not UTC's.
const at = (iso: string) => new Date(iso);
let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

describe('Sofia days at midnight', () => {
  it('winter (UTC+2): 22:30 UTC is already the next day, 21:59 UTC is not', () => {
    expect(sofiaToday(at('2026-12-02T22:30:00Z'))).toBe('2026-12-03'); // 00:30 in Sofia
    expect(sofiaToday(at('2026-12-02T21:59:59Z'))).toBe('2026-12-02'); // 23:59:59 in Sofia
    expect(sofiaToday(at('2026-12-02T22:00:00Z'))).toBe('2026-12-03'); // midnight exactly
    expect(sofiaToday(at('2026-12-02T23:30:00Z'))).toBe('2026-12-03'); // 01:30 in Sofia, still 2 Dec in UTC
  });

  it('summer (UTC+3): 21:30 UTC is already the next day, 20:59 UTC is not', () => {
    expect(sofiaToday(at('2026-07-14T21:30:00Z'))).toBe('2026-07-15'); // 00:30 in Sofia
    expect(sofiaToday(at('2026-07-14T20:59:59Z'))).toBe('2026-07-14');
    expect(sofiaToday(at('2026-07-14T23:30:00Z'))).toBe('2026-07-15'); // 02:30 in Sofia
  });

  it('the day summer time starts (2026-03-29) is 23 hours long and begins at 22:00 UTC the day before', () => {
    const day = dayOf('2026-03-29');
    expect(sofiaDayStart(day).toISOString()).toBe('2026-03-28T22:00:00.000Z');
    expect(sofiaDayEnd(day).toISOString()).toBe('2026-03-29T21:00:00.000Z');
    expect(sofiaDay(at('2026-03-28T22:30:00Z')).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(sofiaDay(at('2026-03-29T20:59:59Z')).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(sofiaDay(at('2026-03-29T21:00:00Z')).toISOString()).toBe('2026-03-30T00:00:00.000Z');
  });

  it('the day summer time ends (2026-10-25) is 25 hours long and begins at 21:00 UTC the day before', () => {
    const day = dayOf('2026-10-25');
    expect(sofiaDayStart(day).toISOString()).toBe('2026-10-24T21:00:00.000Z');
    expect(sofiaDayEnd(day).toISOString()).toBe('2026-10-25T22:00:00.000Z');
    expect(sofiaDay(at('2026-10-24T21:30:00Z')).toISOString()).toBe('2026-10-25T00:00:00.000Z');
    expect(sofiaDay(at('2026-10-25T21:30:00Z')).toISOString()).toBe('2026-10-25T00:00:00.000Z'); // 23:30 winter time
  });

  it('wall-clock times follow the season', () => {
    expect(sofiaTime(dayOf('2026-01-15'), 10, 30).toISOString()).toBe('2026-01-15T08:30:00.000Z');
    expect(sofiaTime(dayOf('2026-07-15'), 10, 30).toISOString()).toBe('2026-07-15T07:30:00.000Z');
  });
});

describe('the clock', () => {
  it('today, the current year and "after today" read the installed clock', () => {
    restore = useClock(() => at('2026-12-31T22:30:00Z')); // 00:30 on 1 January 2027 in Sofia
    expect(now().toISOString()).toBe('2026-12-31T22:30:00.000Z');
    expect(isoDay(today())).toBe('2027-01-01');
    expect(currentYear()).toBe(2027);
    expect(isAfterToday(dayOf('2027-01-01'))).toBe(false);
    expect(isAfterToday(dayOf('2027-01-02'))).toBe(true);
  });

  it('restoring goes back to the system clock', () => {
    const undo = useClock(() => at('2000-01-01T12:00:00Z'));
    expect(currentYear()).toBe(2000);
    undo();
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe('due dates, months and ages', () => {
  it('adds months clamped to the month end, and days across the DST change', () => {
    expect(isoDay(addMonths(dayOf('2026-01-31'), 1))).toBe('2026-02-28');
    expect(isoDay(addMonths(dayOf('2028-01-31'), 1))).toBe('2028-02-29');
    expect(isoDay(addMonths(dayOf('2026-05-15'), -6))).toBe('2025-11-15');
    expect(isoDay(addDays(dayOf('2026-03-28'), 1))).toBe('2026-03-29');
    expect(isoDay(addDays(dayOf('2026-03-29'), 30))).toBe('2026-04-28');
  });

  it('month boundaries', () => {
    expect(isoDay(firstDayOfMonth(dayOf('2026-02-17')))).toBe('2026-02-01');
    expect(isoDay(lastDayOfMonth('2028-02'))).toBe('2028-02-29');
    expect(isoDay(lastDayOfMonth('2026-12'))).toBe('2026-12-31');
  });

  it('ages in whole years, the birthday counting on the day itself', () => {
    expect(ageOn(dayOf('2010-05-10'), dayOf('2026-05-09'))).toBe(15);
    expect(ageOn(dayOf('2010-05-10'), dayOf('2026-05-10'))).toBe(16);
    expect(ageOn(dayOf('2008-02-29'), dayOf('2026-02-28'))).toBe(17);
    expect(ageOn(dayOf('2008-02-29'), dayOf('2026-03-01'))).toBe(18);
  });

  it('rejects days that do not exist', () => {
    expect(Number.isNaN(dayOf('2026-02-30').getTime())).toBe(true);
    expect(Number.isNaN(dayOf('2026-2-3').getTime())).toBe(true);
  });
});
