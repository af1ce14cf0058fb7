import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql, type ResultOf } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { Loadable } from '../components/states.tsx';
import { FormError, SelectField, TextArea } from '../components/form.tsx';
import { useFormat } from '../lib/format.ts';
import { ReportDownloads } from './manager/reports.tsx';

// The municipality's yearly analysis of social services (issue 18 item 2, art. 113(2)): the
// official writes the four sections (each saved as a draft at the version last read), reads the
// municipal screen's tables for the year (hidden cells as on screen), signs it off with a
// confirmation, and downloads it as .docx or PDF.

const AnalysisQuery = graphql(`
  query MunicipalAnalysis($year: Int!) {
    municipalAnalysis(year: $year) {
      id year municipalityName dueOn status version spending providersEvaluation controlMonitoring unmetNeeds
      signedOffAt signedOffBy docxPath pdfPath suppressionThreshold refreshedAt
      period { from to }
      tables { side indicatorCode title header rows { cells { text hidden } } }
      yearlyReports { centerName serviceType serviceName signedOffAt }
    }
  }
`);

const SaveSection = graphql(`
  mutation SaveMunicipalAnalysisSection($year: Int!, $section: MunicipalAnalysisSection!, $text: String, $version: Int!) {
    saveMunicipalAnalysisSection(year: $year, section: $section, text: $text, version: $version) { id status version spending providersEvaluation controlMonitoring unmetNeeds docxPath pdfPath }
  }
`);

const SignOff = graphql(`
  mutation SignOffMunicipalAnalysis($year: Int!, $version: Int!) {
    signOffMunicipalAnalysis(year: $year, version: $version) { id status version signedOffAt signedOffBy docxPath pdfPath }
  }
`);

type Analysis = ResultOf<typeof AnalysisQuery>['municipalAnalysis'];
const SECTIONS = [
  ['SPENDING', 'spending'],
  ['PROVIDERS_EVALUATION', 'providersEvaluation'],
  ['CONTROL_MONITORING', 'controlMonitoring'],
  ['UNMET_NEEDS', 'unmetNeeds'],
] as const;
type Section = (typeof SECTIONS)[number][0];

