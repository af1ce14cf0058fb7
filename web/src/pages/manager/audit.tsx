import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { graphql } from '../../graphql.ts';
import { PageHeader } from '../../components/layout.tsx';
import { ListLoadable, LoadMore } from '../../components/states.tsx';
import { useFormat } from '../../lib/format.ts';
import { usePagedQuery } from '../../lib/paging.ts';

// The audit trail of the center (managers only): who read or changed which record, when.

const AuditQuery = graphql(`
  query AuditTrail($first: Int!, $after: String, $action: AuditAction, $from: DateTime, $to: DateTime, $entityId: ID) {
    auditEvents(first: $first, after: $after, action: $action, from: $from, to: $to, entityId: $entityId) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id at action actorName actorRole entityType entityId entityNodeId requestId } }
    }
  }
`);

const ACTIONS = ['READ', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'LOGIN', 'LOGIN_FAILED', 'LOGOUT', 'SWITCH_MEMBERSHIP'] as const;
const LINKS: Record<string, string> = { Client: '/clients/', Case: '/cases/', Household: '/households/', GroupProgram: '/groups/' };

export function AuditPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const action = params.get('action') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const entityId = params.get('entity') ?? '';
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const dayStart = (d: string) => (d ? new Date(`${d}T00:00:00`).toISOString() : null);
  const paged = usePagedQuery({
    query: AuditQuery,
    pageSize: 50,
    connection: (d) => d.auditEvents,
    variables: {
      action: ACTIONS.includes(action as (typeof ACTIONS)[number]) ? (action as (typeof ACTIONS)[number]) : null,
      from: dayStart(from),
      to: to ? new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString() : null,
      entityId: entityId || null,
    },
  });
  const data = paged.data;
  return (
    <>
      <PageHeader title={t('audit.title')} lead={t('audit.lead')} />
      <div className="toolbar">
        <div className="field">
          <label htmlFor="audit-action">{t('audit.action')}</label>
          <select id="audit-action" value={action} onChange={(e) => set({ action: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`auditAction.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('common.from')}</label>
          <input id="audit-from" type="date" value={from} onChange={(e) => set({ from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('common.to')}</label>
          <input id="audit-to" type="date" value={to} onChange={(e) => set({ to: e.target.value })} />
        </div>
        {entityId && (
          <button type="button" className="btn" onClick={() => set({ entity: '' })}>
            {t('audit.allRecords')}
          </button>
        )}
      </div>
      <ListLoadable data={data} error={paged.error} onRetry={paged.refetch} empty={t('audit.empty')}>
        {(data) => (
          <>
            <p className="muted">{t('audit.count', { count: data.totalCount })}</p>
            <div className="table-wrap card" style={{ padding: 0 }}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.when')}</th>
                    <th scope="col">{t('audit.who')}</th>
                    <th scope="col">{t('audit.action')}</th>
                    <th scope="col">{t('audit.record')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.edges.map(({ node: e }) => (
                    <tr key={e.id}>
                      <td>{f.dateTime(e.at)}</td>
                      <td>
                        {e.actorName ?? '—'}
                        {e.actorRole && <div className="muted small">{t(`roles.${e.actorRole}`)}</div>}
                      </td>
                      <td>
                        <span className={`badge ${e.action === 'READ' ? 'badge-grey' : e.action === 'LOGIN_FAILED' || e.action === 'DELETE' ? 'badge-err' : ''}`}>{t(`auditAction.${e.action}`)}</span>
                      </td>
                      <td>
                        {e.entityNodeId && LINKS[e.entityType] ? <Link to={`${LINKS[e.entityType]}${encodeURIComponent(e.entityNodeId)}`}>{t('audit.entity', { type: e.entityType })}</Link> : e.entityType}
                        {e.entityNodeId && (
                          <button type="button" className="btn btn-small btn-quiet" onClick={() => set({ entity: e.entityNodeId ?? '' })}>
                            {t('audit.history')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <LoadMore paged={paged} />
          </>
        )}
      </ListLoadable>
    </>
  );
}
