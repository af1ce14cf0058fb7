import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Provider, stringifyDocument, useQuery, type Client } from 'urql';
import { graphql, type ResultOf } from './graphql.ts';
import { clearDrafts, readLocal, readSession, writeLocal, writeSession } from './lib/storage.ts';
import { createOporaClient } from './lib/urql.ts';
import { FullPageLoading, FullPageError } from './components/states.tsx';
import { dropDashboardCopy, loadField, preloadHome, preloadScreen, prefetchHome, readDashboardCopy, readKeptViewer } from './preload.ts';
import type { DashboardCopy } from './offline/dashboard-copy.ts';
import { screenWords } from './i18n/index.ts';
import { ViewerFields } from './lib/viewer-fields.ts';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer { ...ViewerFields }
  }
`, [ViewerFields]);

const SignOutMutation = graphql(`mutation SignOut { logout }`);

export type Viewer = NonNullable<ResultOf<typeof ViewerQuery>['viewer']>;
export type Role = NonNullable<Viewer['activeMembership']>['role'];
export type Area = 'center' | 'network' | 'municipality' | 'none';

export function areaOf(role: Role | undefined | null): Area {
  if (!role) return 'none';
  if (role === 'NETWORK_ANALYST' || role === 'NETWORK_ADMIN') return 'network';
  if (role === 'MUNICIPAL_VIEWER') return 'municipality';
  return 'center';
}

const EXPIRED_KEY = 'opora.expired';
// The kind of user last signed in on this device ('center', …): which home screen to load early.
const AREA_KEY = 'opora.area';

/** The sign-in URL that brings the person back here (and says why, when the session expired). */
export function signInUrl(next: string): string {
  return `/sign-in?${readSession(EXPIRED_KEY) ? 'expired=1&' : ''}next=${encodeURIComponent(next)}`;
}

export const homeOf = (area: Area) => (area === 'network' ? '/network' : area === 'municipality' ? '/municipality' : '/');

type Session = {
  viewer: Viewer | null;
  /** The viewer is the one the device kept (reopened, or offline), not yet one the server answered. */
  provisional: boolean;
  area: Area;
  isManager: boolean;
  /**
   * The dashboard kept on this device, read when the app is reopened on it (offline/dashboard-copy.ts):
   * shown, marked with its time, until the server's answer comes, or instead of an error without a
   * signal. Null once the session has ended, after sign-out, sign-in or a switch.
   */
  dashboardCopy: DashboardCopy | null;
  /** The dashboard's query sent as the app opened is still on its way (its screen waits for it). */
  homePending: boolean;
  /** After a successful sign-in: the server has set the session cookie; load the viewer (and the home screen's data, for the area the sign-in answered). */
  signedIn(area?: Area): void;
  signOut(): Promise<void>;
  switchMembership(membershipId: string): Promise<void>;
};

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

// The session token never reaches this code: sign-in sets an HttpOnly, SameSite=Strict cookie
// that no script can read, the browser sends it with every request, and sign-out asks the
// server to end the session and clear it. Whether someone is signed in is what `viewer` says.
// (Earlier versions kept the token in localStorage; it is removed from there on start.)
const LEGACY_TOKEN_KEY = 'opora.token';

/** Owns the urql client (one per signed-in membership) and the viewer. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const { i18n } = useTranslation();
  const [epoch, setEpoch] = useState(0);
  const here = useRef('/');
  here.current = location.pathname + location.search;
  // Whether this page has seen a signed-in viewer: losing it then means the session ended.
  const hadViewer = useRef(false);
  // The last viewer the server answered, shown while a new client (language switch) refetches.
  const lastViewer = useRef<Viewer | null>(null);
  // From sign-out until the next sign-in, a refused answer is not an expiry.
  const signingOut = useRef(false);
  // Once the server has ended the session, and until the next sign-in, nobody is signed in:
  // the previous client's last viewer (urql keeps a result's data while the new client asks
  // again) must not count, or the sign-in page would send "you" home and the viewer's null
  // answer would send you to sign-in a second time. Sign-out has one path: /sign-in?signedOut=1.
  const signedOut = useRef(false);
  // Set by sign-out until the app stands on the sign-in page: the one redirect of a sign-out is
  // the viewer gate's (the router applies a navigation in a transition, after the render in
  // which the viewer is gone, so a navigate() here would race the route guards' redirect).
  const leaving = useRef(false);

  useEffect(() => writeLocal(LEGACY_TOKEN_KEY, null), []);

  // Reopened on the dashboard (see homeFirst below): the device's copy of it, read at once.
  const [dashboardCopy, setDashboardCopy] = useState<DashboardCopy | null>(null);
  // Reopened on the field page (the installed app's start page): the person the device keeps its
  // offline copy for, so the page shows that copy at once while the server is asked who is signed in.
  const [keptViewer, setKeptViewer] = useState<Viewer | null>(null);
  const copyLive = useRef(true);
  const forgetCopy = useCallback((fromDevice: boolean) => {
    copyLive.current = false;
    setDashboardCopy(null);
    setKeptViewer(null);
    if (fromDevice) void dropDashboardCopy();
  }, []);

  const expire = useCallback(() => {
    // Whatever the device kept of the dashboard is not shown again once the session has ended.
    forgetCopy(true);
    if (!hadViewer.current || signingOut.current) return;
    hadViewer.current = false;
    lastViewer.current = null;
    // Drafts stay in sessionStorage: after signing in again the form comes back as it was.
    writeSession(EXPIRED_KEY, true);
    setEpoch((e) => e + 1);
    const next = here.current.startsWith('/sign-in') ? '/' : here.current;
    navigate(signInUrl(next), { replace: true });
  }, [navigate, forgetCopy]);

  // One client per epoch (sign-in, sign-out, switch, language), never per navigation: React
  // Router's navigate() — and so expire — changes with the location, and a client made anew on
  // each would drop its cache and ask for the viewer and the screen again (#17's second viewer query).
  const expireRef = useRef(expire);
  expireRef.current = expire;
  const client = useMemo<Client>(() => createOporaClient(() => expireRef.current()), [epoch]);
  // Just signed in: the home screen's query goes out with the viewer's, on the new client.
  // Opening the app on its home page as the same kind of user as last time does the same (if
  // the session has ended meanwhile, that query's refusal is the expiry the viewer's would be).
  // Until that query is answered, the viewer's own waits: the answer carries the viewer too, and
  // the session reads it from the cache (one request, not two; if it fails, the viewer's goes).
  const [homeFirst, setHomeFirst] = useState<Area | null>(() => {
    const last = readLocal(AREA_KEY);
    if (location.pathname === '/' && last === 'center') {
      preloadHome(last);
      void readDashboardCopy().then((copy) => {
        if (copy && copyLive.current) setDashboardCopy(copy);
      });
      return last;
    }
    if (location.pathname === '/field' && last === 'center') {
      void loadField().catch(() => undefined);
      preloadScreen();
      void readKeptViewer().then((v) => {
        if (v && copyLive.current) setKeptViewer(v);
      });
      return null;
    }
    if ((last === 'center' || last === 'network' || last === 'municipality') && !location.pathname.startsWith('/sign-in')) {
      // Likely still signed in, on another screen: its words load with the viewer's query.
      void screenWords().catch(() => undefined);
    }
    return null;
  });
  useEffect(() => {
    if (!homeFirst) return;
    let live = true;
    void prefetchHome(homeFirst, client).then(({ ended }) => {
      if (!live) return;
      // The session has ended: the copy leaves the screen now, before the viewer's answer says so.
      if (ended) forgetCopy(true);
      setHomeFirst(null);
    });
    return () => {
      live = false;
    };
  }, [client, homeFirst, forgetCopy]);

  // Names of centers, services and the like come from the server in the reader's language.
  const firstLang = useRef(i18n.language);
  useEffect(() => {
    const onChange = (lng: string) => {
      if (lng === firstLang.current) return;
      firstLang.current = lng;
      setEpoch((e) => e + 1);
    };
    i18n.on('languageChanged', onChange);
    return () => i18n.off('languageChanged', onChange);
  }, [i18n]);

  const signedIn = useCallback((area?: Area) => {
    // Someone signed in: a copy kept for whoever was here before is not theirs to see.
    forgetCopy(true);
    setHomeFirst(area === 'center' ? area : null);
    signingOut.current = false;
    signedOut.current = false;
    writeSession(EXPIRED_KEY, null);
    setEpoch((e) => e + 1);
  }, [forgetCopy]);

  const signOut = useCallback(async () => {
    // Writes made offline and not yet sent go with the device's copy: the person decides.
    const device = await import('./offline/sign-out.ts').catch(() => null);
    if (device && !(await device.mayWipeDevice())) return;
    // Signing out is not an expiry: answers refused from here on must not send us to
    // "your session expired".
    signingOut.current = true;
    forgetCopy(false);
    hadViewer.current = false;
    lastViewer.current = null;
    // The server ends the session and clears the cookie (HttpOnly: only it can). Sent past
    // the client's cache, so no screen refetches (and fails) while the session ends.
    await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operationName: 'SignOut', query: stringifyDocument(SignOutMutation) }),
    }).catch(() => undefined);
    writeSession(EXPIRED_KEY, null);
    writeLocal(AREA_KEY, null);
    clearDrafts();
    // What the phone kept for offline work (and its key) goes with the session.
    await device?.wipeDevice().catch(() => undefined);
    signedOut.current = true;
    leaving.current = true;
    setEpoch((e) => e + 1);
  }, [forgetCopy]);

  const switchMembership = useCallback(
    async (membershipId: string) => {
      // A request of its own; the next requests run as the new membership.
      const result = await client
        .mutation(graphql(`mutation SwitchMembership($id: ID!) { switchMembership(membershipId: $id) { activeMembership { id role } } }`), { id: membershipId })
        .toPromise();
      if (result.error) throw result.error;
      forgetCopy(true);
      const role = result.data?.switchMembership.activeMembership?.role;
      setEpoch((e) => e + 1);
      navigate(homeOf(areaOf(role)), { replace: true });
    },
    [client, navigate, forgetCopy],
  );

  return (
    <Provider value={client}>
      <ViewerGate waitForHome={homeFirst !== null} dashboardCopy={dashboardCopy} keptViewer={keptViewer} firstClient={epoch === 0} hadViewer={hadViewer} lastViewer={lastViewer} signedOut={signedOut} leaving={leaving} pathname={location.pathname} expire={expire} signedIn={signedIn} signOut={signOut} switchMembership={switchMembership}>
        {children}
      </ViewerGate>
    </Provider>
  );
}

function ViewerGate(props: {
  waitForHome: boolean;
  dashboardCopy: DashboardCopy | null;
  keptViewer: Viewer | null;
  /** The page's first client: no sign-in, sign-out or switch has happened in this page yet. */
  firstClient: boolean;
  hadViewer: { current: boolean };
  lastViewer: { current: Viewer | null };
  signedOut: { current: boolean };
  leaving: { current: boolean };
  pathname: string;
  expire: () => void;
  children: ReactNode;
  signedIn: Session['signedIn'];
  signOut: Session['signOut'];
  switchMembership: Session['switchMembership'];
}) {
  // Each client (sign-in, sign-out, switch, language) starts with an empty cache, so the viewer
  // is asked of the server, unless the home screen's answer just brought it (see homeFirst).
  const [{ data, error, fetching }, refetch] = useQuery({ query: ViewerQuery, requestPolicy: 'cache-first', pause: props.waitForHome });
  // Without a connection the server cannot say who is signed in: a staff member's phone opens as
  // the person it kept (offline/sync.ts), and asks the server again when the connection returns.
  const [deviceViewer, setDeviceViewer] = useState<Viewer | null>(null);
  const unreachable = Boolean(error?.networkError) && data === undefined && !props.signedOut.current;
  useEffect(() => {
    if (!unreachable) return;
    let live = true;
    void readKeptViewer().then((v) => live && setDeviceViewer(v));
    return () => {
      live = false;
    };
  }, [unreachable]);
  useEffect(() => {
    const again = () => refetch({ requestPolicy: 'network-only' });
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [refetch]);
  // Keep the last viewer while a new client (language switch) refetches: no flash of a loader.
  // Only a fresh answer counts as having been signed in.
  const answered = data !== undefined;
  const settled = answered && !fetching;
  const signedOut = props.signedOut.current;
  if (data?.viewer && !signedOut) {
    props.lastViewer.current = data.viewer;
    props.hadViewer.current = true;
  } else if (settled) props.lastViewer.current = null;
  // Until the server has answered, a reopened app is the person its dashboard copy (or, on the
  // field page, its offline copy) was kept for.
  const copyViewer = props.dashboardCopy?.data.viewer ?? props.keptViewer;
  const viewer = signedOut
    ? null
    : (data?.viewer ?? (settled ? null : (props.lastViewer.current ?? (unreachable ? (deviceViewer ?? copyViewer) : answered ? null : copyViewer))));
  // The session ended on the server's side (expired, revoked): back to sign-in, drafts kept.
  const expired = Boolean(settled && data?.viewer === null && props.hadViewer.current);
  useEffect(() => {
    if (expired) props.expire();
  }, [expired, props]);
  const area = areaOf(viewer?.activeMembership?.role);
  useEffect(() => {
    if (viewer) writeLocal(AREA_KEY, area);
  }, [viewer, area]);

  const value = useMemo<Session>(
    () => ({
      viewer,
      provisional: viewer !== null && !data?.viewer,
      area,
      isManager: viewer?.activeMembership?.role === 'MANAGER',
      dashboardCopy: signedOut ? null : props.dashboardCopy,
      homePending: props.waitForHome,
      signedIn: props.signedIn,
      signOut: props.signOut,
      switchMembership: props.switchMembership,
    }),
    [viewer, data?.viewer, area, signedOut, props.dashboardCopy, props.waitForHome, props.signedIn, props.signOut, props.switchMembership],
  );

  // Signed out: to the sign-in page before any screen (or its guard) renders without a viewer.
  if (props.leaving.current) {
    if (props.pathname !== '/sign-in') return <Navigate to="/sign-in?signedOut=1" replace />;
    props.leaving.current = false;
  }
  // Until the first answer we do not know whether the browser holds a session. The sign-in form
  // does not wait for it, on opening the page, on a device where nobody is signed in (no home area kept: a first visit,
  // or after signing out): it is usable at once (#17: within 1.5 s cold), and if the answer names
  // someone after all, the sign-in page sends them home.
  if (!answered && !viewer) {
    if (error && !fetching) return <FullPageError onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
    if (!(props.firstClient && props.pathname === '/sign-in' && readLocal(AREA_KEY) === null)) return <FullPageLoading />;
  }
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}
