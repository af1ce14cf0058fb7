import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql, type ResultOf } from '../../graphql.ts';
import { fieldErrors, FormError, SelectField, staffOptions, StaffOptionsFields, TextField } from '../../components/form.tsx';
import { Loadable } from '../../components/states.tsx';
import { todayIso, useFormat } from '../../lib/format.ts';
import { GoalItem } from './goals.tsx';
import { ParticipantsList } from './assessment-form.tsx';
import { ParticipantsEditor, toParticipantInput, type ParticipantDraft } from './participants.tsx';
import { Documents } from './documents.tsx';

// The individual support plan (ИПП): goals tied to assessed needs, planned services with how
// often, where and who is responsible, the person's participation and agreement; its versions
// (a revision drafts the next one; the one before stays readable).

const PlanFormOptions = graphql(
  `
  query PlanFormOptions($caseId: ID!) {
    center { id services { id name active } ...StaffOptionsFields }
    node(id: $caseId) { __typename ... on Case { id assessments { id completedOn areas { id area rating } } } }
  }
`,
  [StaffOptionsFields],
);

export const PlanDetailQuery = graphql(`
  query PlanDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on SupportPlan {
        id status version revisionNumber startsOn endsOn reviewEveryMonths nextReviewOn reviewOverdue effectiveOn supersededOn
        revisionOf { id revisionNumber }
        goals { id description status targetOn area { id area rating } }
        plannedServices { service { id name } frequency frequencyUnit place note responsible { id user { displayName } } }
        participants { role name present agreed signed signedOn }
        reviews { id dueOn heldOn decision summary }
      }
    }
  }
`);
type PlanDetail = Extract<NonNullable<ResultOf<typeof PlanDetailQuery>['node']>, { __typename: 'SupportPlan' }>;

const CreatePlan = graphql(`
  mutation CreateStructuredPlan($caseId: ID!, $input: SupportPlanInput!) {
    createSupportPlan(caseId: $caseId, input: $input) { supportPlan { id status version } }
  }
`);
const UpdatePlan = graphql(`
  mutation UpdateStructuredPlan($id: ID!, $version: Int!, $input: SupportPlanUpdateInput!) {
    updateSupportPlan(id: $id, version: $version, input: $input) { id status version }
  }
`);
const RevisePlan = graphql(`
  mutation ReviseSupportPlan($id: ID!, $key: String) {
    reviseSupportPlan(id: $id, idempotencyKey: $key) { supportPlan { id status version revisionNumber } }
  }
`);

type GoalDraft = { description: string; areaId: string; targetOn: string };
type ServiceDraft = { serviceId: string; frequency: string; frequencyUnit: '' | 'WEEK' | 'MONTH'; place: string; responsibleId: string };
const UNITS = ['WEEK', 'MONTH'] as const;
const PLACES = ['CENTER', 'HOME', 'SCHOOL', 'FIELD', 'ONLINE', 'OTHER'] as const;

/** „Изготви план за подкрепа“ (a new draft) or „Редактирай черновата“ (a draft, e.g. a revision). */
export function PlanForm({ caseId, draft, onDone }: { caseId: string; draft?: { id: string } | null; onDone: () => void }) {
  const [options] = useQuery({ query: PlanFormOptions, variables: { caseId } });
  const [detail] = useQuery({ query: PlanDetailQuery, variables: { id: draft?.id ?? '' }, pause: !draft, requestPolicy: 'network-only' });
  if (draft && !detail.data) return <Loadable result={detail}>{() => null}</Loadable>;
  const plan = draft && detail.data?.node?.__typename === 'SupportPlan' ? (detail.data.node as PlanDetail) : null;
  return <Loadable result={options}>{(data) => <Form caseId={caseId} options={data} plan={plan} onDone={onDone} />}</Loadable>;
}

