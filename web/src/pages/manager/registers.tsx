import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql.ts';
import { PageHeader } from '../../components/layout.tsx';
import { Loadable } from '../../components/states.tsx';
import { FormError, SelectField, StaffOptionsFields, TextArea, TextField, fieldErrors, staffOptions } from '../../components/form.tsx';
import { useFormat, todayIso } from '../../lib/format.ts';
import { useSession } from '../../session.tsx';

// The center's quality registers (issue 18): complaints and signals (any staff member registers,
// the manager sees all and answers), satisfaction surveys, supervision and training (the manager).

export const SERVICE_TYPES = ['OA_INFORMATION', 'OA_COUNSELLING_TRAINING', 'OA_MOBILE_COMMUNITY_WORK', 'SP_INFORMATION_COUNSELLING', 'SP_PSYCHOLOGICAL_THERAPY', 'SP_SKILLS_TRAINING', 'SP_ADVOCACY_MEDIATION'] as const;
const CHANNELS = ['IN_PERSON', 'PHONE', 'EMAIL', 'LETTER', 'BOX', 'OTHER'] as const;
const OUTCOMES = ['UPHELD', 'PARTLY_UPHELD', 'NOT_UPHELD', 'WITHDRAWN', 'REFERRED_ON'] as const;
type ServiceType = (typeof SERVICE_TYPES)[number];

const ComplaintsQuery = graphql(`
  query Complaints($year: Int!) { complaints(year: $year) { id kind receivedOn channel serviceType subject response outcome closedOn } }
`);
const ManagerRegistersQuery = graphql(`
  query ManagerRegisters($year: Int!) {
    satisfactionSurveys(year: $year) { id serviceType respondents satisfiedCount averageScore }
    staffSupervisions(year: $year) { id heldOn hours supervisor kind staff { id user { displayName } } }
    staffTrainings(year: $year) { id course hours startedOn staffMember { id user { displayName } } }
    center { id ...StaffOptionsFields }
  }
`, [StaffOptionsFields]);
const RegisterComplaint = graphql(`mutation RegisterComplaint($input: ComplaintInput!) { registerComplaint(input: $input) { id } }`);
const AnswerComplaint = graphql(`mutation AnswerComplaint($id: ID!, $input: ComplaintAnswerInput!) { answerComplaint(id: $id, input: $input) { id response outcome closedOn } }`);
const RecordSurvey = graphql(`mutation RecordSurvey($input: SatisfactionSurveyInput!) { recordSatisfactionSurvey(input: $input) { id } }`);
const RecordSupervision = graphql(`mutation RecordSupervision($input: StaffSupervisionInput!) { recordStaffSupervision(input: $input) { id } }`);
const RecordTraining = graphql(`mutation RecordTraining($input: StaffTrainingInput!) { recordStaffTraining(input: $input) { id } }`);

function useServiceOptions(withWhole: boolean) {
  const { t } = useTranslation();
  return [...(withWhole ? [{ value: '', label: t('quality.wholeCenter') }] : []), ...SERVICE_TYPES.map((s) => ({ value: s, label: t(`quality.serviceType.${s}`) }))];
}

