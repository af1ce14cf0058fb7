import type { MunicipalAnalysis as AnalysisRow, Prisma } from '@opora/prisma/client';
import * as enums from '@opora/prisma/client';
import { currentYear, now } from '@opora/common/calendar';
import { enumLabel, type Lang } from '@opora/common/vocabulary';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { mayReadMunicipalAnalysis, mayWriteMunicipalAnalysis, municipalOfficialCheck } from '../permissions/rules.ts';
import { conflictWith, updateAtVersion } from '../support/concurrency.ts';
import { invalidFields, notFound, oporaError } from '../support/errors.ts';
import { encodeId, idOf } from '../support/global-id.ts';
import { intRange, optionalText } from '../support/validation.ts';
import { INDICATORS, type IndicatorCode } from '../aggregates/catalogue.ts';
import { K } from '../aggregates/engine.ts';
import { pivotTable, type TableFileCell } from './aggregate-exports.ts';
import { municipalDashboard, type Dashboard } from './municipality-dashboard.ts';
import { signedOffViews } from './yearly-reports.ts';
import { labelled } from './enums.ts';
import { LegalServiceTypeEnum } from './quality-registers.ts';

// The mayor's yearly analysis of social services (Social Services Act art. 113(2), by 30 April;
// issue #18 item 2): one per municipality and year. Its officials write four sections, saved as
// drafts at a version; signing it off freezes the figures and makes it read-only (the database
// refuses any later change too: migration 20261204160000_municipal_analysis).
// The figures are ONLY what the municipal screen already publishes: the tables of
// `municipalDashboard` (the same decided, suppressed figures, read through figuresDb), laid out by
// the exports' `pivotTable` with a hidden figure as the screen's words „x (скрито)“, and the
// signed-off yearly reports of the services the municipality contracts (`signedOffViews`).
// No person is in it; the municipality is always the session's, never an argument.

export const MunicipalAnalysisStatusEnum = labelled('MunicipalAnalysisStatus', enums.MunicipalAnalysisStatus);
const SECTIONS = ['SPENDING', 'PROVIDERS_EVALUATION', 'CONTROL_MONITORING', 'UNMET_NEEDS'] as const;
type Section = (typeof SECTIONS)[number];
const SectionEnum = labelled('MunicipalAnalysisSection', SECTIONS);
const SIDES = ['RESIDENTS', 'TERRITORY'] as const;
const SideEnum = labelled('AnalysisSide', SIDES);

/** The column of each section. */
const COLUMN: Record<Section, 'spending' | 'providersEvaluation' | 'controlMonitoring' | 'unmetNeeds'> = {
  SPENDING: 'spending',
  PROVIDERS_EVALUATION: 'providersEvaluation',
  CONTROL_MONITORING: 'controlMonitoring',
  UNMET_NEEDS: 'unmetNeeds',
};

// ── The figures ─────────────────────────────────────────────────────────────────────────

export type AnalysisCell = { text: string; hidden: boolean };
export type AnalysisTable = { side: (typeof SIDES)[number]; indicator: IndicatorCode; title: string; header: string[]; rows: AnalysisCell[][] };
export type AnalysisReport = { id: string; centerBg: string; centerEn: string; serviceType: enums.LegalServiceType; signedOffAt: string };
/** What the analysis shows besides the written sections; frozen as JSON at sign-off. */
export type AnalysisFigures = {
  period: { from: string; to: string };
  refreshedAt: string | null;
  threshold: number;
  tables: Record<Lang, AnalysisTable[]>;
  reports: AnalysisReport[];
};

const byCode = (code: IndicatorCode) => INDICATORS.find((i) => i.code === code)!;
// The dashboard's default tables (municipality-dashboard.ts), each by service where it breaks down by service.
const ASKED: IndicatorCode[] = ['CLIENTS_SERVED', 'SESSIONS', 'SESSION_HOURS', 'NEW_CASES', 'ACTIVE_CASES', 'OPEN_ACCESS_PEOPLE', 'STAFF_FTE', 'CAPACITY_USE'];
const BY_SERVICE = ASKED.filter((c) => byCode(c).breakdowns.includes('SERVICE_KIND'));
const WHOLE = ASKED.filter((c) => !BY_SERVICE.includes(c));

