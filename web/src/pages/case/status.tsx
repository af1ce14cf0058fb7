import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql.ts';
import { fieldErrors, FormActions, SelectField, TextArea, TextField } from '../../components/form.tsx';
import { todayIso } from '../../lib/format.ts';
import { errorCode } from '../../lib/urql.ts';
import { CaseActionError } from './conflict.tsx';
import type { CaseData } from './query.ts';
import { CONTRACT_END_GROUNDS, type ContractEndGround } from './contract.tsx';

const CloseCaseMutation = graphql(`
  mutation CloseCase($id: ID!, $version: Int!, $closedOn: Date!, $outcome: ClosureOutcome!, $note: String, $contractEndGround: ContractEndGround) {
    closeCase(id: $id, version: $version, closedOn: $closedOn, outcome: $outcome, note: $note, contractEndGround: $contractEndGround) {
      id status statusLabel version closedOn closureOutcome contracts { id status endedOn endGround }
    }
  }
`);


const OUTCOMES = ['GOALS_MET', 'ABANDONMENT_PREVENTED', 'PLACEMENT_PREVENTED', 'FAMILY_REINTEGRATION', 'SCHOOL_RETURN', 'TRANSFERRED', 'MOVED_AWAY', 'REFUSED', 'CONTACT_LOST', 'NOT_ELIGIBLE', 'OTHER'] as const;

export function CloseCase({ c, onDone, onConflict }: { c: CaseData; onDone: () => void; onConflict: () => void }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('GOALS_MET');
  const [closedOn, setClosedOn] = useState(todayIso());
  const [note, setNote] = useState('');
  // A contract in force ends with the closure, on a ground the worker chooses (no default: it is a legal act).
  const inForce = c.contracts.find((k) => k.status === 'SIGNED');
  const [ground, setGround] = useState<ContractEndGround | ''>('');
  const [result, close] = useMutation(CloseCaseMutation);
  const errors = fieldErrors(result.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await close({ id: c.id, version: c.version, closedOn, outcome, note: note.trim() || null, contractEndGround: inForce && ground ? ground : null });
    if (r.data) onDone();
    else if (errorCode(r.error) === 'CONFLICT') onConflict();
  }
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{t('cases.close')}</h2>
      <CaseActionError error={result.error} fields={['closedOn', 'outcome', 'note', ...(inForce ? ['contractEndGround'] : [])]} />
      <div className="grid-2">
        <TextField label={t('cases.closedOn')} type="date" value={closedOn} error={errors.closedOn} onChange={(e) => setClosedOn(e.target.value)} />
        <SelectField label={t('cases.outcome')} value={outcome} onChange={(e) => setOutcome(e.target.value as typeof outcome)} options={OUTCOMES.map((o) => ({ value: o, label: t(`closureOutcome.${o}`) }))} />
      </div>
      {inForce && (
        <SelectField
          label={t('contract.endGround')}
          hint={`${t('contract.title')} № ${inForce.number}. ${t('contract.endGroundHint')}`}
          value={ground}
          error={errors.contractEndGround}
          placeholder={t('contract.choose')}
          onChange={(e) => setGround(e.target.value as typeof ground)}
          options={CONTRACT_END_GROUNDS.map((g) => ({ value: g, label: t(`contractEndGround.${g}`) }))}
        />
      )}
      <TextArea label={t('common.notes')} optional value={note} onChange={(e) => setNote(e.target.value)} />
      <FormActions saving={result.fetching} onCancel={onDone} label={t('cases.close')} />
    </form>
  );
}