function Complaints({ year }: { year: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { isManager } = useSession();
  const [result, refetch] = useQuery({ query: ComplaintsQuery, variables: { year } });
  const [form, setForm] = useState({ kind: 'COMPLAINT', receivedOn: todayIso(), channel: 'IN_PERSON', serviceType: '', subject: '' });
  const [reg, register] = useMutation(RegisterComplaint);
  const [, answer] = useMutation(AnswerComplaint);
  const services = useServiceOptions(true);
  const errors = fieldErrors(reg.error);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await register({ input: { kind: form.kind as 'COMPLAINT', receivedOn: form.receivedOn, channel: form.channel as 'PHONE', serviceType: (form.serviceType || null) as ServiceType | null, subject: form.subject } });
    if (!r.error) { setForm({ ...form, subject: '' }); refetch({ requestPolicy: 'network-only' }); }
  };
  return (
    <section className="card" aria-labelledby="complaints">
      <h2 id="complaints">{t('quality.complaints')}</h2>
      <p className="muted">{t('quality.complaintsLead')}</p>
      <form onSubmit={(e) => void onSubmit(e)} aria-label={t('quality.complaints')}>
        <SelectField label={t('quality.kind')} name="kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })} options={(['COMPLAINT', 'SIGNAL'] as const).map((k) => ({ value: k, label: t(`quality.complaintKind.${k}`) }))} />
        <TextField label={t('quality.receivedOn')} name="receivedOn" type="date" value={form.receivedOn} error={errors['input.receivedOn']} onChange={(e) => setForm({ ...form, receivedOn: e.target.value })} />
        <SelectField label={t('quality.channel')} name="channel" value={form.channel} onChange={(e) => setForm({ ...form, channel: e.target.value })} options={CHANNELS.map((c) => ({ value: c, label: t(`quality.complaintChannel.${c}`) }))} />
        <SelectField label={t('quality.service')} name="serviceType" value={form.serviceType} onChange={(e) => setForm({ ...form, serviceType: e.target.value })} options={services} />
        <TextArea label={t('quality.subject')} name="subject" value={form.subject} error={errors['input.subject']} onChange={(e) => setForm({ ...form, subject: e.target.value })} />
        <FormError error={reg.error} fields={['input.receivedOn', 'input.subject']} />
        <button type="submit" className="button button-primary" disabled={reg.fetching}>{t('quality.register')}</button>
      </form>
      <Loadable result={result} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(data) =>
          data.complaints.length === 0 ? <p className="muted">{t('quality.none')}</p> : (
            <table className="table">
              <thead><tr><th>{t('quality.receivedOn')}</th><th>{t('quality.kind')}</th><th>{t('quality.service')}</th><th>{t('quality.subject')}</th><th>{t('quality.outcome')}</th></tr></thead>
              <tbody>
                {data.complaints.map((c) => (
                  <tr key={c.id} data-complaint={c.id}>
                    <td>{f.date(c.receivedOn)}</td>
                    <td>{t(`quality.complaintKind.${c.kind}`)} · {t(`quality.complaintChannel.${c.channel}`)}</td>
                    <td>{c.serviceType ? t(`quality.serviceType.${c.serviceType}`) : t('quality.wholeCenter')}</td>
                    <td className="prewrap">{c.subject}{c.response ? `\n— ${c.response}` : ''}</td>
                    <td>
                      {c.outcome ? `${t(`quality.complaintOutcome.${c.outcome}`)} · ${f.date(c.closedOn)}` : t('quality.open')}
                      {isManager && !c.outcome && (
                        <select aria-label={t('quality.outcome')} defaultValue="" onChange={(e) => e.target.value && void answer({ id: c.id, input: { outcome: e.target.value as 'UPHELD', closedOn: todayIso() } }).then(() => refetch({ requestPolicy: 'network-only' }))}>
                          <option value="">{t('quality.answer')}</option>
                          {OUTCOMES.map((o) => <option key={o} value={o}>{t(`quality.complaintOutcome.${o}`)}</option>)}
                        </select>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loadable>
    </section>
  );
}

function ManagerRegisters({ year }: { year: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [result, refetch] = useQuery({ query: ManagerRegistersQuery, variables: { year } });
  const [survey, setSurvey] = useState({ serviceType: 'SP_PSYCHOLOGICAL_THERAPY', respondents: '', satisfiedCount: '' });
  const [sup, setSup] = useState({ heldOn: todayIso(), hours: '', supervisor: '', kind: 'EXTERNAL', staffId: '' });
  const [tr, setTr] = useState({ staffId: '', course: '', startedOn: todayIso(), hours: '' });
  const [s1, recordSurvey] = useMutation(RecordSurvey);
  const [s2, recordSupervision] = useMutation(RecordSupervision);
  const [s3, recordTraining] = useMutation(RecordTraining);
  const services = useServiceOptions(false);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <Loadable result={result} onRetry={reload}>
      {(data) => {
        const staff = staffOptions(data.center).map((m) => ({ value: m.id, label: m.user.displayName }));
        return (
          <>
            <section className="card" aria-labelledby="surveys">
              <h2 id="surveys">{t('quality.surveys')}</h2>
              <ul>{data.satisfactionSurveys.map((s) => <li key={s.id}>{t(`quality.serviceType.${s.serviceType}`)}: {s.satisfiedCount} / {s.respondents}</li>)}</ul>
              <form aria-label={t('quality.surveys')} onSubmit={(e) => { e.preventDefault(); void recordSurvey({ input: { year, serviceType: survey.serviceType as ServiceType, respondents: Number(survey.respondents), satisfiedCount: Number(survey.satisfiedCount) } }).then((r) => !r.error && reload()); }}>
                <SelectField label={t('quality.service')} name="surveyService" value={survey.serviceType} onChange={(e) => setSurvey({ ...survey, serviceType: e.target.value })} options={services} />
                <TextField label={t('quality.respondents')} name="respondents" type="number" min={0} value={survey.respondents} onChange={(e) => setSurvey({ ...survey, respondents: e.target.value })} />
                <TextField label={t('quality.satisfied')} name="satisfiedCount" type="number" min={0} value={survey.satisfiedCount} onChange={(e) => setSurvey({ ...survey, satisfiedCount: e.target.value })} />
                <FormError error={s1.error} />
                <button type="submit" className="button">{t('quality.add')}</button>
              </form>
            </section>
            <section className="card" aria-labelledby="supervision">
              <h2 id="supervision">{t('quality.supervision')}</h2>
              <ul>{data.staffSupervisions.map((s) => <li key={s.id}>{f.date(s.heldOn)} · {s.hours} {t('quality.hours').toLowerCase()} · {s.supervisor} ({t(`quality.supervisionKinds.${s.kind}`)}) · {s.staff.map((m) => m.user.displayName).join(', ')}</li>)}</ul>
              <form aria-label={t('quality.supervision')} onSubmit={(e) => { e.preventDefault(); void recordSupervision({ input: { heldOn: sup.heldOn, hours: Number(sup.hours), supervisor: sup.supervisor, kind: sup.kind as 'EXTERNAL', staffIds: sup.staffId ? [sup.staffId] : [] } }).then((r) => !r.error && reload()); }}>
                <TextField label={t('quality.heldOn')} name="heldOn" type="date" value={sup.heldOn} onChange={(e) => setSup({ ...sup, heldOn: e.target.value })} />
                <TextField label={t('quality.hours')} name="supervisionHours" type="number" step="0.5" value={sup.hours} onChange={(e) => setSup({ ...sup, hours: e.target.value })} />
                <TextField label={t('quality.supervisor')} name="supervisor" value={sup.supervisor} onChange={(e) => setSup({ ...sup, supervisor: e.target.value })} />
                <SelectField label={t('quality.supervisionKind')} name="supervisionKind" value={sup.kind} onChange={(e) => setSup({ ...sup, kind: e.target.value })} options={(['INTERNAL', 'EXTERNAL'] as const).map((k) => ({ value: k, label: t(`quality.supervisionKinds.${k}`) }))} />
                <SelectField label={t('quality.staff')} name="supervisionStaff" placeholder="—" value={sup.staffId} onChange={(e) => setSup({ ...sup, staffId: e.target.value })} options={staff} />
                <FormError error={s2.error} />
                <button type="submit" className="button">{t('quality.add')}</button>
              </form>
            </section>
            <section className="card" aria-labelledby="training">
              <h2 id="training">{t('quality.training')}</h2>
              <ul>{data.staffTrainings.map((s) => <li key={s.id}>{f.date(s.startedOn)} · {s.staffMember.user.displayName} · {s.course} · {s.hours}</li>)}</ul>
              <form aria-label={t('quality.training')} onSubmit={(e) => { e.preventDefault(); void recordTraining({ input: { staffId: tr.staffId, course: tr.course, startedOn: tr.startedOn, hours: Number(tr.hours) } }).then((r) => !r.error && reload()); }}>
                <SelectField label={t('quality.person')} name="trainingStaff" placeholder="—" value={tr.staffId} onChange={(e) => setTr({ ...tr, staffId: e.target.value })} options={staff} />
                <TextField label={t('quality.course')} name="course" value={tr.course} onChange={(e) => setTr({ ...tr, course: e.target.value })} />
                <TextField label={t('quality.startedOn')} name="startedOn" type="date" value={tr.startedOn} onChange={(e) => setTr({ ...tr, startedOn: e.target.value })} />
                <TextField label={t('quality.hours')} name="trainingHours" type="number" step="0.5" value={tr.hours} onChange={(e) => setTr({ ...tr, hours: e.target.value })} />
                <FormError error={s3.error} />
                <button type="submit" className="button">{t('quality.add')}</button>
              </form>
            </section>
          </>
        );
      }}
    </Loadable>
  );
}

export function RegistersPage() {
  const { t } = useTranslation();
  const { isManager } = useSession();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  return (
    <>
      <PageHeader title={t('quality.title')} lead={t('quality.lead')} />
      <SelectField label={t('quality.year')} name="registerYear" value={String(year)} onChange={(e) => setYear(Number(e.target.value))} options={Array.from({ length: 5 }, (_, i) => String(thisYear - i)).map((y) => ({ value: y, label: y }))} />
      <Complaints year={year} />
      {isManager && <ManagerRegisters year={year} />}
    </>
  );
}
