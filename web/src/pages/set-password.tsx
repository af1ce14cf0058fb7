import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../graphql.ts';
import { Brand, LanguageSwitch } from '../components/layout.tsx';
import { ErrorBanner } from '../components/states.tsx';
import { fieldErrors, TextField } from '../components/form.tsx';

const SetPasswordWithCode = graphql(`
  mutation SetPasswordWithCode($code: String!, $newPassword: String!) {
    setPasswordWithCode(code: $code, newPassword: $newPassword) { email }
  }
`);

/**
 * A new colleague's first password, or a reset, with the one-time code from the manager. The
 * link carries the code in the fragment (#code=…), which never reaches a server log or a
 * Referer header.
 */
export function SetPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [code, setCode] = useState(() => new URLSearchParams(location.hash.replace(/^#/, '')).get('code') ?? '');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [differ, setDiffer] = useState(false);
  const [result, setWithCode] = useMutation(SetPasswordWithCode);
  const errors = fieldErrors(result.error);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password !== repeat) {
      setDiffer(true);
      return;
    }
    setDiffer(false);
    const r = await setWithCode({ code: code.trim(), newPassword: password });
    if (r.data) navigate(`/sign-in?passwordSet=1&email=${encodeURIComponent(r.data.setPasswordWithCode.email)}`, { replace: true });
  }

  return (
    <div className="signin">
      <div className="signin-top">
        <Brand />
        <LanguageSwitch />
      </div>
      <main id="main" className="signin-card">
        <h1>{t('codes.setPasswordTitle')}</h1>
        <p className="lead">{t('codes.setPasswordLead')}</p>
        <ErrorBanner error={result.error} />
        <form onSubmit={submit} noValidate>
          <TextField label={t('codes.code')} hint={t('codes.codeHint')} name="code" autoComplete="one-time-code" required value={code} error={errors.code} onChange={(e) => setCode(e.target.value)} />
          <TextField label={t('account.newPassword')} hint={t('account.passwordRules')} type="password" name="newPassword" autoComplete="new-password" required value={password} error={errors.newPassword} onChange={(e) => setPassword(e.target.value)} />
          <TextField label={t('account.repeatPassword')} type="password" name="repeatPassword" autoComplete="new-password" required value={repeat} error={differ ? t('account.passwordsDiffer') : undefined} onChange={(e) => setRepeat(e.target.value)} />
          <button type="submit" className="btn btn-primary btn-block" disabled={result.fetching}>
            {result.fetching ? t('common.saving') : t('codes.submit')}
          </button>
        </form>
        <p className="small">
          <Link to="/sign-in">{t('codes.toSignIn')}</Link>
        </p>
      </main>
    </div>
  );
}
