import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../graphql.ts';
import { PageHeader } from '../../components/layout.tsx';
import { ListLoadable, LoadMore } from '../../components/states.tsx';
import { useFormat } from '../../lib/format.ts';
import { usePagedQuery } from '../../lib/paging.ts';
import { currentLang } from '../../i18n/index.ts';
import { dayOf, sofiaDayEnd, sofiaDayStart } from '@opora/common/calendar';

// The audit trail of the center (managers only): who read or changed which record, when, from
// where, and about whom; a list read is one row naming the list and how many records it showed.
// Filters live in the address (so a person's page can link here); the XLSX export
// (GET /audit/export.xlsx, server/src/audit-export.ts) takes the same filters.

const AuditQuery = graphql(`
  query AuditTrail($first: Int!, $after: String, $action: AuditAction, $from: DateTime, $to: DateTime, $entityId: ID, $entityType: String, $personId: ID, $actor: ID) {
    auditEvents(first: $first, after: $after, action: $action, from: $from, to: $to, entityId: $entityId, entityType: $entityType, personId: $personId, actorMembershipId: $actor) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id at action actionLabel actorName actorRole entityType entityTypeLabel entityNodeId
          listName listLabel recordCount ip userAgent personName personNodeId caseNumber
        }
      }
    }
  }
`);

// Everyone who has worked here, those who left included: their reads and changes stay in the
// trail after they go (a center has tens of staff over the years; a page of 100 holds them).
const AuditStaffQuery = graphql(`
  query AuditStaff {
    center { id staff(first: 100, includeEnded: true) { edges { node { id endedOn user { displayName } } } } }
  }
`);

const ACTIONS = ['READ', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'LOGIN', 'LOGIN_FAILED', 'LOGOUT', 'SWITCH_MEMBERSHIP'] as const;
const RECORD_TYPES = ['Client', 'Case', 'Household', 'Assessment', 'SupportPlan', 'Contract', 'Session', 'Note', 'Consent', 'Attachment', 'GroupProgramParticipant', 'User', 'Membership'] as const;
const LINKS: Record<string, string> = { Client: '/clients/', Case: '/cases/', Household: '/households/', GroupProgram: '/groups/' };

// The dates are Sofia's calendar days (the center's), whatever the browser's time zone.
const dayStart = (d: string) => (d && !Number.isNaN(dayOf(d).getTime()) ? sofiaDayStart(dayOf(d)).toISOString() : null);
const dayAfter = (d: string) => (d && !Number.isNaN(dayOf(d).getTime()) ? sofiaDayEnd(dayOf(d)).toISOString() : null);

