import type { LegalServiceType, PrismaClient } from '@opora/prisma/client';
import { inTenant } from '@opora/prisma/tenant';
import * as enums from '@opora/prisma/client';
import { currentYear } from '@opora/common/calendar';
import { enumLabel, type Lang } from '@opora/common/vocabulary';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterManager, mayReadSignedOffReports, mayReadYearlyReport } from '../permissions/rules.ts';
import { invalidFields, notFound, oporaError } from '../support/errors.ts';
import { encodeId, idOf } from '../support/global-id.ts';
import { intRange, optionalText } from '../support/validation.ts';
import { requireCenter } from '../support/viewer.ts';
import { NETWORK_ROLES } from '../support/viewer.ts';
import { computeYearlyFigures, figureSections, publishFigures, servicesOfCenter, shownFigures, type ReportSection, type ShownFigures, type YearlyFigures } from '../reports/yearly-figures.ts';
import { RETENTION_USER } from '../support/retention.ts';
import { LEGAL_SERVICE_TYPES } from '../support/legal-services.ts';
import { labelled } from './enums.ts';
import { LegalServiceTypeEnum } from './quality-registers.ts';

// The provider's yearly report per legal service type (issue #18): one per (center, year, type
// the center delivers). The numbers are computed from the center's records (reports/yearly-figures.ts);
// the narrative parts are the manager's, saved as drafts; the manager signs it off, which freezes
// the numbers and makes it read-only (the database refuses any later change too). Signed off, it
// is read by the network's analysts (their network's centers) and by the viewers of a municipality
// that contracts the service (MunicipalServiceContract), with small counts hidden: they never see
// a person. Downloads: /documents/yearly-report/<id>.docx|.pdf (documents/kinds/yearly-report.ts).
//
// Two walls for those readers, as on the rest of the aggregate surface: sign-off also freezes a
// published copy (`publishedFigures`: small counts and their complements already hidden,
// reports/yearly-figures.ts), the only figures they are ever given; and the database lets their
// role (opora_aggregate) read only that copy and the report's other columns naming no person,
// only for their own network's centers or the services their municipality contracts (migration
// 20261205091000_yearly_report_published). The raw `figures` and who signed off stay the center's.

export const YearlyReportStatusEnum = labelled('YearlyReportStatus', enums.YearlyReportStatus);

/** The columns of a report a reader gets (network and municipal readers: never who signed off). */
export type YearlyReportRowView = {
  id: string;
  status: 'DRAFT' | 'SIGNED_OFF';
  goalsResults: string | null;
  qualityProgramme: string | null;
  internalControl: string | null;
  signedOffAt: Date | null;
  version: number;
  signedOffBy?: { user: { displayName: string } } | null;
};

/** A report as one reader sees it: the row (null for a draft never saved) and the figures to show. */
export type YearlyReportView = {
  centerId: string;
  centerNameBg: string;
  centerNameEn: string;
  year: number;
  serviceType: LegalServiceType;
  row: YearlyReportRowView | null;
  /** The manager's own figures, or (network and municipal readers) the published copy. */
  figures: ShownFigures;
  /** Network and municipal readers: the published copy, small counts hidden. */
  suppress: boolean;
};

export const YearlyReportRef = builder.objectRef<YearlyReportView>('YearlyReport').implement({
  description: "The provider's yearly report on one social service (to the Agency for the Quality of Social Services by 31 March).",
  fields: (t) => ({
    id: t.id({ nullable: true, description: 'Null until the manager first saves the draft.', resolve: (r) => (r.row ? encodeId('YearlyReport', r.row.id) : null) }),
    year: t.int({ resolve: (r) => r.year }),
    serviceType: t.field({ type: LegalServiceTypeEnum, resolve: (r) => r.serviceType }),
    serviceName: t.string({ resolve: (r, _a, ctx) => enumLabel('LegalServiceType', r.serviceType, ctx.locale) }),
    centerName: t.string({ resolve: (r, _a, ctx) => (ctx.locale === 'en' ? r.centerNameEn : r.centerNameBg) }),
    activities: t.stringList({ description: "The center's own services tagged under this type.", resolve: (r, _a, ctx) => r.figures.activities.map((a) => (ctx.locale === 'en' ? a.nameEn : a.nameBg)) }),
    status: t.field({ type: YearlyReportStatusEnum, resolve: (r) => r.row?.status ?? 'DRAFT' }),
    dueOn: t.string({ description: 'YYYY-MM-DD', resolve: (r) => `${r.year + 1}-03-31` }),
    goalsResults: t.string({ nullable: true, resolve: (r) => r.row?.goalsResults ?? null }),
    qualityProgramme: t.string({ nullable: true, resolve: (r) => r.row?.qualityProgramme ?? null }),
    internalControl: t.string({ nullable: true, resolve: (r) => r.row?.internalControl ?? null }),
    signedOffAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.row?.signedOffAt ?? null }),
    signedOffBy: t.string({ nullable: true, resolve: (r) => r.row?.signedOffBy?.user.displayName ?? null }),
    version: t.int({ resolve: (r) => r.row?.version ?? 0 }),
    sections: t.field({ type: [YearlyReportSectionRef], resolve: (r, _a, ctx) => figureSections(r.figures, ctx.locale) }),
    docxPath: t.string({ nullable: true, resolve: (r) => (r.row ? `/documents/yearly-report/${encodeId('YearlyReport', r.row.id)}.docx` : null) }),
    pdfPath: t.string({ nullable: true, resolve: (r) => (r.row ? `/documents/yearly-report/${encodeId('YearlyReport', r.row.id)}.pdf` : null) }),
  }),
});

