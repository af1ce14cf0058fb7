import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { graphql } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { ListLoadable, LoadMore } from '../components/states.tsx';
import { useFormat } from '../lib/format.ts';
import { usePagedQuery } from '../lib/paging.ts';

// The center's sessions held, newest first: the list behind the manager's desk figure „Сесии
// този месец“ (dashboard/center-desk.tsx links here with `service`, `from` and `to`, Sofia days),
// the same filter the figure counts with (`sessions(serviceId, from, to)`, schema's sessionFilter).

const SessionsQuery = graphql(`
  query CenterSessions($first: Int!, $after: String, $serviceId: ID, $from: Date, $to: Date) {
    sessions(first: $first, after: $after, serviceId: $serviceId, from: $from, to: $to) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id startsAt durationMinutes kind service { id name } case { id number } } }
    }
  }
`);

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function SessionsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const day = (name: string) => {
    const v = params.get(name) ?? '';
    return DAY.test(v) ? v : '';
  };
  const from = day('from');
  const to = day('to');
  const serviceId = params.get('service') || null;
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const paged = usePagedQuery({ query: SessionsQuery, connection: (d) => d.sessions, variables: { serviceId, from: from || null, to: to || null } });
  const data = paged.data;
  const service = data?.edges[0]?.node.service.name;
  return (
    <>
      <PageHeader title={t('sessionList.title')} lead={t('sessionList.lead')} />
      <div className="toolbar" role="search">
        <div className="field">
          <label htmlFor="sessions-from">{t('common.from')}</label>
          <input id="sessions-from" type="date" value={from} onChange={(e) => set({ from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="sessions-to">{t('common.to')}</label>
          <input id="sessions-to" type="date" value={to} onChange={(e) => set({ to: e.target.value })} />
        </div>
        {serviceId && (
          <button type="button" className="btn" data-testid="sessions-service-filter" onClick={() => set({ service: '' })}>
            {t('sessionList.service', { name: service ?? '…' })} ✕
          </button>
        )}
      </div>
      <ListLoadable data={data} error={paged.error} onRetry={paged.refetch} empty={t('sessionList.empty')}>
        {(data) => (
          <section aria-busy={paged.fetching}>
            <p className="muted" aria-live="polite" data-testid="sessions-count">
              {t('sessionList.count', { count: data.totalCount })}
            </p>
            <ul className="list" data-testid="sessions-list">
              {data.edges.map(({ node: s }) => (
                <li key={s.id} data-testid="sessions-row">
                  <span>{f.dateTime(s.startsAt)}</span> · <span>{t(`sessionKind.${s.kind}`)}</span> · <span>{s.service.name}</span> ·{' '}
                  <span className="muted">{t('sessionList.minutes', { count: s.durationMinutes })}</span>
                  {s.case && (
                    <>
                      {' '}
                      · <Link to={`/cases/${encodeURIComponent(s.case.id)}`}>{s.case.number}</Link>
                    </>
                  )}
                </li>
              ))}
            </ul>
            <LoadMore paged={paged} />
          </section>
        )}
      </ListLoadable>
    </>
  );
}
