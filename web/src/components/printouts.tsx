import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../graphql.ts';
import { useFormat, todayIso } from '../lib/format.ts';
import { CardHead } from './card.tsx';
import { SelectField, TextArea, TextField } from './form.tsx';

// The printable documents the server builds as PDF (GET/POST /documents/<kind>/<id>.pdf, see
// schema/src/documents): the case file for a period, the closure report, each needs assessment
// (ИОП), support plan version (ИПП) and contract for using the service, a referral to a partner
// organisation, and a consent's declaration. Bulgarian by default, English on request. The server applies the same rules as
// the screens (case team; restricted notes never enter a document) and audits every download.

const PartnerOptions = graphql(`
  query PrintoutPartners {
    center { id partnerOrganizations { id name } }
  }
`);

type Lang = 'bg' | 'en';
type ErrorBody = { errors?: Array<{ message: string; extensions?: { messageBg?: string; messageEn?: string; fields?: Array<{ path: string; messageBg?: string; messageEn?: string; message?: string }> } }> };

/**
 * Fetches a document and saves it as a file. The session cookie signs the request in; the
 * preflight header proves it comes from this app, not from another site's link.
 */
export async function downloadDocument(path: string, readerLang: string, body?: Record<string, string>): Promise<string> {
  const res = await fetch(path, {
    method: body ? 'POST' : 'GET',
    credentials: 'same-origin',
    headers: { 'apollo-require-preflight': 'true', 'x-opora-language': readerLang, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) {
    const answer = (await res.json().catch(() => null)) as ErrorBody | null;
    const first = answer?.errors?.[0];
    const words = (x: { messageBg?: string; messageEn?: string; message?: string } | undefined) => (readerLang === 'en' ? x?.messageEn : x?.messageBg) ?? x?.message;
    const fields = (first?.extensions?.fields ?? []).map((f) => words(f)).filter(Boolean);
    throw new Error([words(first?.extensions) ?? first?.message ?? res.statusText, ...fields].join(' '));
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'document.pdf';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** One button that downloads one document, with its own busy state and answer. */
function useDownload() {
  const { i18n } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (key: string, path: string, body?: Record<string, string>) => {
    setBusy(key);
    setAnswer(null);
    try {
      const name = await downloadDocument(path, i18n.language, body);
      setAnswer({ ok: true, text: name });
    } catch (error) {
      setAnswer({ ok: false, text: (error as Error).message });
    } finally {
      setBusy(null);
    }
  };
  return { busy, answer, run };
}

function Answer({ answer }: { answer: { ok: boolean; text: string } | null }) {
  const { t } = useTranslation();
  if (!answer) return null;
  return answer.ok ? (
    <p className="muted" role="status">
      {t('printouts.ready', { name: answer.text })}
    </p>
  ) : (
    <div className="banner banner-error" role="alert">
      {answer.text}
    </div>
  );
}

const path = (kind: string, id: string, query: Record<string, string> = {}) => `/documents/${kind}/${encodeURIComponent(id)}.pdf?${new URLSearchParams(query).toString()}`;

export type PrintoutsProps = {
  caseId: string;
  /** The period the case file starts on by default (the referral). */
  referralDate?: string;
  closedOn?: string | null;
  assessments?: ReadonlyArray<{ id: string; dueOn: string; completedOn: string | null }>;
  plans?: ReadonlyArray<{ id: string; startsOn: string; revisionNumber: number }>;
  contracts?: ReadonlyArray<{ id: string; number: string }>;
};

export function Printouts({ caseId, referralDate, closedOn, assessments = [], plans = [], contracts = [] }: PrintoutsProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const [lang, setLang] = useState<Lang>('bg');
  const [period, setPeriod] = useState({ from: referralDate ?? '', to: closedOn ?? todayIso() });
  const [referral, setReferral] = useState({ open: false, partner: '', reason: '' });
  const { busy, answer, run } = useDownload();
  const [partners] = useQuery({ query: PartnerOptions, pause: !referral.open });
  const button = (key: string, label: ReactNode, go: () => void, testId?: string) => (
    <button key={key} type="button" className="btn btn-small" disabled={busy !== null} data-testid={testId} onClick={go}>
      {busy === key ? t('printouts.working') : label}
    </button>
  );
  const langQuery: Record<string, string> = lang === 'en' ? { lang: 'en' } : {};

  return (
    <section className="card" aria-labelledby="printouts-h" data-testid="printouts">
      <CardHead id="printouts-h" title={t('printouts.title')} />
      <p className="muted">{t('printouts.lead')}</p>
      <SelectField
        label={t('printouts.language')}
        value={lang}
        onChange={(e) => setLang(e.target.value as Lang)}
        options={[
          { value: 'bg', label: t('printouts.bulgarian') },
          { value: 'en', label: t('printouts.english') },
        ]}
      />
      <fieldset className="chips">
        <legend>{t('printouts.caseFilePeriod')}</legend>
        <div className="grid-2">
          <TextField label={t('printouts.from')} type="date" value={period.from} max={period.to || undefined} onChange={(e) => setPeriod({ ...period, from: e.target.value })} data-testid="printouts-from" />
          <TextField label={t('printouts.to')} type="date" value={period.to} min={period.from || undefined} onChange={(e) => setPeriod({ ...period, to: e.target.value })} data-testid="printouts-to" />
        </div>
        {button(
          'case-file',
          t('printouts.caseFile'),
          () => run('case-file', path('case-file', caseId, { ...langQuery, ...(period.from ? { from: period.from } : {}), ...(period.to ? { to: period.to } : {}) })),
          'print-case-file',
        )}
      </fieldset>
      <div className="action-bar" role="group" aria-label={t('printouts.title')}>
        {closedOn && button('closure-report', t('printouts.closureReport'), () => run('closure-report', path('closure-report', caseId, langQuery)), 'print-closure-report')}
        {assessments.map((a) =>
          button(`a-${a.id}`, t('printouts.needsAssessment', { date: f.date(a.completedOn ?? a.dueOn) }), () => run(`a-${a.id}`, path('needs-assessment', a.id, langQuery)), 'print-needs-assessment'),
        )}
        {plans.map((p) => button(`p-${p.id}`, t('printouts.supportPlan', { date: f.date(p.startsOn), revision: p.revisionNumber }), () => run(`p-${p.id}`, path('support-plan', p.id, langQuery)), 'print-support-plan'))}
        {contracts.map((k) => button(`k-${k.id}`, t('printouts.contract', { number: k.number }), () => run(`k-${k.id}`, path('contract', k.id, langQuery)), 'print-contract'))}
        <button type="button" className="btn btn-small" aria-expanded={referral.open} onClick={() => setReferral({ ...referral, open: !referral.open })}>
          {t('printouts.referral')}
        </button>
      </div>
      {referral.open && (
        <form
          className="panel"
          onSubmit={(e) => {
            e.preventDefault();
            void run('referral', path('referral-letter', caseId, langQuery), { partner: referral.partner, reason: referral.reason });
          }}
        >
          <SelectField
            label={t('printouts.partner')}
            value={referral.partner}
            placeholder={t('printouts.choosePartner')}
            onChange={(e) => setReferral({ ...referral, partner: e.target.value })}
            options={(partners.data?.center?.partnerOrganizations ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
          <TextArea label={t('printouts.reason')} value={referral.reason} maxLength={2000} onChange={(e) => setReferral({ ...referral, reason: e.target.value })} />
          <button type="submit" className="btn btn-small btn-accent" disabled={busy !== null}>
            {busy === 'referral' ? t('printouts.working') : t('printouts.makeReferral')}
          </button>
        </form>
      )}
      <Answer answer={answer} />
    </section>
  );
}

/** A consent's declaration as PDF (on the client's consents). */
export function ConsentPrintout({ consentId }: { consentId: string }) {
  const { t } = useTranslation();
  const { busy, answer, run } = useDownload();
  return (
    <>
      <button type="button" className="btn btn-small btn-quiet" disabled={busy !== null} data-testid="print-consent" onClick={() => run('consent', path('consent-declaration', consentId))}>
        {busy ? t('printouts.working') : t('printouts.consentDeclaration')}
      </button>
      <Answer answer={answer} />
    </>
  );
}