const YearlyReportRowRef = builder.objectRef<ReportSection['rows'][number]>('YearlyReportRow').implement({
  fields: (t) => ({
    code: t.string({ resolve: (r) => r.code }),
    label: t.string({ resolve: (r) => r.label }),
    value: t.string({ description: 'Formatted; "x" where a small count is hidden.', resolve: (r) => r.value }),
  }),
});

const YearlyReportSectionRef = builder.objectRef<ReportSection>('YearlyReportSection').implement({
  fields: (t) => ({
    code: t.string({ resolve: (s) => s.code }),
    title: t.string({ resolve: (s) => s.title }),
    rows: t.field({ type: [YearlyReportRowRef], resolve: (s) => s.rows }),
  }),
});

const YearlyReportNarrativeInput = builder.inputType('YearlyReportNarrativeInput', {
  fields: (t) => ({
    goalsResults: t.string({ required: false, validate: optionalText(20_000) }),
    qualityProgramme: t.string({ required: false, validate: optionalText(20_000) }),
    internalControl: t.string({ required: false, validate: optionalText(20_000) }),
  }),
});

const yearArg = intRange(2000, 2100);
const SIGNED_BY = { signedOffBy: { select: { user: { select: { displayName: true } } } } } as const;
/** What the center's manager reads of its own report. */
const OWN_COLUMNS = { id: true, status: true, goalsResults: true, qualityProgramme: true, internalControl: true, signedOffAt: true, version: true, figures: true, ...SIGNED_BY } as const;
/** What a network or municipal reader's role may read (its column grant): no raw figures, no person. */
const PUBLISHED_COLUMNS = {
  id: true, centerId: true, year: true, serviceType: true, status: true, goalsResults: true, qualityProgramme: true, internalControl: true,
  signedOffAt: true, version: true, publishedFigures: true,
} as const;

/** The types the center delivers in a year: its active services' and any with work in the year. */
async function deliveredTypes(ctx: Context, centerId: string, year: number): Promise<LegalServiceType[]> {
  const services = await servicesOfCenter(ctx, centerId);
  const types = new Set(services.filter((s) => s.active).map((s) => s.type));
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  for (const s of services) {
    if (types.has(s.type)) continue;
    const worked = await ctx.db.session.findFirst({ where: { centerId, serviceId: s.id, startsAt: { gte: from, lt: to } }, select: { id: true } });
    if (worked) types.add(s.type);
  }
  return LEGAL_SERVICE_TYPES.filter((t) => types.has(t));
}

async function ownView(ctx: Context, year: number, serviceType: LegalServiceType): Promise<YearlyReportView> {
  const { centerId } = requireCenter(ctx);
  const center = await ctx.db.center.findUniqueOrThrow({ where: { id: centerId }, select: { nameBg: true, nameEn: true } });
  const found = await ctx.db.yearlyReport.findUnique({ where: { centerId_year_serviceType: { centerId, year, serviceType } }, select: OWN_COLUMNS });
  const raw = found?.status === 'SIGNED_OFF' ? (found.figures as unknown as YearlyFigures) : await computeYearlyFigures(ctx, centerId, year, serviceType);
  const row = found ? { ...found, figures: undefined } : null;
  return { centerId, centerNameBg: center.nameBg, centerNameEn: center.nameEn, year, serviceType, row, figures: shownFigures(raw), suppress: false };
}

async function requireDelivered(ctx: Context, year: number, serviceType: LegalServiceType): Promise<void> {
  const { centerId } = requireCenter(ctx);
  if (!(await deliveredTypes(ctx, centerId, year)).includes(serviceType)) {
    throw invalidFields(ctx.locale, [{ path: 'serviceType', messageKey: 'yearlyReportServiceNotDelivered' }]);
  }
}

const signedOffRefusal = (ctx: Context) => oporaError('INVALID_TRANSITION', 'yearlyReportSignedOff', ctx.locale);

/**
 * Signed-off reports a network analyst or a municipal viewer may read: their network's centers,
 * or the (center, service) pairs their municipality contracts. `id`: just that one.
 */
