import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../graphql.ts';
import { useAfterFirstScreen } from '../lib/first-screen.ts';

const UnreadCount = graphql(`query UnreadNotificationCount { unreadNotificationCount }`);

/** The bell in the header: how many of the person's notifications are unread; opens the list. */
export function NotificationBell() {
  const { t } = useTranslation();
  // Not before the first screen has shown (lib/first-screen.ts).
  const [query, refetch] = useQuery({ query: UnreadCount, pause: !useAfterFirstScreen() });
  // New reminders arrive from the server's job: look again every minute.
  useEffect(() => {
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), 60_000);
    return () => clearInterval(timer);
  }, [refetch]);
  const count = query.data?.unreadNotificationCount ?? 0;
  return (
    <Link to="/notifications" className="bell" aria-label={t('notifications.bell', { count })} data-testid="notification-bell">
      <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
        <path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zm-2 15a2 2 0 0 0 4 0" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      </svg>
      {count > 0 && (
        <span className="bell-count" data-testid="notification-count">
          {count}
        </span>
      )}
    </Link>
  );
}
