import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql.ts';
import { ChoiceChips, FormActions, FormError, fieldErrors, SelectField, TextField } from '../../components/form.tsx';
import { useDebounced } from '../../lib/hooks.ts';
import type { CaseData } from './query.ts';

// The case's family members (CaseParticipant): listed on the case page, added and removed by the
// case team while the case is open.

const ROLES = ['PARENT', 'CHILD', 'CAREGIVER', 'SIBLING', 'OTHER'] as const;
type Role = (typeof ROLES)[number];

const AddParticipant = graphql(`
  mutation AddCaseParticipant($caseId: ID!, $input: AddCaseParticipantInput!) {
    addCaseParticipant(caseId: $caseId, input: $input) { id participants { role client { id fullName kind } } }
  }
`);

const RemoveParticipant = graphql(`
  mutation RemoveCaseParticipant($caseId: ID!, $clientId: ID!) {
    removeCaseParticipant(caseId: $caseId, clientId: $clientId) { id participants { role client { id fullName kind } } }
  }
`);

const PersonSearch = graphql(`
  query FamilyPersonSearch($search: String!) {
    clients(search: $search, first: 8) { edges { node { id fullName kind birthYear } } }
  }
`);

export function CaseFamily({ c, editable }: { c: CaseData; editable: boolean }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [removal, remove] = useMutation(RemoveParticipant);
  return (
    <section className="card" aria-labelledby="family-h" data-testid="case-family">
      <div className="card-head">
        <h2 id="family-h">{t('cases.family')}</h2>
        {editable && !adding && (
          <button type="button" className="btn btn-small" onClick={() => setAdding(true)}>
            + {t('cases.addFamily')}
          </button>
        )}
      </div>
      <FormError error={removal.error} />
      {c.participants.length === 0 ? (
        <p className="muted">{t('cases.familyEmpty')}</p>
      ) : (
        <ul className="plain">
          {c.participants.map((p) => (
            <li key={p.client.id} data-testid="family-member">
              <Link to={`/clients/${encodeURIComponent(p.client.id)}`}>{p.client.fullName}</Link> <span className="muted">· {t(`participantRole.${p.role}`)}</span>{' '}
              {editable && (
                <button type="button" className="btn btn-small btn-quiet" disabled={removal.fetching} onClick={() => void remove({ caseId: c.id, clientId: p.client.id })}>
                  {t('cases.removeFamily')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {adding && <AddFamilyMember caseId={c.id} onDone={() => setAdding(false)} />}
    </section>
  );
}

function AddFamilyMember({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [role, setRole] = useState<Role>('PARENT');
  const [kind, setKind] = useState<'CHILD' | 'ADULT'>('ADULT');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [picked, setPicked] = useState<{ id: string; name: string } | null>(null);
  const [missing, setMissing] = useState(false);
  const [query, setQuery] = useState('');
  const search = useDebounced(query.trim());
  const [found] = useQuery({ query: PersonSearch, variables: { search }, pause: mode !== 'existing' || search.length < 2 });
  const [result, add] = useMutation(AddParticipant);
  const errors = fieldErrors(result.error);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (mode === 'existing' && !picked) {
      setMissing(true);
      return;
    }
    const r = await add({
      caseId,
      input:
        mode === 'existing'
          ? { clientId: picked!.id, role }
          : { role, newClient: { kind, firstName: firstName.trim(), lastName: lastName.trim(), birthDate: birthDate || null } },
    });
    if (r.data) onDone();
  }

  return (
    <form className="form panel" onSubmit={submit} noValidate aria-label={t('cases.addFamily')}>
      <FormError error={result.error} fields={['firstName', 'lastName', 'birthDate', 'clientId']} />
      <ChoiceChips
        legend={t('cases.addFamily')}
        name="familyMode"
        value={mode}
        onChange={(v) => setMode(v as 'new' | 'existing')}
        options={[
          { value: 'new', label: t('cases.familyNew') },
          { value: 'existing', label: t('cases.familyExisting') },
        ]}
      />
      <SelectField label={t('cases.familyRole')} name="familyRole" value={role} onChange={(e) => setRole(e.target.value as Role)} options={ROLES.map((r) => ({ value: r, label: t(`participantRole.${r}`) }))} />
      {mode === 'new' ? (
        <>
          <ChoiceChips legend={t('referral.personKind')} name="familyKind" value={kind} onChange={(v) => setKind(v as 'CHILD' | 'ADULT')} options={(['ADULT', 'CHILD'] as const).map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
          <div className="grid-3">
            <TextField label={t('clients.firstName')} name="familyFirstName" required autoComplete="off" value={firstName} error={errors.firstName} onChange={(e) => setFirstName(e.target.value)} />
            <TextField label={t('clients.lastName')} name="familyLastName" required autoComplete="off" value={lastName} error={errors.lastName} onChange={(e) => setLastName(e.target.value)} />
            <TextField label={t('clients.birthDate')} name="familyBirthDate" type="date" optional value={birthDate} error={errors.birthDate} onChange={(e) => setBirthDate(e.target.value)} />
          </div>
        </>
      ) : picked ? (
        <p className="picked">
          <strong>{picked.name}</strong>{' '}
          <button type="button" className="btn btn-small" onClick={() => setPicked(null)}>
            {t('referral.changeChild')}
          </button>
        </p>
      ) : (
        <div className="field">
          <label htmlFor="family-search">{t('cases.findPerson')}</label>
          <input id="family-search" type="search" value={query} placeholder={t('clients.searchPlaceholder')} aria-invalid={missing || undefined} onChange={(e) => setQuery(e.target.value)} />
          {(missing || errors.clientId) && <p className="field-error">{errors.clientId ?? t('cases.pickPerson')}</p>}
          {found.data && (
            <ul className="list">
              {found.data.clients.edges.map(({ node: p }) => (
                <li key={p.id}>
                  <button type="button" className="list-row list-button" onClick={() => { setMissing(false); setPicked({ id: p.id, name: p.fullName }); }}>
                    <span className="list-main">
                      <strong>{p.fullName}</strong>
                      <span className="muted">{[t(`kinds.${p.kind}`), p.birthYear].filter(Boolean).join(' · ')}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <FormActions saving={result.fetching} onCancel={onDone} />
    </form>
  );
}
