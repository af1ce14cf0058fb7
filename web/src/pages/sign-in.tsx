import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../graphql.ts';
import { Brand, LanguageSwitch } from '../components/layout.tsx';
import { ErrorBanner } from '../components/states.tsx';
import { TextField } from '../components/form.tsx';
import { areaOf, homeOf, useSession } from '../session.tsx';

const SignInMutation = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      viewer { activeMembership { id role } }
    }
  }
`);

export function SignInPage() {
  const { t } = useTranslation();
  const { viewer, signedIn } = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [result, login] = useMutation(SignInMutation);

  const next = params.get('next');
  if (viewer) {
    const home = homeOf(areaOf(viewer.activeMembership?.role));
    // Back to the page the session expired on, so the kept draft reappears there.
    return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : home} replace />;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await login({ email: email.trim(), password });
    // The token stays with the server and the HttpOnly cookie it set; never in this page.
    if (r.data?.login) signedIn();
  }

  return (
    <div className="signin">
      <div className="signin-top">
        <Brand />
        <LanguageSwitch />
      </div>
      <main id="main" className="signin-card">
        <h1>{t('auth.signInTitle')}</h1>
        <p className="lead">{t('auth.signInLead')}</p>
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
        <ErrorBanner error={result.error} />
        <form onSubmit={submit} noValidate>
          <TextField label={t('auth.email')} type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          <TextField label={t('auth.password')} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          <button type="submit" className="btn btn-primary btn-block" disabled={result.fetching}>
            {result.fetching ? t('auth.submitting') : t('auth.submit')}
          </button>
        </form>
        <p className="muted small">{t('auth.demoHint')}</p>
      </main>
      <p className="signin-foot muted">{t('app.tagline')}</p>
    </div>
  );
}
