import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';

// Month pickers of the aggregate screens. A native <input type="month"> names the months in
// the browser's language, not the page's: these selects take their names from Intl in the
// reader's language (януари… in Bulgarian, January… in English).

const ym = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;

/** The last `n` whole months, as YYYY-MM. */
export function lastMonths(n: number): { from: string; to: string } {
  const now = new Date();
  const end = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const start = new Date(end.getFullYear(), end.getMonth() - (n - 1), 1);
  return { from: ym(start), to: ym(end) };
}

/** Month names in the reader's language, capitalised for a list ("Януари", "January"). */
export function useMonthNames(): string[] {
  const { locale } = useFormat();
  const format = new Intl.DateTimeFormat(locale, { month: 'long' });
  return Array.from({ length: 12 }, (_, i) => {
    const name = format.format(new Date(2024, i, 15));
    return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
  });
}

/** A month (YYYY-MM) as a month select and a year select, under one legend. */
export function MonthPicker({ id, legend, value, onChange }: { id: string; legend: string; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const names = useMonthNames();
  const [year, month] = value.split('-').map(Number) as [number, number];
  const current = ym(new Date());
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 11 }, (_, i) => thisYear - 10 + i);
  if (!years.includes(year)) years.unshift(year);
  const set = (y: number, m: number) => onChange(`${y}-${String(m).padStart(2, '0')}`);
  return (
    <fieldset className="month-picker" data-testid={id}>
      <legend>{legend}</legend>
      <div className="month-picker-row">
        <select id={`${id}-month`} aria-label={`${legend}: ${t('period.month')}`} value={month} onChange={(e) => set(year, Number(e.target.value))}>
          {names.map((name, i) => (
            // Months that have not begun yet hold no data.
            <option key={name} value={i + 1} disabled={`${year}-${String(i + 1).padStart(2, '0')}` > current}>
              {name}
            </option>
          ))}
        </select>
        <select id={`${id}-year`} aria-label={`${legend}: ${t('period.year')}`} value={year} onChange={(e) => set(Number(e.target.value), month)}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}

/** From and to months; the other end moves along so the period is never backwards. */
export function PeriodPicker({ from, to, onChange }: { from: string; to: string; onChange: (p: { from: string; to: string }) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <MonthPicker id="period-from" legend={t('aggregates.fromMonth')} value={from} onChange={(v) => onChange({ from: v, to: v > to ? v : to })} />
      <MonthPicker id="period-to" legend={t('aggregates.toMonth')} value={to} onChange={(v) => onChange({ from: v < from ? v : from, to: v })} />
    </>
  );
}
