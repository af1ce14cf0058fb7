import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { PageHeader } from '../components/layout.tsx';
import { Empty, QueryError, Spinner } from '../components/states.tsx';
import { CaseRow } from '../components/case-bits.tsx';
import { DashboardQuery, forgetPrefetch, prefetchedRecently } from './dashboard/query.ts';
import { daysBetween, todayIso, useFormat } from '../lib/format.ts';
import { useSession } from '../session.tsx';
import { CenterDesk } from './dashboard/center-desk.tsx';
import { afterFirstScreen, firstScreenShown } from '../lib/first-screen.ts';
import { ContractsEnding } from './dashboard/contracts-ending.tsx';


export function DashboardPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { viewer, area, dashboardCopy, homePending } = useSession();
  // Once: the next visit to the dashboard asks the server again, as every screen does. (Forgotten
  // when the screen is committed, not in its first render: a render React throws away, while the
  // layout waits for its words, must not turn the answer just prefetched into a second request.)
  const [requestPolicy] = useState<'cache-first' | 'cache-and-network'>(() => (prefetchedRecently() ? 'cache-first' : 'cache-and-network'));
  useEffect(() => forgetPrefetch(), []);
  // Reopened, the dashboard's query is already on its way (session.tsx): this screen waits for
  // that answer in the cache (meanwhile it shows the device's copy), never asking a second time.
  const [result, refetch] = useQuery({ query: DashboardQuery, requestPolicy, pause: homePending });
  const [allOverdue, setAllOverdue] = useState(false);
  const first = viewer?.user.displayName.split(' ')[0] ?? '';
  const today = todayIso();
  const live = result.data;
  // The device's copy (offline/dashboard-copy.ts) stands in while the server's answer is on its
  // way, and instead of an error without a signal; the server's answer replaces it.
  const waiting = homePending || result.fetching || Boolean(result.error?.networkError);
  const copy = !live && waiting ? dashboardCopy : null;
  const data = live ?? copy?.data;
  // Shown (or failed): the service worker, the offline copy and the header's counts may start.
  const settled = Boolean(live || result.error);
  useEffect(() => {
    if (settled) firstScreenShown();
  }, [settled]);
  // The server's answer is kept for the next reopening, once the first screen has shown (the
  // device keeps it only for the person whose offline copy it keeps: offline/dashboard-copy.ts).
  useEffect(() => {
    if (!live || area !== 'center') return;
    return afterFirstScreen(() => void import('../offline/dashboard-copy.ts').then((m) => m.keepDashboard(live)).catch(() => undefined));
  }, [live, area]);

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
      {copy && (
        <p className="banner banner-warn" role="status" data-testid="dashboard-copy">
          {t('dashboard.copyFrom', { time: f.dateTime(new Date(copy.savedAt)) })}
        </p>
      )}
      {result.error && !data ? (
        <QueryError error={result.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : !data ? (
        <Spinner />
      ) : (
        <>
          {/* Their own queries: not from the copy, and not before the server's answer. */}
          {!copy && viewer?.activeMembership?.role === 'MANAGER' && <CenterDesk />}
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
          {!copy && <ContractsEnding />}
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
