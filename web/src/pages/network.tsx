import { useState } from 'react';
import { SignedReports } from './signed-reports.tsx';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useClient, useQuery } from 'urql';
import { errorText } from '../lib/urql.ts';
import { graphql } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { ErrorBanner, QueryError, Spinner } from '../components/states.tsx';
import { downloadCsv, FiguresTable, TableDownloads, IndicatorCharts, lastCompleteYear, PeriodPicker, SuppressionNote, type Table } from '../components/aggregates.tsx';
import { useFormat } from '../lib/format.ts';
import { ApprovalMarks } from '../components/approvals.tsx';
import { currentLang } from '../i18n/index.ts';

export const IndicatorsQuery = graphql(`
  query IndicatorCatalogue {
    indicators { code name description unit breakdowns smallCellsSuppressed byResidence }
  }
`);

const ComparisonQuery = graphql(`
  query NetworkComparison($indicators: [IndicatorCode!]!, $period: MonthRange!, $breakdown: AggregateDimension) {
    networkComparison(indicators: $indicators, period: $period, breakdown: $breakdown) {
      suppressionThreshold refreshedAt
      approvals { centerId grain period approvedAt changedAfterApproval }
      period { from to months }
      centers { id name code licensedCapacity municipality { code name } }
      tables {
        breakdown periodPublished
        indicator { code name description unit smallCellsSuppressed }
        total { display suppressed value suppressionNote }
        cells { labels { dimension code name } value { display suppressed value suppressionNote } }
        margins { labels { dimension code name } value { display suppressed value suppressionNote } }
        months { month total { display suppressed value suppressionNote } cells { labels { dimension code name } value { display suppressed value suppressionNote } } }
      }
    }
  }
`);

const ProviderReportQuery = graphql(`
  query ProviderReportCsv($centerId: ID, $year: Int!) {
    providerAnnualReport(centerId: $centerId, year: $year) { csvPath year dueOn center { id name } }
  }
`);

export const DEFAULT_INDICATORS = ['NEW_CASES', 'ACTIVE_CASES', 'SESSIONS', 'CLIENTS_SERVED', 'MEDIAN_DAYS_TO_FIRST_SESSION', 'CASELOAD_PER_FTE'] as const;
type Code = (typeof DEFAULT_INDICATORS)[number] | string;

