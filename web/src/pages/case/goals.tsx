import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql.ts';
import { FormError } from '../../components/form.tsx';

const SetGoalStatus = graphql(`
  mutation SetSupportPlanGoalStatus($id: ID!, $status: GoalStatus!) {
    setSupportPlanGoalStatus(id: $id, status: $status) { id status }
  }
`);

const STATUSES = ['OPEN', 'PARTLY_ACHIEVED', 'ACHIEVED', 'NOT_ACHIEVED', 'DROPPED'] as const;
type GoalStatus = (typeof STATUSES)[number];

type Goal = { id: string; description: string; status: GoalStatus };

/** A support-plan goal; the case team sets its status right in the list. */
export function GoalItem({ goal, editable, note }: { goal: Goal; editable: boolean; note?: string }) {
  const { t } = useTranslation();
  const [result, set] = useMutation(SetGoalStatus);
  const selectId = `goal-${goal.id}`;
  return (
    <li className="goal">
      <span className="goal-text" id={`${selectId}-text`}>
        {goal.description}
        {note && <span className="muted small goal-need"> · {note}</span>}
      </span>
      {editable ? (
        <span className="goal-status">
          <label htmlFor={selectId} className="visually-hidden">
            {t('goals.statusOf', { goal: goal.description })}
          </label>
          <select id={selectId} value={goal.status} disabled={result.fetching} aria-busy={result.fetching || undefined} onChange={(e) => void set({ id: goal.id, status: e.target.value as GoalStatus })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`goalStatus.${s}`)}
              </option>
            ))}
          </select>
        </span>
      ) : (
        <span className={`badge ${goal.status === 'ACHIEVED' ? 'badge-ok' : 'badge-grey'}`}>{t(`goalStatus.${goal.status}`)}</span>
      )}
      <FormError error={result.error} />
    </li>
  );
}
