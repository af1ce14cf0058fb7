import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql.ts';
import { downloadDocument } from '../components/printouts.tsx';
import { FormError, TextArea } from '../components/form.tsx';
import { useFormat } from '../lib/format.ts';

// A person's data rights on their page (GDPR, issue #19): the subject-access export (PDF, JSON),
// restriction of processing (the manager sets and lifts it), the history of rectifications, and
// whether the retention rule anonymised the record. The server enforces all of it
// (schema/src/modules/data-rights.ts, support/restriction.ts, documents/kinds/subject-access.ts).

const HistoryQuery = graphql(`
  query ClientChangeHistory($id: ID!) {
    node(id: $id) { __typename ... on Client { id changeHistory { at by field from to } } }
  }
`);

const Restrict = graphql(`
  mutation RestrictClient($id: ID!, $reason: String!) {
    restrictClient(id: $id, reason: $reason) { id restricted version restriction { at reason by } }
  }
`);

const Lift = graphql(`
  mutation LiftClientRestriction($id: ID!) {
    liftClientRestriction(id: $id) { id restricted version restriction { at reason by } }
  }
`);

type Person = { id: string; restricted: boolean; anonymisedAt: string | null; restriction: { at: string; reason: string; by: string | null } | null };

/** The banners everyone sees: anonymised, or restricted (with the refusal a worker gets). */
export function DataRightsBanners({ client, isManager }: { client: Person; isManager: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      {client.anonymisedAt && (
        <div className="banner banner-warn" role="status" data-testid="anonymised-banner">
          {t('dataRights.anonymisedOn', { date: f.date(client.anonymisedAt.slice(0, 10)) })}
        </div>
      )}
      {client.restricted && (
        <div className="banner banner-warn" role="status" data-testid="restricted-banner">
          {isManager && client.restriction ? t('dataRights.restrictedBy', { date: f.date(client.restriction.at.slice(0, 10)), reason: client.restriction.reason }) : t('dataRights.restrictedWorker')}
        </div>
      )}
    </>
  );
}

/** The manager's card: export, restrict or lift. */
export function DataRightsCard({ client }: { client: Person }) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState('');
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const [restricting, restrict] = useMutation(Restrict);
  const [lifting, lift] = useMutation(Lift);
  const exportAs = async (format: 'pdf' | 'json') => {
    setAnswer(null);
    try {
      const name = await downloadDocument(`/documents/subject-access/${encodeURIComponent(client.id)}.${format}?lang=${i18n.language === 'en' ? 'en' : 'bg'}`, i18n.language);
      setAnswer({ ok: true, text: name });
    } catch (error) {
      setAnswer({ ok: false, text: (error as Error).message });
    }
  };
  return (
    <section className="card" aria-labelledby="data-rights-h">
      <h2 id="data-rights-h">{t('dataRights.title')}</h2>
      <p className="muted">{t('dataRights.lead')}</p>
      <div className="actions">
        <button type="button" className="btn btn-small" onClick={() => void exportAs('pdf')}>
          {t('dataRights.exportPdf')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => void exportAs('json')}>
          {t('dataRights.exportJson')}
        </button>
      </div>
      {answer && (
        <p className={answer.ok ? 'muted' : 'error'} role={answer.ok ? 'status' : 'alert'}>
          {answer.ok ? t('printouts.ready', { name: answer.text }) : answer.text}
        </p>
      )}
      {!client.anonymisedAt &&
        (client.restricted ? (
          <button type="button" className="btn btn-small" disabled={lifting.fetching} onClick={() => void lift({ id: client.id })}>
            {t('dataRights.lift')}
          </button>
        ) : (
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              void restrict({ id: client.id, reason }).then((r) => r.data && setReason(''));
            }}
          >
            <FormError error={restricting.error} fields={['reason']} />
            <TextArea label={t('dataRights.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
            <button type="submit" className="btn btn-small" disabled={restricting.fetching || !reason.trim()}>
              {t('dataRights.restrict')}
            </button>
          </form>
        ))}
    </section>
  );
}

/** Old value → new value, who, when: every change of the record's fields. */
export function ChangeHistory({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [result] = useQuery({ query: HistoryQuery, variables: { id: clientId } });
  const node = result.data?.node;
  const history = node?.__typename === 'Client' ? node.changeHistory : [];
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">{t('dataRights.history')}</h2>
      {history.length === 0 ? (
        <p className="muted">{t('dataRights.noHistory')}</p>
      ) : (
        <table className="table" data-testid="change-history">
          <thead>
            <tr>
              <th>{t('dataRights.when')}</th>
              <th>{t('dataRights.who')}</th>
              <th>{t('dataRights.field')}</th>
              <th>{t('dataRights.change')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h, i) => (
              <tr key={i}>
                <td>{f.dateTime(h.at)}</td>
                <td>{h.by ?? '—'}</td>
                <td>{t(`dataRights.fields.${h.field}`, { defaultValue: h.field })}</td>
                <td>
                  {h.from ?? '—'} → {h.to ?? '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
