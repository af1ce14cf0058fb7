import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

type DemoAccount = { email: string; titleBg: string; titleEn: string; whereBg: string; whereEn: string };
type DemoAccounts = { password: string; accounts: DemoAccount[] };

/**
 * The demo accounts, listed only when the server runs in demo mode with the demo data loaded
 * (GET /demo-accounts answers 404 otherwise, and nothing is shown). Choosing one fills the form.
 */
export function DemoAccountList({ onChoose }: { onChoose: (email: string, password: string) => void }) {
  const { t, i18n } = useTranslation();
  const [demo, setDemo] = useState<DemoAccounts | null>(null);
  useEffect(() => {
    let live = true;
    fetch('/demo-accounts', { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<DemoAccounts>) : null))
      .then((d) => live && setDemo(d))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!demo?.accounts.length) return null;
  const en = i18n.language === 'en';
  return (
    <section className="demo-accounts" aria-labelledby="demo-accounts-title">
      <h2 id="demo-accounts-title" className="small">{t('auth.demoTitle')}</h2>
      <p className="muted small">{t('auth.demoLead', { password: demo.password })}</p>
      <ul className="plain">
        {demo.accounts.map((a) => {
          const where = en ? a.whereEn : a.whereBg;
          return (
            <li key={a.email}>
              <button type="button" className="btn btn-quiet" onClick={() => onChoose(a.email, demo.password)}>
                {a.email}
              </button>{' '}
              <span className="muted small">
                {en ? a.titleEn : a.titleBg}
                {where ? ` · ${where}` : ''}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
