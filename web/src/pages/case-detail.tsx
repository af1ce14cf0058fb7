import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql, type ResultOf } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { ErrorBanner, Loadable, NotFound } from '../components/states.tsx';
import { Checklist, fieldErrors, FormActions, SelectField, TextArea, TextField } from '../components/form.tsx';
import { CaseStatusBadge } from '../components/case-bits.tsx';
import { todayIso, useFormat } from '../lib/format.ts';
import { useDraft } from '../lib/draft.ts';
import { errorCode } from '../lib/urql.ts';
import { useSession } from '../session.tsx';
import { AssignPanel } from './case/assign.tsx';
import { CaseActionError, conflictRecord } from './case/conflict.tsx';
import { GoalItem } from './case/goals.tsx';
import { CaseNotes } from './case/notes.tsx';

const CaseQuery = graphql(`
  query CaseDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on Case {
        id number status statusLabel nextStatuses version
        referralDate referralSource referralReason referralDocumentNumber firstSessionOn
        closedOn closureOutcome closureNote
        child { id fullName birthDate birthYear settlement { id name } }
        household { id name }
        leadWorker { id title user { displayName } }
        team { id name }
        teamMembers { membership { id user { displayName } } }
        referringOrganization { id name }
        targetGroups { id name }
        timeline { date kind label note status }
        assessments { id dueOn startedOn completedOn overdue summary }
        supportPlans {
          id status startsOn endsOn nextReviewOn reviewOverdue version
          goals { id description status targetOn }
          reviews { id dueOn heldOn decision summary }
        }
      }
    }
  }
`);

// Sessions come in their own query: together with the case they would pass the cost limit.
const CaseSessionsQuery = graphql(`
  query CaseSessions($caseId: ID!) {
    sessions(caseId: $caseId, first: 40) {
      totalCount
      edges { node { id startsAt durationMinutes kind mode service { id name } staff { id user { displayName } } settlement { id name } } }
    }
  }
`);

type CaseData = Extract<NonNullable<ResultOf<typeof CaseQuery>['node']>, { __typename: 'Case' }>;

