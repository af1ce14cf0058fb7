import { useTranslation } from 'react-i18next';

const LOCALES = { bg: 'bg-BG', en: 'en-GB' } as const;

/** Dates, times and numbers in the reader's language (Bulgarian: 25.11.2026 г.). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = LOCALES[i18n.language === 'en' ? 'en' : 'bg'];
  const toDate = (v: string | Date) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T12:00:00`) : new Date(v));
  return {
    locale,
    date: (v: string | Date | null | undefined) =>
      v ? new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' }).format(toDate(v)) : '—',
    shortDate: (v: string | Date | null | undefined) =>
      v ? new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(toDate(v)) : '—',
    dateTime: (v: string | Date | null | undefined) =>
      v ? new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(toDate(v)) : '—',
    time: (v: string | Date) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(toDate(v)),
    weekday: (v: string | Date) => new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(toDate(v)),
    month: (v: string | Date) => new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric' }).format(toDate(v)),
    number: (n: number | null | undefined, digits = 0) =>
      n === null || n === undefined ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n),
    percent: (n: number | null | undefined) =>
      n === null || n === undefined ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(n),
    relativeDays: (days: number) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day'),
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