export function NetworkPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useClient();
  const [params, setParams] = useSearchParams();
  const period = { from: params.get('from') ?? lastCompleteYear().from, to: params.get('to') ?? lastCompleteYear().to };
  const chosen: Code[] = params.get('i')?.split(',').filter(Boolean) ?? [...DEFAULT_INDICATORS];
  const breakdown = params.get('by') ?? '';
  const [catalogue] = useQuery({ query: IndicatorsQuery });
  const indicators = catalogue.data?.indicators ?? [];
  const valid = chosen.filter((c) => indicators.some((i) => i.code === c));
  const breakdowns = indicators.length
    ? (indicators.filter((i) => valid.includes(i.code)).reduce<string[] | null>((acc, i) => (acc ? acc.filter((d) => i.breakdowns.includes(d as never)) : [...i.breakdowns]), null) ?? []).filter((d) => d !== 'CENTER')
    : [];
  const by = breakdowns.includes(breakdown) ? breakdown : '';
  const [result, refetch] = useQuery({
    query: ComparisonQuery,
    variables: { indicators: valid as never, period, breakdown: (by || null) as never },
    pause: valid.length === 0,
  });
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const toggle = (code: string, on: boolean) => set({ i: (on ? [...valid, code] : valid.filter((c) => c !== code)).join(',') || 'none' });

  const [year, setYear] = useState(new Date().getFullYear() - (new Date().getMonth() < 3 ? 1 : 0));
  const [downloadError, setDownloadError] = useState<string | null>(null);
  async function download(centerId: string) {
    setDownloadError(null);
    const r = await client.query(ProviderReportQuery, { centerId, year }, { requestPolicy: 'network-only' }).toPromise();
    const path = r.data?.providerAnnualReport.csvPath;
    if (!path) return setDownloadError(errorText(r.error) ?? t('state.error'));
    await downloadCsv(path, currentLang(), `report-${year}.csv`).catch((e: Error) => setDownloadError(e.message));
  }

  const data = result.data?.networkComparison;
  return (
    <>
      <PageHeader title={t('network.title')} lead={t('network.lead')} />
      <section className="card controls" aria-labelledby="controls-h">
        <h2 id="controls-h" className="visually-hidden">
          {t('aggregates.controls')}
        </h2>
        <div className="toolbar">
          <PeriodPicker from={period.from} to={period.to} onChange={(p) => set(p)} />
          <div className="field">
            <label htmlFor="breakdown">{t('aggregates.breakdown')}</label>
            <select id="breakdown" value={by} onChange={(e) => set({ by: e.target.value })}>
              <option value="">{t('aggregates.noBreakdown')}</option>
              {breakdowns.map((d) => (
                <option key={d} value={d}>
                  {t(`dimension.${d as 'SEX'}`)}
                </option>
              ))}
            </select>
            <p className="field-hint">{t('aggregates.breakdownHint')}</p>
          </div>
        </div>
        <fieldset className="chips">
          <legend>{t('aggregates.indicators')}</legend>
          <div className="checks">
            {indicators.map((i) => (
              <label key={i.code} className="checkbox" title={i.description}>
                <input type="checkbox" checked={valid.includes(i.code)} onChange={(e) => toggle(i.code, e.target.checked)} />
                {i.name}
              </label>
            ))}
          </div>
        </fieldset>
      </section>
      {catalogue.error && <QueryError error={catalogue.error} />}
      {valid.length === 0 ? (
        <p className="muted">{t('aggregates.pickIndicator')}</p>
      ) : result.error && !data ? (
        <QueryError error={result.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : !data ? (
        <Spinner />
      ) : (
        <div aria-busy={result.fetching}>
          <p className="muted">
            {t('aggregates.periodLine', { from: f.month(`${data.period.from}-01`), to: f.month(`${data.period.to}-01`), count: data.period.months })}
            {data.refreshedAt && ` · ${t('aggregates.refreshed', { when: f.dateTime(data.refreshedAt) })}`}
          </p>
          <SuppressionNote threshold={data.suppressionThreshold} />
          <ApprovalMarks approvals={data.approvals} centers={data.centers} />
          {data.tables.map((table) => (
            <section key={table.indicator.code} className="card indicator" aria-labelledby={`ind-${table.indicator.code}`} data-testid={`indicator-${table.indicator.code}`}>
              <div className="card-head">
                <h2 id={`ind-${table.indicator.code}`}>{table.indicator.name}</h2>
                <span className="muted small">{t(`unit.${table.indicator.unit as 'CASES'}`)}</span>
              </div>
              <p className="muted small">{table.indicator.description}</p>
              {!table.periodPublished && <p className="banner banner-info small">{t('aggregates.notPublished')}</p>}
              <IndicatorCharts table={table as Table} title={table.indicator.name} />
              {table.cells.length > 0 && <FiguresTable table={table as Table} rowHeader={t('aggregates.center')} />}
              <TableDownloads screen="network" indicator={table.indicator.code} period={period} breakdown={by || null} />
            </section>
          ))}
          <section className="card" aria-labelledby="drafts-h">
            <h2 id="drafts-h">{t('network.drafts')}</h2>
            <p className="muted">{t('network.draftsLead')}</p>
            <ErrorBanner error={null} />
            {downloadError && (
              <div className="banner banner-error" role="alert">
                {downloadError}
              </div>
            )}
            <div className="toolbar">
              <div className="field">
                <label htmlFor="report-year">{t('aggregates.year')}</label>
                <select id="report-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
                  {[0, 1, 2].map((d) => {
                    const y = new Date().getFullYear() - d;
                    return (
                      <option key={y} value={y}>
                        {y}
                      </option>
                    );
                  })}
                </select>
              </div>
              {data.centers.map((c) => (
                <button key={c.id} type="button" className="btn" onClick={() => void download(c.id)}>
                  {t('common.downloadCsv')} — {c.name}
                </button>
              ))}
            </div>
          </section>
        </div>
      )}
      <SignedReports />
    </>
  );
}

