import { useTranslation } from 'react-i18next';

const TONE: Record<string, string> = { REFERRED: 'badge-grey', ASSESSMENT: 'badge-warn', SUPPORT_PLAN: 'badge-warn', ACTIVE: 'badge-ok', CLOSED: 'badge-grey' };

export function CaseStatusBadge({ status, label }: { status: string; label?: string }) {
  const { t } = useTranslation();
  return <span className={`badge ${TONE[status] ?? ''}`}>{label ?? t(`caseStatus.${status as 'ACTIVE'}`)}</span>;
}
