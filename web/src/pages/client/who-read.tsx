import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../graphql.ts';
import { useFormat } from '../../lib/format.ts';

// "Who read this record" on a person's page (the manager only): every READ of the person, on
// its own or as a row of a list (auditEvents(personId:) finds both, schema/src/modules/audit-trail.ts).

const WhoReadQuery = graphql(`
  query WhoRead($personId: ID!) {
    auditEvents(first: 20, personId: $personId, action: READ) {
      totalCount
      edges { node { id at actorName entityTypeLabel listName listLabel recordCount caseNumber } }
    }
  }
`);

export function WhoRead({ personId, name }: { personId: string; name: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [result] = useQuery({ query: WhoReadQuery, variables: { personId }, requestPolicy: 'cache-and-network' });
  const events = result.data?.auditEvents;
  return (
    <section className="card" data-testid="who-read" aria-labelledby="who-read-h">
      <h2 id="who-read-h">{t('audit.whoRead')}</h2>
      <p className="muted">{t('audit.whoReadLead')}</p>
      {events && events.edges.length === 0 && <p className="muted">{t('audit.whoReadNone')}</p>}
      {events && events.edges.length > 0 && (
        <ul className="list">
          {events.edges.map(({ node: e }) => (
            <li key={e.id} data-testid="who-read-row">
              <strong>{e.actorName ?? '—'}</strong> · {f.dateTime(e.at)} · {e.entityTypeLabel}
              {e.caseNumber ? ` ${e.caseNumber}` : ''} ·{' '}
              {e.listName ? t('audit.inList', { list: e.listLabel ?? e.listName, count: e.recordCount ?? 0 }) : t('audit.alone')}
            </li>
          ))}
        </ul>
      )}
      <Link to={`/audit?${new URLSearchParams({ person: personId, personName: name })}`}>{t('audit.whoReadAll')}</Link>
    </section>
  );
}
