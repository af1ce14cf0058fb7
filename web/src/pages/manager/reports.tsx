import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql, type ResultOf } from '../../graphql.ts';
import { PageHeader } from '../../components/layout.tsx';
import { Loadable } from '../../components/states.tsx';
import { FormError, SelectField, TextArea } from '../../components/form.tsx';
import { downloadDocument } from '../../components/printouts.tsx';
import { useFormat } from '../../lib/format.ts';

// The manager's yearly reports per social service (issue 18): the numbers from the data, the
// narrative parts saved as drafts, sign-off with a confirmation, downloads as .docx and PDF.

const ReportsQuery = graphql(`
  query YearlyReports($year: Int!) {
    yearlyReports(year: $year) {
      id year serviceType serviceName activities status goalsResults qualityProgramme internalControl signedOffAt signedOffBy version docxPath pdfPath
      sections { code title rows { code label value } }
    }
  }
`);

const SaveMutation = graphql(`
  mutation SaveYearlyReport($year: Int!, $serviceType: LegalServiceType!, $input: YearlyReportNarrativeInput!) {
    saveYearlyReport(year: $year, serviceType: $serviceType, input: $input) { id status goalsResults qualityProgramme internalControl version docxPath pdfPath }
  }
`);

const SignOffMutation = graphql(`
  mutation SignOffYearlyReport($year: Int!, $serviceType: LegalServiceType!) {
    signOffYearlyReport(year: $year, serviceType: $serviceType) { id status signedOffAt signedOffBy docxPath pdfPath }
  }
`);

type Report = ResultOf<typeof ReportsQuery>['yearlyReports'][number];

export function ReportSections({ report }: { report: Pick<Report, 'sections'> }) {
  return (
    <>
      {report.sections.map((s) => (
        <section key={s.code}>
          <h4>{s.title}</h4>
          <table className="table">
            <tbody>
              {s.rows.map((r) => (
                <tr key={r.code} data-code={r.code}>
                  <th scope="row">{r.label}</th>
                  <td className="num">{r.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

export function ReportDownloads({ report }: { report: Pick<Report, 'docxPath' | 'pdfPath'> }) {
  const { t, i18n } = useTranslation();
  const [answer, setAnswer] = useState<string | null>(null);
  const get = (path: string) => downloadDocument(`${path}?lang=${i18n.language === 'en' ? 'en' : 'bg'}`, i18n.language).then(setAnswer, (e: Error) => setAnswer(e.message));
  if (!report.docxPath || !report.pdfPath) return <p className="muted">{t('yearly.saveFirst')}</p>;
  return (
    <p className="actions">
      <button type="button" className="button" onClick={() => void get(report.docxPath!)}>{t('yearly.downloadDocx')}</button>{' '}
      <button type="button" className="button" onClick={() => void get(report.pdfPath!)}>{t('yearly.downloadPdf')}</button>
      {answer && <span className="muted" role="status"> {answer}</span>}
    </p>
  );
}

function ReportCard({ report, onChanged }: { report: Report; onChanged: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [texts, setTexts] = useState({ goalsResults: report.goalsResults ?? '', qualityProgramme: report.qualityProgramme ?? '', internalControl: report.internalControl ?? '' });
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState(false);
  const [saving, save] = useMutation(SaveMutation);
  const [signing, signOff] = useMutation(SignOffMutation);
  const signed = report.status === 'SIGNED_OFF';
  const vars = { year: report.year, serviceType: report.serviceType };
  const onSave = async () => {
    setSaved(false);
    const r = await save({ ...vars, input: texts });
    if (!r.error) { setSaved(true); onChanged(); }
  };
  const onSign = async () => {
    const r = await signOff(vars);
    setConfirming(false);
    if (!r.error) onChanged();
  };
  return (
    <article className="card" aria-labelledby={`report-${report.serviceType}`} data-service={report.serviceType}>
      <h3 id={`report-${report.serviceType}`}>{report.serviceName}</h3>
      <p>
        <span className={`badge${signed ? ' badge-ok' : ''}`} data-status={report.status}>{t(`yearly.status.${report.status}`)}</span>
        {signed && report.signedOffAt && <span className="muted"> {t('yearly.signedOff', { day: f.date(report.signedOffAt), name: report.signedOffBy ?? '' })}</span>}
      </p>
      <p className="muted">{t('yearly.activities')}: {report.activities.join('; ')}</p>
      <details>
        <summary>{t('yearly.figures')}</summary>
        <ReportSections report={report} />
      </details>
      {(['goalsResults', 'qualityProgramme', 'internalControl'] as const).map((key) =>
        signed ? (
          <section key={key}><h4>{t(`yearly.${key}`)}</h4><p className="prewrap">{report[key] ?? '—'}</p></section>
        ) : (
          <TextArea key={key} name={key} label={t(`yearly.${key}`)} optional rows={5} value={texts[key]} onChange={(e) => setTexts({ ...texts, [key]: e.target.value })} />
        ),
      )}
      <FormError error={saving.error ?? signing.error} fields={[]} />
      {!signed && (
        <p className="actions">
          <button type="button" className="button" disabled={saving.fetching} onClick={() => void onSave()}>{t('yearly.save')}</button>{' '}
          {!confirming && <button type="button" className="button button-primary" onClick={() => setConfirming(true)}>{t('yearly.signOff')}</button>}
          {saved && <span role="status" className="muted"> {t('yearly.saved')}</span>}
        </p>
      )}
      {confirming && (
        <div role="alertdialog" aria-label={t('yearly.signOff')} className="confirm">
          <p>{t('yearly.confirmSignOff')}</p>
          <button type="button" className="button button-primary" disabled={signing.fetching} onClick={() => void onSign()}>{t('yearly.confirm')}</button>{' '}
          <button type="button" className="button" onClick={() => setConfirming(false)}>{t('yearly.cancel')}</button>
        </div>
      )}
      <ReportDownloads report={report} />
    </article>
  );
}

export function ReportsPage() {
  const { t } = useTranslation();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear - 1);
  const [result, refetch] = useQuery({ query: ReportsQuery, variables: { year } });
  const years = Array.from({ length: 5 }, (_, i) => thisYear - i);
  return (
    <>
      <PageHeader title={t('yearly.title')} lead={t('yearly.lead')} />
      <SelectField label={t('yearly.year')} name="year" value={String(year)} onChange={(e) => setYear(Number(e.target.value))} options={years.map((y) => ({ value: String(y), label: String(y) }))} />
      <Loadable result={result} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(data) =>
          data.yearlyReports.length === 0 ? (
            <p className="muted">{t('yearly.none')}</p>
          ) : (
            <>{data.yearlyReports.map((r) => <ReportCard key={`${r.year}-${r.serviceType}-${r.status}`} report={r} onChanged={() => refetch({ requestPolicy: 'network-only' })} />)}</>
          )
        }
      </Loadable>
    </>
  );
}
