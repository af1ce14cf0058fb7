import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery, type Client } from 'urql';
import { graphql } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { Empty, QueryError, Spinner } from '../components/states.tsx';
import { CaseRow, CaseRowFields } from '../components/case-bits.tsx';
import { daysBetween, todayIso, useFormat } from '../lib/format.ts';
import { useSession } from '../session.tsx';
import { firstScreenShown } from '../lib/first-screen.ts';
import { ContractsEnding } from './dashboard/contracts-ending.tsx';
import { CenterDesk } from './dashboard/center-desk.tsx';

const DashboardQuery = graphql(
  `
  query Dashboard {
    # The viewer's fields, as session.tsx's Viewer query asks them: the app opening on its home
    # page (or just signed in) sends this one request, and the session reads the viewer from its
    # answer in the cache instead of a request of its own (#17: no chained Viewer round trip).
    viewer {
      user { displayName email preferredLanguage }
      activeMembership {
        id role title networkName
        center { id name slug }
        municipality { id name }
        profession { id name }
      }
      memberships {
        id role title networkName
        center { id name }
        municipality { id name }
      }
    }
    myCases(first: 8, status: [REFERRED, ASSESSMENT, SUPPORT_PLAN, ACTIVE]) {
      totalCount
      edges { node { id ...CaseRowFields } }
    }
    overdueAssessments(first: 10) {
      totalCount
      edges { node { id dueOn case { id number person { id fullName } } } }
    }
    overduePlans(first: 10) {
      totalCount
      edges { node { id number person { id fullName } dueDates { planDueOn } } }
    }
    overduePlanReviews(first: 10) {
      totalCount
      edges { node { id nextReviewOn case { id number person { id fullName } } } }
    }
    todaysSessions {
      id startsAt durationMinutes kind mode status
      service { id name }
      case { id number }
      clients { id fullName }
      settlement { id name }
    }
  }
`,
  [CaseRowFields],
);

// Sent by the session right after sign-in, together with the viewer's query (web/src/preload.ts):
// the screen that mounts within a few seconds reads that answer instead of asking again.
let prefetchedAt = 0;
export function prefetchDashboard(client: Client): Promise<void> {
  prefetchedAt = Date.now();
  return client
    .query(DashboardQuery, {})
    .toPromise()
    .then(() => undefined);
}

