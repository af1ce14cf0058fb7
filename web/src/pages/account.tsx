import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import { graphql, type ResultOf } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { fieldErrors, FormActions, TextField } from '../components/form.tsx';
import { ErrorBanner, Loadable } from '../components/states.tsx';
import { QrCode } from '../components/qr-code.tsx';
import { useFormat } from '../lib/format.ts';
import { useSession, ViewerQuery } from '../session.tsx';

// "Моят профил / My account": password, open sign-in sessions, two-factor sign-in, and the
// invitations of centers waiting for an answer. Every signed-in person has it.

export const MyAccountQuery = graphql(`
  query MyAccount {
    myAccount {
      email twoFactorEnabled twoFactorRequired recoveryCodesLeft
      signInSessions { id current device address createdAt lastUsedAt }
      staffInvitations { id role title startedOn expiresAt center { id name } }
    }
  }
`);
type Account = NonNullable<ResultOf<typeof MyAccountQuery>['myAccount']>;

const ChangePassword = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) { changePassword(currentPassword: $currentPassword, newPassword: $newPassword) }
`);
const EndSignInSession = graphql(`mutation EndSignInSession($id: ID!) { endSignInSession(id: $id) }`);
const EndOtherSignInSessions = graphql(`mutation EndOtherSignInSessions { endOtherSignInSessions }`);
const StartTwoFactor = graphql(`mutation StartTwoFactorEnrollment { startTwoFactorEnrollment { secret otpauthUri } }`);
const ConfirmTwoFactor = graphql(`
  mutation ConfirmTwoFactorEnrollment($secret: String!, $code: String!) { confirmTwoFactorEnrollment(secret: $secret, code: $code) { codes } }