export function CaseDetailPage() {
  const { id = '' } = useParams();
  const [result, refetch] = useQuery({ query: CaseQuery, variables: { id } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <Loadable result={result} onRetry={reload}>
      {(data) => (data.node?.__typename === 'Case' ? <CaseView c={data.node as CaseData} reload={reload} /> : <NotFound />)}
    </Loadable>
  );
}

type TimelineItem = { key: string; date: string; at?: string; tone: string; title: ReactNode; body?: ReactNode };

const TONE: Record<string, string> = {
  REFERRAL: 'tl-referral',
  ASSESSMENT_DUE: 'tl-assessment',
  ASSESSMENT_COMPLETED: 'tl-assessment',
  PLAN_STARTED: 'tl-plan',
  PLAN_REVIEW_DUE: 'tl-review',
  PLAN_REVIEW_HELD: 'tl-review',
  CLOSURE: 'tl-closure',
  STATUS_CHANGE: 'tl-status',
};

function CaseView({ c, reload }: { c: CaseData; reload: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [params] = useSearchParams();
  const { viewer, isManager } = useSession();
  const [panel, setPanel] = useState<null | 'edit' | 'status' | 'close' | 'assessment' | 'plan' | 'review' | 'assign'>(null);
  const [sessions] = useQuery({ query: CaseSessionsQuery, variables: { caseId: c.id } });

  const items: TimelineItem[] = [
    ...c.timeline.map((e, i): TimelineItem => ({
      key: `e${i}`,
      date: e.date,
      tone: TONE[e.kind] ?? '',
      title: e.label,
      body: e.note ?? undefined,
    })),
    ...(sessions.data?.sessions.edges ?? []).map(({ node: s }): TimelineItem => ({
      key: s.id,
      date: s.startsAt.slice(0, 10),
      at: s.startsAt,
      tone: 'tl-session',
      title: `${t(`sessionKind.${s.kind}`)} · ${s.service.name}`,
      body: [t('common.minutes', { count: s.durationMinutes }), t(`deliveryMode.${s.mode}`), s.settlement?.name, s.staff.map((m) => m.user.displayName).join(', ')].filter(Boolean).join(' · '),
    })),
  ].sort((a, b) => (b.at ?? `${b.date}T23:59`).localeCompare(a.at ?? `${a.date}T23:59`));

  const openAssessment = c.assessments.find((a) => !a.completedOn);
  const activePlan = c.supportPlans.find((p) => p.status === 'ACTIVE') ?? c.supportPlans.find((p) => p.status === 'DRAFT');
  const closed = c.status === 'CLOSED';
  // The API lets the case team work on a case: its lead worker, the people on it, the manager.
  const me = viewer?.activeMembership?.id;
  const isLead = Boolean(me && c.leadWorker?.id === me);
  const onCaseTeam = isManager || isLead || c.teamMembers.some((m) => m.membership.id === me);

  return (
    <>
      <PageHeader
        back={{ to: '/cases', label: t('cases.title') }}
        title={
          <>
            {c.child.fullName} <span className="title-sub">{c.number}</span>
          </>
        }
        lead={
          <>
            <CaseStatusBadge status={c.status} label={c.statusLabel} /> {t('cases.referredOn', { date: f.date(c.referralDate) })} · {t(`referralSource.${c.referralSource}`)}
          </>
        }
        actions={
          !closed && (
            <Link to={`/sessions/new?case=${encodeURIComponent(c.id)}`} className="btn btn-accent" data-testid="log-session-for-case">
              + {t('nav.logSession')}
            </Link>
          )
        }
      />
      {params.get('opened') && (
        <div className="banner banner-ok" role="status">
          {t('referral.opened', { number: c.number })}
        </div>
      )}
      {params.get('logged') && (
        <div className="banner banner-ok" role="status">
          {t('session.logged')}
        </div>
      )}
      {!closed && !onCaseTeam && <p className="muted">{t('cases.notOnTeam')}</p>}
      {!closed && onCaseTeam && (
        <div className="action-bar" role="group" aria-label={t('cases.actions')}>
          <button type="button" className="btn btn-small" aria-expanded={panel === 'edit'} onClick={() => setPanel(panel === 'edit' ? null : 'edit')}>
            {t('cases.editReferral')}
          </button>
          {c.nextStatuses.length > 0 && (
            <button type="button" className="btn btn-small" aria-expanded={panel === 'status'} onClick={() => setPanel(panel === 'status' ? null : 'status')}>
              {t('cases.changeStatus')}
            </button>
          )}
          {openAssessment ? (
            <button type="button" className="btn btn-small" aria-expanded={panel === 'assessment'} onClick={() => setPanel(panel === 'assessment' ? null : 'assessment')}>
              {t('cases.completeAssessment')}
            </button>
          ) : (
            c.assessments.length === 0 && (
              <button type="button" className="btn btn-small" aria-expanded={panel === 'assessment'} onClick={() => setPanel(panel === 'assessment' ? null : 'assessment')}>
                {t('cases.startAssessment')}
              </button>
            )
          )}
          {!activePlan ? (
            <button type="button" className="btn btn-small" aria-expanded={panel === 'plan'} onClick={() => setPanel(panel === 'plan' ? null : 'plan')}>
              {t('cases.createPlan')}
            </button>
          ) : (
            activePlan.status === 'ACTIVE' && (
              <button type="button" className="btn btn-small" aria-expanded={panel === 'review'} onClick={() => setPanel(panel === 'review' ? null : 'review')}>
                {t('cases.recordReview')}
              </button>
            )
          )}
          {(isManager || isLead) && (
            <button type="button" className="btn btn-small" aria-expanded={panel === 'assign'} onClick={() => setPanel(panel === 'assign' ? null : 'assign')}>
              {t('assign.title')}
            </button>
          )}
          <button type="button" className="btn btn-small btn-danger" aria-expanded={panel === 'close'} onClick={() => setPanel(panel === 'close' ? null : 'close')}>
            {t('cases.close')}
          </button>
        </div>
      )}
      {panel === 'edit' && <EditReferral c={c} onDone={() => setPanel(null)} onConflict={reload} />}
      {panel === 'status' && <ChangeStatus c={c} onDone={() => setPanel(null)} onConflict={reload} />}
      {panel === 'close' && <CloseCase c={c} onDone={() => setPanel(null)} onConflict={reload} />}
      {panel === 'assign' && <AssignPanel c={c} onDone={() => setPanel(null)} onConflict={reload} />}
      {panel === 'assessment' && <AssessmentPanel c={c} open={openAssessment ?? null} onDone={() => setPanel(null)} />}
      {panel === 'plan' && <PlanPanel c={c} draftPlan={activePlan?.status === 'DRAFT' ? activePlan : null} onDone={() => setPanel(null)} />}
      {panel === 'review' && activePlan && <ReviewPanel planId={activePlan.id} onDone={() => setPanel(null)} />}

      <div className="columns case-columns">
        <div>
          <CaseNotes caseId={c.id} canAdd={!closed && onCaseTeam} />
          <section className="card" aria-labelledby="timeline-h">
            <h2 id="timeline-h">{t('cases.timeline')}</h2>
            <ol className="timeline" data-testid="case-timeline">
              {items.map((i) => (
                <li key={i.key} className={i.tone}>
                  <div className="tl-head">
                    <strong>{i.title}</strong>
                    <span className="tl-when">{i.at ? f.dateTime(i.at) : f.date(i.date)}</span>
                  </div>
                  {i.body && <div className="tl-body">{i.body}</div>}
                </li>
              ))}
            </ol>
          </section>
        </div>
        <div>
          <section className="card" aria-labelledby="facts-h">
            <h2 id="facts-h">{t('cases.details')}</h2>
            <dl className="facts">
              <dt>{t('cases.child')}</dt>
              <dd>
                <Link to={`/clients/${encodeURIComponent(c.child.id)}`}>{c.child.fullName}</Link>
                {c.child.settlement && <span className="muted"> · {c.child.settlement.name}</span>}
              </dd>
              {c.household && (
                <>
                  <dt>{t('clients.household')}</dt>
                  <dd>
                    <Link to={`/households/${encodeURIComponent(c.household.id)}`}>{c.household.name}</Link>
                  </dd>
                </>
              )}
              <dt>{t('referral.leadWorker')}</dt>
              <dd data-testid="case-lead">{c.leadWorker ? c.leadWorker.user.displayName : '—'}</dd>
              <dt>{t('assign.caseTeam')}</dt>
              <dd data-testid="case-team-members">{c.teamMembers.map((m) => m.membership.user.displayName).join(', ') || '—'}</dd>
              {c.team && (
                <>
                  <dt>{t('cases.team')}</dt>
                  <dd>{c.team.name}</dd>
                </>
              )}
              <dt>{t('referral.organization')}</dt>
              <dd>{c.referringOrganization?.name ?? '—'}</dd>
              <dt>{t('referral.documentNumber')}</dt>
              <dd>{c.referralDocumentNumber ?? '—'}</dd>
              <dt>{t('referral.reason')}</dt>
              <dd className="prewrap">{c.referralReason ?? '—'}</dd>
              <dt>{t('referral.targetGroups')}</dt>
              <dd>{c.targetGroups.map((g) => g.name).join('; ') || '—'}</dd>
              <dt>{t('cases.firstSession')}</dt>
              <dd>{c.firstSessionOn ? f.date(c.firstSessionOn) : '—'}</dd>
              {c.closedOn && (
                <>
                  <dt>{t('cases.closedOn')}</dt>
                  <dd>
                    {f.date(c.closedOn)}
                    {c.closureOutcome && ` · ${t(`closureOutcome.${c.closureOutcome}`)}`}
                  </dd>
                </>
              )}
            </dl>
          </section>
          {c.assessments.length > 0 && (
            <section className="card" aria-labelledby="assess-h">
              <h2 id="assess-h">{t('cases.assessments')}</h2>
              <ul className="plain">
                {c.assessments.map((a) => (
                  <li key={a.id}>
                    {a.completedOn ? t('cases.assessmentDone', { date: f.date(a.completedOn) }) : t('cases.assessmentDue', { date: f.date(a.dueOn) })}{' '}
                    {a.overdue && <span className="badge badge-err">{t('cases.overdue')}</span>}
                    {a.summary && <p className="muted prewrap">{a.summary}</p>}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {c.supportPlans.map((p) => (
            <section className="card" key={p.id} aria-label={t('cases.plan')}>
              <div className="card-head">
                <h2>{t('cases.plan')}</h2>
                <span className={`badge ${p.status === 'ACTIVE' ? 'badge-ok' : 'badge-grey'}`}>{t(`planStatus.${p.status}`)}</span>
              </div>
              <p className="muted">
                {t('cases.planFrom', { date: f.date(p.startsOn) })}
                {p.nextReviewOn && ` · ${t('cases.nextReview', { date: f.date(p.nextReviewOn) })}`}{' '}
                {p.reviewOverdue && <span className="badge badge-err">{t('cases.overdue')}</span>}
              </p>
              <ol className="goals" aria-label={t('cases.goals')}>
                {p.goals.map((g) => (
                  <GoalItem key={g.id} goal={g} editable={!closed && onCaseTeam && p.status !== 'ENDED'} />
                ))}
              </ol>
            </section>
          ))}
        </div>
      </div>
    </>
  );
}

// ---------- actions ----------

const UpdateCase = graphql(`
  mutation UpdateCase($id: ID!, $version: Int!, $input: UpdateCaseInput!) {
    updateCase(id: $id, version: $version, input: $input) { id version referralReason referralDocumentNumber targetGroups { id name } }
  }
`);

const TargetGroupOptions = graphql(`
  query TargetGroupOptions {
    targetGroups { id name audience }
  }
`);

/**
 * Edits the referral details and the case's target groups; a concurrent change shows the other
 * person's values (the page reloads the case, so its target groups are theirs too).
 */
function EditReferral({ c, onDone, onConflict }: { c: CaseData; onDone: () => void; onConflict: () => void }) {
  const { t } = useTranslation();
  const theirGroups = () => c.targetGroups.map((g) => g.id);
  const base = { reason: c.referralReason ?? '', documentNumber: c.referralDocumentNumber ?? '', groups: theirGroups() };
  const draft = useDraft(`case-edit.${c.id}`, () => ({ ...base, version: c.version }));
  // A draft saved before target groups were editable has none: start from the case's.
  const groups = draft.value.groups ?? base.groups;
  const [options] = useQuery({ query: TargetGroupOptions });
  // The groups a referral may name (children's), and whatever the case already has.
  const choices = (options.data?.targetGroups ?? []).filter((g) => g.audience === 'CHILD' || groups.includes(g.id) || base.groups.includes(g.id));
  const [result, update] = useMutation(UpdateCase);
  const [conflict, setConflict] = useState<{ reason: string; documentNumber: string; version: number } | null>(null);
  const errors = fieldErrors(result.error);
  async function save(version: number) {
    const r = await update({
      id: c.id,
      version,
      input: { referralReason: draft.value.reason.trim() || null, referralDocumentNumber: draft.value.documentNumber.trim() || null, targetGroupIds: groups },
    });
    if (r.data) {
      draft.clear();
      onDone();
    } else if (errorCode(r.error) === 'CONFLICT') {
      const cur = conflictRecord(r.error);
      if (cur) setConflict({ reason: String(cur.referralReason ?? ''), documentNumber: String(cur.referralDocumentNumber ?? ''), version: Number(cur.version) });
      // The rest of the page (status, team, details) shows the other person's change too.
      onConflict();
    }
  }
  return (
    <form
      className="card form panel"
      onSubmit={(e) => {
        e.preventDefault();
        void save(draft.value.version);
      }}
    >
      <h2>{t('cases.editReferral')}</h2>
      {conflict && (
        <div className="banner banner-warn" role="alert" data-testid="conflict">
          <strong>{t('clients.conflictTitle')}</strong>
          <dl className="facts">
            <dt>{t('referral.documentNumber')}</dt>
            <dd>{conflict.documentNumber || '—'}</dd>
            <dt>{t('referral.reason')}</dt>
            <dd className="prewrap">{conflict.reason || '—'}</dd>
          </dl>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={() => { const v = conflict.version; setConflict(null); draft.update({ version: v }); void save(v); }}>
              {t('clients.keepMine')}
            </button>
            <button type="button" className="btn" onClick={() => { draft.reset({ reason: conflict.reason, documentNumber: conflict.documentNumber, groups: theirGroups(), version: conflict.version }); setConflict(null); }}>
              {t('clients.takeTheirs')}
            </button>
          </div>
        </div>
      )}
      {!conflict && <CaseActionError error={result.error} />}
      <TextField label={t('referral.documentNumber')} optional value={draft.value.documentNumber} onChange={(e) => draft.update({ documentNumber: e.target.value })} />
      <TextArea label={t('referral.reason')} optional value={draft.value.reason} onChange={(e) => draft.update({ reason: e.target.value })} />
      {choices.length > 0 && (
        <Checklist
          legend={t('referral.targetGroups')}
          items={choices}
          checked={new Set(groups)}
          onChange={(next) => draft.update({ groups: choices.filter((g) => next.has(g.id)).map((g) => g.id) })}
          errors={errors.targetGroupIds ? [errors.targetGroupIds] : []}
        >
          {(g) => g.name}
        </Checklist>
      )}
      <FormActions saving={result.fetching} onCancel={() => { draft.clear(); onDone(); }} />
    </form>
  );
}

const ChangeCaseStatus = graphql(`
  mutation ChangeCaseStatus($id: ID!, $to: CaseStatus!, $version: Int!, $note: String, $assessmentDueOn: Date) {
    changeCaseStatus(id: $id, to: $to, version: $version, note: $note, assessmentDueOn: $assessmentDueOn) { id status statusLabel version nextStatuses }
  }
`);

function ChangeStatus({ c, onDone, onConflict }: { c: CaseData; onDone: () => void; onConflict: () => void }) {
  const { t } = useTranslation();
  const [to, setTo] = useState(c.nextStatuses[0] ?? 'ACTIVE');
  const [note, setNote] = useState('');
  const [result, change] = useMutation(ChangeCaseStatus);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await change({ id: c.id, to, version: c.version, note: note.trim() || null });
    if (r.data) onDone();
    else if (errorCode(r.error) === 'CONFLICT') onConflict();
  }
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{t('cases.changeStatus')}</h2>
      <CaseActionError error={result.error} />
      <SelectField label={t('cases.newStatus')} value={to} onChange={(e) => setTo(e.target.value as typeof to)} options={c.nextStatuses.map((s) => ({ value: s, label: t(`caseStatus.${s}`) }))} />
      <TextArea label={t('common.notes')} optional value={note} onChange={(e) => setNote(e.target.value)} />
      <FormActions saving={result.fetching} onCancel={onDone} />
    </form>
  );
}

const CloseCaseMutation = graphql(`
  mutation CloseCase($id: ID!, $version: Int!, $closedOn: Date!, $outcome: ClosureOutcome!, $note: String) {
    closeCase(id: $id, version: $version, closedOn: $closedOn, outcome: $outcome, note: $note) { id status statusLabel version closedOn closureOutcome }
  }
`);

const OUTCOMES = ['GOALS_MET', 'ABANDONMENT_PREVENTED', 'PLACEMENT_PREVENTED', 'FAMILY_REINTEGRATION', 'SCHOOL_RETURN', 'TRANSFERRED', 'MOVED_AWAY', 'REFUSED', 'CONTACT_LOST', 'NOT_ELIGIBLE', 'OTHER'] as const;

function CloseCase({ c, onDone, onConflict }: { c: CaseData; onDone: () => void; onConflict: () => void }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('GOALS_MET');
  const [closedOn, setClosedOn] = useState(todayIso());
  const [note, setNote] = useState('');
  const [result, close] = useMutation(CloseCaseMutation);
  const errors = fieldErrors(result.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await close({ id: c.id, version: c.version, closedOn, outcome, note: note.trim() || null });
    if (r.data) onDone();
    else if (errorCode(r.error) === 'CONFLICT') onConflict();
  }
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{t('cases.close')}</h2>
      <CaseActionError error={result.error} />
      <div className="grid-2">
        <TextField label={t('cases.closedOn')} type="date" value={closedOn} error={errors.closedOn} onChange={(e) => setClosedOn(e.target.value)} />
        <SelectField label={t('cases.outcome')} value={outcome} onChange={(e) => setOutcome(e.target.value as typeof outcome)} options={OUTCOMES.map((o) => ({ value: o, label: t(`closureOutcome.${o}`) }))} />
      </div>
      <TextArea label={t('common.notes')} optional value={note} onChange={(e) => setNote(e.target.value)} />
      <FormActions saving={result.fetching} onCancel={onDone} label={t('cases.close')} />
    </form>
  );
}

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

function AssessmentPanel({ c, open, onDone }: { c: CaseData; open: CaseData['assessments'][number] | null; onDone: () => void }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(todayIso());
  const [summary, setSummary] = useState('');
  const [started, start] = useMutation(StartAssessment);
  const [completed, complete] = useMutation(CompleteAssessment);
  const errors = fieldErrors(open ? completed.error : started.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = open ? await complete({ id: open.id, completedOn: date, summary }) : await start({ caseId: c.id, dueOn: null });
    if (r.data) onDone();
  }
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{open ? t('cases.completeAssessment') : t('cases.startAssessment')}</h2>
      <ErrorBanner error={open ? completed.error : started.error} />
      {open ? (
        <>
          <TextField label={t('cases.completedOn')} type="date" value={date} error={errors.completedOn} onChange={(e) => setDate(e.target.value)} />
          <TextArea label={t('cases.summary')} required value={summary} error={errors.summary} onChange={(e) => setSummary(e.target.value)} />
        </>
      ) : (
        <p className="muted">{t('cases.startAssessmentLead')}</p>
      )}
      <FormActions saving={started.fetching || completed.fetching} onCancel={onDone} />
    </form>
  );
}

const CreatePlan = graphql(`
  mutation CreateSupportPlan($caseId: ID!, $input: SupportPlanInput!) {
    createSupportPlan(caseId: $caseId, input: $input) { supportPlan { id status version } }
  }
`);
const ActivatePlan = graphql(`
  mutation ActivateSupportPlan($id: ID!, $version: Int!) {
    activateSupportPlan(id: $id, version: $version) { id status version nextReviewOn }
  }
`);

function PlanPanel({ c, draftPlan, onDone }: { c: CaseData; draftPlan: { id: string; version: number } | null; onDone: () => void }) {
  const { t } = useTranslation();
  const [startsOn, setStartsOn] = useState(todayIso());
  const [goals, setGoals] = useState('');
  const [created, create] = useMutation(CreatePlan);
  const [activated, activate] = useMutation(ActivatePlan);
  const errors = fieldErrors(created.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (draftPlan) {
      const r = await activate({ id: draftPlan.id, version: draftPlan.version });
      if (r.data) onDone();
      return;
    }
    const list = goals
      .split('\n')
      .map((g) => g.trim())
      .filter(Boolean)
      .map((description) => ({ description }));
    const r = await create({ caseId: c.id, input: { startsOn, goals: list } });
    if (r.data) onDone();
  }
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{draftPlan ? t('cases.activatePlan') : t('cases.createPlan')}</h2>
      <ErrorBanner error={created.error ?? activated.error} />
      {!draftPlan && (
        <>
          <TextField label={t('cases.planStarts')} type="date" value={startsOn} error={errors.startsOn} onChange={(e) => setStartsOn(e.target.value)} />
          <TextArea label={t('cases.goals')} hint={t('cases.goalsHint')} value={goals} error={errors.goals} onChange={(e) => setGoals(e.target.value)} />
        </>
      )}
      <FormActions saving={created.fetching || activated.fetching} onCancel={onDone} />
    </form>
  );
}

const RecordReview = graphql(`
  mutation RecordPlanReview($planId: ID!, $decision: ReviewDecision!, $heldOn: Date!, $summary: String) {
    recordPlanReview(planId: $planId, decision: $decision, heldOn: $heldOn, summary: $summary) { id heldOn decision summary }
  }
`);

function ReviewPanel({ planId, onDone }: { planId: string; onDone: () => void }) {
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
      <ErrorBanner error={result.error} />
      <div className="grid-2">
        <TextField label={t('cases.heldOn')} type="date" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} />
        <SelectField label={t('cases.decision')} value={decision} onChange={(e) => setDecision(e.target.value as typeof decision)} options={(['CONTINUE', 'REVISE_PLAN', 'CLOSE_CASE'] as const).map((d) => ({ value: d, label: t(`reviewDecision.${d}`) }))} />
      </div>
      <TextArea label={t('cases.summary')} optional value={summary} onChange={(e) => setSummary(e.target.value)} />
      <FormActions saving={result.fetching} onCancel={onDone} />
    </form>
  );
}
