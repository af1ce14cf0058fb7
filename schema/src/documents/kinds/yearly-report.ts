import { documentWords, enumLabel } from '@opora/common/vocabulary';
import { suppressionThreshold } from '../../aggregates/suppression.ts';
import { yearlyReportFor } from '../../modules/yearly-reports.ts';
import { HIDDEN, figureSections } from '../../reports/yearly-figures.ts';
import type { Block } from '../engine.ts';
import type { DocumentKind } from '../kind.ts';
import { formatInstant, producedBy, safeFilename } from '../source.ts';

// The provider's yearly report on one service, in the order of the agency's report: general
// information, people, cases, work delivered, capacity, staff (training, supervision), complaints,
// satisfaction, then the manager's parts (results against the goals, the quality programme,
// internal control and monitoring). Counts only: no person is printed, so nobody's READ is recorded.
// Network and municipal readers get the signed-off report's published copy (small counts hidden, "x").

export const yearlyReport: DocumentKind = {
  name: 'yearly-report',
  subjectType: 'YearlyReport',
  async build({ ctx, id, lang }) {
    const w = documentWords(lang);
    const report = await yearlyReportFor(ctx, id);
    const en = lang === 'en';
    const service = enumLabel('LegalServiceType', report.serviceType, lang);
    const status = report.row?.status ?? 'DRAFT';
    const center = await ctx.db.center.findUniqueOrThrow({
      where: { id: report.centerId },
      select: { nameBg: true, nameEn: true, providerNameBg: true, providerNameEn: true, addressBg: true, addressEn: true, phone: true, email: true },
    });
    const narrative = (title: string, text: string | null | undefined): Block[] => [
      { kind: 'heading', text: title },
      { kind: 'paragraph', text: text?.trim() ? text : w('yrNotWritten'), italic: !text?.trim() },
    ];
    const blocks: Block[] = [
      { kind: 'heading', text: w('yrGeneral') },
      {
        kind: 'fields',
        rows: [
          [w('provider'), en ? center.providerNameEn : center.providerNameBg],
          [w('yrService'), service],
          [w('yrActivities'), report.figures.activities.map((a) => (en ? a.nameEn : a.nameBg)).join('; ')],
          [w('yrYear'), String(report.year)],
          // Network and municipal readers never get who signed off: the day only.
          [w('yrStatus'), status === 'SIGNED_OFF' && report.row?.signedOffAt
            ? report.row.signedOffBy
              ? w('yrSignedOff', { day: formatInstant(report.row.signedOffAt, lang), name: report.row.signedOffBy.user.displayName })
              : `${enumLabel('YearlyReportStatus', status, lang)}, ${formatInstant(report.row.signedOffAt, lang)}`
            : enumLabel('YearlyReportStatus', status, lang)],
        ],
      },
      ...figureSections(report.figures, lang).flatMap((s): Block[] => [
        { kind: 'heading', text: s.title },
        { kind: 'table', header: [w('yrKind'), w('yrCount')], rows: s.rows.map((r) => [r.label, r.value]), widths: ['*', 'auto'] },
      ]),
      ...(report.suppress ? [{ kind: 'paragraph', text: w('yrHiddenNote', { k: report.figures.k ?? suppressionThreshold(), hidden: HIDDEN }), italic: true } as Block] : []),
      ...narrative(w('yrGoalsResults'), report.row?.goalsResults),
      ...narrative(w('yrQualityProgramme'), report.row?.qualityProgramme),
      ...narrative(w('yrInternalControl'), report.row?.internalControl),
    ];
    return {
      document: {
        lang,
        title: w('yearlyReport'),
        subtitle: w('yearlyReportSubtitle', { service, year: report.year }),
        center: {
          name: en ? center.nameEn : center.nameBg,
          provider: en ? center.providerNameEn : center.providerNameBg,
          address: (en ? center.addressEn : null) ?? center.addressBg,
          contact: [center.phone, center.email].filter(Boolean).join(' · ') || null,
        },
        blocks,
        producedBy: producedBy(ctx, lang),
      },
      filename: safeFilename('yearly-report', String(report.year), report.serviceType.toLowerCase()),
      subject: { entityType: 'YearlyReport', entityId: report.row!.id },
      detail: { year: report.year, serviceType: report.serviceType },
    };
  },
};
