import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { PageHeader } from '../components/layout.tsx';
import { Loadable, LoadMore, NotFound } from '../components/states.tsx';
import { CaseStatusBadge } from '../components/case-bits.tsx';
import { useFormat } from '../lib/format.ts';
import { usePagedQuery } from '../lib/paging.ts';
import { useSession } from '../session.tsx';
import { AssignPanel } from './case/assign.tsx';
import { CaseNotes } from './case/notes.tsx';
import { Documents } from './case/documents.tsx';
import { CaseQuery, CaseSessionsQuery, type CaseAction, type CaseData } from './case/query.ts';
import { EditReferral } from './case/referral.tsx';
import { CaseFamily } from './case/family.tsx';
import { CloseCase } from './case/status.tsx';
import { ActivatePlanPanel, AssessmentPanel, ReviewPanel } from './case/assessment-plan.tsx';
import { AssessmentForm, AssessmentView } from './case/assessment-form.tsx';
import { PlanForm, PlanVersions, RevisePlanPanel } from './case/plan-form.tsx';
import { ConcludeContractPanel, ContractCard, DraftContractPanel, EndContractPanel, ExtendContractPanel } from './case/contract.tsx';
import { CasePrintouts } from './case/printouts.tsx';

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
  CONTRACT_SIGNED: 'tl-plan',
  CONTRACT_EXTENDED: 'tl-plan',
  CONTRACT_ENDED: 'tl-closure',
};

