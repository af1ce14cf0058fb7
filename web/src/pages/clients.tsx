import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { graphql } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { ListLoadable, LoadMore } from '../components/states.tsx';
import { useFormat } from '../lib/format.ts';
import { ageFrom, useDebounced } from '../lib/hooks.ts';
import { usePagedQuery } from '../lib/paging.ts';

const ClientsQuery = graphql(`
  query Clients($search: String, $first: Int!, $after: String, $kind: ClientKind) {
    clients(search: $search, first: $first, after: $after, kind: $kind) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id fullName kind birthDate birthYear
          settlement { id name }
        }
      }
    }
  }
`);

export function ClientsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kind = params.get('kind') ?? '';
  const search = useDebounced(q.trim());
  const paged = usePagedQuery({
    query: ClientsQuery,
    variables: { search: search || null, kind: kind === 'CHILD' || kind === 'ADULT' ? kind : null },
    connection: (d) => d.clients,
  });
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const data = paged.data;

  return (
    <>
      <PageHeader
        title={t('clients.title')}
        lead={t('clients.lead')}
        actions={
          <Link to="/clients/new" className="btn btn-primary">
            {t('clients.register')}
          </Link>
        }
      />
      <div className="toolbar" role="search">
        <div className="field field-grow">
          <label htmlFor="client-search">{t('clients.searchLabel')}</label>
          <input id="client-search" type="search" value={q} placeholder={t('clients.searchPlaceholder')} autoComplete="off" onChange={(e) => set({ q: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="client-kind">{t('clients.kind')}</label>
          <select id="client-kind" value={kind} onChange={(e) => set({ kind: e.target.value })}>
            <option value="">{t('common.all')}</option>
            <option value="CHILD">{t('kinds.CHILD')}</option>
            <option value="ADULT">{t('kinds.ADULT')}</option>
          </select>
        </div>
      </div>
      <ListLoadable data={data} error={paged.error} onRetry={paged.refetch} empty={search ? t('clients.noMatch', { q: search }) : t('clients.empty')}>
        {(data) => (
          <section aria-busy={paged.fetching}>
            <p className="muted" aria-live="polite">
              {t('clients.count', { count: data.totalCount })}
            </p>
            <ul className="list">
              {data.edges.map(({ node: c }) => {
                const age = ageFrom(c.birthDate, c.birthYear);
                return (
                  <li key={c.id}>
                    <Link to={`/clients/${encodeURIComponent(c.id)}`} className="list-row">
                      <span className="list-main">
                        <strong>{c.fullName}</strong>
                        <span className="muted">
                          {[t(`kinds.${c.kind}`), age !== null ? t('clients.age', { count: age }) : null, c.settlement?.name].filter(Boolean).join(' · ')}
                        </span>
                      </span>
                      <span className="list-side muted">{c.birthDate ? f.shortDate(c.birthDate) : (c.birthYear ?? '')}</span>
                    </Link>
                  </li>
                );
              })}
            </ul>
            <LoadMore paged={paged} />
          </section>
        )}
      </ListLoadable>
    </>
  );
}
