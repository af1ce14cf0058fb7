import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { PageHeader } from '../../components/layout.tsx';
import { Loadable } from '../../components/states.tsx';
import { useSession } from '../../session.tsx';
import { Partners } from './partners.tsx';
import { ServiceContracts } from './service-contracts.tsx';
import { Profile } from './profile.tsx';
import { FileLimits } from './file-limits.tsx';
import { RetentionSetting } from './retention.tsx';
import { SettingsQuery } from './query.ts';
import { Services } from './services.tsx';
import { Staff } from './staff.tsx';
import { Teams } from './teams.tsx';
import { Approvals } from './approvals.tsx';

const ALL_TABS = ['profile', 'services', 'staff', 'teams', 'partners', 'approvals'] as const;
type Tab = (typeof ALL_TABS)[number];

/**
 * The center: profile, services, staff, teams and partner municipalities. Every staff member
 * may read it; only the manager gets the edit controls (the API refuses anyone else anyway).
 */
export function SettingsPage() {
  const { t } = useTranslation();
  const { isManager } = useSession();
  // Approving the center's figures is the manager's alone.
  const TABS = ALL_TABS.filter((key) => key !== 'approvals' || isManager);
  const [result, refetch] = useQuery({ query: SettingsQuery });
  // The tab lives in the URL: a reload or a shared link opens the same one.
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'profile';
  const select = (next: Tab) => setParams({ tab: next }, { replace: true });
  const buttons = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  // Arrow keys move between tabs (the WAI-ARIA tabs pattern); Tab goes on into the panel.
  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const to = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i - 1 + TABS.length) % TABS.length] : e.key === 'Home' ? TABS[0] : e.key === 'End' ? TABS[TABS.length - 1] : undefined;
    if (!to) return;
    e.preventDefault();
    select(to);
    buttons.current[to]?.focus();
  };
  const title = isManager ? t('settings.title') : t('settings.viewTitle');
  return (
    <>
      <PageHeader title={title} lead={result.data ? `${result.data.center.name} · ${result.data.center.providerName}` : undefined} />
      {!isManager && <p className="muted">{t('settings.readOnly')}</p>}
      <div className="tabs" role="tablist" aria-label={title} onKeyDown={onKeyDown}>
        {TABS.map((key) => (
          <button
            key={key}
            ref={(el) => {
              buttons.current[key] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${key}`}
            aria-selected={tab === key}
            aria-controls={`panel-${key}`}
            tabIndex={tab === key ? 0 : -1}
            className={`tab${tab === key ? ' tab-on' : ''}`}
            onClick={() => select(key)}
          >
            {t(`settings.${key}`)}
          </button>
        ))}
      </div>
      <Loadable result={result} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(data) => (
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'profile' && <Profile data={data} canEdit={isManager} />}
            {tab === 'profile' && <FileLimits canEdit={isManager} />}
            {tab === 'profile' && <RetentionSetting canEdit={isManager} />}
            {tab === 'services' && <Services data={data} canEdit={isManager} />}
            {tab === 'staff' && <Staff data={data} canEdit={isManager} />}
            {tab === 'teams' && <Teams data={data} canEdit={isManager} />}
            {tab === 'partners' && <Partners data={data} canEdit={isManager} />}
            {tab === 'partners' && <ServiceContracts canEdit={isManager} />}
            {tab === 'approvals' && isManager && <Approvals />}
          </div>
        )}
      </Loadable>
    </>
  );
}
