import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/layout.tsx';
import { FullPageLoading, NotFound, Spinner } from './components/states.tsx';
import { screenWords, screenWordsReady } from './i18n/index.ts';
import { SignInPage } from './pages/sign-in.tsx';
import { homeOf, signInUrl, useSession, type Area } from './session.tsx';
import { loadDashboard, loadField, loadMunicipality, loadNetwork } from './preload.ts';

// Each area is its own chunk: the sign-in screen and the shell are all a first visit loads. A
// screen's words come with its code (i18n/index.ts), at the same time. A home screen loaded ahead
// (preload.ts) with its words in renders at once: lazy() given a thenable that answers in the same
// turn does not suspend, so React has no fallback to show and no reveal to hold back (its
// throttle kept a ready dashboard off the screen for ≈ 300 ms after sign-in and on reopening).
type Screens<K extends string> = Record<K, () => ReactNode>;
const page = <K extends string>(load: (() => Promise<Screens<K>>) & { loaded?: () => Screens<K> | undefined }, name: K) =>
  lazy(() => {
    const ready = load.loaded?.();
    // (React reads only `then`; its types ask for a whole Promise.)
    if (ready && screenWordsReady()) return { then: (resolve: (m: { default: () => ReactNode }) => void) => resolve({ default: ready[name] }) } as unknown as Promise<{ default: () => ReactNode }>;
    return Promise.all([load(), screenWords()]).then(([module]) => ({ default: module[name] }));
  });

const Dashboard = page(loadDashboard, 'DashboardPage');
const Clients = page(() => import('./pages/clients.tsx'), 'ClientsPage');
const ClientDetail = page(() => import('./pages/client-detail.tsx'), 'ClientDetailPage');
const ClientEdit = page(() => import('./pages/client-form.tsx'), 'ClientEditPage');
const ClientNew = page(() => import('./pages/client-form.tsx'), 'ClientNewPage');
const Cases = page(() => import('./pages/cases.tsx'), 'CasesPage');
const NewReferral = page(() => import('./pages/cases.tsx'), 'NewReferralPage');
const CaseDetail = page(() => import('./pages/case-detail.tsx'), 'CaseDetailPage');
const SessionLog = page(() => import('./pages/session-log.tsx'), 'SessionLogPage');
const Sessions = page(() => import('./pages/sessions.tsx'), 'SessionsPage');
const Work = page(() => import('./pages/work.tsx'), 'WorkPage');
const Field = page(loadField, 'FieldPage');
const Groups = page(() => import('./pages/groups.tsx'), 'GroupsPage');
const GroupDetail = page(() => import('./pages/groups.tsx'), 'GroupDetailPage');
const Households = page(() => import('./pages/households.tsx'), 'HouseholdsPage');
const HouseholdDetail = page(() => import('./pages/households.tsx'), 'HouseholdDetailPage');
const NewHousehold = page(() => import('./pages/households.tsx'), 'NewHouseholdPage');
const Settings = page(() => import('./pages/manager/settings.tsx'), 'SettingsPage');
const Audit = page(() => import('./pages/manager/audit.tsx'), 'AuditPage');
const HistoryImport = page(() => import('./pages/manager/history-import.tsx'), 'HistoryImportPage');
const Reports = page(() => import('./pages/manager/reports.tsx'), 'ReportsPage');
const Registers = page(() => import('./pages/manager/registers.tsx'), 'RegistersPage');
const OpenAccess = page(() => import('./pages/open-access.tsx'), 'OpenAccessPage');
const Network = page(loadNetwork, 'NetworkPage');
const Municipality = page(loadMunicipality, 'MunicipalityPage');
const MunicipalAnalysis = page(() => import('./pages/municipal-analysis.tsx'), 'MunicipalAnalysisPage');
const Account = page(() => import('./pages/account.tsx'), 'AccountPage');
const Notifications = page(() => import('./pages/notifications.tsx'), 'NotificationsPage');
const SetPassword = page(() => import('./pages/set-password.tsx'), 'SetPasswordPage');

/** Any signed-in person, whatever their area (their own account). */
function RequireSignedIn({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session.viewer) return <Navigate to={signInUrl(location.pathname + location.search)} replace />;
  return <Suspense fallback={<Spinner />}>{children}</Suspense>;
}

function RequireArea({ area, manager, children }: { area: Area; manager?: boolean; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session.viewer) {
    return <Navigate to={signInUrl(location.pathname + location.search)} replace />;
  }
  if (session.area !== area) return <Navigate to={homeOf(session.area)} replace />;
  if (manager && !session.isManager) return <NotFound />;
  return <Suspense fallback={<Spinner />}>{children}</Suspense>;
}

function Home() {
  const session = useSession();
  if (!session.viewer) return <Navigate to="/sign-in" replace />;
  if (session.area !== 'center') return <Navigate to={homeOf(session.area)} replace />;
  return (
    <Suspense fallback={<Spinner />}>
      <Dashboard />
    </Suspense>
  );
}

export function App() {
  const staff = (node: ReactNode, manager = false) => (
    <RequireArea area="center" manager={manager}>
      {node}
    </RequireArea>
  );
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/set-password" element={<Suspense fallback={<Spinner />}><SetPassword /></Suspense>} />
      <Route element={<Suspense fallback={<FullPageLoading />}><Layout /></Suspense>}>
        <Route index element={<Home />} />
        <Route path="clients" element={staff(<Clients />)} />
        <Route path="clients/new" element={staff(<ClientNew />)} />
        <Route path="clients/:id" element={staff(<ClientDetail />)} />
        <Route path="clients/:id/edit" element={staff(<ClientEdit />)} />
        <Route path="cases" element={staff(<Cases />)} />
        <Route path="cases/new" element={staff(<NewReferral />)} />
        <Route path="cases/:id" element={staff(<CaseDetail />)} />
        <Route path="sessions" element={staff(<Sessions />)} />
        <Route path="sessions/new" element={staff(<SessionLog />)} />
        <Route path="work" element={staff(<Work />)} />
        <Route path="field" element={staff(<Field />)} />
        <Route path="groups" element={staff(<Groups />)} />
        <Route path="groups/:id" element={staff(<GroupDetail />)} />
        <Route path="households" element={staff(<Households />)} />
        <Route path="households/new" element={staff(<NewHousehold />)} />
        <Route path="households/:id" element={staff(<HouseholdDetail />)} />
        <Route path="contacts" element={staff(<OpenAccess />)} />
        {/* Every staff member may read the center's setup; only the manager sees edit controls. */}
        <Route path="settings" element={staff(<Settings />)} />
        <Route path="audit" element={staff(<Audit />, true)} />
        {/* Not /import: that is the server's door for the file itself. */}
        <Route path="history-import" element={staff(<HistoryImport />, true)} />
        <Route path="yearly-reports" element={staff(<Reports />, true)} />
        {/* Any staff member registers a complaint; the rest of the registers is the manager's. */}
        <Route path="registers" element={staff(<Registers />)} />
        <Route path="network" element={<RequireArea area="network"><Network /></RequireArea>} />
        <Route path="municipality" element={<RequireArea area="municipality"><Municipality /></RequireArea>} />
        <Route path="municipality/analysis" element={<RequireArea area="municipality"><MunicipalAnalysis /></RequireArea>} />
        <Route path="account" element={<RequireSignedIn><Account /></RequireSignedIn>} />
        <Route path="notifications" element={<RequireSignedIn><Notifications /></RequireSignedIn>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
