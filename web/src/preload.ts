import type { Client } from 'urql';
import type { Area, Viewer } from './session.tsx';
import { currentLang, LOCALES, screenWords } from './i18n/index.ts';
import { prefetchDashboard } from './pages/dashboard/query.ts';
import type { DashboardCopy } from './offline/dashboard-copy.ts';

// The first screen of each kind of user, loaded ahead of its route (#17: no chain of requests
// after sign-in). The same import() as app.tsx's lazy routes, so the same chunk: staff never load
// the network's or the municipality's screens (and their charts), nor the other way round.
/** A screen's code, loaded once; `loaded()` is the module once it is in (app.tsx renders it without suspending). */
export type ScreenLoader<M> = (() => Promise<M>) & { loaded: () => M | undefined };
function screen<M>(load: () => Promise<M>): ScreenLoader<M> {
  let module: M | undefined;
  return Object.assign(() => load().then((m) => (module = m)), { loaded: () => module });
}
export const loadDashboard = screen(() => import('./pages/dashboard.tsx'));
export const loadNetwork = screen(() => import('./pages/network.tsx'));
export const loadMunicipality = screen(() => import('./pages/municipality.tsx'));
/** The field page: the installed app's start page (vite.config.ts `start_url`). */
export const loadField = screen(() => import('./pages/field.tsx'));

/** Starts loading the home screen's code of an area and the screens' words (a no-op once loaded). */
export function preloadHome(area: Area): void {
  const load = area === 'center' ? loadDashboard : area === 'network' ? loadNetwork : area === 'municipality' ? loadMunicipality : null;
  void load?.().catch(() => undefined);
  if (load) preloadScreen();
}

/** What every signed-in first screen needs beside its own code: the words, and the locale's dates ready. */
export function preloadScreen(): void {
  void screenWords().catch(() => undefined);
  // The first date formatter of a locale loads its data (30–45 ms of a phone's first render): made
  // once here, while the app waits for the network, it is not on the screen's path. (Not through
  // lib/format.ts: importing it from here splits the entry bundle into many files.)
  setTimeout(() => new Intl.DateTimeFormat(LOCALES[currentLang()], { weekday: 'long', day: 'numeric', month: 'long' }).format(new Date()), 0);
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
