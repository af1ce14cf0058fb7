import type { Client } from 'urql';
import type { Area } from './session.tsx';
import { screenWords } from './i18n/index.ts';

// The first screen of each kind of user, loaded ahead of its route (#17: no chain of requests
// after sign-in). The same import() as app.tsx's lazy routes, so the same chunk: staff never load
// the network's or the municipality's screens (and their charts), nor the other way round.
export const loadDashboard = () => import('./pages/dashboard.tsx');
export const loadNetwork = () => import('./pages/network.tsx');
export const loadMunicipality = () => import('./pages/municipality.tsx');

/** Starts loading the home screen's code of an area and the screens' words (a no-op once loaded). */
export function preloadHome(area: Area): void {
  const load = area === 'center' ? loadDashboard : area === 'network' ? loadNetwork : area === 'municipality' ? loadMunicipality : null;
  void load?.().catch(() => undefined);
  if (load) void screenWords().catch(() => undefined);
}

/**
 * Right after sign-in, with the new session's client: the staff dashboard's query is sent with
 * the viewer's, not after it (the screen then reads it from the cache; see DashboardPage).
 */
export function prefetchHome(area: Area, client: Client): void {
  if (area !== 'center') return;
  void loadDashboard()
    .then((m) => m.prefetchDashboard(client))
    .catch(() => undefined);
}
