import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isMunicipalViewer } from '../permissions/rules.ts';
import { invalidFields } from '../support/errors.ts';
import { INDICATORS, type Dimension, type IndicatorCode } from '../aggregates/catalogue.ts';
import { K, indicatorTable, labels, parsePeriod, refreshedAt, type CenterInfo, type Labels, type Period, type TableOut } from '../aggregates/engine.ts';
import { municipalScope } from '../aggregates/scope.ts';
import { approvalsOf, PeriodApprovalRef } from './period-approvals.ts';
import {
  AggregateCenterRef,
  AggregateDimensionEnum,
  AggregateMunicipalityRef,
  AggregatePeriodRef,
  IndicatorCodeEnum,
  IndicatorTableRef,
  MonthRangeInput,
  checkBreakdown,
} from './indicators.ts';

// A municipality's view: services its residents receive (from any center) and the work of the
// centers on its territory. The municipality is the viewer's own, from the session.

export type Dashboard = {
  period: Period;
  municipality: { code: string; nameBg: string; nameEn: string };
  residents: TableOut[];
  territory: TableOut[];
  centers: CenterInfo[];
  labels: Labels;
  refreshedAt: Date | null;
};

const MunicipalDashboardRef = builder.objectRef<Dashboard>('MunicipalDashboard').implement({
  fields: (t) => ({
    period: t.field({ type: AggregatePeriodRef, resolve: (d) => d.period }),
    municipality: t.field({ type: AggregateMunicipalityRef, resolve: (d) => d.municipality }),
    residents: t.field({
      type: [IndicatorTableRef],
      description: "Services to the municipality's residents, by any center (indicators that know residence).",
      resolve: (d) => d.residents.map((table) => ({ table, labels: d.labels })),
    }),
    centersOnTerritory: t.field({ type: [AggregateCenterRef], resolve: (d) => d.centers.map((center) => ({ center, labels: d.labels })) }),
    territory: t.field({
      type: [IndicatorTableRef],
      description: 'The work of the centers on the territory, center by center.',
      resolve: (d) => d.territory.map((table) => ({ table, labels: d.labels })),
    }),
    refreshedAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.refreshedAt }),
    suppressionThreshold: t.int({ resolve: () => K }),
    approvals: t.field({
      type: [PeriodApprovalRef],
      description: 'The approved months and years of the centers on the territory within the period, and whether each changed after approval.',
      resolve: (d, _a, ctx) => approvalsOf(ctx, d.centers.map((x) => x.id), d.period.from, d.period.to),
    }),
  }),
});

const DEFAULT_RESIDENT_INDICATORS: IndicatorCode[] = ['CLIENTS_SERVED', 'SESSIONS', 'SESSION_HOURS', 'NEW_CASES', 'ACTIVE_CASES', 'OPEN_ACCESS_PEOPLE'];
const DEFAULT_TERRITORY_INDICATORS: IndicatorCode[] = ['CLIENTS_SERVED', 'SESSIONS', 'ACTIVE_CASES', 'STAFF_FTE', 'CAPACITY_USE'];

builder.queryFields((t) => ({
  municipalDashboard: t.field({
    type: MunicipalDashboardRef,
    description: "Aggregates for the viewer's municipality. Whole months only; small cells suppressed; small settlements fall back to the municipality.",
    args: {
      period: t.arg({ type: MonthRangeInput }),
      indicators: t.arg({ type: [IndicatorCodeEnum], required: false }),
      breakdown: t.arg({ type: AggregateDimensionEnum, required: false, description: 'Breaks down the residents tables (and the territory tables besides the center).' }),
    },
    resolve: (_root, args, ctx) =>
      municipalDashboard(ctx, { period: args.period, indicators: (args.indicators ?? null) as IndicatorCode[] | null, breakdown: (args.breakdown ?? null) as Dimension | null }),
  }),
}));

export type MunicipalDashboardArgs = { period: { from: string; to: string }; indicators: IndicatorCode[] | null; breakdown: Dimension | null };

/** The municipal screen's figures: the GraphQL field and its exports (aggregate-exports.ts) read this one function. */
export async function municipalDashboard(ctx: Context, args: MunicipalDashboardArgs): Promise<Dashboard> {
  const period = parsePeriod(args.period, ctx.locale);
  const asked = args.indicators ? [...new Set(args.indicators)] : null;
  if (asked && (asked.length === 0 || asked.length > 20)) {
    throw invalidFields(ctx.locale, [{ path: 'indicators', messageKey: asked.length ? 'tooManyItems' : 'tooFewItems', params: { min: 1, max: 20 } }]);
  }
  const breakdown = args.breakdown;
  const residentCodes = (asked ?? DEFAULT_RESIDENT_INDICATORS).filter((c) => INDICATORS.find((i) => i.code === c)!.byResidence);
  const territoryCodes = asked ?? DEFAULT_TERRITORY_INDICATORS;
  // Residents live in one municipality: no residence breakdown for them.
  const residentDims: Dimension[] = breakdown && breakdown !== 'RESIDENCE_MUNICIPALITY' ? [breakdown] : [];
  const territoryDims: Dimension[] = ['CENTER', ...(breakdown && breakdown !== 'CENTER' ? [breakdown] : [])];
  checkBreakdown(ctx, residentCodes, residentDims);
  const territoryUsable = territoryCodes.filter((c) => territoryDims.every((d) => INDICATORS.find((i) => i.code === c)!.breakdowns.includes(d)));
  if (asked && breakdown && territoryUsable.length === 0 && residentCodes.length === 0) checkBreakdown(ctx, territoryCodes, territoryDims);
  const scope = await municipalScope(ctx);
  const l = await labels(ctx);
  const residents: TableOut[] = [];
  for (const code of residentCodes) residents.push(await indicatorTable(ctx, code, residentDims, period, scope.residents));
  const territory: TableOut[] = [];
  if (scope.territoryCenters.length > 0) {
    for (const code of territoryUsable) territory.push(await indicatorTable(ctx, code, territoryDims, period, scope.territory));
  }
  return {
    period,
    municipality: l.municipalities.get(scope.municipalityId)!,
    residents,
    territory,
    centers: scope.territoryCenters,
    labels: l,
    refreshedAt: await refreshedAt(ctx, scope.residents.centerIds),
  };
}

definePermissions({
  Query: { municipalDashboard: isMunicipalViewer },
  MunicipalDashboard: isMunicipalViewer,
});
