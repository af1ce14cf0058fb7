import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql.ts';
import { fieldErrors, FormActions, FormError, TextField } from '../../components/form.tsx';

// The center's retention rule (GDPR storage limitation, issue #19): a person is anonymised this
// many years after their last case closed; empty or 0: never. Staff read it; the manager edits it.
// The job that applies it: schema/src/support/retention.ts, run by the server (OPORA_RETENTION_EVERY_H).

const RetentionQuery = graphql(`
  query RetentionYears {
    center { id retentionYears }
  }
`);

const SetRetention = graphql(`
  mutation SetRetentionYears($years: Int) {
    setRetentionYears(years: $years) { id retentionYears }
  }
`);

export function RetentionSetting({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const [result] = useQuery({ query: RetentionQuery });
  const [saving, save] = useMutation(SetRetention);
  const [edit, setEdit] = useState<string | null>(null);
  const c = result.data?.center;
  if (!c) return null;
  const errors = fieldErrors(saving.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (edit === null) return;
    const years = edit.trim() === '' ? null : Math.round(Number(edit));
    const r = await save({ years });
    if (r.data) setEdit(null);
  }
  return (
    <section className="card" aria-labelledby="retention-h">
      <h2 id="retention-h">{t('dataRights.retentionTitle')}</h2>
      <p className="muted">{t('dataRights.retentionLead')}</p>
      {edit === null ? (
        <>
          <dl className="facts">
            <dt>{t('dataRights.retentionYears')}</dt>
            <dd data-testid="retention-years">{c.retentionYears ? t('dataRights.years', { count: c.retentionYears }) : t('dataRights.never')}</dd>
          </dl>
          {canEdit && (
            <button type="button" className="btn btn-small" onClick={() => setEdit(c.retentionYears ? String(c.retentionYears) : '')}>
              {t('dataRights.retentionEdit')}
            </button>
          )}
        </>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <FormError error={saving.error} fields={['years']} />
          <TextField label={t('dataRights.retentionYears')} hint={t('dataRights.retentionHint')} inputMode="numeric" value={edit} error={errors.years} onChange={(e) => setEdit(e.target.value)} />
          <FormActions saving={saving.fetching} onCancel={() => setEdit(null)} />
        </form>
      )}
    </section>
  );
}