export function AuditPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const [problem, setProblem] = useState<string | null>(null);
  const action = params.get('action') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const entityId = params.get('entity') ?? '';
  const entityType = params.get('type') ?? '';
  const personId = params.get('person') ?? '';
  const personName = params.get('personName') ?? '';
  const actor = params.get('actor') ?? '';
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const [staff] = useQuery({ query: AuditStaffQuery });
  const variables = {
    action: ACTIONS.includes(action as (typeof ACTIONS)[number]) ? (action as (typeof ACTIONS)[number]) : null,
    from: dayStart(from),
    to: dayAfter(to),
    entityId: entityId || null,
    entityType: entityType || null,
    personId: personId || null,
    actor: actor || null,
  };
  const paged = usePagedQuery({ query: AuditQuery, pageSize: 50, connection: (d) => d.auditEvents, variables });
  const data = paged.data;

  async function exportXlsx() {
    setProblem(null);
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries({ action: variables.action, from: variables.from, to: variables.to, entityId: variables.entityId, entityType: variables.entityType, personId: variables.personId, actorMembershipId: variables.actor })) if (v) query.set(k, v);
    // Signed in by the session cookie with the CSRF header (a plain link could not send it).
    const res = await fetch(`/audit/export.xlsx?${query}`, { credentials: 'same-origin', headers: { 'apollo-require-preflight': 'true', 'x-opora-language': currentLang() } });
    if (!res.ok) return setProblem(t('audit.exportFailed'));
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = 'audit-trail.xlsx';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        lead={t('audit.lead')}
        actions={
          <button type="button" className="btn" data-testid="audit-export" onClick={() => void exportXlsx()}>
            {t('audit.export')}
          </button>
        }
      />
      {problem && <p className="error" role="alert">{problem}</p>}
      <div className="toolbar" data-testid="audit-filters">
        <div className="field">
          <label htmlFor="audit-actor">{t('audit.staff')}</label>
          <select id="audit-actor" value={actor} onChange={(e) => set({ actor: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {(staff.data?.center.staff?.edges ?? [])
              .map((e) => e.node)
              .sort((a, b) => Number(!!a.endedOn) - Number(!!b.endedOn))
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.endedOn ? t('audit.staffEnded', { name: m.user.displayName, day: f.date(m.endedOn) }) : m.user.displayName}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-type">{t('audit.record')}</label>
          <select id="audit-type" value={entityType} onChange={(e) => set({ type: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {RECORD_TYPES.map((r) => (
              <option key={r} value={r}>
                {t(`auditRecordType.${r}`)}
              </option>
            ))}
          </select>
        </div>
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
        {personId && (
          <button type="button" className="btn" data-testid="audit-person-filter" onClick={() => set({ person: '', personName: '' })}>
            {t('audit.person', { name: personName || '…' })} ✕
          </button>
        )}
        {entityId && (
          <button type="button" className="btn" onClick={() => set({ entity: '' })}>
            {t('audit.allRecords')}
          </button>
        )}
      </div>
      <ListLoadable data={data} error={paged.error} onRetry={paged.refetch} empty={t('audit.empty')}>
        {(data) => (
          <>
            <p className="muted" data-testid="audit-count">{t('audit.count', { count: data.totalCount })}</p>
            <div className="table-wrap card" style={{ padding: 0 }}>
              <table className="table" data-testid="audit-table">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.when')}</th>
                    <th scope="col">{t('audit.who')}</th>
                    <th scope="col">{t('audit.action')}</th>
                    <th scope="col">{t('audit.record')}</th>
                    <th scope="col">{t('audit.about')}</th>
                    <th scope="col">{t('audit.where')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.edges.map(({ node: e }) => (
                    <tr key={e.id} data-testid="audit-row" data-event={e.id}>
                      <td>{f.dateTime(e.at)}</td>
                      <td>
                        {e.actorName ?? '—'}
                        {e.actorRole && <div className="muted small">{t(`roles.${e.actorRole}`)}</div>}
                      </td>
                      <td>
                        <span className={`badge ${e.action === 'READ' ? 'badge-grey' : e.action === 'LOGIN_FAILED' || e.action === 'DELETE' ? 'badge-err' : ''}`}>{e.actionLabel}</span>
                      </td>
                      <td>
                        {e.listName ? (
                          <span data-testid="audit-list">{t('audit.list', { type: e.entityTypeLabel, list: e.listLabel ?? e.listName, count: e.recordCount ?? 0 })}</span>
                        ) : e.entityNodeId && LINKS[e.entityType] ? (
                          <Link to={`${LINKS[e.entityType]}${encodeURIComponent(e.entityNodeId)}`}>{e.entityTypeLabel}</Link>
                        ) : (
                          e.entityTypeLabel
                        )}
                        {e.entityNodeId && (
                          <button type="button" className="btn btn-small btn-quiet" onClick={() => set({ entity: e.entityNodeId ?? '' })}>
                            {t('audit.history')}
                          </button>
                        )}
                      </td>
                      <td>
                        {e.personName && e.personNodeId ? (
                          <button type="button" className="btn btn-small btn-quiet" onClick={() => set({ person: e.personNodeId ?? '', personName: e.personName ?? '' })}>
                            {e.personName}
                          </button>
                        ) : null}
                        {e.caseNumber && <div className="muted small">{e.caseNumber}</div>}
                      </td>
                      <td className="small">
                        {e.ip ?? t('audit.notRecorded')}
                        {e.userAgent && <div className="muted small" title={e.userAgent}>{e.userAgent.slice(0, 40)}</div>}
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
