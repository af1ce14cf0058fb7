// Dates of the demo, all relative to `today` (UTC midnight), so the data always looks fresh.

export const DAY_MS = 86_400_000;

export function startOfDayUtc(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

export function addMonths(d: Date, months: number): Date {
  const r = new Date(d);
  r.setUTCMonth(r.getUTCMonth() + months);
  return r;
}

export function daysBetween(a: Date, b: Date): number {
  return Math.round((b.getTime() - a.getTime()) / DAY_MS);
}

/** Saturday and Sunday move to Friday and Monday; a day that is `keep` stays where it is. */
export function toWorkday(d: Date, keep?: Date): Date {
  if (keep && d.getTime() === keep.getTime()) return d;
  const wd = d.getUTCDay();
  if (wd === 6) return addDays(d, -1);
  if (wd === 0) return addDays(d, 1);
  return d;
}

/** A time of day in Sofia (EET, UTC+2; summer time is ignored in demo data). */
export function at(day: Date, hour: number, minute = 0): Date {
  return new Date(day.getTime() + ((hour - 2) * 60 + minute) * 60_000);
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function dateOnly(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}