function Form({ caseId, options, plan, onDone }: { caseId: string; options: ResultOf<typeof PlanFormOptions>; plan: PlanDetail | null; onDone: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const services = (options.center?.services ?? []).filter((s) => s.active);
  const staff = staffOptions(options.center);
  const c = options.node?.__typename === 'Case' ? options.node : null;
  // The needs a goal may answer: the areas of the case's latest completed assessment.
  const latest = [...(c?.assessments ?? [])].filter((a) => a.completedOn).sort((x, y) => (y.completedOn ?? '').localeCompare(x.completedOn ?? ''))[0];
  const areaOptions = (latest?.areas ?? []).map((a) => ({ value: a.id, label: `${t(`assessmentArea.${a.area}`)} — ${a.rating ? t(`needRating.${a.rating}`) : '—'}` }));
  const [startsOn, setStartsOn] = useState(plan?.startsOn ?? todayIso());
  const [months, setMonths] = useState(String(plan?.reviewEveryMonths ?? 3));
  const [goals, setGoals] = useState<GoalDraft[]>(plan ? plan.goals.map((g) => ({ description: g.description, areaId: g.area?.id ?? '', targetOn: g.targetOn ?? '' })) : [{ description: '', areaId: '', targetOn: '' }]);
  const [planned, setPlanned] = useState<ServiceDraft[]>(
    plan
      ? plan.plannedServices.map((s) => ({ serviceId: s.service.id, frequency: s.frequency ? String(s.frequency) : '', frequencyUnit: s.frequencyUnit ?? '', place: s.place ?? '', responsibleId: s.responsible?.id ?? '' }))
      : [],
  );
  const [participants, setParticipants] = useState<ParticipantDraft[]>(plan ? plan.participants.map((p) => ({ ...p, signedOn: p.signedOn ?? '' })) : []);
  const [created, create] = useMutation(CreatePlan);
  const [updated, update] = useMutation(UpdatePlan);
  const error = plan ? updated.error : created.error;
  const errors = fieldErrors(error);
  const setGoal = (i: number, patch: Partial<GoalDraft>) => setGoals(goals.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  const setService = (i: number, patch: Partial<ServiceDraft>) => setPlanned(planned.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      startsOn,
      reviewEveryMonths: Number(months) || null,
      goals: goals.filter((g) => g.description.trim()).map((g) => ({ description: g.description.trim(), areaId: g.areaId || null, targetOn: g.targetOn || null })),
      plannedServices: planned
        .filter((s) => s.serviceId)
        .map((s) => ({ serviceId: s.serviceId, frequency: s.frequency ? Number(s.frequency) : null, frequencyUnit: s.frequencyUnit || null, place: (s.place || null) as never, responsibleId: s.responsibleId || null })),
      participants: participants.map(toParticipantInput),
    };
    const r = plan ? await update({ id: plan.id, version: plan.version, input: body }) : await create({ caseId, input: body });
    if (r.data) onDone();
  }
  const title = plan ? t('ipp.editDraft') : t('cases.createPlan');
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{title}</h2>
      {plan && <p className="muted">{t('ipp.version', { n: plan.revisionNumber })}</p>}
      <FormError error={error} fields={['startsOn', 'reviewEveryMonths', 'description', 'areaId', 'targetOn', 'serviceId', 'frequency', 'responsibleId', 'name', 'signedOn']} />
      <div className="grid-2">
        <TextField label={t('cases.planStarts')} type="date" value={startsOn} error={errors.startsOn} onChange={(e) => setStartsOn(e.target.value)} />
        <TextField label={t('ipp.reviewEveryMonths')} type="number" min={1} max={12} value={months} error={errors.reviewEveryMonths} onChange={(e) => setMonths(e.target.value)} />
      </div>
      <fieldset className="plan-goals" data-testid="plan-goals">
        <legend>{t('cases.goals')}</legend>
        {goals.map((g, i) => (
          <div key={i} className="plan-goal" role="group" aria-label={t('ipp.goalN', { n: i + 1 })}>
            <TextField label={t('ipp.goal')} value={g.description} error={errors.description} onChange={(e) => setGoal(i, { description: e.target.value })} />
            <div className="grid-2">
              <SelectField label={t('ipp.goalArea')} optional placeholder={t('ipp.noArea')} value={g.areaId} error={errors.areaId} options={areaOptions} onChange={(e) => setGoal(i, { areaId: e.target.value })} />
              <TextField label={t('ipp.targetOn')} type="date" optional value={g.targetOn} error={errors.targetOn} onChange={(e) => setGoal(i, { targetOn: e.target.value })} />
            </div>
            {goals.length > 1 && (
              <button type="button" className="btn btn-small btn-quiet" onClick={() => setGoals(goals.filter((_, j) => j !== i))}>
                {t('ipp.remove')}
              </button>
            )}
          </div>
        ))}
        <button type="button" className="btn btn-small" onClick={() => setGoals([...goals, { description: '', areaId: '', targetOn: '' }])}>
          + {t('ipp.addGoal')}
        </button>
      </fieldset>
      <fieldset className="plan-services" data-testid="plan-services">
        <legend>{t('ipp.services')}</legend>
        {planned.map((s, i) => (
          <div key={i} className="plan-service" role="group" aria-label={`${t('ipp.service')} ${i + 1}`}>
            <SelectField label={t('ipp.service')} placeholder="—" value={s.serviceId} error={errors.serviceId} options={services.map((x) => ({ value: x.id, label: x.name }))} onChange={(e) => setService(i, { serviceId: e.target.value })} />
            <div className="grid-2">
              <TextField label={t('ipp.frequency')} type="number" min={1} max={100} optional value={s.frequency} error={errors.frequency} onChange={(e) => setService(i, { frequency: e.target.value })} />
              <SelectField label={t('ipp.frequencyUnit')} optional placeholder="—" value={s.frequencyUnit} options={UNITS.map((u) => ({ value: u, label: t(`frequencyUnit.${u}`) }))} onChange={(e) => setService(i, { frequencyUnit: e.target.value as ServiceDraft['frequencyUnit'] })} />
              <SelectField label={t('ipp.place')} optional placeholder="—" value={s.place} options={PLACES.map((p) => ({ value: p, label: t(`servicePlace.${p}`) }))} onChange={(e) => setService(i, { place: e.target.value })} />
              <SelectField label={t('ipp.responsible')} optional placeholder="—" value={s.responsibleId} error={errors.responsibleId} options={staff.map((m) => ({ value: m.id, label: m.user.displayName }))} onChange={(e) => setService(i, { responsibleId: e.target.value })} />
            </div>
            <button type="button" className="btn btn-small btn-quiet" onClick={() => setPlanned(planned.filter((_, j) => j !== i))}>
              {t('ipp.remove')}
            </button>
          </div>
        ))}
        <button type="button" className="btn btn-small" onClick={() => setPlanned([...planned, { serviceId: '', frequency: '', frequencyUnit: '', place: '', responsibleId: '' }])}>
          + {t('ipp.addService')}
        </button>
      </fieldset>
      <ParticipantsEditor legend={t('iop.participantsPlan')} value={participants} onChange={setParticipants} errors={errors} />
      {latest && <p className="muted small">{f.date(latest.completedOn!)}</p>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={created.fetching || updated.fetching}>
          {created.fetching || updated.fetching ? t('common.saving') : plan ? t('common.save') : t('cases.createPlan')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** „Преработи плана“: drafts the next version of the plan in effect, then opens it for editing. */
export function RevisePlanPanel({ planId, onDrafted, onCancel }: { planId: string; onDrafted: (draftId: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [key] = useState(() => `revise-${planId}-${Date.now()}`);
  const [result, revise] = useMutation(RevisePlan);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await revise({ id: planId, key });
    if (r.data) onDrafted(r.data.reviseSupportPlan.supportPlan!.id);
  }
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{t('ipp.revise')}</h2>
      <FormError error={result.error} />
      <p className="muted">{t('ipp.reviseLead')}</p>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={result.fetching}>
          {result.fetching ? t('common.saving') : t('ipp.revise')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

type PlanVersion = { id: string; status: string; revisionNumber: number; startsOn: string; effectiveOn: string | null; supersededOn: string | null };

/**
 * The case's plan: its versions (newest first) and the chosen one in full. The version in effect
 * is shown first; a superseded version stays readable, unchanged.
 */
type FileRights = { canAdd: boolean; canErase: boolean };

export function PlanVersions({ plans, editable, files, onEditDraft }: { plans: readonly PlanVersion[]; editable: boolean; files: FileRights; onEditDraft: (id: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const ordered = [...plans].sort((a, b) => b.revisionNumber - a.revisionNumber);
  const preferred = ordered.find((p) => p.status === 'ACTIVE') ?? ordered[0];
  const [chosen, setChosen] = useState<string | null>(null);
  const current = ordered.find((p) => p.id === chosen) ?? preferred;
  if (!current) return null;
  return (
    <section className="card" aria-label={t('cases.plan')}>
      <div className="card-head">
        <h2>{t('cases.plan')}</h2>
        <span className={`badge ${current.status === 'ACTIVE' ? 'badge-ok' : 'badge-grey'}`}>{t(`planStatus.${current.status}`)}</span>
      </div>
      {ordered.length > 1 && (
        <nav aria-label={t('ipp.versions')}>
          <ul className="plain plan-versions" data-testid="plan-versions">
            {ordered.map((p) => (
              <li key={p.id}>
                <button type="button" className={`btn btn-small ${p.id === current.id ? 'btn-primary' : 'btn-quiet'}`} aria-pressed={p.id === current.id} onClick={() => setChosen(p.id)}>
                  {t('ipp.version', { n: p.revisionNumber })} · {t(`planStatus.${p.status}`)}
                </button>{' '}
                <span className="muted small">
                  {[p.effectiveOn && t('ipp.effective', { date: f.date(p.effectiveOn) }), p.supersededOn && t('ipp.supersededOn', { date: f.date(p.supersededOn) })].filter(Boolean).join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <PlanVersionDetail id={current.id} editable={editable && current.status !== 'SUPERSEDED' && current.status !== 'ENDED'} onEditDraft={current.status === 'DRAFT' && editable ? () => onEditDraft(current.id) : null} />
      {/* The signed copy of the version shown (each version keeps its own). */}
      <Documents key={current.id} ownerId={current.id} canAdd={files.canAdd} canErase={files.canErase} embedded={{ title: t('ipp.documents'), testId: 'plan-documents' }} />
    </section>
  );
}

function PlanVersionDetail({ id, editable, onEditDraft }: { id: string; editable: boolean; onEditDraft: (() => void) | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [result] = useQuery({ query: PlanDetailQuery, variables: { id } });
  return (
    <Loadable result={result}>
      {(data) => {
        if (data.node?.__typename !== 'SupportPlan') return null;
        const p = data.node as PlanDetail;
        return (
          <div data-testid="plan-version" data-version={p.revisionNumber}>
            <p className="muted">
              {t('ipp.version', { n: p.revisionNumber })} · {t('cases.planFrom', { date: f.date(p.startsOn) })}
              {p.nextReviewOn && p.status !== 'SUPERSEDED' && ` · ${t('cases.nextReview', { date: f.date(p.nextReviewOn) })}`}{' '}
              {p.reviewOverdue && <span className="badge badge-err">{t('cases.overdue')}</span>}
            </p>
            {onEditDraft && (
              <button type="button" className="btn btn-small" onClick={onEditDraft}>
                {t('ipp.editDraft')}
              </button>
            )}
            <ol className="goals" aria-label={t('cases.goals')}>
              {p.goals.map((g) => (
                <GoalItem key={g.id} goal={g} editable={editable} note={g.area ? t('ipp.answers', { area: t(`assessmentArea.${g.area.area}`) }) : undefined} />
              ))}
            </ol>
            <h3>{t('ipp.services')}</h3>
            <ul className="plain" data-testid="plan-services-list">
              {p.plannedServices.map((s, i) => (
                <li key={i}>
                  <strong>{s.service.name}</strong>
                  {' · '}
                  {[
                    s.frequency && s.frequencyUnit ? t('ipp.perUnit', { count: s.frequency, unit: t(`frequencyUnit.${s.frequencyUnit}`) }) : null,
                    s.place ? t(`servicePlace.${s.place}`) : null,
                    s.responsible?.user.displayName,
                  ]
                    .filter(Boolean)
                    .join(' · ') || t('ipp.none')}
                </li>
              ))}
              {p.plannedServices.length === 0 && <li className="muted">{t('ipp.none')}</li>}
            </ul>
            <h3>{t('iop.participantsPlan')}</h3>
            <ParticipantsList participants={p.participants} />
          </div>
        );
      }}
    </Loadable>
  );
}
