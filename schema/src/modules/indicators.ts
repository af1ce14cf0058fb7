import { GraphQLError } from 'graphql';
import { allow } from 'graphql-shield';
import { message } from '@opora/common/messages';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isSignedIn } from '../permissions/rules.ts';
import { encodeId } from '../support/global-id.ts';
import { labelled } from './enums.ts';
import { DIMENSIONS, INDICATOR_CODES, INDICATORS, UNITS, type Dimension, type IndicatorCode, type IndicatorDef } from '../aggregates/catalogue.ts';
import { display, labelOf, suppressionNote, type CellOut, type CenterInfo, type Label, type Labels, type Period, type TableOut } from '../aggregates/engine.ts';
import type { Published } from '../aggregates/suppression.ts';

// The aggregate surface's types. They are built only from counts, catalogue codes and names:
// no field of theirs leads to a person (tests/src/aggregates/type-graph.test.ts walks them).
// They carry no rule of their own (allow): they are reachable only through the guarded
// entry points (networkComparison, municipalDashboard, the report drafts), and they hold
// nothing those rules do not already permit.

export const AggregateDimensionEnum = builder.enumType('AggregateDimension', { values: DIMENSIONS });
export const IndicatorCodeEnum = builder.enumType('IndicatorCode', { values: INDICATOR_CODES });
export const IndicatorUnitEnum = builder.enumType('IndicatorUnit', { values: UNITS });
export const IndicatorAggregationEnum = builder.enumType('IndicatorAggregation', {
  values: ['SUM', 'DISTINCT', 'END_OF_PERIOD', 'DERIVED'] as const,
});

const localized = (bg: string, en: string, ctx: Context) => (ctx.locale === 'en' ? en : bg);

export const IndicatorRef = builder.objectRef<IndicatorDef>('Indicator').implement({
  description: 'One indicator of the shared catalogue, and the breakdowns it offers.',
  fields: (t) => ({
    code: t.field({ type: IndicatorCodeEnum, resolve: (i) => i.code }),
    name: t.string({ resolve: (i, _a, ctx) => localized(i.nameBg, i.nameEn, ctx) }),
    nameBg: t.exposeString('nameBg'),
    nameEn: t.exposeString('nameEn'),
    description: t.string({ resolve: (i, _a, ctx) => localized(i.descriptionBg, i.descriptionEn, ctx) }),
    unit: t.field({ type: IndicatorUnitEnum, resolve: (i) => i.unit }),
    aggregation: t.field({ type: IndicatorAggregationEnum, resolve: (i) => i.aggregation }),
    breakdowns: t.field({ type: [AggregateDimensionEnum], resolve: (i) => [...i.breakdowns] }),
    byResidence: t.boolean({
      description: 'Available for the residents of a municipality (whatever center served them).',
      resolve: (i) => i.byResidence,
    }),
    smallCellsSuppressed: t.boolean({ resolve: (i) => i.suppressed }),
  }),
});

type ValueSource = { value: Published; def: IndicatorDef };

export const SuppressionReasonEnum = labelled('SuppressionReason', ['BELOW_K', 'PROTECTS_OTHER'] as const, {
  description: 'Why a figure is hidden.',
  details: {
    BELOW_K: 'It counts fewer than the threshold (and more than none).',
    PROTECTS_OTHER: 'Hidden so that another hidden figure cannot be worked out from it (or derived from one).',
  },
});


export const AggregateValueRef = builder.objectRef<ValueSource>('AggregateValue').implement({
  description:
    'A published figure. A suppressed one (a count below the threshold, a cell hidden so that one cannot be recovered, or a figure derived from one) has value null, suppressed true and display "x"; it is never 0.',
  fields: (t) => ({
    value: t.float({ nullable: true, resolve: (v) => (v.value.suppressed ? null : v.value.value) }),
    suppressed: t.boolean({ resolve: (v) => v.value.suppressed }),
    display: t.string({ resolve: (v, _a, ctx) => display(v.value, v.def, ctx.locale) }),
    suppressionReason: t.field({
      type: SuppressionReasonEnum,
      nullable: true,
      description: 'Which rule hid the figure; null when it is published.',
      resolve: (v) => (v.value.suppressed ? v.value.reason ?? 'PROTECTS_OTHER' : null),
    }),
    suppressionNote: t.string({
      nullable: true,
      description: "The rule that hid the figure, in the viewer's language.",
      resolve: (v, _a, ctx) => suppressionNote(v.value, ctx.locale),
    }),
  }),
});

export const AggregateLabelRef = builder.objectRef<Label>('AggregateLabel').implement({
  description: 'A value of a breakdown: a catalogue code and its names (never a record id).',
  fields: (t) => ({
    dimension: t.field({ type: AggregateDimensionEnum, resolve: (l) => l.dimension }),
    code: t.exposeString('code'),
    name: t.string({ resolve: (l, _a, ctx) => localized(l.nameBg, l.nameEn, ctx) }),
    nameBg: t.exposeString('nameBg'),
    nameEn: t.exposeString('nameEn'),
  }),
});

type CellSource = { cell: CellOut; table: TableOut; labels: Labels };

export const AggregateCellRef = builder.objectRef<CellSource>('AggregateCell').implement({
  fields: (t) => ({
    labels: t.field({
      type: [AggregateLabelRef],
      description: 'One label per breakdown, in the order asked; "ALL" in a margin.',
      resolve: (c) => c.table.dims.map((d, i) => labelOf(d, c.cell.key[i]!, c.labels)),
    }),
    value: t.field({ type: AggregateValueRef, resolve: (c) => ({ value: c.cell.value, def: c.table.indicator }) }),
  }),
});

