import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { sofiaToday } from '@opora/common/calendar';
import { graphql } from '../../graphql.ts';
import { FormError } from '../../components/form.tsx';
import { QueryError, Spinner } from '../../components/states.tsx';
import { useFormat } from '../../lib/format.ts';
import { useMonthNames } from '../../components/aggregates.tsx';

// Approval of reported periods (issue #18 item 4): the manager approves each month and the year
// of the center's figures once it has ended; a change after approval shows until approved again.
// The network and municipal screens show the same marks (ApprovalMarks in components/approvals.tsx).

const ApprovalsQuery = graphql(`
  query PeriodApprovals($year: Int!) {
    periodApprovals(year: $year) { grain period approvedAt changedAt changedAfterApproval }
  }
`);

const Approve = graphql(`
  mutation ApprovePeriod($grain: ApprovalGrain!, $period: String!) {
    approvePeriod(grain: $grain, period: $period) { grain period approvedAt changedAt changedAfterApproval }
  }
`);

export function Approvals() {
  const { t } = useTranslation();
  const f = useFormat();
  const months = useMonthNames();
  const todayIso = sofiaToday();
  const thisYear = Number(todayIso.slice(0, 4));
  const thisMonth = todayIso.slice(0, 7);
  const [year, setYear] = useState(thisYear - 1);
  const [result, refetch] = useQuery({ query: ApprovalsQuery, variables: { year }, requestPolicy: 'cache-and-network' });
  const [approving, approve] = useMutation(Approve);
  const approvals = result.data?.periodApprovals ?? [];
  const rows = [
    ...months.map((name, i) => ({ grain: 'MONTH' as const, period: `${year}-${String(i + 1).padStart(2, '0')}`, name })),
    { grain: 'YEAR' as const, period: String(year), name: `${t('approval.year')} ${year}` },
  ];
  const ended = (r: (typeof rows)[number]) => (r.grain === 'YEAR' ? Number(r.period) < thisYear : r.period < thisMonth);
  async function onApprove(grain: 'MONTH' | 'YEAR', period: string) {
    const r = await approve({ grain, period });
    if (r.data) refetch({ requestPolicy: 'network-only' });
  }
  return (
    <section className="card" aria-labelledby="approvals-h">
      <h2 id="approvals-h">{t('approval.title')}</h2>
      <p className="muted">{t('approval.lead')}</p>
      <div className="field">
        <label htmlFor="approval-year">{t('approval.year')}</label>
        <select id="approval-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {[0, 1, 2, 3].map((d) => (
            <option key={d} value={thisYear - d}>
              {thisYear - d}
            </option>
          ))}
        </select>
      </div>
      <FormError error={approving.error} fields={[]} />
      {result.error && !result.data ? (
        <QueryError error={result.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : !result.data ? (
        <Spinner />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="approvals">
            <thead>
              <tr>
                <th scope="col">{t('approval.month')}</th>
                <th scope="col">{t('approval.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('approval.approve')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const a = approvals.find((x) => x.grain === r.grain && x.period === r.period);
                return (
                  <tr key={`${r.grain}-${r.period}`} data-testid={`approval-${r.period}`}>
                    <th scope="row">{r.name}</th>
                    <td>
                      {!a ? (
                        <span className="muted">{t('aggregates.notApproved')}</span>
                      ) : a.changedAfterApproval ? (
                        <span className="badge badge-warn">{t('aggregates.changedAfterApproval')}</span>
                      ) : (
                        <span className="badge badge-ok">
                          {t('aggregates.approved')} · {f.dateTime(a.approvedAt)}
                        </span>
                      )}
                    </td>
                    <td>
                      {ended(r) && (!a || a.changedAfterApproval) && (
                        <button type="button" className="btn btn-small" disabled={approving.fetching} onClick={() => void onApprove(r.grain, r.period)}>
                          {a ? t('approval.approveAgain') : t('approval.approve')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
