import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql.ts';
import { fieldErrors, FormActions, FormError, TextField } from '../../components/form.tsx';
import { useFormat } from '../../lib/format.ts';

// The center's limits for attached files (issue 16): the largest file and the most files per
// record, under the deployment's ceiling. Every staff member reads them; the manager edits them.

const LimitsQuery = graphql(`
  query AttachmentLimits {
    center { id attachmentMaxBytes attachmentMaxPerRecord attachmentMaxBytesCap }
  }
`);

const SetLimits = graphql(`
  mutation SetAttachmentLimits($maxBytes: Int!, $maxPerRecord: Int!) {
    setAttachmentLimits(maxBytes: $maxBytes, maxPerRecord: $maxPerRecord) { id attachmentMaxBytes attachmentMaxPerRecord }
  }
`);

const MB = 1024 * 1024;

export function FileLimits({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [result] = useQuery({ query: LimitsQuery });
  const [saving, save] = useMutation(SetLimits);
  const [edit, setEdit] = useState<{ mb: string; count: string } | null>(null);
  const c = result.data?.center;
  if (!c) return null;
  const errors = fieldErrors(saving.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!edit) return;
    const r = await save({ maxBytes: Math.round(Number(edit.mb.replace(',', '.')) * MB), maxPerRecord: Math.round(Number(edit.count)) });
    if (r.data) setEdit(null);
  }
  return (
    <section className="card" aria-labelledby="file-limits-h">
      <h2 id="file-limits-h">{t('fileLimits.title')}</h2>
      {!edit ? (
        <>
          <dl className="facts">
            <dt>{t('fileLimits.maxSize')}</dt>
            <dd data-testid="file-limit-size">{f.number(c.attachmentMaxBytes / MB, 1)} MB</dd>
            <dt>{t('fileLimits.maxCount')}</dt>
            <dd>{c.attachmentMaxPerRecord}</dd>
          </dl>
          {canEdit && (
            <button type="button" className="btn btn-small" onClick={() => setEdit({ mb: String(Math.round((c.attachmentMaxBytes / MB) * 10) / 10), count: String(c.attachmentMaxPerRecord) })}>
              {t('fileLimits.edit')}
            </button>
          )}
        </>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <FormError error={saving.error} fields={['maxBytes', 'maxPerRecord']} />
          <TextField
            label={t('fileLimits.maxSizeMb')}
            hint={t('fileLimits.ceiling', { mb: f.number(c.attachmentMaxBytesCap / MB, 1) })}
            inputMode="decimal"
            value={edit.mb}
            error={errors.maxBytes}
            onChange={(e) => setEdit({ ...edit, mb: e.target.value })}
          />
          <TextField label={t('fileLimits.maxCount')} inputMode="numeric" value={edit.count} error={errors.maxPerRecord} onChange={(e) => setEdit({ ...edit, count: e.target.value })} />
          <FormActions saving={saving.fetching} onCancel={() => setEdit(null)} />
        </form>
      )}
    </section>
  );
}
