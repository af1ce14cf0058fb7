import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../graphql.ts';
import { LoadMore } from '../../components/states.tsx';
import { useFormat } from '../../lib/format.ts';
import { usePagedQuery } from '../../lib/paging.ts';

// The contracts whose term ends soon or has passed while they are still in force: the server's
// rule (schema/src/modules/due-dates.ts, `contractsEndingWhere`), the earliest end first, each
// leading to its case, where it is extended or ended.
export const ContractsEndingQuery = graphql(`
  query ContractsEnding($first: Int!, $after: String) {
    contractsEnding(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id number endsOn expired daysToEnd case { id number person { id fullName } } } }
    }
  }
`);

export function ContractsEnding() {
  const { t } = useTranslation();
  const f = useFormat();
  const paged = usePagedQuery({ query: ContractsEndingQuery, variables: {}, connection: (d) => d.contractsEnding, pageSize: 10 });
  const rows = paged.data?.edges ?? [];
  return (
    <section className="card" aria-labelledby="contracts-ending-h" data-testid="contracts-ending" style={{ marginTop: '1rem' }}>
      <div className="card-head">
        <h2 id="contracts-ending-h">{t('dashboard.contractsEnding')}</h2>
        {paged.data && <span className="muted">{f.number(paged.data.totalCount)}</span>}
      </div>
      <p className="muted">{t('dashboard.contractsEndingLead')}</p>
      {paged.data && rows.length === 0 ? (
        <p className="muted">{t('dashboard.contractsEndingEmpty')}</p>
      ) : (
        <ul className="list">
          {rows.map(({ node: k }) => (
            <li key={k.id} data-testid="contract-ending">
              <Link className="list-row" to={`/cases/${encodeURIComponent(k.case.id)}`}>
                <span className="list-main">
                  <strong>{k.case.person.fullName}</strong>
                  <span className="muted">
                    {k.case.number} · {t('dashboard.contractEndsOn', { number: k.number, date: f.shortDate(k.endsOn) })}
                  </span>
                </span>
                {k.expired ? (
                  <span className="badge badge-err">{t('dashboard.contractExpired', { count: -(k.daysToEnd ?? 0) })}</span>
                ) : (
                  <span className="badge badge-warn">{k.daysToEnd ? t('dashboard.contractEndsIn', { count: k.daysToEnd }) : t('dashboard.contractEndsToday')}</span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <LoadMore paged={paged} />
    </section>
  );
}
