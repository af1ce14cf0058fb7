import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../graphql.ts';
import { Loadable } from '../components/states.tsx';
import { SelectField } from '../components/form.tsx';
import { ReportDownloads, ReportSections } from './manager/reports.tsx';

// Signed-off yearly reports on the network's and the municipality's screens (issue 18): counts
// only, small ones hidden by the server; the municipality sees the services it contracts.

const SignedReportsQuery = graphql(`
  query SignedOffYearlyReports($year: Int!) {
    signedOffYearlyReports(year: $year) {
      id year serviceType serviceName centerName activities status docxPath pdfPath
      sections { code title rows { code label value } }
    }
  }
`);

export function SignedReports() {
  const { t } = useTranslation();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear - 1);
  const [result, refetch] = useQuery({ query: SignedReportsQuery, variables: { year } });
  return (
    <section className="card" aria-labelledby="signed-reports">
      <h2 id="signed-reports">{t('yearly.signedTitle')}</h2>
      <p className="muted">{t('yearly.signedLead')}</p>
      <SelectField label={t('yearly.year')} name="signedYear" value={String(year)} onChange={(e) => setYear(Number(e.target.value))} options={Array.from({ length: 5 }, (_, i) => String(thisYear - i)).map((y) => ({ value: y, label: y }))} />
      <Loadable result={result} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(data) =>
          data.signedOffYearlyReports.length === 0 ? <p className="muted">{t('yearly.signedNone')}</p> : (
            <>
              {data.signedOffYearlyReports.map((r) => (
                <article key={r.id} className="card" data-service={r.serviceType}>
                  <h3>{r.centerName} — {r.serviceName}</h3>
                  <ReportSections report={r} />
                  <ReportDownloads report={r} />
                </article>
              ))}
            </>
          )
        }
      </Loadable>
    </section>
  );
}
