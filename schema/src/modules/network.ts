import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isNetworkAnalyst } from '../permissions/rules.ts';
import { invalidFields } from '../support/errors.ts';
import type { Dimension, IndicatorCode } from '../aggregates/catalogue.ts';
import { K, indicatorTable, labels, parsePeriod, refreshedAt, type CenterInfo, type Labels, type Period, type TableOut } from '../aggregates/engine.ts';
import { networkScope } from '../aggregates/scope.ts';
import { approvalsOf, PeriodApprovalRef } from './period-approvals.ts';
import {
  AggregateCenterRef,
  AggregateDimensionEnum,
  AggregatePeriodRef,
  IndicatorCodeEnum,
  IndicatorTableRef,
  MonthRangeInput,
  checkBreakdown,
} from './indicators.ts';

// The umbrella network: every member center side by side on any indicator, and month-by-month trends.

export type Comparison = { period: Period; centers: CenterInfo[]; tables: TableOut[]; labels: Labels; refreshedAt: Date | null };

const NetworkComparisonRef = builder.objectRef<Comparison>('NetworkComparison').implement({
  fields: (t) => ({
    period: t.field({ type: AggregatePeriodRef, resolve: (c) => c.period }),
    centers: t.field({ type: [AggregateCenterRef], resolve: (c) => c.centers.map((center) => ({ center, labels: c.labels })) }),
    tables: t.field({
      type: [IndicatorTableRef],
      description: 'One table per indicator asked for: centers (and the breakdown, if any) side by side; `months` is the trend.',
      resolve: (c) => c.tables.map((table) => ({ table, labels: c.labels })),
    }),
    refreshedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the figures were last rebuilt from the records.', resolve: (c) => c.refreshedAt }),
    suppressionThreshold: t.int({ description: 'Counts below this are suppressed.', resolve: () => K }),
    approvals: t.field({
      type: [PeriodApprovalRef],
      description: "The member centers' approved months and years within the period, and whether each changed after approval.",
      resolve: (c, _a, ctx) => approvalsOf(ctx, c.centers.map((x) => x.id), c.period.from, c.period.to),
    }),
  }),
});

builder.queryFields((t) => ({
  networkComparison: t.field({
    type: NetworkComparisonRef,
    description: "The network's member centers side by side. Small cells are suppressed; no figure leads to a person.",
    args: {
      indicators: t.arg({ type: [IndicatorCodeEnum] }),
      period: t.arg({ type: MonthRangeInput }),
      breakdown: t.arg({ type: AggregateDimensionEnum, required: false, description: 'A second breakdown besides the center.' }),
    },
    resolve: (_root, args, ctx) => networkComparison(ctx, { indicators: args.indicators as IndicatorCode[], period: args.period, breakdown: (args.breakdown ?? null) as Dimension | null }),
  }),
}));

export type NetworkComparisonArgs = { indicators: IndicatorCode[]; period: { from: string; to: string }; breakdown: Dimension | null };

/** The network screen's figures: the GraphQL field and its exports (aggregate-exports.ts) read this one function. */
export async function networkComparison(ctx: Context, args: NetworkComparisonArgs): Promise<Comparison> {
  const codes = [...new Set(args.indicators)];
  if (codes.length === 0 || codes.length > 20) throw invalidFields(ctx.locale, [{ path: 'indicators', messageKey: codes.length ? 'tooManyItems' : 'tooFewItems', params: { min: 1, max: 20 } }]);
  const period = parsePeriod(args.period, ctx.locale);
  const dims: Dimension[] = ['CENTER'];
  if (args.breakdown && args.breakdown !== 'CENTER') dims.push(args.breakdown);
  checkBreakdown(ctx, codes, dims);
  const { centers, scope } = await networkScope(ctx);
  const tables: TableOut[] = [];
  for (const code of codes) tables.push(await indicatorTable(ctx, code, dims, period, scope));
  return { period, centers, tables, labels: await labels(ctx), refreshedAt: await refreshedAt(ctx, scope.centerIds) };
}

definePermissions({
  Query: { networkComparison: isNetworkAnalyst },
  NetworkComparison: isNetworkAnalyst,
});
