import { builder } from "../builder.js";
import { definePermissions } from "../permissions/registry.js";
import { isMunicipalViewer, mayDraftProviderReport, mayReadReportDraft } from "../permissions/rules.js";
import { invalidFields, notFound } from "../support/errors.js";
import { encodeId, idOf } from "../support/global-id.js";
import { display, suppressionNote, indicatorTable, labelOf, labels, refreshedAt, yearPeriod, } from "../aggregates/engine.js";
import { municipalScope, providerCenter } from "../aggregates/scope.js";
import { AggregateCenterRef, AggregateMunicipalityRef, IndicatorTableRef } from "./indicators.js";
import { currentYear } from '@opora/common/calendar';
const PROVIDER_SECTIONS = [
    {
        code: 'SERVICES', titleBg: 'Дейност по услуги', titleEn: 'Activity by service',
        tables: [['CLIENTS_SERVED', ['SERVICE_KIND']], ['SESSIONS', ['SERVICE_KIND']], ['SESSION_HOURS', ['SERVICE_KIND']], ['OPEN_ACCESS_PEOPLE', ['SERVICE_KIND']], ['GROUP_ATTENDANCES', ['SERVICE_KIND']]],
    },
    {
        code: 'CASES', titleBg: 'Случаи', titleEn: 'Cases',
        tables: [['NEW_CASES', []], ['ACTIVE_CASES', []], ['CLOSED_CASES', ['CLOSURE_OUTCOME']]],
    },
    {
        code: 'PEOPLE', titleBg: 'Потребители', titleEn: 'People served',
        tables: [['CLIENTS_SERVED', ['AGE_BAND']], ['CLIENTS_SERVED', ['SEX']], ['CLIENTS_SERVED', ['RESIDENCE_MUNICIPALITY']], ['CLIENTS_SERVED', ['TARGET_GROUP']]],
    },
    {
        code: 'QUALITY', titleBg: 'Срокове и качество', titleEn: 'Timeliness and quality',
        tables: [['MEDIAN_DAYS_TO_FIRST_SESSION', []], ['MEDIAN_DAYS_TO_ASSESSMENT', []], ['ASSESSMENTS_ON_TIME', []], ['PLAN_REVIEWS_ON_TIME', []]],
    },
    {
        code: 'RESOURCES', titleBg: 'Персонал и капацитет', titleEn: 'Staff and capacity',
        tables: [['STAFF_FTE', []], ['CASELOAD_PER_FTE', []], ['CAPACITY_USE', []]],
    },
];
const MUNICIPAL_RESIDENT_SECTIONS = [
    {
        code: 'RESIDENTS_SERVICES', titleBg: 'Услуги за жителите на общината', titleEn: "Services to the municipality's residents",
        tables: [['CLIENTS_SERVED', ['SERVICE_KIND']], ['SESSIONS', ['SERVICE_KIND']], ['SESSION_HOURS', ['SERVICE_KIND']], ['OPEN_ACCESS_PEOPLE', ['SERVICE_KIND']]],
    },
    {
        code: 'RESIDENTS_PEOPLE', titleBg: 'Потребители — жители на общината', titleEn: 'Residents served',
        tables: [['CLIENTS_SERVED', ['CENTER']], ['CLIENTS_SERVED', ['SETTLEMENT']], ['CLIENTS_SERVED', ['AGE_BAND']], ['CLIENTS_SERVED', ['SEX']], ['CLIENTS_SERVED', ['TARGET_GROUP']]],
    },
    {
        code: 'RESIDENTS_CASES', titleBg: 'Случаи на жители на общината', titleEn: "Residents' cases",
        tables: [['NEW_CASES', []], ['ACTIVE_CASES', []], ['CLOSED_CASES', ['CLOSURE_OUTCOME']]],
    },
];
const MUNICIPAL_TERRITORY_SECTIONS = [
    {
        code: 'TERRITORY_CENTERS', titleBg: 'Центрове на територията на общината', titleEn: 'Centers on the territory',
        tables: [['CLIENTS_SERVED', ['CENTER']], ['SESSIONS', ['CENTER']], ['ACTIVE_CASES', ['CENTER']], ['STAFF_FTE', ['CENTER']], ['CAPACITY_USE', ['CENTER']]],
    },
];
async function fillSections(ctx, specs, year, scope) {
    const period = yearPeriod(year);
    const out = [];
    for (const spec of specs) {
        const tables = [];
        for (const [code, dims] of spec.tables)
            tables.push(await indicatorTable(ctx, code, dims, period, scope));
        out.push({ spec, tables });
    }
    return out;
}
function checkYear(ctx, year) {
    const current = currentYear();
    if (!Number.isInteger(year) || year < 2000 || year > current)
        throw invalidFields(ctx.locale, [{ path: 'year', messageKey: 'invalidYear' }]);
}
const ReportSectionRef = builder.objectRef('ReportSection').implement({
    fields: (t) => ({
        code: t.string({ resolve: (s) => s.section.spec.code }),
        title: t.string({ resolve: (s, _a, ctx) => (ctx.locale === 'en' ? s.section.spec.titleEn : s.section.spec.titleBg) }),
        titleBg: t.string({ resolve: (s) => s.section.spec.titleBg }),
        titleEn: t.string({ resolve: (s) => s.section.spec.titleEn }),
        tables: t.field({ type: [IndicatorTableRef], resolve: (s) => s.section.tables.map((table) => ({ table, labels: s.labels })) }),
    }),
});
const ProviderAnnualReportRef = builder.objectRef('ProviderAnnualReport').implement({
    description: 'Draft of the yearly report per service to the Agency for the Quality of Social Services (due 31 March).',
    fields: (t) => ({
        year: t.int({ resolve: (r) => r.year }),
        dueOn: t.string({ description: 'YYYY-MM-DD', resolve: (r) => `${r.year + 1}-03-31` }),
        center: t.field({ type: AggregateCenterRef, resolve: (r) => ({ center: r.center, labels: r.labels }) }),
        sections: t.field({ type: [ReportSectionRef], resolve: (r) => r.sections.map((section) => ({ section, labels: r.labels })) }),
        refreshedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.refreshedAt }),
        csvPath: t.string({ resolve: (r) => `/reports/provider-annual-report.csv?year=${r.year}&centerId=${encodeURIComponent(globalCenterId(r.center))}` }),
    }),
});
const MunicipalAnnualAnalysisRef = builder.objectRef('MunicipalAnnualAnalysis').implement({
    description: "Figures for the municipality's yearly analysis of social services (due 30 April).",
    fields: (t) => ({
        year: t.int({ resolve: (r) => r.year }),
        dueOn: t.string({ description: 'YYYY-MM-DD', resolve: (r) => `${r.year + 1}-04-30` }),
        municipality: t.field({ type: AggregateMunicipalityRef, resolve: (r) => r.municipality }),
        residents: t.field({ type: [ReportSectionRef], resolve: (r) => r.residents.map((section) => ({ section, labels: r.labels })) }),
        territory: t.field({ type: [ReportSectionRef], resolve: (r) => r.territory.map((section) => ({ section, labels: r.labels })) }),
        refreshedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.refreshedAt }),
        csvPath: t.string({ resolve: (r) => `/reports/municipal-annual-analysis.csv?year=${r.year}` }),
    }),
});
const globalCenterId = (c) => encodeId('Center', c.id);
async function providerReport(ctx, year, centerGlobalId) {
    checkYear(ctx, year);
    let centerId = null;
    if (centerGlobalId) {
        centerId = idOf(centerGlobalId, 'Center');
        if (!centerId)
            throw notFound(ctx.locale);
    }
    const center = await providerCenter(ctx, centerId);
    const scope = { centerIds: [center.id], residenceMunicipalityId: null };
    const sections = await fillSections(ctx, PROVIDER_SECTIONS, year, scope);
    return { year, center, sections, labels: await labels(ctx), refreshedAt: await refreshedAt(ctx, scope.centerIds) };
}
async function municipalAnalysis(ctx, year) {
    checkYear(ctx, year);
    const scope = await municipalScope(ctx);
    const l = await labels(ctx);
    const residents = await fillSections(ctx, MUNICIPAL_RESIDENT_SECTIONS, year, scope.residents);
    const territory = scope.territoryCenters.length ? await fillSections(ctx, MUNICIPAL_TERRITORY_SECTIONS, year, scope.territory) : [];
    return {
        year,
        municipality: l.municipalities.get(scope.municipalityId),
        residents,
        territory,
        labels: l,
        refreshedAt: await refreshedAt(ctx, scope.residents.centerIds),
    };
}
builder.queryFields((t) => ({
    providerAnnualReport: t.field({
        type: ProviderAnnualReportRef,
        description: "A center manager's own center, or (for the network) a member center by its id.",
        args: { year: t.arg.int(), centerId: t.arg.id({ required: false }) },
        resolve: (_root, args, ctx) => providerReport(ctx, args.year, args.centerId ?? null),
    }),
    municipalAnnualAnalysis: t.field({
        type: MunicipalAnnualAnalysisRef,
        args: { year: t.arg.int() },
        resolve: (_root, args, ctx) => municipalAnalysis(ctx, args.year),
    }),
}));
definePermissions({
    Query: { providerAnnualReport: mayDraftProviderReport, municipalAnnualAnalysis: isMunicipalViewer },
    ProviderAnnualReport: mayDraftProviderReport,
    MunicipalAnnualAnalysis: isMunicipalViewer,
    ReportSection: mayReadReportDraft,
});
// ───────────────────────────── CSV ─────────────────────────────
export const REPORT_NAMES = ['provider-annual-report', 'municipal-annual-analysis'];
/**
 * The rows of a report draft as CSV cells (the same suppressed figures as the GraphQL result).
 * Checks the viewer itself: the download route has no graphql-shield in front of it.
 */
