import { AGGREGATE_WORDS, DIMENSION_LABELS } from '@opora/common/vocabulary';
import type { Context, Locale } from '../context.ts';
import { invalidFields, notFound } from '../support/errors.ts';
import { DIMENSIONS, INDICATOR_CODES, type Dimension, type IndicatorCode, type Unit } from '../aggregates/catalogue.ts';
import { display, K, labelOf, suppressionNote, type CellOut, type Labels, type TableOut } from '../aggregates/engine.ts';
import type { Published } from '../aggregates/suppression.ts';
import { networkComparison } from './network.ts';
import { municipalDashboard } from './municipality-dashboard.ts';

// The tables of the network and municipal screens as files (server: /reports/tables/<screen>.xlsx|.csv,
// written by server/src/table-files.ts). Each file is one table exactly as the screen shows it
// (FiguresTable in web/src/components/aggregates.tsx): built by the same function the GraphQL field
// resolves with (networkComparison, municipalDashboard), so from the same decided figures; suppression
// is never worked out here. A hidden figure is text: the screen's mark ("x") and the screen's word
// (AGGREGATE_WORDS.hidden), never its number.

export const TABLE_SCREENS = ['network', 'municipality-residents', 'municipality-territory'] as const;
export type TableScreen = (typeof TABLE_SCREENS)[number];

/** The breakdowns the municipal screen offers (web/src/pages/municipality.tsx, BREAKDOWNS). */
export const MUNICIPAL_SCREEN_BREAKDOWNS: readonly Dimension[] = ['SERVICE_KIND', 'AGE_BAND', 'SEX', 'SETTLEMENT'];

/** A cell of an exported table: words, a published figure, or a hidden one. */
export type TableFileCell =
  | { kind: 'text'; text: string }
  | { kind: 'figure'; value: number; unit: Unit; display: string }
  | { kind: 'hidden'; text: string; note: string }
  | { kind: 'empty' };

export type TableFile = {
  filename: string;
  sheetName: string;
  /** Lines above the table: the indicator, the period, whose figures. */
  heading: string[];
  header: string[];
  rows: TableFileCell[][];
  /** Lines under the table: what a hidden value is. */
  notes: string[];
  audit: { entityType: string; entityId: string | null; detail: Record<string, string | number> };
};

/** The hidden figure's text, the same on screen and in every file: "x (скрито)". */
export function hiddenText(value: Published, locale: Locale): string {
  return `${display(value, { unit: 'PEOPLE' } as never, locale)} (${AGGREGATE_WORDS.hidden[locale]})`;
}

/**
 * One table of a network or municipal screen, for the viewer of the request. Checks the viewer
 * itself (the scope functions refuse any other membership): the download route has no
 * graphql-shield in front of it.
 */
export async function aggregateTableFile(ctx: Context, screen: TableScreen, params: URLSearchParams): Promise<TableFile> {
  const locale = ctx.locale;
  const code = params.get('indicator') as IndicatorCode | null;
  if (!code || !INDICATOR_CODES.includes(code)) throw invalidFields(locale, [{ path: 'indicator', messageKey: 'required' }]);
  const by = params.get('by');
  const breakdown = by ? (DIMENSIONS.includes(by as Dimension) ? (by as Dimension) : null) : null;
  if (by && !breakdown) throw invalidFields(locale, [{ path: 'by', messageKey: 'required' }]);
  // The municipal screen offers these breakdowns and no other (never its residents center by center).
  if (screen !== 'network' && breakdown && !MUNICIPAL_SCREEN_BREAKDOWNS.includes(breakdown)) throw invalidFields(locale, [{ path: 'by', messageKey: 'required' }]);
  const period = { from: params.get('from') ?? '', to: params.get('to') ?? '' };
  let table: TableOut | undefined;
  let labels: Labels;
  let whose: string;
  let refreshed: Date | null;
  let slug: string;
  if (screen === 'network') {
    // The screen asks for its tables together; each table is worked out on its own, so one at a time is the same table.
    const c = await networkComparison(ctx, { indicators: [code], period, breakdown });
    table = c.tables[0];
    labels = c.labels;
    whose = `${AGGREGATE_WORDS.network[locale]}`;
    refreshed = c.refreshedAt;
    slug = 'network';
  } else {
    // The screen's own question (its default indicators), then the one table asked for.
    const d = await municipalDashboard(ctx, { period, indicators: null, breakdown });
    const side = screen === 'municipality-residents' ? 'residents' : 'territory';
    table = d[side].find((t) => t.indicator.code === code);
    labels = d.labels;
    whose = `${AGGREGATE_WORDS.municipality[locale]} ${locale === 'en' ? d.municipality.nameEn : d.municipality.nameBg} — ${AGGREGATE_WORDS[side][locale]}`;
    refreshed = d.refreshedAt;
    slug = `${d.municipality.code}-${side}`;
  }
  // A table the screen does not show is not there.
  if (!table) throw notFound(locale);
  const name = locale === 'en' ? table.indicator.nameEn : table.indicator.nameBg;
  const built = pivotTable(table, labels, locale, name);
  const heading = [
    name,
    `${AGGREGATE_WORDS.period[locale]}: ${table.period.from} – ${table.period.to}`,
    whose,
    ...(refreshed ? [`${AGGREGATE_WORDS.dataAsOf[locale]}: ${refreshed.toISOString().slice(0, 16).replace('T', ' ')} UTC`] : []),
    ...(table.periodPublished ? [] : [AGGREGATE_WORDS.notPublished[locale]]),
  ];
  return {
    filename: `${slug}-${table.indicator.code.toLowerCase()}-${table.period.from}-${table.period.to}`,
    sheetName: name.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '),
    heading,
    header: built.header,
    rows: built.rows,
    notes: [`x (${AGGREGATE_WORDS.hidden[locale]}) — ${AGGREGATE_WORDS.hiddenTitle[locale]}. ${AGGREGATE_WORDS.hiddenExplain[locale].replace('{threshold}', String(K))}`],
    audit: { entityType: 'AggregateTable', entityId: null, detail: { screen, indicator: table.indicator.code, from: table.period.from, to: table.period.to, breakdown: table.dims.join(',') } },
  };
}

