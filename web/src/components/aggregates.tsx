import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell as BarCell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { sofiaToday } from '@opora/common/calendar';
import { useFormat } from '../lib/format.ts';

// Charts and tables for the aggregate surface (network, municipality). This module is only
// loaded by those screens, so recharts never reaches center staff.

export type Value = { display: string; suppressed: boolean; value: number | null; suppressionNote?: string | null };
export type Label = { dimension: string; code: string; name: string };
export type Cell = { labels: Label[]; value: Value };
export type Table = {
  indicator: { code: string; name: string; unit: string; description: string; smallCellsSuppressed: boolean };
  breakdown: string[];
  periodPublished: boolean;
  total: Value;
  cells: Cell[];
  margins: Cell[];
  months: { month: string; total: Value; cells: Cell[] }[];
};

export const PALETTE = ['#1f4e5f', '#c47f17', '#6b4fa0', '#2a6ebb', '#1e6b3e', '#a3262a', '#5b6a71'];

/** A figure, with suppressed ones marked (never shown as 0). */
export function Figure({ v, unit }: { v: Value; unit?: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (v.suppressed)
    return (
      <span className="suppressed" title={v.suppressionNote ?? t('aggregates.suppressedTitle')} data-reason={v.suppressionNote ?? undefined}>
        {v.display}
        <sup aria-hidden="true">*</sup>
        <span className="visually-hidden"> ({t('aggregates.suppressedShort')})</span>
      </span>
    );
  if (v.value === null) return <span className="muted">—</span>;
  return <>{unit === 'SHARE' ? f.percent(v.value) : f.number(v.value, unit === 'FTE' || unit === 'RATIO' || unit === 'HOURS' ? 1 : 0)}</>;
}

export function SuppressionNote({ threshold }: { threshold: number }) {
  const { t } = useTranslation();
  return (
    <p className="legend-note" data-testid="suppression-note">
      <strong>* {t('aggregates.suppressedTitle')}.</strong> {t('aggregates.suppressedExplain', { threshold })}
    </p>
  );
}

/** Chart side by side and trend; a single total when the table has no breakdown. */
export function IndicatorCharts({ table, title }: { table: Table; title: string }) {
  const { t } = useTranslation();
  return (
    <div className="indicator-grid">
      {table.cells.length ? (
        <ComparisonChart table={table} title={title} />
      ) : (
        <div className="big-figure">
          <span className="big-figure-value">
            <Figure v={table.total} unit={table.indicator.unit} />
          </span>
          <span className="muted">{t('common.total')}</span>
        </div>
      )}
      <TrendChart table={table} title={title} />
    </div>
  );
}

/** One row per first label (center, or the breakdown), one column per second label when present. */
export function pivot(cells: Cell[]) {
  const rows = new Map<string, { label: Label; values: Map<string, Value> }>();
  const cols = new Map<string, Label>();
  for (const c of cells) {
    const [a, b] = c.labels;
    if (!a || a.code === 'ALL' || b?.code === 'ALL') continue;
    if (!rows.has(a.code)) rows.set(a.code, { label: a, values: new Map() });
    const key = b?.code ?? '_';
    if (b) cols.set(b.code, b);
    rows.get(a.code)!.values.set(key, c.value);
  }
  return { rows: [...rows.values()], cols: [...cols.values()] };
}

/** The same colour for a center in every chart of a table. */
function colours(table: Table): Map<string, string> {
  const codes = new Set<string>();
  for (const c of table.cells) if (c.labels[0]) codes.add(c.labels[0].code);
  for (const m of table.months) for (const c of m.cells) if (c.labels[0]) codes.add(c.labels[0].code);
  return new Map([...codes].sort().map((code, i) => [code, PALETTE[i % PALETTE.length]!]));
}

const chartValue = (v: Value | undefined) => (v && !v.suppressed && v.value !== null ? v.value : null);

/** Centers (or breakdown labels) side by side, with the second breakdown as grouped bars. */
export function ComparisonChart({ table, title }: { table: Table; title: string }) {
  const f = useFormat();
  const { t } = useTranslation();
  const { rows, cols } = pivot(table.cells);
  const series = cols.length ? cols : [{ code: '_', name: table.indicator.name, dimension: '' }];
  const data = rows.map((r) => {
    const point: Record<string, string | number | null> = { name: r.label.name, code: r.label.code };
    for (const s of series) point[s.code] = chartValue(r.values.get(s.code));
    return point;
  });
  const anySuppressed = table.cells.some((c) => c.value.suppressed);
  const colour = colours(table);
  return (
    <figure className="chart-figure">
      <div className="chart" role="img" aria-label={t('aggregates.chartOf', { name: title })}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e3e7e8" vertical={false} />
            <XAxis dataKey="name" tick={{ fontSize: 12, fill: '#45555d' }} interval={0} />
            <YAxis tick={{ fontSize: 12, fill: '#45555d' }} tickFormatter={(v: number) => (table.indicator.unit === 'SHARE' ? f.percent(v) : f.number(v))} width={48} />
            <Tooltip formatter={(v) => (v === null || v === undefined ? t('aggregates.suppressedShort') : table.indicator.unit === 'SHARE' ? f.percent(Number(v)) : f.number(Number(v), 1))} />
            {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
            {series.map((s, i) => (
              <Bar key={s.code} dataKey={s.code} name={s.name} fill={PALETTE[i % PALETTE.length]} radius={[3, 3, 0, 0]} isAnimationActive={false}>
                {series.length === 1 && data.map((d) => <BarCell key={String(d.code)} fill={colour.get(String(d.code)) ?? PALETTE[0]} />)}
              </Bar>
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      {anySuppressed && <figcaption className="muted small">{t('aggregates.chartGaps')}</figcaption>}
    </figure>
  );
}

/** The month-by-month trend, one line per center (or per first label). */
export function TrendChart({ table, title }: { table: Table; title: string }) {
  const f = useFormat();
  const { t } = useTranslation();
  const names = new Map<string, string>();
  for (const m of table.months) for (const c of m.cells) if (c.labels[0] && c.labels.length === 1) names.set(c.labels[0].code, c.labels[0].name);
  const keys = [...names.keys()];
  const data = table.months.map((m) => {
    const point: Record<string, string | number | null> = { month: f.month(`${m.month}-01`) };
    if (keys.length === 0) point._total = chartValue(m.total);
    for (const c of m.cells) if (c.labels.length === 1 && c.labels[0]) point[c.labels[0].code] = chartValue(c.value);
    return point;
  });
  const colour = colours(table);
  const lines = keys.length ? keys.map((k) => ({ key: k, name: names.get(k)!, colour: colour.get(k) })) : [{ key: '_total', name: t('common.total'), colour: PALETTE[0] }];
  return (
    <div className="chart chart-small" role="img" aria-label={t('aggregates.trendOf', { name: title })}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e7e8" vertical={false} />
          <XAxis dataKey="month" tick={{ fontSize: 11, fill: '#45555d' }} />
          <YAxis tick={{ fontSize: 11, fill: '#45555d' }} width={44} tickFormatter={(v: number) => (table.indicator.unit === 'SHARE' ? f.percent(v) : f.number(v))} />
          <Tooltip formatter={(v) => (v === null || v === undefined ? t('aggregates.suppressedShort') : f.number(Number(v), 1))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {lines.map((l, i) => (
            <Line key={l.key} type="monotone" dataKey={l.key} name={l.name} stroke={l.colour ?? PALETTE[i % PALETTE.length]} strokeWidth={2} dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The same numbers as an accessible table: the chart is a picture of this. */
export function FiguresTable({ table, rowHeader }: { table: Table; rowHeader: string }) {
  const { t } = useTranslation();
  const { rows, cols } = pivot(table.cells);
  // Margins carry "ALL" in the summed-over position: [row, ALL] is a row total, [ALL, column] a column total.
  const marginFor = (code: string) => table.margins.find((m) => m.labels[0]?.code === code && (m.labels.length === 1 || m.labels[1]?.code === 'ALL'))?.value;
  const columnTotal = (code: string) => table.margins.find((m) => m.labels[0]?.code === 'ALL' && m.labels[1]?.code === code)?.value;
  return (
    <div className="table-wrap">
      <table className="table figures" data-testid={`figures-${table.indicator.code}`}>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            {cols.length ? cols.map((c) => <th key={c.code} scope="col" className="num">{c.name}</th>) : <th scope="col" className="num">{table.indicator.name}</th>}
            {cols.length > 0 && <th scope="col" className="num">{t('common.total')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label.code}>
              <th scope="row">{r.label.name}</th>
              {(cols.length ? cols : [{ code: '_' }]).map((c) => {
                const v = r.values.get(c.code);
                return <td key={c.code} className="num">{v ? <Figure v={v} unit={table.indicator.unit} /> : '—'}</td>;
              })}
              {cols.length > 0 && <td className="num">{marginFor(r.label.code) ? <Figure v={marginFor(r.label.code)!} unit={table.indicator.unit} /> : '—'}</td>}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('common.total')}</th>
            {cols.length ? cols.map((c) => <td key={c.code} className="num">{columnTotal(c.code) ? <Figure v={columnTotal(c.code)!} unit={table.indicator.unit} /> : ''}</td>) : null}
            <td className="num">
              <strong>
                <Figure v={table.total} unit={table.indicator.unit} />
              </strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/**
 * Downloads a CSV the server builds (session cookie, reader's language) as a file. The
 * preflight header proves the request comes from this app, not from another site's link.
 */
export async function downloadCsv(path: string, lang: string, fallbackName: string, onPreparing?: (message: string) => void): Promise<void> {
  const ask = () => fetch(path, { credentials: 'same-origin', headers: { 'apollo-require-preflight': 'true', 'x-opora-language': lang, 'accept-language': lang } });
  let res = await ask();
  // Figures still being prepared (503 with Retry-After): say so and ask again when the server says, a few minutes at most.
  for (let attempt = 0; res.status === 503 && res.headers.get('retry-after') && attempt < 60; attempt++) {
    const body = (await res.json().catch(() => null)) as { errors?: { message: string }[] } | null;
    onPreparing?.(body?.errors?.[0]?.message ?? res.statusText);
    await new Promise((resolve) => setTimeout(resolve, Math.min(30, Number(res.headers.get('retry-after')) || 5) * 1000));
    res = await ask();
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { errors?: { message: string }[] } | null;
    throw new Error(body?.errors?.[0]?.message ?? res.statusText);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * „Изтегли XLSX“ / „Изтегли CSV“ under a table of the network or municipal screen: the server
 * builds the file from the same figures as the screen (/reports/tables/<screen>.<format>), in the
 * reader's language.
 */
export function TableDownloads({ screen, indicator, period, breakdown }: { screen: 'network' | 'municipality-residents' | 'municipality-territory'; indicator: string; period: { from: string; to: string }; breakdown: string | null }) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: string | null }>({ busy: false, message: null, error: null });
  const query = new URLSearchParams({ indicator, from: period.from, to: period.to, ...(breakdown ? { by: breakdown } : {}) });
  async function download(format: 'xlsx' | 'csv') {
    setState({ busy: true, message: null, error: null });
    try {
      await downloadCsv(`/reports/tables/${screen}.${format}?${query}`, i18n.language, `${indicator.toLowerCase()}.${format}`, (message) => setState((s) => ({ ...s, message })));
      setState({ busy: false, message: null, error: null });
    } catch (e) {
      setState({ busy: false, message: null, error: (e as Error).message });
    }
  }
  return (
    <div className="toolbar table-downloads">
      <button type="button" className="btn btn-small" disabled={state.busy} onClick={() => void download('xlsx')} data-testid={`download-xlsx-${indicator}`}>
        {t('aggregates.downloadXlsx')}
      </button>
      <button type="button" className="btn btn-small" disabled={state.busy} onClick={() => void download('csv')} data-testid={`download-csv-${indicator}`}>
        {t('common.downloadCsv')}
      </button>
      {state.message && <span className="muted small" role="status">{state.message}</span>}
      {state.error && <span className="banner banner-error small" role="alert">{state.error}</span>}
    </div>
  );
}

// ---------- period ----------

// Month pickers of the aggregate screens. A native <input type="month"> names the months in
// the browser's language, not the page's: these selects take their names from Intl in the
// reader's language (януари… in Bulgarian, January… in English).

const ym = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;

/** The last `n` whole months, as YYYY-MM. */
/**
 * The last complete calendar year in Sofia: the screens open on it, because a year's figures
 * are decided as one system and a year still running publishes fewer of them.
 */
export function lastCompleteYear(): { from: string; to: string } {
  const year = Number(sofiaToday().slice(0, 4)) - 1;
  return { from: `${year}-01`, to: `${year}-12` };
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
