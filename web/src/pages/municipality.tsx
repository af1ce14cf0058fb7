import { useState } from 'react';
import { SignedReports } from './signed-reports.tsx';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useClient, useQuery } from 'urql';
import { graphql } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { QueryError, Spinner } from '../components/states.tsx';
import { downloadCsv, FiguresTable, TableDownloads, IndicatorCharts, lastCompleteYear, PeriodPicker, SuppressionNote, type Table } from '../components/aggregates.tsx';
import { useFormat } from '../lib/format.ts';
import { ApprovalMarks } from '../components/approvals.tsx';
import { currentLang } from '../i18n/index.ts';

const DashboardQuery = graphql(`
  query MunicipalDashboard($period: MonthRange!, $breakdown: AggregateDimension) {
    municipalDashboard(period: $period, breakdown: $breakdown) {
      suppressionThreshold refreshedAt
      approvals { centerId grain period approvedAt changedAfterApproval }
      municipality { code name }
      period { from to months }
      centersOnTerritory { id name code licensedCapacity }
      residents {
        breakdown periodPublished
        indicator { code name description unit smallCellsSuppressed }
        total { display suppressed value suppressionNote }
        cells { labels { dimension code name } value { display suppressed value suppressionNote } }
        margins { labels { dimension code name } value { display suppressed value suppressionNote } }
        months { month total { display suppressed value suppressionNote } cells { labels { dimension code name } value { display suppressed value suppressionNote } } }
      }
      territory {
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

const AnalysisQuery = graphql(`
  query MunicipalAnalysisCsv($year: Int!) {
    municipalAnnualAnalysis(year: $year) { csvPath year dueOn refreshedAt }
  }
`);

const BREAKDOWNS = ['SERVICE_KIND', 'AGE_BAND', 'SEX', 'SETTLEMENT'] as const;

export function MunicipalityPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useClient();
  const [params, setParams] = useSearchParams();
  const period = { from: params.get('from') ?? lastCompleteYear().from, to: params.get('to') ?? lastCompleteYear().to };
  const by = BREAKDOWNS.find((b) => b === params.get('by')) ?? null;
  const [view, setView] = useState<'residents' | 'territory'>('residents');
  const [result, refetch] = useQuery({ query: DashboardQuery, variables: { period, breakdown: by } });
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const year = new Date().getFullYear() - (new Date().getMonth() < 4 ? 1 : 0);
  const [reportYear, setReportYear] = useState(year);
  const [analysis] = useQuery({ query: AnalysisQuery, variables: { year: reportYear } });
  const [busy, setBusy] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [preparing, setPreparing] = useState<string | null>(null);
  async function download() {
    setBusy(true);
    setDownloadError(null);
    try {
      const path = analysis.data?.municipalAnnualAnalysis.csvPath ?? (await client.query(AnalysisQuery, { year: reportYear }).toPromise()).data?.municipalAnnualAnalysis.csvPath;
      if (!path) throw new Error(t('state.error'));
      await downloadCsv(path, currentLang(), `municipal-analysis-${reportYear}.csv`, setPreparing);
    } catch (e) {
      setDownloadError((e as Error).message);
    } finally {
      setPreparing(null);
      setBusy(false);
    }
  }

  const data = result.data?.municipalDashboard;
  const tables = (view === 'residents' ? data?.residents : data?.territory) ?? [];
  return (
    <>
      <PageHeader title={data ? t('municipality.title', { name: data.municipality.name }) : t('nav.municipality')} lead={t('municipality.lead')} />
      <section className="card" aria-labelledby="report-h">
        <div className="card-head">
          <h2 id="report-h">{t('municipality.analysis')}</h2>
        </div>
        <p className="muted">{t('municipality.analysisLead', { date: analysis.data ? f.date(analysis.data.municipalAnnualAnalysis.dueOn) : '30.04' })}</p>
        <p><Link to="/municipality/analysis">{t('analysis.open')}</Link></p>
        {downloadError && (
          <div className="banner banner-error" role="alert">
            {downloadError}
          </div>
        )}
        {preparing && <Spinner label={preparing} />}
        <div className="toolbar">
          <div className="field">
            <label htmlFor="analysis-year">{t('aggregates.year')}</label>
            <select id="analysis-year" value={reportYear} onChange={(e) => setReportYear(Number(e.target.value))}>
              {[0, 1, 2].map((d) => (
                <option key={d} value={year - d}>
                  {year - d}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void download()} data-testid="download-analysis">
            {busy ? t('state.loading') : t('common.downloadCsv')}
          </button>
        </div>
      </section>
      <section className="card controls">
        <div className="toolbar">
          <PeriodPicker from={period.from} to={period.to} onChange={(p) => set(p)} />
          <div className="field">
            <label htmlFor="mun-breakdown">{t('aggregates.breakdown')}</label>
            <select id="mun-breakdown" value={by ?? ''} onChange={(e) => set({ by: e.target.value })}>
              <option value="">{t('aggregates.noBreakdown')}</option>
              {BREAKDOWNS.map((d) => (
                <option key={d} value={d}>
                  {t(`dimension.${d}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={view === 'residents'} className={`tab${view === 'residents' ? ' tab-on' : ''}`} onClick={() => setView('residents')}>
            {t('municipality.residents')}
          </button>
          <button type="button" role="tab" aria-selected={view === 'territory'} className={`tab${view === 'territory' ? ' tab-on' : ''}`} onClick={() => setView('territory')}>
            {t('municipality.territory')}
          </button>
        </div>
        <p className="muted small">{view === 'residents' ? t('municipality.residentsLead') : t('municipality.territoryLead', { centers: data?.centersOnTerritory.map((c) => c.name).join(', ') ?? '' })}</p>
      </section>
      {result.error && !data ? (
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
          <ApprovalMarks approvals={data.approvals} centers={data.centersOnTerritory} />
          {tables.map((table) => (
            <section key={table.indicator.code} className="card indicator" aria-labelledby={`m-${view}-${table.indicator.code}`}>
              <div className="card-head">
                <h2 id={`m-${view}-${table.indicator.code}`}>{table.indicator.name}</h2>
                <span className="muted small">{t(`unit.${table.indicator.unit as 'CASES'}`)}</span>
              </div>
              <p className="muted small">{table.indicator.description}</p>
              {!table.periodPublished && <p className="banner banner-info small">{t('aggregates.notPublished')}</p>}
              <IndicatorCharts table={table as Table} title={table.indicator.name} />
              {table.cells.length > 0 && <FiguresTable table={table as Table} rowHeader={table.cells[0]?.labels[0] ? t(`dimension.${table.cells[0].labels[0].dimension as 'SEX'}`) : ''} />}
              <TableDownloads screen={view === 'residents' ? 'municipality-residents' : 'municipality-territory'} indicator={table.indicator.code} period={period} breakdown={by} />
            </section>
          ))}
        </div>
      )}
      <SignedReports />
    </>
  );
}