/** The months of the year the analysis covers: the whole year, or up to this month for the current one. */
export function analysisPeriod(year: number): { from: string; to: string } {
  const at = now();
  const to = year < at.getUTCFullYear() ? 12 : at.getUTCMonth() + 1;
  return { from: `${year}-01`, to: `${year}-${String(to).padStart(2, '0')}` };
}

function cellOf(c: TableFileCell): AnalysisCell {
  switch (c.kind) {
    case 'text':
      return { text: c.text, hidden: false };
    case 'figure':
      return { text: c.display, hidden: false };
    case 'hidden':
      return { text: c.text, hidden: true };
    case 'empty':
      return { text: '—', hidden: false };
  }
}

function tablesOf(d: Dashboard, lang: Lang): AnalysisTable[] {
  const out: AnalysisTable[] = [];
  for (const [side, tables] of [['RESIDENTS', d.residents], ['TERRITORY', d.territory]] as const) {
    for (const table of tables) {
      const title = lang === 'en' ? table.indicator.nameEn : table.indicator.nameBg;
      const pivot = pivotTable(table, d.labels, lang, title);
      out.push({ side, indicator: table.indicator.code, title, header: pivot.header, rows: pivot.rows.map((r) => r.map(cellOf)) });
    }
  }
  return out;
}

/** The figures of the viewer's municipality for a year, from the municipal screen's own tables. */
export async function analysisFigures(ctx: Context, year: number): Promise<AnalysisFigures> {
  const period = analysisPeriod(year);
  const byService = await municipalDashboard(ctx, { period, indicators: BY_SERVICE, breakdown: 'SERVICE_KIND' });
  const whole = await municipalDashboard(ctx, { period, indicators: WHOLE, breakdown: null });
  const order = (t: AnalysisTable) => (t.side === 'RESIDENTS' ? 0 : 100) + ASKED.indexOf(t.indicator);
  const tables = (lang: Lang) => [...tablesOf(byService, lang), ...tablesOf(whole, lang)].sort((a, b) => order(a) - order(b));
  const reports = (await signedOffViews(ctx, year, null)).map((v) => ({
    id: v.row!.id,
    centerBg: v.centerNameBg,
    centerEn: v.centerNameEn,
    serviceType: v.serviceType,
    signedOffAt: v.row!.signedOffAt!.toISOString(),
  }));
  const refreshed = byService.refreshedAt ?? whole.refreshedAt;
  return { period, refreshedAt: refreshed ? refreshed.toISOString() : null, threshold: K, tables: { bg: tables('bg'), en: tables('en') }, reports };
}

// ── The analysis as its readers see it ──────────────────────────────────────────────────

export type AnalysisView = {
  municipalityId: string;
  municipality: { nameBg: string; nameEn: string; regionBg: string; regionEn: string; code: string };
  year: number;
  row: AnalysisRow | null;
};

function officialMunicipality(ctx: Context): string {
  const official = municipalOfficialCheck(ctx);
  if (official !== true) throw official;
  return ctx.viewer!.membership!.municipalityId!;
}

async function viewOf(ctx: Context, year: number): Promise<AnalysisView> {
  const municipalityId = officialMunicipality(ctx);
  const municipality = await ctx.db.municipality.findUniqueOrThrow({
    where: { id: municipalityId },
    select: { nameBg: true, nameEn: true, regionBg: true, regionEn: true, code: true },
  });
  const row = await ctx.db.municipalAnalysis.findUnique({ where: { municipalityId_year: { municipalityId, year } } });
  return { municipalityId, municipality, year, row };
}

