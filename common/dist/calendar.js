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
let clock = () => new Date();
/** The current instant, from the installed clock (the system clock unless `useClock` changed it). */
export function now() {
    return clock();
}
/** Installs a clock (e.g. a fixed instant in a test); returns a function that restores the previous one. */
export function useClock(next) {
    const previous = clock;
    clock = next;
    return () => {
        clock = previous;
    };
}
// ── Days ─────────────────────────────────────────────────────────────────────────────────
/** "YYYY-MM-DD" of a calendar day (a Date at UTC midnight). */
export function isoDay(day) {
    return format(day, 'yyyy-MM-dd', { in: inUtc });
}
/** The calendar day of "YYYY-MM-DD" (UTC midnight); an invalid Date if it is not one. */
export function dayOf(iso) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso))
        return new Date(Number.NaN);
    const d = new Date(`${iso}T00:00:00.000Z`);
    return !Number.isNaN(d.getTime()) && isoDay(d) === iso ? d : new Date(Number.NaN);
}
/** The calendar day in Sofia at `at`, as "YYYY-MM-DD". */
export function sofiaToday(at = now()) {
    return format(new TZDate(at.getTime(), SOFIA), 'yyyy-MM-dd');
}
/** The calendar day (UTC midnight) on which the instant `at` falls in Sofia. */
export function sofiaDay(at) {
    return dayOf(sofiaToday(at));
}
/** Today in Sofia as a calendar day (UTC midnight). */
export function today() {
    return sofiaDay(now());
}
/** The current year in Sofia (e.g. the latest possible birth year, the latest report year). */
export function currentYear() {
    return today().getUTCFullYear();
}
/** The instant the Sofia calendar day `day` begins (midnight in Sofia; 22:00 or 21:00 UTC the day before). */
export function sofiaDayStart(day) {
    return new Date(new TZDate(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), SOFIA).getTime());
}
/** The instant the Sofia calendar day after `day` begins (an exclusive upper bound for `day`). */
export function sofiaDayEnd(day) {
    return sofiaDayStart(addDays(day, 1));
}
/** An instant at a wall-clock time of a Sofia calendar day (winter or summer time as that day has it). */
export function sofiaTime(day, hour, minute = 0) {
    return new Date(new TZDate(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, minute, SOFIA).getTime());
}
/** Whether a calendar day is after today in Sofia (a referral, closure or consent cannot be). */
export function isAfterToday(day) {
    return day.getTime() > today().getTime();
}
// ── Due dates ────────────────────────────────────────────────────────────────────────────
/** The calendar day `days` after `day` (negative: before). */
export function addDays(day, days) {
    return new Date(addDaysFns(day, days, { in: inUtc }).getTime());
}
/** The same day of the month `months` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(day, months) {
    return new Date(addMonthsFns(day, months, { in: inUtc }).getTime());
}
/** Whole days from `from` to `to` (calendar days). */
export function daysBetween(from, to) {
    return Math.round((to.getTime() - from.getTime()) / 86_400_000);
}
// ── Months ───────────────────────────────────────────────────────────────────────────────
/** "YYYY-MM" of the month a calendar day is in. */
export function monthOf(day) {
    return format(day, 'yyyy-MM', { in: inUtc });
}
/** The first calendar day of a month given as "YYYY-MM" (or of the month a day is in). */
export function firstDayOfMonth(month) {
    const m = typeof month === 'string' ? month : monthOf(month);
    return dayOf(`${m}-01`);
}
/** The last calendar day of a month given as "YYYY-MM" (or of the month a day is in). */
export function lastDayOfMonth(month) {
    return addDays(addMonths(firstDayOfMonth(month), 1), -1);
}
/** The month `months` after a "YYYY-MM" month (negative: before), as "YYYY-MM". */
export function addMonthsToMonth(month, months) {
    return monthOf(addMonths(firstDayOfMonth(month), months));
}
// ── Ages ─────────────────────────────────────────────────────────────────────────────────
/** Age in whole years on a calendar day (birthday reached on the day itself; 29 Feb counts from 1 Mar). */
export function ageOn(birthDate, on) {
    return differenceInYears(on, birthDate, { in: inUtc });
}
/** Age in whole years today (Sofia). */
export function ageToday(birthDate) {
    return ageOn(birthDate, today());
}
//# sourceMappingURL=calendar.js.map