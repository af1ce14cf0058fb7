import type { Client } from 'urql';
import type { Area, Viewer } from './session.tsx';
import { screenWords } from './i18n/index.ts';
import { prefetchDashboard } from './pages/dashboard/query.ts';
import type { DashboardCopy } from './offline/dashboard-copy.ts';

// The first screen of each kind of user, loaded ahead of its route (#17: no chain of requests
// after sign-in). The same import() as app.tsx's lazy routes, so the same chunk: staff never load
// the network's or the municipality's screens (and their charts), nor the other way round.
export const loadDashboard = () => import('./pages/dashboard.tsx');
export const loadNetwork = () => import('./pages/network.tsx');
export const loadMunicipality = () => import('./pages/municipality.tsx');
/** The field page: the installed app's start page (vite.config.ts `start_url`). */
export const loadField = () => import('./pages/field.tsx');

/** Starts loading the home screen's code of an area and the screens' words (a no-op once loaded). */
export function preloadHome(area: Area): void {
  const load = area === 'center' ? loadDashboard : area === 'network' ? loadNetwork : area === 'municipality' ? loadMunicipality : null;
  void load?.().catch(() => undefined);
  if (load) void screenWords().catch(() => undefined);
}

/**
 * Right after sign-in (or opening the app on its home page), with the session's client: the staff
 * dashboard's query, which carries the viewer's fields too, is the one request; the session reads
 * the viewer from its answer and the screen its data (see DashboardPage). Settles when it is
 * answered (or failed: the session then asks for the viewer itself).
 */
export function prefetchHome(area: Area, client: Client): Promise<{ ended: boolean }> {
  if (area !== 'center') return Promise.resolve({ ended: false });
  // The query lives in the entry (pages/dashboard/query.ts): it goes out while the screen's code loads.
  return prefetchDashboard(client).catch(() => ({ ended: false }));
}

/** The dashboard kept on this device (offline/dashboard-copy.ts, its own chunk), or null. */
export const readDashboardCopy = (): Promise<DashboardCopy | null> =>
  import('./offline/dashboard-copy.ts').then((m) => m.readDashboardCopy()).catch(() => null);

/**
 * The person this device keeps its offline copy for (offline/sync.ts), or null: who a reopened
 * field page is shown as, from the device's own copy, until the server answers.
 */
export const readKeptViewer = (): Promise<Viewer | null> =>
  import('./offline/sync.ts').then((m) => m.keptViewer()).catch(() => null);

/** Forgets the dashboard kept on this device (the session ended, or someone signs in). */
export const dropDashboardCopy = (): Promise<void> =>
  import('./offline/dashboard-copy.ts').then((m) => m.dropDashboardCopy()).catch(() => undefined);
