import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConsentPrintout } from '../components/printouts.tsx';
import { useMutation } from 'urql';
import { graphql } from '../graphql.ts';
import { fieldErrors, FormActions, SelectField, TextField } from '../components/form.tsx';
import { AddToggle, CardHead } from '../components/card.tsx';
import { Empty, ErrorBanner } from '../components/states.tsx';
import { todayIso, useFormat } from '../lib/format.ts';
import { newKey } from '../lib/hooks.ts';
import { useSession } from '../session.tsx';
import { Documents } from './case/documents.tsx';

// A client's consents: what they (or a parent/guardian) agreed to, when, and whether it was
// withdrawn. Recorded by any staff member; the paper declaration's number goes alongside.

export const PURPOSES = ['SERVICE_DELIVERY', 'PERSONAL_DATA_PROCESSING', 'SHARING_WITH_CHILD_PROTECTION', 'SHARING_WITH_PARTNERS', 'PHOTO_AND_VIDEO', 'RESEARCH'] as const;
type Purpose = (typeof PURPOSES)[number];

export type Consent = { id: string; purpose: Purpose; givenBy: string; givenOn: string; withdrawnOn: string | null; documentRef: string | null; isActive: boolean };

const RecordConsent = graphql(`
  mutation RecordConsent($clientId: ID!, $purpose: ConsentPurpose!, $givenBy: String!, $givenOn: Date!, $documentRef: String, $key: String) {
    recordConsent(clientId: $clientId, purpose: $purpose, givenBy: $givenBy, givenOn: $givenOn, documentRef: $documentRef, idempotencyKey: $key) {
      id purpose givenBy givenOn withdrawnOn documentRef isActive
    }
  }
`);

const WithdrawConsent = graphql(`
  mutation WithdrawConsent($id: ID!, $withdrawnOn: Date!) {
    withdrawConsent(id: $id, withdrawnOn: $withdrawnOn) { id withdrawnOn isActive }
  }
`);

export function Consents({ clientId, consents }: { clientId: string; consents: Consent[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [adding, setAdding] = useState(false);
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  // The consent whose papers (the signed declaration) are open.
  const [papers, setPapers] = useState<string | null>(null);
  const { isManager } = useSession();
  return (
    <section className="card" aria-labelledby="consents-h">
      <CardHead id="consents-h" title={t('consents.title')}>
        <AddToggle open={adding} onToggle={() => setAdding(!adding)} label={t('consents.record')} />
      </CardHead>
      {adding && <ConsentForm clientId={clientId} onDone={() => setAdding(false)} />}
      {consents.length === 0 ? (
        <Empty>{t('consents.empty')}</Empty>
      ) : (
        <ul className="list" data-testid="consents">
          {consents.map((c) => (
            <li key={c.id} data-testid="consent-row">
              <div className="list-row">
                <span className="list-main">
                  <strong>{t(`consentPurpose.${c.purpose}`)}</strong>
                  <span className="muted">
                    {[t('consents.givenByOn', { who: c.givenBy, date: f.shortDate(c.givenOn) }), c.documentRef, c.withdrawnOn ? t('consents.withdrawnOn', { date: f.shortDate(c.withdrawnOn) }) : null].filter(Boolean).join(' · ')}
                  </span>
                  {withdrawing === c.id && <WithdrawForm consent={c} onDone={() => setWithdrawing(null)} />}
                </span>
                {c.isActive ? <span className="badge badge-ok">{t('consents.active')}</span> : <span className="badge badge-grey">{t('consents.withdrawn')}</span>}
                <ConsentPrintout consentId={c.id} />
                {c.isActive && withdrawing !== c.id && (
                  <button type="button" className="btn btn-small btn-quiet" onClick={() => setWithdrawing(c.id)}>
                    {t('consents.withdraw')}
                    <span className="visually-hidden"> {t(`consentPurpose.${c.purpose}`)}</span>
                  </button>
                )}
                <button type="button" className="btn btn-small btn-quiet" aria-expanded={papers === c.id} onClick={() => setPapers(papers === c.id ? null : c.id)}>
                  {papers === c.id ? t('consents.hideDocuments') : t('consents.showDocuments')}
                  <span className="visually-hidden"> {t(`consentPurpose.${c.purpose}`)}</span>
                </button>
              </div>
              {/* Any staff member records a consent, so any may keep its signed declaration with it. */}
              {papers === c.id && <Documents ownerId={c.id} canAdd canErase={isManager} embedded={{ title: t('consents.documents'), testId: 'consent-documents' }} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ConsentForm({ clientId, onDone }: { clientId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ key: newKey(), purpose: 'SERVICE_DELIVERY' as Purpose, givenBy: '', givenOn: todayIso(), documentRef: '' });
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const [result, record] = useMutation(RecordConsent);
  const errors = fieldErrors(result.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await record({ clientId, key: form.key, purpose: form.purpose, givenBy: form.givenBy.trim(), givenOn: form.givenOn, documentRef: form.documentRef.trim() || null });
    if (r.data) onDone();
  }
  return (
    <form className="form panel subpanel" onSubmit={submit} noValidate aria-label={t('consents.record')}>
      <ErrorBanner error={result.error} />
      <SelectField label={t('consents.purpose')} value={form.purpose} error={errors.purpose} onChange={(e) => set({ purpose: e.target.value as Purpose })} options={PURPOSES.map((p) => ({ value: p, label: t(`consentPurpose.${p}`) }))} />
      <TextField label={t('consents.givenBy')} hint={t('consents.givenByHint')} required value={form.givenBy} error={errors.givenBy} onChange={(e) => set({ givenBy: e.target.value })} />
      <div className="grid-2">
        <TextField label={t('consents.givenOn')} type="date" required value={form.givenOn} error={errors.givenOn} onChange={(e) => set({ givenOn: e.target.value })} />
        <TextField label={t('consents.documentRef')} optional value={form.documentRef} error={errors.documentRef} onChange={(e) => set({ documentRef: e.target.value })} />
      </div>
      <FormActions saving={result.fetching} onCancel={onDone} />
    </form>
  );
}

function WithdrawForm({ consent, onDone }: { consent: Consent; onDone: () => void }) {
  const { t } = useTranslation();
  const [on, setOn] = useState(todayIso());
  const [result, withdraw] = useMutation(WithdrawConsent);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await withdraw({ id: consent.id, withdrawnOn: on });
    if (r.data) onDone();
  }
  return (
    <form className="toolbar" onSubmit={submit} noValidate aria-label={t('consents.withdraw')}>
      <TextField label={t('consents.withdrawnOnLabel')} type="date" min={consent.givenOn} value={on} error={fieldErrors(result.error).withdrawnOn} onChange={(e) => setOn(e.target.value)} />
      <button type="submit" className="btn btn-small btn-danger" disabled={result.fetching}>
        {t('consents.withdraw')}
      </button>
      <button type="button" className="btn btn-small btn-quiet" onClick={onDone}>
        {t('common.cancel')}
      </button>
      {result.error && !fieldErrors(result.error).withdrawnOn && <ErrorBanner error={result.error} />}
    </form>
  );
}
