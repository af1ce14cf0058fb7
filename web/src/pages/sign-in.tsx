import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../graphql.ts';
import { Brand, LanguageSwitch } from '../components/layout.tsx';
import { ErrorBanner } from '../components/states.tsx';
import { TextField } from '../components/form.tsx';
import { DemoAccountList } from '../components/demo-accounts.tsx';
import { areaOf, homeOf, useSession } from '../session.tsx';
import { preloadHome } from '../preload.ts';

// The QR library loads only when a center asks a person to enroll at sign-in.
const QrCode = lazy(async () => ({ default: (await import('../components/qr-code.tsx')).QrCode }));

const SignInMutation = graphql(`
  mutation SignIn($email: String!, $password: String!, $totpCode: String, $enrollmentSecret: String) {
    login(email: $email, password: $password, totpCode: $totpCode, enrollmentSecret: $enrollmentSecret) {
      viewer { activeMembership { id role } }
    }
  }
`);

/** The second step the API asked for (extensions.reason of an UNAUTHENTICATED answer). */
type Step = { kind: 'password' } | { kind: 'totp' } | { kind: 'enroll'; secret: string; otpauthUri: string };

export function SignInPage() {
  const { t } = useTranslation();
  const { viewer, signedIn } = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [result, login] = useMutation(SignInMutation);

  const next = params.get('next');
  if (viewer) {
    const home = homeOf(areaOf(viewer.activeMembership?.role));
    // Back to the page the session expired on, so the kept draft reappears there.
    return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : home} replace />;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    // Most who sign in are staff: their dashboard's code loads while the password is checked.
    preloadHome('center');
    const r = await login({
      email: email.trim(),
      password,
      totpCode: step.kind === 'password' ? null : code.trim() || null,
      enrollmentSecret: step.kind === 'enroll' ? step.secret : null,
    });
    // The token stays with the server and the HttpOnly cookie it set; never in this page.
    if (r.data?.login) {
      const area = areaOf(r.data.login.viewer.activeMembership?.role);
      preloadHome(area);
      signedIn(area);
      return;
    }
    const ext = r.error?.graphQLErrors[0]?.extensions as { reason?: string; secret?: string; otpauthUri?: string } | undefined;
    if (ext?.reason === 'TWO_FACTOR_REQUIRED' && step.kind !== 'totp') setStep({ kind: 'totp' });
    if (ext?.reason === 'TWO_FACTOR_ENROLLMENT_REQUIRED' && ext.secret && ext.otpauthUri && (step.kind !== 'enroll' || step.secret !== ext.secret)) {
      setStep({ kind: 'enroll', secret: ext.secret, otpauthUri: ext.otpauthUri });
    }
    setCode('');
  }

  return (
    <div className="signin">
      <div className="signin-top">
        <Brand />
        <LanguageSwitch />
      </div>
      <main id="main" className="signin-card">
        <h1>{step.kind === 'totp' ? t('codes.totpTitle') : step.kind === 'enroll' ? t('codes.enrollTitle') : t('auth.signInTitle')}</h1>
        <p className="lead">{step.kind === 'totp' ? t('codes.totpLead') : step.kind === 'enroll' ? t('account.scan') : t('auth.signInLead')}</p>
        {params.get('expired') && (
          <div className="banner banner-info" role="status">
            {t('auth.expired')}
          </div>
        )}
        {params.get('signedOut') && (
          <div className="banner banner-info" role="status">
            {t('auth.signedOut')}
          </div>
        )}
        {params.get('passwordSet') && (
          <div className="banner banner-info" role="status">
            {t('codes.done')}
          </div>
        )}
        {/* A second step's prompt arrives as the answer's message ("enter the code…"). */}
        <ErrorBanner error={result.error} />
        <form onSubmit={submit} noValidate>
          {step.kind === 'password' ? (
            <>
              <TextField label={t('auth.email')} type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
              <TextField label={t('auth.password')} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
            </>
          ) : (
            <>
              {step.kind === 'enroll' && (
                <div className="totp-enroll">
                  <Suspense fallback={null}>
                    <QrCode value={step.otpauthUri} label={t('account.qr')} />
                  </Suspense>
                  <p>
                    <span className="muted">{t('account.secret')}: </span>
                    <code data-testid="totp-secret">{step.secret}</code>
                  </p>
                </div>
              )}
              <TextField
                label={t('account.code')}
                name="totpCode"
                inputMode={step.kind === 'enroll' ? 'numeric' : 'text'}
                autoComplete="one-time-code"
                required
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            </>
          )}
          <button type="submit" className="btn btn-primary btn-block" disabled={result.fetching}>
            {result.fetching ? t('auth.submitting') : step.kind === 'password' ? t('auth.submit') : t('codes.verify')}
          </button>
        </form>
        {step.kind === 'password' ? (
          <p className="small">
            <Link to="/set-password">{t('codes.haveCode')}</Link>
          </p>
        ) : (
          <p className="small">
            <button type="button" className="btn btn-quiet" onClick={() => setStep({ kind: 'password' })}>
              {t('common.back')}
            </button>
          </p>
        )}
        {step.kind === 'password' && (
          <DemoAccountList
            onChoose={(e, p) => {
              setEmail(e);
              setPassword(p);
            }}
          />
        )}
      </main>
      <p className="signin-foot muted">{t('app.tagline')}</p>
    </div>
  );
}