/** The figures to show: frozen when signed off, else read now (once per request and view). */
const liveFigures = new WeakMap<AnalysisView, Promise<AnalysisFigures>>();
export function figuresOf(ctx: Context, view: AnalysisView): Promise<AnalysisFigures> {
  if (view.row?.status === 'SIGNED_OFF') return Promise.resolve(view.row.figures as unknown as AnalysisFigures);
  let figures = liveFigures.get(view);
  if (!figures) liveFigures.set(view, (figures = analysisFigures(ctx, view.year)));
  return figures;
}

/** An analysis by its global id, for the download door: the viewer's own municipality only; NOT_FOUND otherwise. */
export async function municipalAnalysisFor(ctx: Context, globalId: string): Promise<AnalysisView> {
  const municipalityId = officialMunicipality(ctx);
  const id = idOf(globalId, 'MunicipalAnalysis');
  const row = id ? await ctx.db.municipalAnalysis.findFirst({ where: { id, municipalityId }, select: { year: true } }) : null;
  if (!row) throw notFound(ctx.locale);
  return viewOf(ctx, row.year);
}

const AnalysisCellRef = builder.objectRef<AnalysisCell>('MunicipalAnalysisCell').implement({
  fields: (t) => ({
    text: t.string({ description: 'As the screen shows it; a hidden figure is „x (скрито)“, never its number.', resolve: (c) => c.text }),
    hidden: t.boolean({ resolve: (c) => c.hidden }),
  }),
});

const AnalysisRowRef = builder.objectRef<AnalysisCell[]>('MunicipalAnalysisRow').implement({
  fields: (t) => ({ cells: t.field({ type: [AnalysisCellRef], resolve: (r) => r }) }),
});

const AnalysisTableRef = builder.objectRef<AnalysisTable>('MunicipalAnalysisTable').implement({
  description: 'One table of the municipal screen for the year, as the screen and its exports lay it out.',
  fields: (t) => ({
    side: t.field({ type: SideEnum, resolve: (x) => x.side }),
    indicatorCode: t.string({ resolve: (x) => x.indicator }),
    title: t.string({ resolve: (x) => x.title }),
    header: t.stringList({ resolve: (x) => x.header }),
    rows: t.field({ type: [AnalysisRowRef], description: 'The first cell names the row; the last row is the total.', resolve: (x) => x.rows }),
  }),
});

const AnalysisReportRef = builder.objectRef<AnalysisReport>('MunicipalAnalysisReport').implement({
  description: 'A signed-off yearly report of a service the municipality contracts.',
  fields: (t) => ({
    centerName: t.string({ resolve: (r, _a, ctx) => (ctx.locale === 'en' ? r.centerEn : r.centerBg) }),
    serviceType: t.field({ type: LegalServiceTypeEnum, resolve: (r) => r.serviceType }),
    serviceName: t.string({ resolve: (r, _a, ctx) => enumLabel('LegalServiceType', r.serviceType, ctx.locale) }),
    signedOffAt: t.field({ type: 'DateTime', resolve: (r) => new Date(r.signedOffAt) }),
    docxPath: t.string({ resolve: (r) => `/documents/yearly-report/${encodeId('YearlyReport', r.id)}.docx` }),
  }),
});

const AnalysisPeriodRef = builder.objectRef<{ from: string; to: string }>('MunicipalAnalysisPeriod').implement({
  fields: (t) => ({ from: t.string({ resolve: (p) => p.from }), to: t.string({ resolve: (p) => p.to }) }),
});

