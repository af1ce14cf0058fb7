import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql.ts';
import { fieldErrors, FormActions, FormError, SelectField, TextArea, TextField } from '../../components/form.tsx';
import { todayIso } from '../../lib/format.ts';
import type { CaseData } from './query.ts';

const StartAssessment = graphql(`
  mutation StartAssessment($caseId: ID!, $dueOn: Date) {
    startAssessment(caseId: $caseId, dueOn: $dueOn) { id dueOn startedOn completedOn overdue }
  }
`);
const CompleteAssessment = graphql(`
  mutation CompleteAssessment($id: ID!, $completedOn: Date!, $summary: String!) {
    completeAssessment(id: $id, completedOn: $completedOn, summary: $summary) { id completedOn summary overdue }
  }
`);

/**
 * „Започни оценка“ (a referred case moves to the needs assessment), „Започни повторна оценка“ (an
 * active case is assessed again; the stage stays) or „Завърши оценката“ (the case moves to planning).
 */
export function AssessmentPanel({ c, open, reassess = false, onDone }: { c: CaseData; open: CaseData['assessments'][number] | null; reassess?: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(todayIso());
  const [summary, setSummary] = useState('');
  const [started, start] = useMutation(StartAssessment);
  const [completed, complete] = useMutation(CompleteAssessment);
  const error = open ? completed.error : started.error;
  const errors = fieldErrors(error);
  const title = open ? t('cases.completeAssessment') : reassess ? t('caseAction.START_REASSESSMENT') : t('cases.startAssessment');
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = open ? await complete({ id: open.id, completedOn: date, summary }) : await start({ caseId: c.id, dueOn: null });
    if (r.data) onDone();
  }
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{title}</h2>
      <FormError error={error} fields={open ? ['completedOn', 'summary'] : []} />
      {open ? (
        <>
          <TextField label={t('cases.completedOn')} type="date" value={date} error={errors.completedOn} onChange={(e) => setDate(e.target.value)} />
          <TextArea label={t('cases.summary')} required value={summary} error={errors.summary} onChange={(e) => setSummary(e.target.value)} />
        </>
      ) : (
        <p className="muted">{reassess ? t('cases.reassessmentLead') : t('cases.startAssessmentLead')}</p>
      )}
      <FormActions saving={started.fetching || completed.fetching} onCancel={onDone} label={title} />
    </form>
  );
}

const ActivatePlan = graphql(`
  mutation ActivateSupportPlan($id: ID!, $version: Int!) {
    activateSupportPlan(id: $id, version: $version) { id status version nextReviewOn }
  }
`);

/** „Въведи плана в действие“: the explicit act that puts a draft plan into effect (the first one makes the case active). */
export function ActivatePlanPanel({ plan, onDone }: { plan: { id: string; version: number; startsOn: string }; onDone: () => void }) {
  const { t } = useTranslation();
  const [activated, activate] = useMutation(ActivatePlan);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await activate({ id: plan.id, version: plan.version });
    if (r.data) onDone();
  }
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{t('cases.activatePlan')}</h2>
      <FormError error={activated.error} />
      <p className="muted">{t('cases.activatePlanLead')}</p>
      <FormActions saving={activated.fetching} onCancel={onDone} label={t('cases.activatePlan')} />
    </form>
  );
}

const RecordReview = graphql(`
  mutation RecordPlanReview($planId: ID!, $decision: ReviewDecision!, $heldOn: Date!, $summary: String) {
    recordPlanReview(planId: $planId, decision: $decision, heldOn: $heldOn, summary: $summary) { id heldOn decision summary }
  }
`);

export function ReviewPanel({ planId, onDone }: { planId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState<'CONTINUE' | 'REVISE_PLAN' | 'CLOSE_CASE'>('CONTINUE');
  const [heldOn, setHeldOn] = useState(todayIso());
  const [summary, setSummary] = useState('');
  const [result, record] = useMutation(RecordReview);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await record({ planId, decision, heldOn, summary: summary.trim() || null });
    if (r.data) onDone();
  }
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{t('cases.recordReview')}</h2>
      <FormError error={result.error} fields={['heldOn', 'decision', 'summary']} />
      <div className="grid-2">
        <TextField label={t('cases.heldOn')} type="date" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} />
        <SelectField label={t('cases.decision')} value={decision} onChange={(e) => setDecision(e.target.value as typeof decision)} options={(['CONTINUE', 'REVISE_PLAN', 'CLOSE_CASE'] as const).map((d) => ({ value: d, label: t(`reviewDecision.${d}`) }))} />
      </div>
      <TextArea label={t('cases.summary')} optional value={summary} onChange={(e) => setSummary(e.target.value)} />
      <FormActions saving={result.fetching} onCancel={onDone} />
    </form>
  );
}