export async function signedOffViews(ctx: Context, year: number | null, id: string | null): Promise<YearlyReportView[]> {
  const m = ctx.viewer?.membership;
  if (!m) return [];
  let where: Record<string, unknown>;
  if (m.networkId && NETWORK_ROLES.has(m.role)) {
    where = { center: { networkId: m.networkId } };
  } else if (m.municipalityId && m.role === 'MUNICIPAL_VIEWER') {
    const contracts = await ctx.db.municipalServiceContract.findMany({ where: { municipalityId: m.municipalityId }, select: { centerId: true, serviceType: true } });
    if (!contracts.length) return [];
    where = { OR: contracts.map((c) => ({ centerId: c.centerId, serviceType: c.serviceType })) };
  } else return [];
  // Only the published copy: a signed-off report still waiting for it (signed before it existed,
  // until the start-up backfill ran) is not shown at all.
  const rows = await ctx.db.yearlyReport.findMany({
    where: { ...where, status: 'SIGNED_OFF', ...(year !== null ? { year } : {}), ...(id ? { id } : {}) },
    select: { ...PUBLISHED_COLUMNS, center: { select: { nameBg: true, nameEn: true } } },
    orderBy: [{ year: 'desc' }, { centerId: 'asc' }, { serviceType: 'asc' }],
  });
  return rows.filter((r) => r.publishedFigures !== null).map(({ center, publishedFigures, ...row }) => ({
    centerId: row.centerId, centerNameBg: center.nameBg, centerNameEn: center.nameEn, year: row.year, serviceType: row.serviceType,
    row, figures: publishedFigures as unknown as ShownFigures, suppress: true,
  }));
}

/** A report by its global id for whoever may read it (the download door); NOT_FOUND otherwise. */
export async function yearlyReportFor(ctx: Context, globalId: string): Promise<YearlyReportView> {
  const id = idOf(globalId, 'YearlyReport');
  if (!id) throw notFound(ctx.locale);
  const m = ctx.viewer?.membership;
  if (m?.centerId) {
    if (m.role !== 'MANAGER') throw notFound(ctx.locale);
    const row = await ctx.db.yearlyReport.findFirst({ where: { id, centerId: m.centerId }, select: { year: true, serviceType: true } });
    if (!row) throw notFound(ctx.locale);
    return ownView(ctx, row.year, row.serviceType);
  }
  const [view] = await signedOffViews(ctx, null, id);
  if (!view) throw notFound(ctx.locale);
  return view;
}

export const yearlyReportLang = (ctx: Context): Lang => ctx.locale;

/**
 * The start-up backfill: a report signed off before published copies existed gets its copy from
 * its own frozen figures (never from today's data), with today's k. Runs in each center's own
 * transaction as the runtime role (the database allows exactly this one change to a signed-off
 * report: its published copy, once). Returns how many reports it published.
 */
export async function publishSignedOffReports(prisma: PrismaClient): Promise<number> {
  const centers = await inTenant(prisma, { kind: 'anonymous' }, (tx) => tx.center.findMany({ select: { id: true } }));
  let published = 0;
  for (const { id: centerId } of centers) {
    published += await inTenant(prisma, { kind: 'center', centerId, userId: RETENTION_USER }, async (tx) => {
      const due = await tx.$queryRaw<Array<{ id: string; figures: YearlyFigures }>>`
        SELECT id::text AS id, figures FROM "YearlyReport" WHERE "centerId" = ${centerId}::uuid AND status = 'SIGNED_OFF' AND "publishedFigures" IS NULL`;
      for (const r of due) {
        // Raw: only this column changes (an ORM update would touch updatedAt, which the database refuses).
        await tx.$executeRaw`UPDATE "YearlyReport" SET "publishedFigures" = ${JSON.stringify(publishFigures(r.figures))}::jsonb WHERE id = ${r.id}::uuid`;
      }
      return due.length;
    });
  }
  return published;
}

builder.queryFields((t) => ({
  yearlyReports: t.field({
    type: [YearlyReportRef],
    description: "The center's yearly reports of a year, one per legal service type it delivers (the manager).",
    args: { year: t.arg.int({ validate: yearArg }) },
    resolve: async (_root, { year }, ctx) => {
      const { centerId } = requireCenter(ctx);
      const types = await deliveredTypes(ctx, centerId, year);
      const views: YearlyReportView[] = [];
      for (const type of types) views.push(await ownView(ctx, year, type));
      return views;
    },
  }),
  signedOffYearlyReports: t.field({
    type: [YearlyReportRef],
    description: 'Signed-off yearly reports the network or the municipality may read (counts only, small ones hidden).',
    args: { year: t.arg.int({ validate: yearArg }) },
    resolve: (_root, { year }, ctx) => signedOffViews(ctx, year, null),
  }),
}));