const MunicipalAnalysisRef = builder.objectRef<AnalysisView>('MunicipalAnalysis').implement({
  description: "The municipality's yearly analysis of social services (Social Services Act art. 113(2), due 30 April): no person in it.",
  fields: (t) => ({
    id: t.id({ nullable: true, description: 'Null until a section is first saved.', resolve: (v) => (v.row ? encodeId('MunicipalAnalysis', v.row.id) : null) }),
    year: t.int({ resolve: (v) => v.year }),
    municipalityName: t.string({ resolve: (v, _a, ctx) => (ctx.locale === 'en' ? v.municipality.nameEn : v.municipality.nameBg) }),
    dueOn: t.string({ description: 'YYYY-MM-DD', resolve: (v) => `${v.year + 1}-04-30` }),
    status: t.field({ type: MunicipalAnalysisStatusEnum, resolve: (v) => v.row?.status ?? 'DRAFT' }),
    version: t.int({ description: 'Send it back when saving (0 before the first save).', resolve: (v) => v.row?.version ?? 0 }),
    spending: t.string({ nullable: true, resolve: (v) => v.row?.spending ?? null }),
    providersEvaluation: t.string({ nullable: true, resolve: (v) => v.row?.providersEvaluation ?? null }),
    controlMonitoring: t.string({ nullable: true, resolve: (v) => v.row?.controlMonitoring ?? null }),
    unmetNeeds: t.string({ nullable: true, resolve: (v) => v.row?.unmetNeeds ?? null }),
    signedOffAt: t.field({ type: 'DateTime', nullable: true, resolve: (v) => v.row?.signedOffAt ?? null }),
    signedOffBy: t.string({ nullable: true, resolve: (v) => v.row?.signedOffByName ?? null }),
    period: t.field({ type: AnalysisPeriodRef, resolve: async (v, _a, ctx) => (await figuresOf(ctx, v)).period }),
    refreshedAt: t.field({ type: 'DateTime', nullable: true, resolve: async (v, _a, ctx) => { const at = (await figuresOf(ctx, v)).refreshedAt; return at ? new Date(at) : null; } }),
    suppressionThreshold: t.int({ resolve: async (v, _a, ctx) => (await figuresOf(ctx, v)).threshold }),
    tables: t.field({
      type: [AnalysisTableRef],
      description: 'The municipal screen’s tables for the year (frozen at sign-off).',
      resolve: async (v, _a, ctx) => (await figuresOf(ctx, v)).tables[ctx.locale],
    }),
    yearlyReports: t.field({
      type: [AnalysisReportRef],
      description: 'Signed-off yearly reports of the services the municipality contracts, for the year (as of the sign-off once signed).',
      resolve: async (v, _a, ctx) => (await figuresOf(ctx, v)).reports,
    }),
    docxPath: t.string({ nullable: true, resolve: (v) => (v.row ? `/documents/municipal-analysis/${encodeId('MunicipalAnalysis', v.row.id)}.docx` : null) }),
    pdfPath: t.string({ nullable: true, resolve: (v) => (v.row ? `/documents/municipal-analysis/${encodeId('MunicipalAnalysis', v.row.id)}.pdf` : null) }),
  }),
});

// ── Reading and writing ─────────────────────────────────────────────────────────────────

const yearArg = intRange(2000, 2100);

function checkYear(ctx: Context, year: number): void {
  if (year > currentYear()) throw invalidFields(ctx.locale, [{ path: 'year', messageKey: 'invalidYear' }]);
}

const signedOffRefusal = (ctx: Context) => oporaError('INVALID_TRANSITION', 'municipalAnalysisSignedOff', ctx.locale);

