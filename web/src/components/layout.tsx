import { lazy, Suspense, use, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useSession, type Viewer } from '../session.tsx';
import { screenWords, switchLanguage } from '../i18n/index.ts';
import { InvitationBanner } from './invitation-banner.tsx';
import { NotificationBell } from './notification-bell.tsx';
import { firstScreenShown, useAfterFirstScreen } from '../lib/first-screen.ts';

// Work without a signal (#17): its own chunk, so the first bundle does not carry it.
const OfflineStatus = lazy(() => import('../offline/status.tsx'));

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'bg' : 'en';
  return (
    <button
      type="button"
      className="lang-switch"
      lang={next}
      aria-label={t('app.switchToLabel')}
      data-testid="language-switch"
      onClick={() => void switchLanguage(next)}
    >
      <span aria-hidden="true">{next === 'en' ? 'EN' : 'БГ'}</span>
      <span className="lang-switch-long">{t('app.switchTo')}</span>
    </button>
  );
}

export function Brand() {
  const { t } = useTranslation();
  return (
    <Link to="/" className="brand">
      <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
        <rect width="32" height="32" rx="7" fill="#fff" opacity=".14" />
        <path d="M9 22V12.5a7 7 0 0 1 14 0V22" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
        <circle cx="16" cy="12.5" r="2.6" fill="#f2c14e" />
      </svg>
      <span>{t('app.title')}</span>
    </Link>
  );
}

function placeOf(m: Viewer['memberships'][number] | Viewer['activeMembership']): string {
  return m?.center?.name ?? m?.municipality?.name ?? m?.networkName ?? '';
}

function NavItems({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { area, isManager } = useSession();
  const items: { to: string; label: string; end?: boolean }[] =
    area === 'center'
      ? [
          { to: '/', label: t('nav.dashboard'), end: true },
          { to: '/work', label: t('nav.work') },
          { to: '/clients', label: t('nav.clients') },
          { to: '/cases', label: t('nav.cases') },
          { to: '/households', label: t('nav.households') },
          { to: '/groups', label: t('nav.groups') },
          { to: '/contacts', label: t('nav.openAccess') },
          { to: '/registers', label: t('nav.registers') },
          ...(isManager
            ? [{ to: '/yearly-reports', label: t('nav.reports') }, { to: '/settings', label: t('nav.settings') }, { to: '/audit', label: t('nav.audit') }, { to: '/history-import', label: t('nav.historyImport') }]
            : [{ to: '/settings', label: t('nav.center') }]),
        ]
      : area === 'network'
        ? [{ to: '/network', label: t('nav.network') }]
        : area === 'municipality'
          ? [{ to: '/municipality', label: t('nav.municipality'), end: true }, { to: '/municipality/analysis', label: t('nav.municipalAnalysis') }]
          : [];
  return (
    <ul>
      {items.map((i) => (
        <li key={i.to}>
          <NavLink to={i.to} end={i.end ?? false} onClick={onNavigate}>
            {i.label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

function AccountMenu() {
  const { t } = useTranslation();
  const { viewer, signOut, switchMembership } = useSession();
  const active = viewer?.activeMembership;
  const others = (viewer?.memberships ?? []).filter((m) => m.id !== active?.id);
  return (
    <details className="account">
      <summary aria-label={t('auth.account')}>
        <span className="avatar" aria-hidden="true">
          {viewer?.user.displayName.slice(0, 1)}
        </span>
        <span className="account-name">{viewer?.user.displayName}</span>
      </summary>
      <div className="account-panel">
        <p className="account-who">
          <strong>{viewer?.user.displayName}</strong>
          <br />
          <span className="muted">{viewer?.user.email}</span>
        </p>
        {active && (
          <p className="account-role">
            <span className="muted">{t('auth.activeMembership')}: </span>
            {t(`roles.${active.role}`)} · {placeOf(active)}
          </p>
        )}
        {others.length > 0 && (
          <div className="account-switch">
            <p className="muted">{t('auth.switchMembership')}</p>
            {others.map((m) => (
              <button key={m.id} type="button" className="btn btn-block" onClick={() => void switchMembership(m.id)}>
                {t(`roles.${m.role}`)} · {placeOf(m)}
              </button>
            ))}
          </div>
        )}
        <Link to="/account" className="btn btn-block" data-testid="my-account">
          {t('account.nav')}
        </Link>
        <button type="button" className="btn btn-block" data-testid="sign-out" onClick={() => void signOut()}>
          {t('auth.signOut')}
        </button>
      </div>
    </details>
  );
}

/** Header, navigation and the page; on a phone the navigation folds into a menu. */
export function Layout() {
  const { t } = useTranslation();
  const { viewer, area } = useSession();
  // Signed in, the navigation and the screens speak words beyond the shell's: wait for them.
  if (viewer) use(screenWords());
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);
  // The dashboard says when it shows its content; any other first screen (or one opened
  // offline) lets what waits for it start at once; a slow dashboard, after 5 seconds at most.
  const firstShown = useAfterFirstScreen();
  const dashboardFirst = location.pathname === '/' && area === 'center';
  useEffect(() => {
    if (!viewer || firstShown) return;
    const timer = setTimeout(firstScreenShown, dashboardFirst && navigator.onLine ? 5000 : 0);
    return () => clearTimeout(timer);
  }, [viewer, firstShown, dashboardFirst]);
  // Focus goes to the page heading after navigation, for keyboard and screen-reader users.
  useEffect(() => {
    const h1 = document.querySelector<HTMLElement>('main h1');
    h1?.setAttribute('tabindex', '-1');
    h1?.focus({ preventScroll: true });
  }, [location.pathname]);
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand />
          <span className="topbar-place">{placeOf(viewer?.activeMembership ?? null)}</span>
          <div className="topbar-actions">
            <LanguageSwitch />
            {viewer && area === 'center' && firstShown && (
              <Suspense fallback={null}>
                <OfflineStatus />
              </Suspense>
            )}
            {viewer && <NotificationBell />}
            <AccountMenu />
            <button
              type="button"
              className="menu-button"
              aria-expanded={open}
              aria-controls="main-nav"
              onClick={() => setOpen((o) => !o)}
            >
              {open ? t('app.closeMenu') : t('app.menu')}
            </button>
          </div>
        </div>
        <nav id="main-nav" aria-label={t('nav.main')} className={`mainnav${open ? ' mainnav-open' : ''}`}>
          <div className="mainnav-inner">
            <NavItems onNavigate={() => setOpen(false)} />
            {area === 'center' && (
              <Link to="/sessions/new" className="btn btn-accent mainnav-cta">
                + {t('nav.logSession')}
              </Link>
            )}
          </div>
        </nav>
      </header>
      <main id="main" className="page">
        <InvitationBanner />
        <Outlet />
      </main>
      {area === 'center' && location.pathname !== '/sessions/new' && (
        <Link to="/sessions/new" className="fab" aria-label={t('nav.logSession')}>
          <span aria-hidden="true">+</span>
        </Link>
      )}
    </div>
  );
}

export function PageHeader({ title, lead, actions, back }: { title: ReactNode; lead?: ReactNode; actions?: ReactNode; back?: { to: string; label: string } }) {
  return (
    <div className="page-header">
      {back && (
        <Link to={back.to} className="back-link">
          ← {back.label}
        </Link>
      )}
      <div className="page-header-row">
        <div>
          <h1>{title}</h1>
          {lead && <p className="lead">{lead}</p>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
    </div>
  );
}