export async function reportCsv(ctx, name, params) {
    const year = Number(params.get('year'));
    const locale = ctx.locale;
    if (name === 'provider-annual-report') {
        const report = await providerReport(ctx, year, params.get('centerId'));
        return {
            filename: `provider-annual-report-${report.center.code}-${year}.csv`,
            rows: csvRows(locale, report.sections, report.labels),
            audit: { entityType: 'ProviderAnnualReport', entityId: report.center.id, detail: { year } },
        };
    }
    const analysis = await municipalAnalysis(ctx, year);
    return {
        filename: `municipal-annual-analysis-${analysis.municipality.code}-${year}.csv`,
        rows: csvRows(locale, [...analysis.residents, ...analysis.territory], analysis.labels),
        audit: { entityType: 'MunicipalAnnualAnalysis', entityId: null, detail: { year, municipality: analysis.municipality.code } },
    };
}
function csvRows(locale, sections, l) {
    const en = locale === 'en';
    const rows = [
        en
            ? ['section', 'indicator', 'breakdown', 'value of breakdown', 'value', 'why hidden', 'shown as', 'suppressed']
            : ['раздел', 'показател', 'разбивка', 'стойност на разбивката', 'стойност', 'причина за скриването', 'показано като', 'потулено'],
    ];
    for (const section of sections) {
        for (const table of section.tables) {
            const def = table.indicator;
            const row = (cellLabels, dimsText, value) => [
                en ? section.spec.titleEn : section.spec.titleBg,
                en ? def.nameEn : def.nameBg,
                dimsText,
                cellLabels.join(' / '),
                value.suppressed || value.value === null ? '' : value.value,
                suppressionNote(value, locale) ?? '',
                display(value, def, locale),
                value.suppressed ? (en ? 'yes' : 'да') : en ? 'no' : 'не',
            ];
            const dimsText = table.dims.join(' / ');
            for (const cell of [...table.cells, ...table.margins]) {
                rows.push(row(table.dims.map((d, i) => { const x = labelOf(d, cell.key[i], l); return en ? x.nameEn : x.nameBg; }), dimsText, cell.value));
            }
            rows.push(row([en ? 'Total' : 'Общо'], dimsText, table.total));
        }
    }
    return rows;
}
//# sourceMappingURL=report-drafts.js.map