/** The first save creates the row; a save at another version is a CONFLICT with the row as it is. */
async function writeAtVersion(ctx: Context, view: AnalysisView, version: number, data: Prisma.MunicipalAnalysisUncheckedUpdateInput): Promise<void> {
  if (view.row?.status === 'SIGNED_OFF') throw signedOffRefusal(ctx);
  if (view.row) {
    await updateAtVersion(ctx, 'MunicipalAnalysis', ctx.db.municipalAnalysis as never, view.row.id, version, data as Record<string, unknown>);
    ctx.audit.record('UPDATE', 'MunicipalAnalysis', view.row.id, { year: view.year, ...('status' in data ? { signedOff: true } : {}) });
    return;
  }
  // No row yet: only a client that saw none (version 0) creates it.
  if (version !== 0) throw notFound(ctx.locale);
  const created = await ctx.db.municipalAnalysis
    .create({ data: { ...(data as Prisma.MunicipalAnalysisUncheckedCreateInput), municipalityId: view.municipalityId, year: view.year }, select: { id: true } })
    .catch(async (error: unknown) => {
      // Another official created it meanwhile.
      if ((error as { code?: string }).code !== 'P2002') throw error;
      const current = await ctx.db.municipalAnalysis.findUnique({ where: { municipalityId_year: { municipalityId: view.municipalityId, year: view.year } } });
      throw await conflictWith(ctx, 'MunicipalAnalysis', current as unknown as Record<string, unknown>);
    });
  ctx.audit.record('CREATE', 'MunicipalAnalysis', created.id, { year: view.year, ...('status' in data ? { signedOff: true } : {}) });
}

builder.queryFields((t) => ({
  municipalAnalysis: t.field({
    type: MunicipalAnalysisRef,
    description: "The viewer's municipality's analysis of a year (a draft not yet saved has no id).",
    args: { year: t.arg.int({ validate: yearArg }) },
    resolve: async (_root, { year }, ctx) => {
      checkYear(ctx, year);
      return viewOf(ctx, year);
    },
  }),
}));

builder.mutationFields((t) => ({
  saveMunicipalAnalysisSection: t.field({
    type: MunicipalAnalysisRef,
    description: 'Saves one written section as a draft at the version the client saw (0 before the first save). Signed off: refused, nothing changes.',
    args: {
      year: t.arg.int({ validate: yearArg }),
      section: t.arg({ type: SectionEnum }),
      text: t.arg.string({ required: false, validate: optionalText(50_000) }),
      version: t.arg.int({ validate: intRange(0, 1_000_000) }),
    },
    resolve: async (_root, { year, section, text, version }, ctx) => {
      checkYear(ctx, year);
      const view = await viewOf(ctx, year);
      await writeAtVersion(ctx, view, version, { [COLUMN[section]]: text?.trim() ? text : null });
      return viewOf(ctx, year);
    },
  }),
  signOffMunicipalAnalysis: t.field({
    type: MunicipalAnalysisRef,
    description: 'Signs the analysis off after the year has ended: its figures are frozen and it can no longer be changed.',
    args: { year: t.arg.int({ validate: yearArg }), version: t.arg.int({ validate: intRange(0, 1_000_000) }) },
    resolve: async (_root, { year, version }, ctx) => {
      checkYear(ctx, year);
      const view = await viewOf(ctx, year);
      if (view.row?.status === 'SIGNED_OFF') throw signedOffRefusal(ctx);
      if (year >= currentYear()) throw oporaError('INVALID_TRANSITION', 'municipalAnalysisYearNotOver', ctx.locale);
      const figures = await analysisFigures(ctx, year);
      await writeAtVersion(ctx, view, version, {
        status: 'SIGNED_OFF',
        figures: figures as unknown as Prisma.InputJsonValue,
        signedOffAt: new Date(),
        signedOffById: ctx.viewer!.userId,
        signedOffByName: ctx.viewer!.displayName,
      });
      return viewOf(ctx, year);
    },
  }),
}));

definePermissions({
  Query: { municipalAnalysis: mayReadMunicipalAnalysis },
  Mutation: { saveMunicipalAnalysisSection: mayWriteMunicipalAnalysis, signOffMunicipalAnalysis: mayWriteMunicipalAnalysis },
  MunicipalAnalysis: mayReadMunicipalAnalysis,
  MunicipalAnalysisTable: mayReadMunicipalAnalysis,
  MunicipalAnalysisRow: mayReadMunicipalAnalysis,
  MunicipalAnalysisCell: mayReadMunicipalAnalysis,
  MunicipalAnalysisReport: mayReadMunicipalAnalysis,
  MunicipalAnalysisPeriod: mayReadMunicipalAnalysis,
});
