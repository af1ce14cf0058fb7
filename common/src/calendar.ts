// Sofia's calendar: what "now", "today", a day, a month, a due date and an age mean for Opora.
// The one home for them, shared by the schema, the server, the seeds, the tests and the web
// (for display), so there is one answer. Time-zone arithmetic is date-fns with @date-fns/tz
// (IANA zones through Intl), not by hand.
//
// Two kinds of values:
// - an instant (a JavaScript Date, e.g. a session's start, `now()`);
// - a calendar day: a Date at UTC midnight, the way PostgreSQL `date` columns come back from
//   Prisma and the GraphQL `Date` scalar carries them ("YYYY-MM-DD"). Days have no zone; which
//   day an instant falls on is decided in Sofia.
import { TZDate, tz } from '@date-fns/tz';
import { addDays as addDaysFns, addMonths as addMonthsFns, differenceInYears, format } from 'date-fns';

export const SOFIA = 'Europe/Sofia';
const inUtc = tz('UTC');

// ── The clock ────────────────────────────────────────────────────────────────────────────
// Every "today" in the product reads the time here, so a test (or a replay) can set the time
// of day without touching the system clock or the database: `useClock(() => instant)`.
let clock: () => Date = () => new Date();

/** The current instant, from the installed clock (the system clock unless `useClock` changed it). */
export function now(): Date {
  return clock();
}

/** Installs a clock (e.g. a fixed instant in a test); returns a function that restores the previous one. */
export function useClock(next: () => Date): () => void {
  const previous = clock;
  clock = next;
  return () => {
    clock = previous;
  };
}

// ── Days ─────────────────────────────────────────────────────────────────────────────────

/** "YYYY-MM-DD" of a calendar day (a Date at UTC midnight). */
export function isoDay(day: Date): string {
  // Every Date field of every answer passes here: the UTC fields directly (toISOString's first
  // ten characters), date-fns only outside years 0–9999, where toISOString's form differs.
  const year = day.getUTCFullYear();
  return year >= 0 && year <= 9999 ? day.toISOString().slice(0, 10) : format(day, 'yyyy-MM-dd', { in: inUtc });
}

/** The calendar day of "YYYY-MM-DD" (UTC midnight); an invalid Date if it is not one. */
export function dayOf(iso: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return new Date(Number.NaN);
  const d = new Date(`${iso}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && isoDay(d) === iso ? d : new Date(Number.NaN);
}

/** The calendar day in Sofia at `at`, as "YYYY-MM-DD". */
export function sofiaToday(at: Date = now()): string {
  return format(new TZDate(at.getTime(), SOFIA), 'yyyy-MM-dd');
}

/** The calendar day (UTC midnight) on which the instant `at` falls in Sofia. */
export function sofiaDay(at: Date): Date {
  return dayOf(sofiaToday(at));
}

/** Today in Sofia as a calendar day (UTC midnight). */
export function today(): Date {
  return sofiaDay(now());
}

/** The current year in Sofia (e.g. the latest possible birth year, the latest report year). */
export function currentYear(): number {
  return today().getUTCFullYear();
}

/** The instant the Sofia calendar day `day` begins (midnight in Sofia; 22:00 or 21:00 UTC the day before). */
export function sofiaDayStart(day: Date): Date {
  return new Date(new TZDate(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), SOFIA).getTime());
}

/** The instant the Sofia calendar day after `day` begins (an exclusive upper bound for `day`). */
export function sofiaDayEnd(day: Date): Date {
  return sofiaDayStart(addDays(day, 1));
}

/** An instant at a wall-clock time of a Sofia calendar day (winter or summer time as that day has it). */
export function sofiaTime(day: Date, hour: number, minute = 0): Date {
  return new Date(new TZDate(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, minute, SOFIA).getTime());
}

/** Whether a calendar day is after today in Sofia (a referral, closure or consent cannot be). */
export function isAfterToday(day: Date): boolean {
  return day.getTime() > today().getTime();
}

// ── Due dates ────────────────────────────────────────────────────────────────────────────

/** The calendar day `days` after `day` (negative: before). */
export function addDays(day: Date, days: number): Date {
  return new Date(addDaysFns(day, days, { in: inUtc }).getTime());
}

/** The same day of the month `months` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(day: Date, months: number): Date {
  return new Date(addMonthsFns(day, months, { in: inUtc }).getTime());
}

/** Whole days from `from` to `to` (calendar days). */
export function daysBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / 86_400_000);
}

// ── Months ───────────────────────────────────────────────────────────────────────────────

/** "YYYY-MM" of the month a calendar day is in. */
export function monthOf(day: Date): string {
  return format(day, 'yyyy-MM', { in: inUtc });
}

/** The first calendar day of a month given as "YYYY-MM" (or of the month a day is in). */
export function firstDayOfMonth(month: string | Date): Date {
  const m = typeof month === 'string' ? month : monthOf(month);
  return dayOf(`${m}-01`);
}

/** The last calendar day of a month given as "YYYY-MM" (or of the month a day is in). */
export function lastDayOfMonth(month: string | Date): Date {
  return addDays(addMonths(firstDayOfMonth(month), 1), -1);
}

/** The month `months` after a "YYYY-MM" month (negative: before), as "YYYY-MM". */
export function addMonthsToMonth(month: string, months: number): string {
  return monthOf(addMonths(firstDayOfMonth(month), months));
}

// ── Ages ─────────────────────────────────────────────────────────────────────────────────

/** Age in whole years on a calendar day (birthday reached on the day itself; 29 Feb counts from 1 Mar). */
export function ageOn(birthDate: Date, on: Date): number {
  return differenceInYears(on, birthDate, { in: inUtc });
}

/** Age in whole years today (Sofia). */
export function ageToday(birthDate: Date): number {
  return ageOn(birthDate, today());
}
