import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClient } from 'urql';
import { OFFLINE_NS } from '../i18n/offline.ts';
import { useSession } from '../session.tsx';
import { dropExpired } from './device.ts';
import { useDeviceRead, useOnline } from './hooks.ts';
import { sendWaiting, waitingWrites } from './queue.ts';
import { refreshCopy, startOnline } from './sync.ts';
import { keepDashboard } from './dashboard-copy.ts';
import { cachedDashboard } from '../pages/dashboard/query.ts';

/**
 * In the header of every staff screen (a lazy chunk): keeps the device's copy fresh while online,
 * sends the waiting writes whenever the connection returns, and shows how many wait and whether the
 * app is offline. It links to the field page, where the copy is read and written.
 */
export default function OfflineStatus() {
  const { t } = useTranslation(OFFLINE_NS);
  const { viewer, provisional } = useSession();
  const client = useClient();
  const online = useOnline();
  const membershipId = viewer?.activeMembership?.id ?? null;
  const queue = useDeviceRead(waitingWrites, []);

  useEffect(() => {
    if (!viewer || !membershipId) return;
    if (!online) {
      void dropExpired().catch(() => undefined);
      return;
    }
    // Only a viewer the server has just answered makes the key and the copy (not one read back from the device).
    if (provisional) return;
    let live = true;
    void (async () => {
      if (!navigator.onLine) return;
      await startOnline(viewer);
      if (!live) return;
      await sendWaiting(client, membershipId);
      if (!live) return;
      // The dashboard the app opened with is kept for reopening (now that the device is this person's).
      const dashboard = cachedDashboard(client);
      if (dashboard) await keepDashboard(dashboard).catch(() => undefined);
      if (live) await refreshCopy(client);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [viewer, provisional, membershipId, client, online]);

  const waiting = queue.filter((q) => !q.value.refusal).length;
  const refused = queue.length - waiting;
  return (
    <Link to="/field" className={`offline-status${online ? '' : ' offline-status-off'}`} data-testid="offline-status" aria-label={t('title')}>
      {!online && <span data-testid="offline-indicator">{t('offline')}</span>}
      {online && waiting + refused === 0 && <span className="offline-status-label">{t('nav')}</span>}
      {waiting > 0 && (
        <span className="badge" data-testid="queue-count" data-count={waiting}>
          {t('waiting', { count: waiting })}
        </span>
      )}
      {refused > 0 && (
        <span className="badge badge-cancelled" data-testid="refused-count">
          {refused} ✕
        </span>
      )}
    </Link>
  );
}