builder.mutationFields((t) => ({
  saveYearlyReport: t.field({
    type: YearlyReportRef,
    description: 'Saves the narrative parts as a draft. A signed-off report is refused and nothing changes.',
    args: { year: t.arg.int({ validate: yearArg }), serviceType: t.arg({ type: LegalServiceTypeEnum }), input: t.arg({ type: YearlyReportNarrativeInput }) },
    resolve: async (_root, { year, serviceType, input }, ctx) => {
      const { centerId } = requireCenter(ctx);
      const existing = await ctx.db.yearlyReport.findUnique({ where: { centerId_year_serviceType: { centerId, year, serviceType } } });
      if (existing?.status === 'SIGNED_OFF') throw signedOffRefusal(ctx);
      await requireDelivered(ctx, year, serviceType);
      const data = { goalsResults: input.goalsResults ?? null, qualityProgramme: input.qualityProgramme ?? null, internalControl: input.internalControl ?? null };
      if (existing) {
        await ctx.db.yearlyReport.update({ where: { id: existing.id }, data: { ...data, version: { increment: 1 } } });
        ctx.audit.record('UPDATE', 'YearlyReport', existing.id);
      } else {
        const created = await ctx.db.yearlyReport.create({ data: { ...data, centerId, year, serviceType }, select: { id: true } });
        ctx.audit.record('CREATE', 'YearlyReport', created.id);
      }
      return ownView(ctx, year, serviceType);
    },
  }),
  signOffYearlyReport: t.field({
    type: YearlyReportRef,
    description: 'The manager signs the report off: its numbers are frozen and it can no longer be changed.',
    args: { year: t.arg.int({ validate: yearArg }), serviceType: t.arg({ type: LegalServiceTypeEnum }) },
    resolve: async (_root, { year, serviceType }, ctx) => {
      const { centerId, membershipId } = requireCenter(ctx);
      const existing = await ctx.db.yearlyReport.findUnique({ where: { centerId_year_serviceType: { centerId, year, serviceType } } });
      if (existing?.status === 'SIGNED_OFF') throw signedOffRefusal(ctx);
      if (year >= currentYear()) throw oporaError('INVALID_TRANSITION', 'yearlyReportYearNotOver', ctx.locale);
      await requireDelivered(ctx, year, serviceType);
      const figures = await computeYearlyFigures(ctx, centerId, year, serviceType);
      // The published copy is frozen with the figures: the only copy network and municipal readers get.
      const signed = { status: 'SIGNED_OFF' as const, figures: figures as never, publishedFigures: publishFigures(figures) as never, signedOffAt: new Date(), signedOffById: membershipId };
      const id = existing
        ? (await ctx.db.yearlyReport.update({ where: { id: existing.id }, data: { ...signed, version: { increment: 1 } }, select: { id: true } })).id
        : (await ctx.db.yearlyReport.create({ data: { ...signed, centerId, year, serviceType }, select: { id: true } })).id;
      ctx.audit.record('UPDATE', 'YearlyReport', id, { signedOff: true });
      return ownView(ctx, year, serviceType);
    },
  }),
  setMunicipalServiceContract: t.boolean({
    description: 'Records that a municipality contracts (finances) one of the center’s services, or that it no longer does.',
    args: { municipalityId: t.arg.id(), serviceType: t.arg({ type: LegalServiceTypeEnum }), contracted: t.arg.boolean() },
    resolve: async (_root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const id = idOf(args.municipalityId, 'Municipality');
      const municipality = id ? await ctx.db.municipality.findUnique({ where: { id }, select: { id: true } }) : null;
      if (!municipality) throw invalidFields(ctx.locale, [{ path: 'municipalityId', messageKey: 'unknownReference' }]);
      const key = { centerId, municipalityId: municipality.id, serviceType: args.serviceType };
      if (args.contracted) {
        await ctx.db.municipalServiceContract.upsert({ where: { centerId_municipalityId_serviceType: key }, create: { ...key, since: new Date() }, update: {} });
        ctx.audit.record('CREATE', 'MunicipalServiceContract', municipality.id, { serviceType: args.serviceType });
      } else {
        await ctx.db.municipalServiceContract.deleteMany({ where: key });
        ctx.audit.record('DELETE', 'MunicipalServiceContract', municipality.id, { serviceType: args.serviceType });
      }
      return args.contracted;
    },
  }),
}));

definePermissions({
  Query: { yearlyReports: isCenterManager, signedOffYearlyReports: mayReadSignedOffReports },
  Mutation: { saveYearlyReport: isCenterManager, signOffYearlyReport: isCenterManager, setMunicipalServiceContract: isCenterManager },
  YearlyReport: mayReadYearlyReport,
  YearlyReportSection: mayReadYearlyReport,
  YearlyReportRow: mayReadYearlyReport,
});