/**
 * The screen's table: a row per first label, a column per second label and a total column; a total
 * row. Also the municipal analysis's tables (municipal-analysis.ts): one layout for every copy.
 */
export function pivotTable(table: TableOut, labels: Labels, locale: Locale, indicatorName: string): { header: string[]; rows: TableFileCell[][] } {
  const name = (d: Dimension, key: string) => {
    const l = labelOf(d, key, labels);
    return locale === 'en' ? l.nameEn : l.nameBg;
  };
  const cell = (value: Published | undefined): TableFileCell => {
    if (!value) return { kind: 'empty' };
    if (value.suppressed) return { kind: 'hidden', text: hiddenText(value, locale), note: suppressionNote(value, locale) ?? '' };
    if (value.value === null) return { kind: 'text', text: display(value, table.indicator, locale) };
    return { kind: 'figure', value: value.value, unit: table.indicator.unit, display: display(value, table.indicator, locale) };
  };
  const total = AGGREGATE_WORDS.total[locale];
  const [d0, d1] = table.dims;
  if (!d0) return { header: ['', indicatorName], rows: [[{ kind: 'text', text: total }, cell(table.total)]] };
  const isAll = (k: string | undefined) => labelOf(d0, k ?? '', labels).code === 'ALL';
  const rowKeys: string[] = [];
  const colKeys: string[] = [];
  const values = new Map<string, Published>();
  for (const c of table.cells as CellOut[]) {
    const [a, b] = c.key;
    if (a === undefined || isAll(a) || (b !== undefined && isAll(b))) continue;
    if (!rowKeys.includes(a)) rowKeys.push(a);
    if (b !== undefined && !colKeys.includes(b)) colKeys.push(b);
    values.set(`${a}\u0000${b ?? ''}`, c.value);
  }
  const margin = (a: string | null, b: string | null) =>
    table.margins.find((m) => (a === null ? isAll(m.key[0]) : m.key[0] === a) && (b === null ? m.key.length === 1 || isAll(m.key[1]) : m.key[1] === b))?.value;
  const rowHeader = DIMENSION_LABELS[d0][locale];
  if (!d1) {
    return {
      header: [rowHeader, indicatorName],
      rows: [...rowKeys.map((a) => [{ kind: 'text', text: name(d0, a) } as TableFileCell, cell(values.get(`${a}\u0000`))]), [{ kind: 'text', text: total }, cell(table.total)]],
    };
  }
  return {
    header: [rowHeader, ...colKeys.map((b) => name(d1, b)), total],
    rows: [
      ...rowKeys.map((a) => [{ kind: 'text', text: name(d0, a) } as TableFileCell, ...colKeys.map((b) => cell(values.get(`${a}\u0000${b}`))), cell(margin(a, null))]),
      [{ kind: 'text', text: total }, ...colKeys.map((b) => cell(margin(null, b))), cell(table.total)],
    ],
  };
}
