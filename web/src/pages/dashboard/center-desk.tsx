import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../graphql.ts';
import { QueryError, Spinner } from '../../components/states.tsx';
import { useFormat } from '../../lib/format.ts';
import { isoDay, lastDayOfMonth } from '@opora/common/calendar';

// The manager's desk (schema/src/modules/center-desk.ts): the whole center at a glance. Every
// figure is a link to the cases list with the filter that shows the same cases.

const CenterDeskQuery = graphql(`
  query CenterDesk {
    centerDesk {
      workers { membershipId name fte openCases overdueAssessments overduePlans overdueReviews overdueCases }
      teams { teamId name fte members openCases }
      waitingCount oldestWaitingDays
      services { serviceId name licensedPlaces inUse sessionsThisMonth }
      month
    }
  }
`);

const casesLink = (q: Record<string, string>) => `/cases?${new URLSearchParams({ status: 'open', ...q })}`;

export function CenterDesk() {
  const { t } = useTranslation();
  const f = useFormat();
  const [result, refetch] = useQuery({ query: CenterDeskQuery, requestPolicy: 'cache-and-network' });
  const desk = result.data?.centerDesk;
  if (result.error && !desk) return <QueryError error={result.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!desk) return <Spinner />;
  const perFte = (cases: number, fte: number | null) => (fte ? f.number(cases / fte, 1) : '—');
  return (
    <section className="card" data-testid="center-desk" aria-labelledby="desk-title">
      <h2 id="desk-title">{t('desk.title')}</h2>
      <p className="muted">{t('desk.lead')}</p>

      <h3>{t('desk.waiting')}</h3>
      <p>
        <Link to="/cases?waiting=1&status=open" data-testid="desk-waiting">
          {t('desk.waitingCount', { count: desk.waitingCount })}
        </Link>
        {desk.oldestWaitingDays !== null && (
          <span className="muted" data-testid="desk-waiting-oldest" data-days={desk.oldestWaitingDays}>
            {' '}
            · {t('desk.waitingOldest', { count: desk.oldestWaitingDays })}
          </span>
        )}
      </p>

      <h3>{t('desk.workers')}</h3>
      <div className="table-wrap">
        <table className="table" data-testid="desk-workers">
          <thead>
            <tr>
              <th scope="col">{t('desk.worker')}</th>
              <th scope="col">{t('desk.fte')}</th>
              <th scope="col">{t('desk.openCases')}</th>
              <th scope="col">{t('desk.perFte')}</th>
              <th scope="col">{t('desk.overdueAssessments')}</th>
              <th scope="col">{t('desk.overduePlans')}</th>
              <th scope="col">{t('desk.overdueReviews')}</th>
              <th scope="col">{t('desk.overdueCases')}</th>
            </tr>
          </thead>
          <tbody>
            {desk.workers.map((w) => (
              <tr key={w.membershipId} data-testid="desk-worker" data-worker={w.name}>
                <th scope="row">{w.name}</th>
                <td data-testid="desk-worker-fte">{w.fte === null ? '—' : f.number(w.fte, 2)}</td>
                <td>
                  <Link to={casesLink({ worker: w.membershipId })} data-testid="desk-worker-open">{f.number(w.openCases)}</Link>
                </td>
                <td>{perFte(w.openCases, w.fte)}</td>
                {/* Each kind's count; the list behind them is the worker's cases with anything overdue (the last column, which it equals). */}
                {(['assessments', 'plans', 'reviews'] as const).map((kind) => {
                  const n = kind === 'assessments' ? w.overdueAssessments : kind === 'plans' ? w.overduePlans : w.overdueReviews;
                  return (
                    <td key={kind} data-testid={`desk-worker-overdue-${kind}`}>
                      {n > 0 ? <Link to={casesLink({ worker: w.membershipId, overdue: '1' })} className="badge badge-err">{f.number(n)}</Link> : '0'}
                    </td>
                  );
                })}
                <td data-testid="desk-worker-overdue-cases">
                  {w.overdueCases > 0 ? <Link to={casesLink({ worker: w.membershipId, overdue: '1' })}>{f.number(w.overdueCases)}</Link> : '0'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>{t('desk.teams')}</h3>
      <div className="table-wrap">
        <table className="table" data-testid="desk-teams">
          <thead>
            <tr>
              <th scope="col">{t('desk.team')}</th>
              <th scope="col">{t('desk.members')}</th>
              <th scope="col">{t('desk.fte')}</th>
              <th scope="col">{t('desk.openCases')}</th>
              <th scope="col">{t('desk.perFte')}</th>
            </tr>
          </thead>
          <tbody>
            {desk.teams.map((team) => (
              <tr key={team.teamId} data-testid="desk-team" data-team={team.name}>
                <th scope="row">{team.name}</th>
                <td data-testid="desk-team-members">{team.members}</td>
                <td data-testid="desk-team-fte">{f.number(team.fte, 2)}</td>
                <td data-testid="desk-team-open">
                  <Link to={casesLink({ team: team.teamId })}>{f.number(team.openCases)}</Link>
                </td>
                <td>{perFte(team.openCases, team.fte)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>{t('desk.services')}</h3>
      <div className="table-wrap">
        <table className="table" data-testid="desk-services">
          <thead>
            <tr>
              <th scope="col">{t('desk.service')}</th>
              <th scope="col">{t('desk.inUse')}</th>
              <th scope="col">{t('desk.places')}</th>
              <th scope="col">{t('desk.sessionsThisMonth')}</th>
            </tr>
          </thead>
          <tbody>
            {desk.services.map((s) => (
              <tr key={s.serviceId} data-testid="desk-service" data-service={s.name}>
                <th scope="row">{s.name}</th>
                <td data-testid="desk-service-in-use">
                  <Link to={`/cases?${new URLSearchParams({ status: 'ACTIVE', service: s.serviceId })}`}>{f.number(s.inUse)}</Link>
                  {s.licensedPlaces ? <span className="muted small"> ({f.number(Math.round((s.inUse / s.licensedPlaces) * 100))}%)</span> : null}
                </td>
                <td data-testid="desk-service-places">{s.licensedPlaces === null ? <span className="muted">{t('desk.notSet')}</span> : f.number(s.licensedPlaces)}</td>
                <td data-testid="desk-service-sessions">
                  <Link to={`/sessions?${new URLSearchParams({ service: s.serviceId, from: desk.month, to: isoDay(lastDayOfMonth(desk.month.slice(0, 7))) })}`}>{f.number(s.sessionsThisMonth)}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