function CaseView({ c, reload }: { c: CaseData; reload: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [params] = useSearchParams();
  const { viewer, isManager } = useSession();
  const [panel, setPanel] = useState<null | 'edit' | 'assign' | 'EDIT_DRAFT' | CaseAction>(null);
  // The draft of the plan being edited (a new plan's revision opens here once drafted).
  const [draftId, setDraftId] = useState<string | null>(null);
  const [shownAssessment, setShownAssessment] = useState<string | null>(null);
  // A step of the lifecycle moves the case (and its plan): the page reads it again from the server.
  // The panel closes only if it is still the one whose step finished: a save answered after the
  // person opened another action must not close that one.
  const stepDone = (which: typeof panel) => () => {
    setPanel((open) => (open === which ? null : open));
    reload();
  };
  // The case's sessions a page at a time (newest first), among the case's own events.
  const sessions = usePagedQuery({ query: CaseSessionsQuery, variables: { caseId: c.id }, connection: (d) => d.sessions });

  const oldestSession = sessions.data?.edges.at(-1)?.node.startsAt.slice(0, 10);
  const items: TimelineItem[] = [
    ...c.timeline.map((e, i): TimelineItem => ({
      key: `e${i}`,
      date: e.date,
      tone: TONE[e.kind] ?? '',
      title: e.label,
      body: e.note ?? undefined,
    })),
    ...(sessions.data?.edges ?? []).map(({ node: s }): TimelineItem => ({
      key: s.id,
      date: s.startsAt.slice(0, 10),
      at: s.startsAt,
      tone: 'tl-session',
      title: `${t(`sessionKind.${s.kind}`)} · ${s.service.name}`,
      body: [t('common.minutes', { count: s.durationMinutes }), t(`deliveryMode.${s.mode}`), s.settlement?.name, s.staff.map((m) => m.user.displayName).join(', ')].filter(Boolean).join(' · '),
    })),
  ]
    .sort((a, b) => (b.at ?? `${b.date}T23:59`).localeCompare(a.at ?? `${a.date}T23:59`))
    // Newest first: while older sessions are not loaded, older events wait with them (no gap).
    .filter((i) => !sessions.hasMore || !oldestSession || i.date >= oldestSession);

  const openAssessment = c.assessments.find((a) => !a.completedOn && !a.superseded);
  const activePlan = c.supportPlans.find((p) => p.status === 'ACTIVE');
  const draftPlan = c.supportPlans.find((p) => p.status === 'DRAFT');
  const draftContract = c.contracts.find((k) => k.status === 'DRAFT');
  const contractInForce = c.contracts.find((k) => k.status === 'SIGNED');
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
            {c.person.fullName} <span className="title-sub">{c.number}</span>
          </>
        }
        lead={
          <>
            <CaseStatusBadge status={c.status} label={c.statusLabel} /> {t('cases.referredOn', { date: f.date(c.referralDate) })}
            {c.intakeRoute && ` · ${t(`intakeRoute.${c.intakeRoute}`)}`}
            {c.legalReferrer && ` · ${t(`legalReferrer.${c.legalReferrer}`)}`}
          </>
        }
        actions={
          // No session while delivery is stopped (the contract ended, none in force): the server refuses it too.
          !closed &&
          !c.deliveryHalted && (
            <>
              <Link to={`/sessions/new?case=${encodeURIComponent(c.id)}`} className="btn btn-accent" data-testid="log-session-for-case">
                + {t('nav.logSession')}
              </Link>{' '}
              <Link to={`/sessions/new?plan=1&case=${encodeURIComponent(c.id)}`} className="btn" data-testid="plan-visit-for-case">
                {t('work.plan')}
              </Link>
            </>
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
      {c.deliveryHalted && (
        <div className="banner banner-warn" role="status" data-testid="delivery-halted">
          {contractInForce?.expired ? t('contract.haltedExpired') : t('contract.halted')}
        </div>
      )}
      {!closed && !onCaseTeam && <p className="muted">{t('cases.notOnTeam')}</p>}
      {!closed && onCaseTeam && (
        <div className="action-bar" role="group" aria-label={t('cases.actions')}>
          <button type="button" className="btn btn-small" aria-expanded={panel === 'edit'} onClick={() => setPanel(panel === 'edit' ? null : 'edit')}>
            {t('cases.editReferral')}
          </button>
          {/* The lifecycle's acts: exactly those the case's stage allows (the server's Case.actions). */}
          {c.actions
            .filter((a) => a !== 'CLOSE')
            .map((a) => (
              <button key={a} type="button" className="btn btn-small" data-testid={`case-action-${a}`} aria-expanded={panel === a} onClick={() => setPanel(panel === a ? null : a)}>
                {t(`caseAction.${a}`)}
              </button>
            ))}
          {(isManager || isLead) && (
            <button type="button" className="btn btn-small" aria-expanded={panel === 'assign'} onClick={() => setPanel(panel === 'assign' ? null : 'assign')}>
              {t('assign.title')}
            </button>
          )}
          {c.actions.includes('CLOSE') && (
            <button type="button" className="btn btn-small btn-danger" data-testid="case-action-CLOSE" aria-expanded={panel === 'CLOSE'} onClick={() => setPanel(panel === 'CLOSE' ? null : 'CLOSE')}>
              {t('caseAction.CLOSE')}
            </button>
          )}
        </div>
      )}
      {panel === 'edit' && <EditReferral c={c} onDone={() => setPanel(null)} onConflict={reload} />}
      {panel === 'assign' && <AssignPanel c={c} onDone={() => setPanel(null)} onConflict={reload} />}
      {panel === 'CLOSE' && <CloseCase c={c} onDone={stepDone('CLOSE')} onConflict={reload} />}
      {panel === 'START_ASSESSMENT' && <AssessmentPanel c={c} open={null} onDone={stepDone('START_ASSESSMENT')} />}
      {panel === 'START_REASSESSMENT' && <AssessmentPanel c={c} open={null} reassess onDone={stepDone('START_REASSESSMENT')} />}
      {panel === 'COMPLETE_ASSESSMENT' && openAssessment && <AssessmentForm assessmentId={openAssessment.id} onDone={stepDone('COMPLETE_ASSESSMENT')} />}
      {panel === 'DRAFT_PLAN' && !activePlan && <PlanForm caseId={c.id} onDone={stepDone('DRAFT_PLAN')} />}
      {panel === 'DRAFT_PLAN' && activePlan && (
        <RevisePlanPanel
          planId={activePlan.id}
          onCancel={() => setPanel(null)}
          onDrafted={(id) => {
            setDraftId(id);
            setPanel('EDIT_DRAFT');
            reload();
          }}
        />
      )}
      {panel === 'EDIT_DRAFT' && draftId && <PlanForm key={draftId} caseId={c.id} draft={{ id: draftId }} onDone={stepDone('EDIT_DRAFT')} />}
      {panel === 'PUT_PLAN_INTO_EFFECT' && draftPlan && <ActivatePlanPanel plan={draftPlan} onDone={stepDone('PUT_PLAN_INTO_EFFECT')} />}
      {panel === 'RECORD_REVIEW' && activePlan && <ReviewPanel planId={activePlan.id} onDone={stepDone('RECORD_REVIEW')} />}
      {panel === 'DRAFT_CONTRACT' && <DraftContractPanel c={c} onDone={stepDone('DRAFT_CONTRACT')} />}
      {panel === 'CONCLUDE_CONTRACT' && draftContract && <ConcludeContractPanel contract={draftContract} onDone={stepDone('CONCLUDE_CONTRACT')} />}
      {panel === 'EXTEND_CONTRACT' && contractInForce && <ExtendContractPanel contract={contractInForce} onDone={stepDone('EXTEND_CONTRACT')} />}
      {panel === 'END_CONTRACT' && contractInForce && <EndContractPanel contract={contractInForce} onDone={stepDone('END_CONTRACT')} />}

      <div className="columns case-columns">
        <div>
          <CaseNotes caseId={c.id} canAdd={!closed && onCaseTeam} />
          <Documents ownerId={c.id} canAdd={onCaseTeam} canErase={isManager} />
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
            <LoadMore paged={sessions} />
          </section>
        </div>
        <div>
          <section className="card" aria-labelledby="facts-h">
            <h2 id="facts-h">{t('cases.details')}</h2>
            <dl className="facts">
              <dt>{t('cases.person')}</dt>
              <dd data-testid="case-person">
                <Link to={`/clients/${encodeURIComponent(c.person.id)}`}>{c.person.fullName}</Link>
                <span className="muted"> · {t(`kinds.${c.person.kind}`)}</span>
                {c.person.settlement && <span className="muted"> · {c.person.settlement.name}</span>}
              </dd>
              <dt>{t('cases.intake')}</dt>
              <dd data-testid="case-intake">{c.intakeRoute ? t(`intakeRoute.${c.intakeRoute}`) : '—'}</dd>
              {(c.requestDate || c.requestNumber) && (
                <>
                  <dt>{t('cases.request')}</dt>
                  <dd data-testid="case-request">
                    {c.requestNumber
                      ? t('cases.requestOf', { number: c.requestNumber, date: c.requestDate ? f.date(c.requestDate) : '—' })
                      : t('cases.requestOn', { date: f.date(c.requestDate!) })}
                  </dd>
                </>
              )}
              {c.legalReferrer && (
                <>
                  <dt>{t('referral.legalReferrer')}</dt>
                  <dd data-testid="case-referrer">{t(`legalReferrer.${c.legalReferrer}`)}</dd>
                </>
              )}
              {c.concernRaisedBy && (
                <>
                  <dt>{t('referral.concernRaisedBy')}</dt>
                  <dd data-testid="case-concern">{t(`concernSource.${c.concernRaisedBy}`)}</dd>
                </>
              )}
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
              {c.intakeRoute !== 'REQUEST' && (
                <>
                  <dt>{t('cases.referralDocument')}</dt>
                  <dd data-testid="case-referral-document">
                    {c.referralDocumentNumber
                      ? c.referralDocumentDate
                        ? t('cases.requestOf', { number: c.referralDocumentNumber, date: f.date(c.referralDocumentDate) })
                        : c.referralDocumentNumber
                      : '—'}
                  </dd>
                </>
              )}
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
          {!closed && (
            <section className="card" aria-labelledby="due-h" data-testid="case-due-dates">
              <h2 id="due-h">{t('cases.dueDates')}</h2>
              <dl className="facts">
                {(
                  [
                    ['assessment', t('cases.assessmentDueOn'), c.dueDates.assessmentDueOn, c.dueDates.assessmentOverdue],
                    ['plan', t('cases.planDueOn'), c.dueDates.planDueOn, c.dueDates.planOverdue],
                    ['review', t('cases.nextReviewOn'), c.dueDates.nextReviewOn, c.dueDates.reviewOverdue],
                  ] as const
                )
                  .filter(([, , date]) => date)
                  .map(([key, label, date, overdue]) => (
                    <Fragment key={key}>
                      <dt>{label}</dt>
                      <dd data-testid={`due-${key}`}>
                        {t('cases.assessmentDue', { date: f.date(date!) })} {overdue && <span className="badge badge-err">{t('cases.overdue')}</span>}
                      </dd>
                    </Fragment>
                  ))}
              </dl>
            </section>
          )}
          <CaseFamily c={c} editable={!closed && onCaseTeam} />
          {c.assessments.length > 0 && (
            <section className="card" aria-labelledby="assess-h">
              <h2 id="assess-h">{t('cases.assessments')}</h2>
              <ul className="plain">
                {c.assessments.map((a) => (
                  <li key={a.id}>
                    {a.completedOn ? t('cases.assessmentDone', { date: f.date(a.completedOn) }) : t('cases.assessmentDue', { date: f.date(a.dueOn) })}{' '}
                    {a.overdue && <span className="badge badge-err">{t('cases.overdue')}</span>}
                    {a.summary && <p className="muted prewrap">{a.summary}</p>}
                    <button type="button" className="btn btn-small btn-quiet" aria-expanded={shownAssessment === a.id} onClick={() => setShownAssessment(shownAssessment === a.id ? null : a.id)}>
                      {shownAssessment === a.id ? t('iop.hide') : t('iop.show')}
                    </button>
                    {shownAssessment === a.id && (
                      <>
                        <AssessmentView assessmentId={a.id} />
                        {/* The signed ИОП and the papers it drew on, kept with the assessment. */}
                        <Documents ownerId={a.id} canAdd={onCaseTeam} canErase={isManager} embedded={{ title: t('iop.documents'), testId: 'assessment-documents' }} />
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {c.contractHidden && (
            <p className="banner banner-warn" role="note" data-testid="contract-hidden">
              {t('contract.hidden')}
            </p>
          )}
          {c.contracts.map((k) => (
            <ContractCard key={k.id} contract={k} canAdd={onCaseTeam} canErase={isManager} />
          ))}
          {c.supportPlans.length > 0 && (
            <PlanVersions
              plans={c.supportPlans}
              editable={!closed && onCaseTeam}
              files={{ canAdd: onCaseTeam, canErase: isManager }}
              onEditDraft={(id) => {
                setDraftId(id);
                setPanel('EDIT_DRAFT');
              }}
            />
          )}
          {onCaseTeam && <CasePrintouts c={c} />}
        </div>
      </div>
    </>
  );
}

// ---------- actions ----------
