import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { Loadable, NotFound } from '../components/states.tsx';
import { CaseStatusBadge } from '../components/case-bits.tsx';
import { Consents } from './client-consents.tsx';
import { Documents } from './case/documents.tsx';
import { WhoRead } from './client/who-read.tsx';
import { useSession } from '../session.tsx';
import { useFormat } from '../lib/format.ts';
import { ageFrom } from '../lib/hooks.ts';
import { ChangeHistory, DataRightsBanners, DataRightsCard } from './client-data-rights.tsx';

const ClientQuery = graphql(`
  query ClientDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on Client {
        id fullName kind birthDate birthYear sex address phone email version createdAt updatedAt
        restricted anonymisedAt restriction { at reason by }
        settlement { id name municipality { id name } }
        cases { id number status statusLabel referralDate }
        consents { id purpose givenBy givenOn withdrawnOn documentRef isActive }
      }
    }
  }
`);

export function ClientDetailPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { isManager } = useSession();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const [result, refetch] = useQuery({ query: ClientQuery, variables: { id } });
  return (
    <Loadable result={result} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
      {(data) => {
        const c = data.node?.__typename === 'Client' ? data.node : null;
        if (!c) return <NotFound />;
        const age = ageFrom(c.birthDate, c.birthYear);
        return (
          <>
            <PageHeader
              back={{ to: '/clients', label: t('clients.title') }}
              title={c.fullName}
              lead={[t(`kinds.${c.kind}`), age !== null ? t('clients.age', { count: age }) : null, c.settlement?.name].filter(Boolean).join(' · ')}
              actions={
                <Link className="btn" to={`/clients/${encodeURIComponent(c.id)}/edit`}>
                  {t('common.edit')}
                </Link>
              }
            />
            <DataRightsBanners client={c} isManager={isManager} />
            {params.get('registered') && (
              <div className="banner banner-ok" role="status">
                {t('clients.registered')}
              </div>
            )}
            {params.get('duplicates') && <div className="banner banner-warn">{t('clients.possibleDuplicates')}</div>}
            {params.get('saved') && (
              <div className="banner banner-ok" role="status">
                {t('state.saved')}
              </div>
            )}
            <div className="columns">
              <section className="card" aria-labelledby="profile-h">
                <h2 id="profile-h">{t('clients.profile')}</h2>
                <dl className="facts">
                  <dt>{t('clients.birthDate')}</dt>
                  <dd>{c.birthDate ? f.date(c.birthDate) : c.birthYear ? t('clients.bornYear', { year: c.birthYear }) : '—'}</dd>
                  <dt>{t('clients.sex')}</dt>
                  <dd>{t(`sex.${c.sex}`)}</dd>
                  <dt>{t('clients.settlement')}</dt>
                  <dd>{c.settlement ? `${c.settlement.name}, ${c.settlement.municipality.name}` : '—'}</dd>
                  <dt>{t('clients.address')}</dt>
                  <dd>{c.address ?? '—'}</dd>
                  <dt>{t('clients.phone')}</dt>
                  <dd>{c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : '—'}</dd>
                  <dt>{t('clients.emailField')}</dt>
                  <dd>{c.email ?? '—'}</dd>
                </dl>
              </section>
              <div>
                <section className="card" aria-labelledby="cases-h">
                  <h2 id="cases-h">{t('clients.cases')}</h2>
                  {c.cases.length === 0 ? (
                    <p className="muted">{t('clients.noCases')}</p>
                  ) : (
                    <ul className="list">
                      {c.cases.map((k) => (
                        <li key={k.id}>
                          <Link className="list-row" to={`/cases/${encodeURIComponent(k.id)}`}>
                            <span className="list-main">
                              <strong>{k.number}</strong>
                              <span className="muted">{t('cases.referredOn', { date: f.shortDate(k.referralDate) })}</span>
                            </span>
                            <CaseStatusBadge status={k.status} label={k.statusLabel} />
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
                <Consents clientId={c.id} consents={c.consents} />
                <Documents ownerId={c.id} canAdd canErase={isManager} />
                {isManager && <WhoRead personId={c.id} name={c.fullName} />}
                {isManager && <DataRightsCard client={c} />}
                {(isManager || !c.restricted) && <ChangeHistory clientId={c.id} />}
              </div>
            </div>
          </>
        );
      }}
    </Loadable>
  );
}
