import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { readFragment, type FragmentOf } from '../graphql.ts';
import { useFormat } from '../lib/format.ts';

const TONE: Record<string, string> = { REFERRED: 'badge-grey', ASSESSMENT: 'badge-warn', SUPPORT_PLAN: 'badge-warn', ACTIVE: 'badge-ok', CLOSED: 'badge-grey' };

export function CaseStatusBadge({ status, label }: { status: string; label?: string }) {
  const { t } = useTranslation();
  return <span className={`badge ${TONE[status] ?? ''}`}>{label ?? t(`caseStatus.${status as 'ACTIVE'}`)}</span>;
}

// The selection lives beside the dashboard's query, which the app's entry sends before any screen's
// code has loaded (lib/case-row-fields.ts).
export { CaseRowFields } from '../lib/case-row-fields.ts';
import { CaseRowFields } from '../lib/case-row-fields.ts';

export function CaseRow({ data, compact = false }: { data: FragmentOf<typeof CaseRowFields>; compact?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const c = readFragment(CaseRowFields, data);
  const details = compact
    ? [c.number, t('cases.referredOn', { date: f.shortDate(c.referralDate) })]
    : [c.number, c.legalReferrer ? t(`legalReferrer.${c.legalReferrer}`) : c.intakeRoute && t(`intakeRoute.${c.intakeRoute}`), t('cases.referredOn', { date: f.shortDate(c.referralDate) }), c.leadWorker?.user.displayName];
  return (
    <Link className="list-row" to={`/cases/${encodeURIComponent(c.id)}`}>
      <span className="list-main">
        <strong>{c.person.fullName}</strong>
        <span className="muted">{details.filter(Boolean).join(' · ')}</span>
      </span>
      <CaseStatusBadge status={c.status} label={c.statusLabel} />
    </Link>
  );
}
