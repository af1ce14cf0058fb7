import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { ListLoadable, LoadMore } from '../components/states.tsx';
import { useFormat } from '../lib/format.ts';
import { ageFrom, useDebounced } from '../lib/hooks.ts';

const ClientsQuery = graphql(`
  query Clients($search: String, $first: Int!, $kind: ClientKind) {
    clients(search: $search, first: $first, kind: $kind) {
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
  const size = Number(params.get('n') ?? 25);
  const search = useDebounced(q.trim());
  const [result, refetch] = useQuery({
    query: ClientsQuery,
    variables: { search: search || null, first: size, kind: kind === 'CHILD' || kind === 'ADULT' ? kind : null },
  });
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const data = result.data?.clients;

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
          <input id="client-search" type="search" value={q} placeholder={t('clients.searchPlaceholder')} autoComplete="off" onChange={(e) => set({ q: e.target.value, n: '' })} />
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
      <ListLoadable data={data} error={result.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} empty={search ? t('clients.noMatch', { q: search }) : t('clients.empty')}>
        {(data) => (
          <section aria-busy={result.fetching}>
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
            <LoadMore hasMore={data.pageInfo.hasNextPage} onMore={() => set({ n: String(size + 25) })} />
          </section>
        )}
      </ListLoadable>
    </>
  );
}
