import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';

// Which figures their centers' managers approved, on the network and municipal screens: per center
// and period, „Одобрено“ or „Променени след одобрение“ (a change after approval, until approved
// again). Only the period and the dates: never who approved, never a figure.

export type ApprovalMark = { centerId: string; grain: string; period: string; approvedAt: string; changedAfterApproval: boolean };

export function ApprovalMarks({ approvals, centers }: { approvals: readonly ApprovalMark[]; centers: readonly { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const named = centers.filter((c) => approvals.some((a) => a.centerId === c.id));
  return (
    <section className="card" aria-labelledby="approval-marks-h" data-testid="approval-marks">
      <h2 id="approval-marks-h">{t('approval.approvals')}</h2>
      {named.length === 0 ? (
        <p className="muted">{t('aggregates.notApproved')}</p>
      ) : (
        <ul className="plain-list">
          {named.map((c) => (
            <li key={c.id}>
              <strong>{c.name}</strong>:{' '}
              {approvals
                .filter((a) => a.centerId === c.id)
                .map((a) => (
                  <span
                    key={`${a.grain}-${a.period}`}
                    className={`badge ${a.changedAfterApproval ? 'badge-warn' : 'badge-ok'}`}
                    data-testid={`approval-${c.id}-${a.period}`}
                    title={`${t('approval.approvedOn')} ${f.dateTime(a.approvedAt)}`}
                  >
                    {a.grain === 'YEAR' ? a.period : f.month(`${a.period}-01`)} — {a.changedAfterApproval ? t('aggregates.changedAfterApproval') : t('aggregates.approved')}
                  </span>
                ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
