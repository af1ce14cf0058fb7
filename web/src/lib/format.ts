import { useTranslation } from 'react-i18next';
import { LOCALES } from '../i18n/index.ts';

// Intl's formatters are dear to make (the first for a locale loads its data; each later one still
// costs a fraction of a millisecond) and a list formats a date on every row: each locale and set of
// options is made once and kept.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function kept<F extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(kind: string, locale: string, options: object, make: () => F): F {
  const key = `${kind} ${locale} ${JSON.stringify(options)}`;
  let f = formatters.get(key) as F | undefined;
  if (!f) formatters.set(key, (f = make()));
  return f;
}
const dates = (locale: string, options: Intl.DateTimeFormatOptions) => kept('date', locale, options, () => new Intl.DateTimeFormat(locale, options));
const numbers = (locale: string, options: Intl.NumberFormatOptions) => kept('number', locale, options, () => new Intl.NumberFormat(locale, options));

/** Dates, times and numbers in the reader's language (Bulgarian: 25.11.2026 г.). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = LOCALES[i18n.language === 'en' ? 'en' : 'bg'];
  const toDate = (v: string | Date) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T12:00:00`) : new Date(v));
  return {
    locale,
    date: (v: string | Date | null | undefined) => (v ? dates(locale, { day: 'numeric', month: 'long', year: 'numeric' }).format(toDate(v)) : '—'),
    shortDate: (v: string | Date | null | undefined) => (v ? dates(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(toDate(v)) : '—'),
    dateTime: (v: string | Date | null | undefined) =>
      v ? dates(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(toDate(v)) : '—',
    time: (v: string | Date) => dates(locale, { hour: '2-digit', minute: '2-digit' }).format(toDate(v)),
    weekday: (v: string | Date) => dates(locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(toDate(v)),
    month: (v: string | Date) => dates(locale, { month: 'short', year: 'numeric' }).format(toDate(v)),
    number: (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? '—' : numbers(locale, { maximumFractionDigits: digits }).format(n)),
    percent: (n: number | null | undefined) => (n === null || n === undefined ? '—' : numbers(locale, { style: 'percent', maximumFractionDigits: 0 }).format(n)),
    relativeDays: (days: number) => kept('relative', locale, {}, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })).format(days, 'day'),
  };
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T12:00:00`) - Date.parse(`${fromIso}T12:00:00`)) / 86_400_000);
}