function SectionEditor({ analysis, version, section, field, onSaved }: { analysis: Analysis; version: number; section: Section; field: (typeof SECTIONS)[number][1]; onSaved: (version: number) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(analysis[field] ?? '');
  const [saved, setSaved] = useState(false);
  const [saving, save] = useMutation(SaveSection);
  const label = t(`analysis.section.${section}`);
  if (analysis.status === 'SIGNED_OFF') {
    return (
      <section data-section={section}>
        <h3>{label}</h3>
        <p className="prewrap">{analysis[field] ?? '—'}</p>
      </section>
    );
  }
  const onSave = async () => {
    setSaved(false);
    const r = await save({ year: analysis.year, section, text, version });
    const stored = r.data?.saveMunicipalAnalysisSection;
    if (stored) {
      setSaved(true);
      onSaved(stored.version);
    }
  };
  return (
    <section data-section={section}>
      <TextArea name={section} label={label} optional rows={5} value={text} onChange={(e) => setText(e.target.value)} />
      <FormError error={saving.error} fields={[]} />
      <p className="actions">
        <button type="button" className="button" disabled={saving.fetching} onClick={() => void onSave()}>
          {t('analysis.save')}
          <span className="visually-hidden"> {label}</span>
        </button>
        {saved && <span role="status" className="muted"> {t('analysis.saved')}</span>}
      </p>
    </section>
  );
}

function Figures({ analysis }: { analysis: Analysis }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="analysis-figures">
      <h2 id="analysis-figures">{t('analysis.figures')}</h2>
      <p className="muted">{t('analysis.figuresLead', { from: analysis.period.from, to: analysis.period.to, k: analysis.suppressionThreshold })}</p>
      {analysis.status === 'SIGNED_OFF' && <p className="muted">{t('analysis.frozen')}</p>}
      {(['RESIDENTS', 'TERRITORY'] as const).map((side) => {
        const tables = analysis.tables.filter((x) => x.side === side);
        if (!tables.length) return null;
        return (
          <section key={side}>
            <h3>{t(`analysis.side.${side}`)}</h3>
            {tables.map((table) => (
              <div key={table.indicatorCode} className="table-wrap" data-table={`${side}-${table.indicatorCode}`}>
                <table className="table">
                  <caption>{table.title}</caption>
                  <thead>
                    <tr>{table.header.map((h, i) => <th key={i} scope="col">{h}</th>)}</tr>
                  </thead>
                  <tbody>
                    {table.rows.map((row, r) => (
                      <tr key={r}>
                        {row.cells.map((c, i) =>
                          i === 0 ? <th key={i} scope="row">{c.text}</th> : <td key={i} className="num" data-hidden={c.hidden || undefined}>{c.text}</td>,
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ))}
          </section>
        );
      })}
    </section>
  );
}

function AnalysisCard({ analysis, onChanged }: { analysis: Analysis; onChanged: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [confirming, setConfirming] = useState(false);
  const [signing, signOff] = useMutation(SignOff);
  // The version the next write must name: the newest of what was read and what a save returned.
  // Before the first save the analysis has no id, so the cache cannot update it in place, and
  // the refetch after a save may still be on its way when the next button is pressed.
  const [saved, setSaved] = useState(analysis.version);
  const version = Math.max(saved, analysis.version);
  const signed = analysis.status === 'SIGNED_OFF';
  const onSaved = (v: number) => {
    setSaved(v);
    onChanged();
  };
  const onSign = async () => {
    const r = await signOff({ year: analysis.year, version });
    setConfirming(false);
    if (!r.error) onChanged();
  };
  return (
    <>
      <section className="card" aria-labelledby="analysis-sections">
        <h2 id="analysis-sections">{t('analysis.title', { year: analysis.year })}</h2>
        <p>
          <span className={`badge${signed ? ' badge-ok' : ''}`} data-status={analysis.status}>{t(`analysis.status.${analysis.status}`)}</span>
          {signed && analysis.signedOffAt && <span className="muted"> {t('analysis.signedOff', { day: f.date(analysis.signedOffAt), name: analysis.signedOffBy ?? '' })}</span>}
        </p>
        {SECTIONS.map(([section, field]) => (
          <SectionEditor key={`${section}-${analysis.status}`} analysis={analysis} version={version} section={section} field={field} onSaved={onSaved} />
        ))}
        <FormError error={signing.error} fields={[]} />
        {!signed && !confirming && (
          <p className="actions">
            <button type="button" className="button button-primary" onClick={() => setConfirming(true)}>{t('analysis.signOff')}</button>
          </p>
        )}
        {confirming && (
          <div role="alertdialog" aria-label={t('analysis.signOff')} className="confirm">
            <p>{t('analysis.confirmSignOff')}</p>
            <button type="button" className="button button-primary" disabled={signing.fetching} onClick={() => void onSign()}>{t('analysis.confirm')}</button>{' '}
            <button type="button" className="button" onClick={() => setConfirming(false)}>{t('analysis.cancel')}</button>
          </div>
        )}
        <ReportDownloads report={analysis} />
      </section>
      <Figures analysis={analysis} />
      <section className="card" aria-labelledby="analysis-reports">
        <h2 id="analysis-reports">{t('analysis.reports')}</h2>
        {analysis.yearlyReports.length === 0 ? (
          <p className="muted">{t('analysis.noReports')}</p>
        ) : (
          <ul>
            {analysis.yearlyReports.map((r) => (
              <li key={`${r.centerName}-${r.serviceType}`}>
                {r.centerName} — {r.serviceName} ({t('analysis.signedOff', { day: f.date(r.signedOffAt), name: '' }).trim()})
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** The analysis is written after the year: the last complete year by default (the year in the address). */
export function MunicipalAnalysisPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const thisYear = new Date().getFullYear();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= thisYear - 4 && asked <= thisYear ? asked : thisYear - 1;
  const [result, refetch] = useQuery({ query: AnalysisQuery, variables: { year } });
  const years = Array.from({ length: 5 }, (_, i) => thisYear - i);
  const data = result.data?.municipalAnalysis;
  return (
    <>
      <PageHeader title={data ? `${t('analysis.title', { year })} · ${data.municipalityName}` : t('nav.municipalAnalysis')} lead={t('analysis.lead', { date: f.date(`${year + 1}-04-30`) })} />
      <SelectField label={t('analysis.year')} name="analysisYear" value={String(year)} onChange={(e) => setParams({ year: e.target.value }, { replace: true })} options={years.map((y) => ({ value: String(y), label: String(y) }))} />
      <Loadable result={result} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(d) => <AnalysisCard key={d.municipalAnalysis.year} analysis={d.municipalAnalysis} onChanged={() => refetch({ requestPolicy: 'network-only' })} />}
      </Loadable>
    </>
  );
}
