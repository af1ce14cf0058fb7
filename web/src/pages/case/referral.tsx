import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql.ts';
import { Checklist, fieldErrors, FormActions, SelectField, TextArea, TextField } from '../../components/form.tsx';
import { useDraft } from '../../lib/draft.ts';
import { errorCode } from '../../lib/urql.ts';
import { CaseActionError, conflictRecord } from './conflict.tsx';
import type { CaseData } from './query.ts';

const UpdateCase = graphql(`
  mutation UpdateCase($id: ID!, $version: Int!, $input: UpdateCaseInput!) {
    updateCase(id: $id, version: $version, input: $input) { id version referralReason referralDocumentNumber requestNumber concernRaisedBy targetGroups { id name } }
  }
`);

const TargetGroupOptions = graphql(`
  query TargetGroupOptions {
    targetGroups { id name audience }
  }
`);

const CONCERN_SOURCES = ['SCHOOL', 'KINDERGARTEN', 'HOSPITAL', 'GENERAL_PRACTITIONER', 'POLICE', 'NGO', 'RELATIVE_OR_NEIGHBOUR', 'SELF', 'OTHER'] as const;
type Concern = (typeof CONCERN_SOURCES)[number];

/**
 * Edits the request's or referral's details (a referral's document number, a request's incoming
 * number, who raised the concern) and the case's target groups; a concurrent change shows the other
 * person's values (the page reloads the case, so its target groups are theirs too).
 */
export function EditReferral({ c, onDone, onConflict }: { c: CaseData; onDone: () => void; onConflict: () => void }) {
  const { t } = useTranslation();
  const theirGroups = () => c.targetGroups.map((g) => g.id);
  const base = {
    reason: c.referralReason ?? '',
    documentNumber: c.referralDocumentNumber ?? '',
    requestNumber: c.requestNumber ?? '',
    concern: (c.concernRaisedBy ?? '') as Concern | '',
    groups: theirGroups(),
  };
  const draft = useDraft(`case-edit.${c.id}`, () => ({ ...base, version: c.version }));
  // A draft saved before target groups were editable has none: start from the case's.
  const groups = draft.value.groups ?? base.groups;
  const [options] = useQuery({ query: TargetGroupOptions });
  // The groups a referral may name (children's), and whatever the case already has.
  const forPerson = (audience: string) => (c.person.kind === 'CHILD' ? audience === 'CHILD' : audience !== 'CHILD');
  const choices = (options.data?.targetGroups ?? []).filter((g) => forPerson(g.audience) || groups.includes(g.id) || base.groups.includes(g.id));
  const [result, update] = useMutation(UpdateCase);
  const [conflict, setConflict] = useState<{ reason: string; documentNumber: string; version: number } | null>(null);
  const errors = fieldErrors(result.error);
  async function save(version: number) {
    const r = await update({
      id: c.id,
      version,
      input: {
        referralReason: draft.value.reason.trim() || null,
        // A referral keeps its document's number; a request has none (the server holds the same rule).
        ...(c.intakeRoute === 'REQUEST' ? {} : { referralDocumentNumber: draft.value.documentNumber.trim() || null }),
        requestNumber: (draft.value.requestNumber ?? '').trim() || null,
        concernRaisedBy: draft.value.concern || null,
        targetGroupIds: groups,
      },
    });
    if (r.data) {
      draft.clear();
      onDone();
    } else if (errorCode(r.error) === 'CONFLICT') {
      const cur = conflictRecord(r.error);
      if (cur) setConflict({ reason: String(cur.referralReason ?? ''), documentNumber: String(cur.referralDocumentNumber ?? ''), version: Number(cur.version) });
      // The rest of the page (status, team, details) shows the other person's change too.
      onConflict();
    }
  }
  return (
    <form
      className="card form panel"
      onSubmit={(e) => {
        e.preventDefault();
        void save(draft.value.version);
      }}
    >
      <h2>{t('cases.editReferral')}</h2>
      {conflict && (
        <div className="banner banner-warn" role="alert" data-testid="conflict">
          <strong>{t('clients.conflictTitle')}</strong>
          <dl className="facts">
            <dt>{t('referral.documentNumber')}</dt>
            <dd>{conflict.documentNumber || '—'}</dd>
            <dt>{t('referral.reason')}</dt>
            <dd className="prewrap">{conflict.reason || '—'}</dd>
          </dl>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={() => { const v = conflict.version; setConflict(null); draft.update({ version: v }); void save(v); }}>
              {t('clients.keepMine')}
            </button>
            <button type="button" className="btn" onClick={() => { draft.reset({ ...base, reason: conflict.reason, documentNumber: conflict.documentNumber, groups: theirGroups(), version: conflict.version }); setConflict(null); }}>
              {t('clients.takeTheirs')}
            </button>
          </div>
        </div>
      )}
      {!conflict && <CaseActionError error={result.error} fields={['targetGroupIds', 'referralDocumentNumber']} />}
      {c.intakeRoute !== 'REQUEST' && (
        <TextField
          label={t('referral.documentNumber')}
          optional={c.intakeRoute !== 'REFERRAL'}
          error={errors.referralDocumentNumber}
          value={draft.value.documentNumber}
          onChange={(e) => draft.update({ documentNumber: e.target.value })}
        />
      )}
      <TextField label={t('referral.requestNumber')} optional value={draft.value.requestNumber ?? ''} onChange={(e) => draft.update({ requestNumber: e.target.value })} />
      <SelectField
        label={t('referral.concernRaisedBy')}
        optional
        placeholder="—"
        value={draft.value.concern ?? ''}
        onChange={(e) => draft.update({ concern: e.target.value as Concern | '' })}
        options={CONCERN_SOURCES.map((x) => ({ value: x, label: t(`concernSource.${x}`) }))}
      />
      <TextArea label={t('referral.reason')} optional value={draft.value.reason} onChange={(e) => draft.update({ reason: e.target.value })} />
      {choices.length > 0 && (
        <Checklist
          legend={t('referral.targetGroups')}
          items={choices}
          checked={new Set(groups)}
          onChange={(next) => draft.update({ groups: choices.filter((g) => next.has(g.id)).map((g) => g.id) })}
          errors={errors.targetGroupIds ? [errors.targetGroupIds] : []}
        >
          {(g) => g.name}
        </Checklist>
      )}
      <FormActions saving={result.fetching} onCancel={() => { draft.clear(); onDone(); }} />
    </form>
  );
}
