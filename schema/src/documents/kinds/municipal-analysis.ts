import { AGGREGATE_WORDS, documentWords, enumLabel } from '@opora/common/vocabulary';
import { figuresOf, municipalAnalysisFor } from '../../modules/municipal-analysis.ts';
import type { Block } from '../engine.ts';
import type { DocumentKind } from '../kind.ts';
import { formatDay, formatInstant, producedBy, safeFilename } from '../source.ts';

// The municipality's yearly analysis of social services (art. 113(2)): general information, the
// four written sections, the municipal screen's tables for the year (hidden figures as on screen,
// „x (скрито)“) and the signed-off yearly reports of the contracted services. Counts only: no
// person is printed, so nobody's READ is recorded. Only the municipality's own officials.

export const municipalAnalysis: DocumentKind = {
  name: 'municipal-analysis',
  subjectType: 'MunicipalAnalysis',
  async build({ ctx, id, lang }) {
    const w = documentWords(lang);
    const en = lang === 'en';
    const view = await municipalAnalysisFor(ctx, id);
    const row = view.row!;
    const figures = await figuresOf(ctx, view);
    const name = en ? view.municipality.nameEn : view.municipality.nameBg;
    const narrative = (title: string, text: string | null): Block[] => [
      { kind: 'heading', text: title },
      { kind: 'paragraph', text: text?.trim() ? text : w('yrNotWritten'), italic: !text?.trim() },
    ];
    const tables = figures.tables[lang];
    const side = (s: 'RESIDENTS' | 'TERRITORY', title: string): Block[] => {
      const mine = tables.filter((t) => t.side === s);
      if (!mine.length) return [];
      return [
        { kind: 'subheading', text: title },
        ...mine.flatMap((t): Block[] => [
          { kind: 'paragraph', text: t.title, bold: true },
          { kind: 'table', header: t.header, rows: t.rows.map((r) => r.map((c) => c.text)) },
        ]),
      ];
    };
    const blocks: Block[] = [
      { kind: 'heading', text: w('maGeneral') },
      {
        kind: 'fields',
        rows: [
          [w('maMunicipality'), name],
          [w('yrYear'), String(view.year)],
          [w('maPeriod'), `${figures.period.from} – ${figures.period.to}`],
          [w('maDueOn'), formatDay(new Date(`${view.year + 1}-04-30T00:00:00Z`), lang)],
          [w('yrStatus'), row.status === 'SIGNED_OFF' && row.signedOffAt
            ? w('yrSignedOff', { day: formatInstant(row.signedOffAt, lang), name: row.signedOffByName ?? '' })
            : enumLabel('MunicipalAnalysisStatus', row.status, lang)],
        ],
      },
      ...narrative(w('maSpending'), row.spending),
      ...narrative(w('maProvidersEvaluation'), row.providersEvaluation),
      ...narrative(w('maControlMonitoring'), row.controlMonitoring),
      ...narrative(w('maUnmetNeeds'), row.unmetNeeds),
      { kind: 'heading', text: w('maFigures') },
      ...side('RESIDENTS', w('maResidents')),
      ...side('TERRITORY', w('maTerritory')),
      { kind: 'paragraph', text: w('yrHiddenNote', { k: figures.threshold, hidden: `x (${AGGREGATE_WORDS.hidden[lang]})` }), italic: true },
      { kind: 'heading', text: w('maReports') },
      figures.reports.length
        ? {
            kind: 'list',
            items: figures.reports.map((r) =>
              w('maReportLine', { center: en ? r.centerEn : r.centerBg, service: enumLabel('LegalServiceType', r.serviceType, lang), day: formatInstant(new Date(r.signedOffAt), lang) }),
            ),
          }
        : { kind: 'paragraph', text: w('maNoReports'), italic: true },
      ...(row.status === 'SIGNED_OFF' ? [] : [{ kind: 'paragraph', text: w('maDraftNote'), italic: true } as Block]),
    ];
    return {
      document: {
        lang,
        title: w('maTitle'),
        subtitle: w('maSubtitle', { municipality: name, year: view.year }),
        center: {
          name: `${w('maMunicipality')} ${name}`,
          address: w('maRegion', { region: en ? view.municipality.regionEn : view.municipality.regionBg }),
          provider: '',
          contact: null,
        },
        blocks,
        producedBy: producedBy(ctx, lang),
      },
      filename: safeFilename('municipal-analysis', view.municipality.code, String(view.year)),
      subject: { entityType: 'MunicipalAnalysis', entityId: row.id },
      detail: { year: view.year },
    };
  },
};