export function DashboardPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { viewer } = useSession();
  const [requestPolicy] = useState<'cache-first' | 'cache-and-network'>(() => {
    // Once: the next visit to the dashboard asks the server again, as every screen does.
    const fresh = Date.now() - prefetchedAt < 10_000;
    prefetchedAt = 0;
    return fresh ? 'cache-first' : 'cache-and-network';
  });
  const [result, refetch] = useQuery({ query: DashboardQuery, requestPolicy });
  const [allOverdue, setAllOverdue] = useState(false);
  const first = viewer?.user.displayName.split(' ')[0] ?? '';
  const today = todayIso();
  const data = result.data;
  // Shown (or failed): the service worker, the offline copy and the header's counts may start.
  const settled = Boolean(data || result.error);
  useEffect(() => {
    if (settled) firstScreenShown();
  }, [settled]);

  const overdue = data
    ? [
        ...data.overdueAssessments.edges.map(({ node }) => ({ id: node.id, due: node.dueOn, kind: 'assessment' as const, c: node.case })),
        ...data.overduePlans.edges.map(({ node }) => ({ id: node.id, due: node.dueDates.planDueOn ?? today, kind: 'plan' as const, c: node })),
        ...data.overduePlanReviews.edges.map(({ node }) => ({ id: node.id, due: node.nextReviewOn ?? today, kind: 'review' as const, c: node.case })),
      ].sort((a, b) => a.due.localeCompare(b.due))
    : [];

  return (
    <>
      <PageHeader
        title={t('dashboard.title', { name: first })}
        lead={t('dashboard.lead', { date: f.weekday(new Date()) })}
        actions={
          <>
            <Link to="/cases/new" className="btn btn-primary">
              {t('dashboard.newReferral')}
            </Link>
            <Link to="/sessions/new" className="btn btn-accent">
              {t('dashboard.quickSession')}
            </Link>
          </>
        }
      />
      {result.error && !data ? (
        <QueryError error={result.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : !data ? (
        <Spinner />
      ) : (
        <>
          {viewer?.activeMembership?.role === 'MANAGER' && <CenterDesk />}
          <div className="stats">
            <a className="stat" href="#caseload-h">
              <div className="stat-value">{f.number(data.myCases.totalCount)}</div>
              <div className="stat-label">{t('dashboard.caseload')}</div>
            </a>
            <a className={`stat${overdue.length ? ' stat-warn' : ''}`} href="#overdue-h">
              <div className="stat-value">{f.number(data.overdueAssessments.totalCount + data.overduePlanReviews.totalCount)}</div>
              <div className="stat-label">{t('dashboard.overdue')}</div>
            </a>
            <a className="stat" href="#today-h">
              <div className="stat-value">{f.number(data.todaysSessions.length)}</div>
              <div className="stat-label">{t('dashboard.today')}</div>
            </a>
          </div>
          <div className="columns">
            <section className="card" aria-labelledby="today-h" data-testid="todays-sessions">
              <div className="card-head">
                <h2 id="today-h">{t('dashboard.today')}</h2>
                <Link to="/work" className="btn btn-small">
                  {t('nav.work')}
                </Link>{' '}
                <Link to="/sessions/new" className="btn btn-small">
                  + {t('nav.logSession')}
                </Link>
              </div>
              {data.todaysSessions.length === 0 ? (
                <p className="muted">{t('dashboard.todayEmpty')}</p>
              ) : (
                <ul className="list">
                  {data.todaysSessions.map((s) => (
                    <li key={s.id}>
                      <Link className="list-row" to={s.case ? `/cases/${encodeURIComponent(s.case.id)}` : s.clients[0] ? `/clients/${encodeURIComponent(s.clients[0].id)}` : '/'}>
                        <span className="list-side">
                          <strong>{f.time(s.startsAt)}</strong>
                        </span>
                        <span className="list-main">
                          <strong>{s.clients.map((c) => c.fullName).join(', ') || t(`sessionKind.${s.kind}`)}</strong>
                          <span className="muted">
                            {[t(`sessionStatus.${s.status}`), t(`sessionKind.${s.kind}`), s.service.name, t('common.minutes', { count: s.durationMinutes }), s.settlement?.name].filter(Boolean).join(' · ')}
                          </span>
                        </span>
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="card" aria-labelledby="overdue-h">
              <h2 id="overdue-h">{t('dashboard.overdue')}</h2>
              {overdue.length === 0 ? (
                <p className="muted">{t('dashboard.overdueEmpty')}</p>
              ) : (
                <ul className="list">
                  {(allOverdue ? overdue : overdue.slice(0, 5)).map((o) => (
                    <li key={o.id}>
                      <Link className="list-row" to={`/cases/${encodeURIComponent(o.c.id)}`}>
                        <span className="list-main">
                          <strong>{o.c.person.fullName}</strong>
                          <span className="muted">
                            {o.c.number} · {t(o.kind === 'assessment' ? 'dashboard.dueAssessment' : o.kind === 'plan' ? 'dashboard.duePlan' : 'dashboard.dueReview', { date: f.shortDate(o.due) })}
                          </span>
                        </span>
                        <span className="badge badge-err">{t('dashboard.overdueBy', { count: Math.max(1, daysBetween(o.due, today)) })}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
              {overdue.length > 5 && (
                <button type="button" className="btn btn-block" aria-expanded={allOverdue} onClick={() => setAllOverdue(!allOverdue)}>
                  {allOverdue ? t('dashboard.showFewer') : t('dashboard.showAllOverdue', { count: overdue.length })}
                </button>
              )}
            </section>
          </div>
          <ContractsEnding />
          <section className="card" aria-labelledby="caseload-h" style={{ marginTop: '1rem' }}>
            <div className="card-head">
              <h2 id="caseload-h">{t('dashboard.caseload')}</h2>
              <span className="muted">{t('dashboard.caseloadCount', { count: data.myCases.totalCount })}</span>
            </div>
            {data.myCases.edges.length === 0 ? (
              <Empty>{t('dashboard.noCases')}</Empty>
            ) : (
              <>
                <ul className="list">
                  {data.myCases.edges.map(({ node: c }) => (
                    <li key={c.id}>
                      <CaseRow data={c} compact />
                    </li>
                  ))}
                </ul>
                {data.myCases.totalCount > data.myCases.edges.length && (
                  <Link to="/cases?mine=1" className="btn btn-block">
                    {t('dashboard.allMyCases')}
                  </Link>
                )}
              </>
            )}
          </section>
        </>
      )}
    </>
  );
}