type MonthSource = { month: TableOut['months'][number]; table: TableOut; labels: Labels };

export const AggregateMonthRef = builder.objectRef<MonthSource>('AggregateMonth').implement({
  fields: (t) => ({
    month: t.string({ description: 'YYYY-MM', resolve: (m) => m.month.month }),
    cells: t.field({ type: [AggregateCellRef], resolve: (m) => m.month.cells.map((cell) => ({ cell, table: m.table, labels: m.labels })) }),
    total: t.field({ type: AggregateValueRef, resolve: (m) => ({ value: m.month.total, def: m.table.indicator }) }),
  }),
});

export const AggregatePeriodRef = builder.objectRef<Period>('AggregatePeriod').implement({
  fields: (t) => ({
    from: t.string({ description: 'YYYY-MM', resolve: (p) => p.from }),
    to: t.string({ description: 'YYYY-MM', resolve: (p) => p.to }),
    months: t.int({ resolve: (p) => p.months.length }),
  }),
});

export type TableSource = { table: TableOut; labels: Labels };

export const IndicatorTableRef = builder.objectRef<TableSource>('IndicatorTable').implement({
  description: 'One indicator over a period: the cells of the breakdown, its margins, the total, and the same month by month.',
  fields: (t) => ({
    indicator: t.field({ type: IndicatorRef, resolve: (s) => s.table.indicator }),
    breakdown: t.field({ type: [AggregateDimensionEnum], resolve: (s) => s.table.dims }),
    period: t.field({ type: AggregatePeriodRef, resolve: (s) => s.table.period }),
    periodPublished: t.boolean({
      description: 'False when the figure exists only for a month, a calendar quarter or a calendar year (people counted once).',
      resolve: (s) => s.table.periodPublished,
    }),
    cells: t.field({ type: [AggregateCellRef], resolve: (s) => s.table.cells.map((cell) => ({ cell, table: s.table, labels: s.labels })) }),
    margins: t.field({
      type: [AggregateCellRef],
      description: 'Totals over one breakdown of a two-way table.',
      resolve: (s) => s.table.margins.map((cell) => ({ cell, table: s.table, labels: s.labels })),
    }),
    total: t.field({ type: AggregateValueRef, resolve: (s) => ({ value: s.table.total, def: s.table.indicator }) }),
    months: t.field({ type: [AggregateMonthRef], resolve: (s) => s.table.months.map((month) => ({ month, table: s.table, labels: s.labels })) }),
  }),
});

type MunicipalitySource = { code: string; nameBg: string; nameEn: string };

export const AggregateMunicipalityRef = builder.objectRef<MunicipalitySource>('AggregateMunicipality').implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.string({ resolve: (m, _a, ctx) => localized(m.nameBg, m.nameEn, ctx) }),
    nameBg: t.exposeString('nameBg'),
    nameEn: t.exposeString('nameEn'),
  }),
});

export const AggregateCenterRef = builder.objectRef<{ center: CenterInfo; labels: Labels }>('AggregateCenter').implement({
  description: 'A center as the aggregate surface sees it: a name in the public directory, never its records.',
  fields: (t) => ({
    id: t.id({ description: 'The Center global id (for providerAnnualReport).', resolve: (c) => encodeId('Center', c.center.id) }),
    code: t.string({ resolve: (c) => c.center.code }),
    name: t.string({ resolve: (c, _a, ctx) => localized(c.center.nameBg, c.center.nameEn, ctx) }),
    nameBg: t.string({ resolve: (c) => c.center.nameBg }),
    nameEn: t.string({ resolve: (c) => c.center.nameEn }),
    licensedCapacity: t.int({ resolve: (c) => c.center.licensedCapacity }),
    municipality: t.field({
      type: AggregateMunicipalityRef,
      resolve: (c) => c.labels.municipalities.get(c.center.municipalityId) ?? { code: '', nameBg: '', nameEn: '' },
    }),
  }),
});

export const MonthRangeInput = builder.inputType('MonthRange', {
  description: 'Whole months, "YYYY-MM" to "YYYY-MM" inclusive: nothing shorter than a month can be asked for.',
  fields: (t) => ({
    from: t.string(),
    to: t.string(),
  }),
});

/** Refuses a breakdown an indicator does not offer (for residents: no residence breakdown). */
export function checkBreakdown(ctx: Context, codes: readonly IndicatorCode[], dims: readonly Dimension[]): void {
  for (const code of codes) {
    const def = INDICATORS.find((i) => i.code === code)!;
    for (const d of dims) {
      if (!def.breakdowns.includes(d)) {
        // Each language names the indicator in its own words.
        const bg = message('breakdownNotAvailable', 'bg', { indicator: def.nameBg, dimension: d });
        const en = message('breakdownNotAvailable', 'en', { indicator: def.nameEn, dimension: d });
        throw new GraphQLError(ctx.locale === 'en' ? en : bg, { extensions: { code: 'BAD_USER_INPUT', messageBg: bg, messageEn: en } });
      }
    }
  }
}

builder.queryFields((t) => ({
  indicators: t.field({
    type: [IndicatorRef],
    description: 'The catalogue of indicators shared by the network, municipalities and report drafts.',
    resolve: () => [...INDICATORS],
  }),
}));

definePermissions({
  Query: { indicators: isSignedIn },
  Indicator: allow,
  AggregateValue: allow,
  AggregateLabel: allow,
  AggregateCell: allow,
  AggregateMonth: allow,
  AggregatePeriod: allow,
  IndicatorTable: allow,
  AggregateMunicipality: allow,
  AggregateCenter: allow,
});
