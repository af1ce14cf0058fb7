import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { fieldErrors, SelectField, TextField } from '../components/form.tsx';
import { ErrorBanner, ListLoadable, Loadable, LoadMore, NotFound } from '../components/states.tsx';
import { CaseStatusBadge } from '../components/case-bits.tsx';
import { useDraft } from '../lib/draft.ts';
import { newKey, useDebounced } from '../lib/hooks.ts';
import { usePagedQuery } from '../lib/paging.ts';

const HouseholdsQuery = graphql(`
  query Households($search: String, $first: Int!, $after: String) {
    households(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name settlement { id name } members { client { id fullName } relationship } } }
    }
  }
`);

export function HouseholdsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const search = useDebounced(q.trim());
  const paged = usePagedQuery({ query: HouseholdsQuery, variables: { search: search || null }, connection: (d) => d.households });
  const data = paged.data;
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  return (
    <>
      <PageHeader
        title={t('households.title')}
        lead={t('households.lead')}
        actions={
          <Link className="btn btn-primary" to="/households/new">
            {t('households.create')}
          </Link>
        }
      />
      <div className="toolbar" role="search">
        <div className="field field-grow">
          <label htmlFor="hh-search">{t('clients.searchLabel')}</label>
          <input id="hh-search" type="search" value={q} placeholder={t('clients.searchPlaceholder')} onChange={(e) => set({ q: e.target.value })} />
        </div>
      </div>
      <ListLoadable data={data} error={paged.error} onRetry={paged.refetch} empty={search ? t('clients.noMatch', { q: search }) : t('households.empty')}>
        {(data) => (
          <section aria-busy={paged.fetching}>
            <p className="muted" aria-live="polite">
              {t('households.count', { count: data.totalCount })}
            </p>
            <ul className="list" data-testid="households-list">
              {data.edges.map(({ node: h }) => (
                <li key={h.id}>
                  <Link className="list-row" to={`/households/${encodeURIComponent(h.id)}`}>
                    <span className="list-main">
                      <strong>{h.name}</strong>
                      <span className="muted">{[h.settlement?.name, h.members.map((m) => m.client.fullName).join(', ')].filter(Boolean).join(' · ')}</span>
                    </span>
                    <span className="badge badge-grey">{t('households.members', { count: h.members.length })}</span>
                  </Link>
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

const HouseholdQuery = graphql(`
  query Household($id: ID!) {
    node(id: $id) {
      __typename
      ... on Household {
        id name address version
        settlement { id name }
        members { isPrimaryCaregiver relationship client { id fullName birthYear kind } }
        cases { id number status statusLabel person { id fullName } }
      }
    }
  }
`);

export function HouseholdDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [result, refetch] = useQuery({ query: HouseholdQuery, variables: { id } });
  return (
    <Loadable result={result} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
      {(data) => {
        const h = data.node?.__typename === 'Household' ? data.node : null;
        if (!h) return <NotFound />;
        return (
          <>
            <PageHeader back={{ to: '/households', label: t('households.title') }} title={h.name} lead={[h.settlement?.name, h.address].filter(Boolean).join(' · ')} />
            <div className="columns">
              <section className="card">
                <h2>{t('households.membersTitle')}</h2>
                <ul className="list">
                  {h.members.map((m) => (
                    <li key={m.client.id}>
                      <Link className="list-row" to={`/clients/${encodeURIComponent(m.client.id)}`}>
                        <span className="list-main">
                          <strong>{m.client.fullName}</strong>
                          <span className="muted">
                            {t(`relationship.${m.relationship}`)}
                            {m.isPrimaryCaregiver && ` · ${t('households.primaryCaregiver')}`}
                          </span>
                        </span>
                        <span className="muted">{m.client.birthYear ?? ''}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              </section>
              <section className="card">
                <h2>{t('clients.cases')}</h2>
                {h.cases.length === 0 ? (
                  <p className="muted">{t('clients.noCases')}</p>
                ) : (
                  <ul className="list">
                    {h.cases.map((c) => (
                      <li key={c.id}>
                        <Link className="list-row" to={`/cases/${encodeURIComponent(c.id)}`}>
                          <span className="list-main">
                            <strong>{c.person.fullName}</strong>
                            <span className="muted">{c.number}</span>
                          </span>
                          <CaseStatusBadge status={c.status} label={c.statusLabel} />
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </div>
          </>
        );
      }}
    </Loadable>
  );
}

const MemberSearch = graphql(`
  query HouseholdMemberSearch($search: String!) {
    clients(search: $search, first: 6) { edges { node { id fullName birthYear } } }
  }
`);
const CreateHousehold = graphql(`
  mutation CreateHousehold($input: HouseholdInput!, $key: String) {
    createHousehold(input: $input, idempotencyKey: $key) { household { id name } }
  }
`);

const RELATIONSHIPS = ['MOTHER', 'FATHER', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GUARDIAN', 'FOSTER_PARENT', 'ADOPTIVE_PARENT', 'PARTNER', 'OTHER_RELATIVE', 'OTHER'] as const;
type Rel = (typeof RELATIONSHIPS)[number];

export function NewHouseholdPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const draft = useDraft('household-new', () => ({ key: newKey(), name: '', address: '', members: [] as { clientId: string; name: string; relationship: Rel }[] }));
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const [found] = useQuery({ query: MemberSearch, variables: { search: q }, pause: q.length < 2 });
  const [result, create] = useMutation(CreateHousehold);
  const errors = fieldErrors(result.error);
  const form = draft.value;
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await create({ key: form.key, input: { name: form.name.trim(), address: form.address.trim() || null, members: form.members.map((m) => ({ clientId: m.clientId, relationship: m.relationship })) } });
    const h = r.data?.createHousehold.household;
    if (h) {
      draft.clear();
      navigate(`/households/${encodeURIComponent(h.id)}`);
    }
  }
  return (
    <>
      <PageHeader title={t('households.create')} back={{ to: '/households', label: t('households.title') }} />
      <form className="card form" onSubmit={submit} noValidate>
        <ErrorBanner error={result.error} />
        <div className="grid-2">
          <TextField label={t('households.name')} hint={t('households.nameHint')} required value={form.name} error={errors.name} onChange={(e) => draft.update({ name: e.target.value })} />
          <TextField label={t('clients.address')} optional value={form.address} error={errors.address} onChange={(e) => draft.update({ address: e.target.value })} />
        </div>
        <h2>{t('households.membersTitle')}</h2>
        {form.members.length > 0 && (
          <ul className="list">
            {form.members.map((m, i) => (
              <li key={m.clientId} className="list-row">
                <span className="list-main">
                  <strong>{m.name}</strong>
                </span>
                <SelectField
                  label={t('households.relationship')}
                  value={m.relationship}
                  onChange={(e) => draft.update({ members: form.members.map((x, j) => (j === i ? { ...x, relationship: e.target.value as Rel } : x)) })}
                  options={RELATIONSHIPS.map((r) => ({ value: r, label: t(`relationship.${r}`) }))}
                />
                <button type="button" className="btn btn-small btn-quiet" onClick={() => draft.update({ members: form.members.filter((_, j) => j !== i) })}>
                  {t('common.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <TextField label={t('households.addMember')} type="search" value={search} placeholder={t('clients.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} />
        {found.data && (
          <ul className="list">
            {found.data.clients.edges
              .filter(({ node }) => !form.members.some((m) => m.clientId === node.id))
              .map(({ node: c }) => (
                <li key={c.id}>
                  <button type="button" className="list-row list-button" onClick={() => { draft.update({ members: [...form.members, { clientId: c.id, name: c.fullName, relationship: form.members.length ? 'SIBLING' : 'CHILD' }] }); setSearch(''); }}>
                    <span className="list-main">
                      <strong>{c.fullName}</strong>
                      <span className="muted">{c.birthYear ?? ''}</span>
                    </span>
                    <span className="btn btn-small">{t('common.add')}</span>
                  </button>
                </li>
              ))}
          </ul>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={result.fetching}>
            {result.fetching ? t('common.saving') : t('common.save')}
          </button>
          <Link to="/households" className="btn btn-quiet" onClick={() => draft.clear()}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