`);
const NewRecoveryCodes = graphql(`mutation NewRecoveryCodes($currentPassword: String!) { newRecoveryCodes(currentPassword: $currentPassword) { codes } }`);
const DisableTwoFactor = graphql(`mutation DisableTwoFactor($currentPassword: String!, $code: String!) { disableTwoFactor(currentPassword: $currentPassword, code: $code) }`);
const AcceptInvitation = graphql(`mutation AcceptStaffInvitation($id: ID!) { acceptStaffInvitation(id: $id) { id role center { id name } } }`);
const DeclineInvitation = graphql(`mutation DeclineStaffInvitation($id: ID!) { declineStaffInvitation(id: $id) }`);

export function AccountPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [query, refetch] = useQuery({ query: MyAccountQuery, requestPolicy: 'cache-and-network' });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <>
      <PageHeader title={t('account.title')} lead={t('account.lead')} />
      <Loadable result={query} onRetry={reload}>
        {(data) =>
          data.myAccount && (
            <div className="stack">
              {data.myAccount.staffInvitations.length > 0 && <Invitations account={data.myAccount} onChange={reload} />}
              <PasswordCard />
              <SessionsCard account={data.myAccount} onChange={reload} />
              <TwoFactorCard account={data.myAccount} onChange={reload} />
              {session.area === 'center' && <CalendarFeedCard />}
            </div>
          )
        }
      </Loadable>
    </>
  );
}

function Invitations({ account, onChange }: { account: Account; onChange: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useClient();
  const [accepted, accept] = useMutation(AcceptInvitation);
  const [declined, decline] = useMutation(DeclineInvitation);
  const [done, setDone] = useState(false);
  return (
    <section className="card" aria-labelledby="invitations-h" data-testid="my-invitations">
      <h2 id="invitations-h">{t('account.invitations')}</h2>
      <p className="muted">{t('account.invitationsLead')}</p>
      {done && (
        <div className="banner banner-info" role="status">
          {t('account.accepted')}
        </div>
      )}
      <ErrorBanner error={accepted.error ?? declined.error} />
      <ul className="plain-list">
        {account.staffInvitations.map((i) => (
          <li key={i.id}>
            <strong>{t('account.invitationTo', { center: i.center.name, role: t(`roles.${i.role}`) })}</strong>
            {i.title && <span className="muted"> · {i.title}</span>}
            <div className="muted small">
              {t('settings.since')}: {f.shortDate(i.startedOn)} · {t('staffAccounts.expires')}: {f.dateTime(i.expiresAt)}
            </div>
            <div className="row-actions">
              <button
                type="button"
                className="btn btn-primary btn-small"
                onClick={async () => {
                  const r = await accept({ id: i.id });
                  if (r.data) {
                    setDone(true);
                    // The new membership appears in the role switch.
                    await client.query(ViewerQuery, {}, { requestPolicy: 'network-only' }).toPromise();
                    onChange();
                  }
                }}
              >
                {t('account.accept')}
              </button>
              <button
                type="button"
                className="btn btn-small"
                onClick={async () => {
                  const r = await decline({ id: i.id });
                  if (r.data) onChange();
                }}
              >
                {t('account.decline')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function PasswordCard() {
  const { t } = useTranslation();
  const [form, setForm] = useState({ current: '', next: '', repeat: '' });
  const [differ, setDiffer] = useState(false);
  const [saved, setSaved] = useState(false);
  const [result, change] = useMutation(ChangePassword);
  const errors = fieldErrors(result.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (form.next !== form.repeat) {
      setDiffer(true);
      return;
    }
    setDiffer(false);
    const r = await change({ currentPassword: form.current, newPassword: form.next });
    if (r.data?.changePassword) {
      setSaved(true);
      setForm({ current: '', next: '', repeat: '' });
    }
  }
  return (
    <section className="card" aria-labelledby="password-h">
      <h2 id="password-h">{t('account.password')}</h2>
      {saved && (
        <div className="banner banner-info" role="status">
          {t('account.passwordChanged')}
        </div>
      )}
      <form className="form" onSubmit={submit} noValidate aria-label={t('account.changePassword')}>
        <ErrorBanner error={result.error} />
        <TextField label={t('account.currentPassword')} type="password" autoComplete="current-password" required value={form.current} error={errors.currentPassword} onChange={(e) => setForm({ ...form, current: e.target.value })} />
        <TextField label={t('account.newPassword')} hint={t('account.passwordRules')} type="password" autoComplete="new-password" required value={form.next} error={errors.newPassword} onChange={(e) => setForm({ ...form, next: e.target.value })} />
        <TextField label={t('account.repeatPassword')} type="password" autoComplete="new-password" required value={form.repeat} error={differ ? t('account.passwordsDiffer') : undefined} onChange={(e) => setForm({ ...form, repeat: e.target.value })} />
        <FormActions saving={result.fetching} label={t('account.changePassword')} />
      </form>
    </section>
  );
}

function SessionsCard({ account, onChange }: { account: Account; onChange: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { signOut } = useSession();
  const [ended, end] = useMutation(EndSignInSession);
  const [others, endOthers] = useMutation(EndOtherSignInSessions);
  return (
    <section className="card" aria-labelledby="sessions-h">
      <h2 id="sessions-h">{t('account.sessions')}</h2>
      <p className="muted">{t('account.sessionsLead')}</p>
      <ErrorBanner error={ended.error ?? others.error} />
      <div className="table-wrap">
        <table className="table" data-testid="sign-in-sessions">
          <thead>
            <tr>
              <th scope="col">{t('account.device')}</th>
              <th scope="col">{t('account.address')}</th>
              <th scope="col">{t('account.signedInAt')}</th>
              <th scope="col">{t('account.lastUsed')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('cases.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {account.signInSessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.device ?? t('account.unknownDevice')}
                  {s.current && <span className="badge"> {t('account.thisSession')}</span>}
                </td>
                <td>{s.address ?? '—'}</td>
                <td>{f.dateTime(s.createdAt)}</td>
                <td>{f.dateTime(s.lastUsedAt)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={async () => {
                      if (s.current) return void signOut();
                      const r = await end({ id: s.id });
                      if (r.data) onChange();
                    }}
                  >
                    {s.current ? t('auth.signOut') : t('account.endSession')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {account.signInSessions.length > 1 && (
        <button
          type="button"
          className="btn"
          onClick={async () => {
            const r = await endOthers({});
            if (r.data) onChange();
          }}
        >
          {t('account.endOthers')}
        </button>
      )}
    </section>
  );
}

function RecoveryCodesList({ codes }: { codes: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <div className="panel subpanel" data-testid="recovery-codes">
      <h3>{t('account.recoveryCodes')}</h3>
      <p className="muted">{t('account.recoveryCodesLead')}</p>
      <ul className="code-list">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

function TwoFactorCard({ account, onChange }: { account: Account; onChange: () => void }) {
  const { t } = useTranslation();
  const [started, start] = useMutation(StartTwoFactor);
  const [confirmed, confirm] = useMutation(ConfirmTwoFactor);
  const [renewed, renew] = useMutation(NewRecoveryCodes);
  const [disabled, disable] = useMutation(DisableTwoFactor);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [codes, setCodes] = useState<readonly string[] | null>(null);
  const enrollment = started.data?.startTwoFactorEnrollment;
  const errors = fieldErrors(confirmed.error ?? disabled.error ?? renewed.error);

  async function confirmCode(e: FormEvent) {
    e.preventDefault();
    if (!enrollment) return;
    const r = await confirm({ secret: enrollment.secret, code: code.trim() });
    if (r.data) {
      setCodes(r.data.confirmTwoFactorEnrollment.codes);
      setCode('');
      onChange();
    }
  }
  return (
    <section className="card" aria-labelledby="two-factor-h" data-testid="two-factor">
      <h2 id="two-factor-h">{t('account.twoFactor')}</h2>
      <p>
        {account.twoFactorEnabled ? t('account.twoFactorOn') : t('account.twoFactorOff')} {account.twoFactorRequired && <strong>{t('account.twoFactorRequired')}</strong>}
      </p>
      {account.twoFactorEnabled && <p className="muted">{t('account.recoveryLeft', { count: account.recoveryCodesLeft })}</p>}
      <ErrorBanner error={started.error ?? confirmed.error ?? renewed.error ?? disabled.error} />
      {codes && <RecoveryCodesList codes={codes} />}
      {!account.twoFactorEnabled && !enrollment && (
        <button type="button" className="btn btn-primary" onClick={() => void start({})}>
          {t('account.enable')}
        </button>
      )}
      {!account.twoFactorEnabled && enrollment && (
        <form className="form" onSubmit={confirmCode} noValidate aria-label={t('account.enable')}>
          <p>{t('account.scan')}</p>
          <QrCode value={enrollment.otpauthUri} label={t('account.qr')} />
          <p>
            <span className="muted">{t('account.secret')}: </span>
            <code data-testid="totp-secret">{enrollment.secret}</code>
          </p>
          <TextField label={t('account.code')} inputMode="numeric" autoComplete="one-time-code" required value={code} error={errors.code} onChange={(e) => setCode(e.target.value)} />
          <FormActions saving={confirmed.fetching} label={t('account.confirm')} />
        </form>
      )}
      {account.twoFactorEnabled && (
        <form
          className="form"
          noValidate
          aria-label={t('account.twoFactor')}
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await renew({ currentPassword: password });
            if (r.data) {
              setCodes(r.data.newRecoveryCodes.codes);
              setPassword('');
              onChange();
            }
          }}
        >
          <TextField label={t('account.currentPassword')} type="password" autoComplete="current-password" value={password} error={errors.currentPassword} onChange={(e) => setPassword(e.target.value)} />
          {!account.twoFactorRequired && (
            <TextField label={t('account.code')} inputMode="numeric" autoComplete="one-time-code" value={code} error={errors.code} onChange={(e) => setCode(e.target.value)} />
          )}
          <div className="form-actions">
            <button type="submit" className="btn">
              {t('account.newRecoveryCodes')}
            </button>
            {!account.twoFactorRequired && (
              <button
                type="button"
                className="btn btn-quiet"
                onClick={async () => {
                  const r = await disable({ currentPassword: password, code: code.trim() });
                  if (r.data) {
                    setPassword('');
                    setCode('');
                    setCodes(null);
                    onChange();
                  }
                }}
              >
                {t('account.disable')}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

const MyCalendarFeed = graphql(`query MyCalendarFeed { myCalendarFeed { since } }`);
const RenewCalendarFeed = graphql(`mutation RenewCalendarFeed { renewCalendarFeed { path since } }`);
const EndCalendarFeed = graphql(`mutation EndCalendarFeed { endCalendarFeed }`);

/** The calendar feed (issue #17): a secret iCalendar address of my planned work; renewing it ends the old one. */
function CalendarFeedCard() {
  const { t } = useTranslation();
  const f = useFormat();
  const [feed, refetch] = useQuery({ query: MyCalendarFeed, requestPolicy: 'cache-and-network' });
  const [renewed, renew] = useMutation(RenewCalendarFeed);
  const [ended, end] = useMutation(EndCalendarFeed);
  const [shown, setShown] = useState<string | null>(null);
  const since = feed.data?.myCalendarFeed?.since;
  return (
    <section className="card" aria-labelledby="calendar-feed-h" data-testid="calendar-feed">
      <h2 id="calendar-feed-h">{t('work.feedTitle')}</h2>
      <p className="muted">{t('work.feedLead')}</p>
      <ErrorBanner error={renewed.error ?? ended.error} />
      <p>{since ? t('work.feedActive', { date: f.dateTime(since) }) : t('work.feedNone')}</p>
      {shown && (
        <p>
          {t('work.feedShown')} <code data-testid="calendar-feed-url">{`${window.location.origin}${shown}`}</code>
        </p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={renewed.fetching}
          onClick={async () => {
            const r = await renew({});
            if (r.data) {
              setShown(r.data.renewCalendarFeed.path);
              refetch({ requestPolicy: 'network-only' });
            }
          }}
        >
          {t('work.feedRenew')}
        </button>
        {since && (
          <button
            type="button"
            className="btn"
            disabled={ended.fetching}
            onClick={async () => {
              await end({});
              setShown(null);
              refetch({ requestPolicy: 'network-only' });
            }}
          >
            {t('work.feedEnd')}
          </button>
        )}
      </div>
    </section>
  );
}
