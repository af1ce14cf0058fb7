import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { Empty, ErrorBanner, Loadable } from '../components/states.tsx';
import { useFormat } from '../lib/format.ts';

// „Известия / Notifications": the signed-in person's own reminders (due dates, contracts ending,
// a case assigned, an invitation). Each leads to its case (or the account page) and is cleared
// here; the bell in the header counts those not yet read (components/notification-bell.tsx).

export const MyNotificationsQuery = graphql(`
  query MyNotifications { unreadNotificationCount myNotifications(first: 100) { id kind caseNumber dueOn overdue path createdAt readAt } }
`);
const ClearNotification = graphql(`mutation ClearNotification($id: ID!) { clearNotification(id: $id) }`);
const ClearNotifications = graphql(`mutation ClearNotifications { clearNotifications }`);
const ReadNotifications = graphql(`mutation ReadNotifications($ids: [ID!]) { readNotifications(ids: $ids) }`);

export function NotificationsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [query, refetch] = useQuery({ query: MyNotificationsQuery, requestPolicy: 'cache-and-network' });
  const [clearing, clear] = useMutation(ClearNotification);
  const [clearingAll, clearAll] = useMutation(ClearNotifications);
  const [, read] = useMutation(ReadNotifications);
  const items = query.data?.myNotifications ?? [];
  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        actions={
          items.length > 0 ? (
            <button type="button" className="btn" disabled={clearingAll.fetching} onClick={() => void clearAll({})} data-testid="clear-all-notifications">
              {t('notifications.clearAll')}
            </button>
          ) : null
        }
      />
      <ErrorBanner error={clearing.error ?? clearingAll.error} />
      <Loadable result={query} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {() =>
          items.length === 0 ? (
            <Empty>{t('notifications.none')}</Empty>
          ) : (
            <ul className="list" data-testid="notifications">
              {items.map((n) => (
                <li key={n.id} className={`list-row notification${n.readAt ? '' : ' notification-unread'}`} data-testid="notification">
                  <Link to={n.path} onClick={() => (n.readAt ? undefined : void read({ ids: [n.id] }))} data-testid="notification-link">
                    <strong>{t(`notifications.kinds.${n.kind}`)}</strong>
                    {n.caseNumber && <> · {n.caseNumber}</>}
                    {n.dueOn && (
                      <span className={n.overdue ? 'btn-danger' : 'muted'}>
                        {' '}
                        · {n.overdue ? t('notifications.overdue') : t('notifications.due')} {f.date(n.dueOn)}
                      </span>
                    )}
                  </Link>
                  <span className="muted"> {f.dateTime(n.createdAt)} </span>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={clearing.fetching}
                    aria-label={`${t('notifications.clear')}: ${t(`notifications.kinds.${n.kind}`)} ${n.caseNumber ?? ''}`}
                    onClick={() => void clear({ id: n.id })}
                    data-testid="clear-notification"
                  >
                    {t('notifications.clear')}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Loadable>
    </>
  );
}
