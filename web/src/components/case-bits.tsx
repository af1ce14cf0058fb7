import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql, readFragment, type FragmentOf } from '../graphql.ts';
import { useFormat } from '../lib/format.ts';

const TONE: Record<string, string> = { REFERRED: 'badge-grey', ASSESSMENT: 'badge-warn', SUPPORT_PLAN: 'badge-warn', ACTIVE: 'badge-ok', CLOSED: 'badge-grey' };

export function CaseStatusBadge({ status, label }: { status: string; label?: string }) {
  const { t } = useTranslation();
  return <span className={`badge ${TONE[status] ?? ''}`}>{label ?? t(`caseStatus.${status as 'ACTIVE'}`)}</span>;
}

/**
 * A case in a list (the cases screen, "my cases", the dashboard): one selection shared by
 * every query that lists cases, read back with `readFragment`.
 */
export const CaseRowFields = graphql(`
  fragment CaseRowFields on Case {
    id number status statusLabel referralDate intakeRoute legalReferrer
    person { id fullName }
    leadWorker { id user { displayName } }
  }
`);

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
