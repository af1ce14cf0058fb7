import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { addMonths, dayOf, isoDay } from '@opora/common/calendar';
import { graphql } from '../../graphql.ts';
import { Checklist, fieldErrors, FormActions, FormError, SelectField, staffOptions, StaffOptionsFields, TextArea, TextField } from '../../components/form.tsx';
import { Spinner } from '../../components/states.tsx';
import { todayIso, useFormat } from '../../lib/format.ts';
import { Documents } from './documents.tsx';
import type { CaseData } from './query.ts';

// The contract for using the service (договор за ползване на социална услуга): drafted once the
// plan is in effect, concluded (signed: the case becomes active), extended by annex, ended with
// its ground while the case stays open (delivery then stops), or ended by closing the case
// (status.tsx). The server decides which of these the stage allows (Case.actions); these panels
// only carry the act out.

export type ContractData = CaseData['contracts'][number];

/** The grounds the regulation (ППЗСУ) names for ending the contract, in the order a worker meets them (words: the vocabulary). */
export const CONTRACT_END_GROUNDS = ['GOALS_ACHIEVED', 'TERM_EXPIRED', 'MUTUAL_CONSENT', 'PERSON_REQUEST', 'PERSON_BREACH', 'NEEDS_CHANGED', 'PERSON_DIED', 'PROVIDER_CEASED', 'OTHER'] as const;
export type ContractEndGround = (typeof CONTRACT_END_GROUNDS)[number];

const sixMonthsAfter = (iso: string) => isoDay(addMonths(dayOf(iso), 6));

const ContractFormData = graphql(
  `
  query ContractFormData($id: ID!) {
    node(id: $id) {
      __typename
      ... on Case {
        id
        person { id kind }
        participants { role client { id fullName kind } }
        household { id members { relationship client { id fullName kind } } }
      }
    }
    center { id services { id name access active } ...StaffOptionsFields }
  }
`,
  [StaffOptionsFields],
);

const CreateContract = graphql(`
  mutation CreateContract($caseId: ID!, $input: ContractInput!, $key: String) {
    createContract(caseId: $caseId, input: $input, idempotencyKey: $key) { contract { id status version } }
  }
`);

const FIELDS = ['number', 'contractDate', 'representativeId', 'providerSignatoryId', 'serviceIds', 'startsOn', 'endsOn', 'feeAmount', 'feeNote'];

/** „Изготви договор“: the contract's content, as a draft to print and sign. */
export function DraftContractPanel({ c, onDone }: { c: CaseData; onDone: () => void }) {
  const { t } = useTranslation();
  const [options] = useQuery({ query: ContractFormData, variables: { id: c.id } });
  const [number, setNumber] = useState('');
  const [contractDate, setContractDate] = useState(todayIso());
  const [representativeId, setRepresentativeId] = useState('');
  const [signatoryId, setSignatoryId] = useState('');
  const [services, setServices] = useState<Set<string>>(() => new Set());
  const [startsOn, setStartsOn] = useState(todayIso());
  const [endsOn, setEndsOn] = useState(sixMonthsAfter(todayIso()));
  const [free, setFree] = useState(true);
  const [feeAmount, setFeeAmount] = useState('');
  const [feeNote, setFeeNote] = useState('');
  const [key] = useState(() => crypto.randomUUID());
  const [created, create] = useMutation(CreateContract);
  const errors = fieldErrors(created.error);

  const node = options.data?.node?.__typename === 'Case' ? options.data.node : null;
  // The legal representative: an adult of the family the case works with (its people and household).
  const adults = new Map<string, string>();
  for (const p of node?.participants ?? []) if (p.client.kind === 'ADULT') adults.set(p.client.id, `${p.client.fullName} · ${t(`participantRole.${p.role}`)}`);
  for (const m of node?.household?.members ?? []) if (m.client.kind === 'ADULT' && !adults.has(m.client.id)) adults.set(m.client.id, `${m.client.fullName} · ${t(`relationship.${m.relationship}`)}`);
  const forChild = node?.person.kind !== 'ADULT';
  const specialised = (options.data?.center?.services ?? []).filter((s) => s.active && s.access === 'SPECIALISED');
  const staff = staffOptions(options.data?.center);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input = {
      number: number.trim() || null,
      contractDate,
      representativeId: representativeId || null,
      providerSignatoryId: signatoryId || null,
      serviceIds: [...services],
      startsOn,
      endsOn,
      feeAmount: free ? null : Number(feeAmount.replace(',', '.')),
      feeNote: feeNote.trim() || null,
    };
    const r = await create({ caseId: c.id, input, key });
    if (r.data) onDone();
  }
  if (options.fetching && !options.data) return <Spinner />;
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{t('caseAction.DRAFT_CONTRACT')}</h2>
      <FormError error={created.error} fields={FIELDS} />
      <p className="muted">{t('contract.draftLead')}</p>
      <div className="grid-2">
        <TextField label={t('contract.number')} optional hint={t('contract.numberHint')} value={number} error={errors.number} onChange={(e) => setNumber(e.target.value)} />
        <TextField label={t('contract.date')} type="date" value={contractDate} error={errors.contractDate} onChange={(e) => setContractDate(e.target.value)} />
      </div>
      <div className="grid-2">
        <SelectField
          label={t('contract.representative')}
          optional={!forChild}
          hint={forChild ? t('contract.representativeHint') : t('contract.representativeAdultHint')}
          value={representativeId}
          error={errors.representativeId}
          onChange={(e) => setRepresentativeId(e.target.value)}
          options={[{ value: '', label: forChild ? t('contract.choose') : t('contract.personSigns') }, ...[...adults].map(([value, label]) => ({ value, label }))]}
        />
        <SelectField
          label={t('contract.providerSignatory')}
          value={signatoryId}
          error={errors.providerSignatoryId}
          onChange={(e) => setSignatoryId(e.target.value)}
          options={[{ value: '', label: t('contract.managerSigns') }, ...staff.map((m) => ({ value: m.id, label: `${m.user.displayName} · ${m.title ?? t(`roles.${m.role}`)}` }))]}
        />
      </div>
      <Checklist legend={t('contract.services')} hint={t('contract.servicesHint')} items={specialised} checked={services} onChange={setServices} errors={errors.serviceIds ? [errors.serviceIds] : []}>
        {(s) => <span>{s.name}</span>}
      </Checklist>
      <div className="grid-2">
        <TextField
          label={t('contract.startsOn')}
          type="date"
          value={startsOn}
          error={errors.startsOn}
          onChange={(e) => {
            setStartsOn(e.target.value);
            if (e.target.value) setEndsOn(sixMonthsAfter(e.target.value));
          }}
        />
        <TextField label={t('contract.endsOn')} type="date" hint={t('contract.endsOnHint')} value={endsOn} error={errors.endsOn} onChange={(e) => setEndsOn(e.target.value)} />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={free} onChange={(e) => setFree(e.target.checked)} /> {t('contract.free')}
      </label>
      {!free && (
        <div className="grid-2">
          <TextField label={t('contract.feeAmount')} inputMode="decimal" value={feeAmount} error={errors.feeAmount} onChange={(e) => setFeeAmount(e.target.value)} />
          <TextField label={t('contract.feeNote')} optional value={feeNote} error={errors.feeNote} onChange={(e) => setFeeNote(e.target.value)} />
        </div>
      )}
      <FormActions saving={created.fetching} onCancel={onDone} label={t('caseAction.DRAFT_CONTRACT')} />
    </form>
  );
}

const ConcludeContract = graphql(`
  mutation ConcludeContract($id: ID!, $version: Int!, $signedOn: Date!) {
    concludeContract(id: $id, version: $version, signedOn: $signedOn) { id status signedOn version }
  }
`);

/** „Сключи договора“: both parties signed; the case becomes active (delivery under the contract). */
export function ConcludeContractPanel({ contract, onDone }: { contract: ContractData; onDone: () => void }) {
  const { t } = useTranslation();
  const [signedOn, setSignedOn] = useState(todayIso());
  const [result, conclude] = useMutation(ConcludeContract);
  const errors = fieldErrors(result.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await conclude({ id: contract.id, version: contract.version, signedOn });
    if (r.data) onDone();
  }
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{t('caseAction.CONCLUDE_CONTRACT')}</h2>
      <FormError error={result.error} fields={['signedOn']} />
      <p className="muted">{t('contract.concludeLead', { number: contract.number })}</p>
      <TextField label={t('contract.signedOn')} type="date" value={signedOn} error={errors.signedOn} onChange={(e) => setSignedOn(e.target.value)} />
      <FormActions saving={result.fetching} onCancel={onDone} label={t('caseAction.CONCLUDE_CONTRACT')} />
    </form>
  );
}

const ExtendContract = graphql(`
  mutation ExtendContract($id: ID!, $version: Int!, $newEndsOn: Date!, $extendedOn: Date!, $ground: String!) {
    extendContract(id: $id, version: $version, newEndsOn: $newEndsOn, extendedOn: $extendedOn, ground: $ground) { id endsOn version extensions { extendedOn previousEndsOn newEndsOn ground } }
  }
`);

/** „Удължи договора“: an annex with the new end of the term and its ground; the earlier end stays in the history. */
export function ExtendContractPanel({ contract, onDone }: { contract: ContractData; onDone: () => void }) {
  const { t } = useTranslation();
  const [newEndsOn, setNewEndsOn] = useState(sixMonthsAfter(contract.endsOn));
  const [extendedOn, setExtendedOn] = useState(todayIso());
  const [ground, setGround] = useState('');
  const [result, extend] = useMutation(ExtendContract);
  const errors = fieldErrors(result.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await extend({ id: contract.id, version: contract.version, newEndsOn, extendedOn, ground });
    if (r.data) onDone();
  }
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{t('caseAction.EXTEND_CONTRACT')}</h2>
      <FormError error={result.error} fields={['newEndsOn', 'extendedOn', 'ground']} />
      <div className="grid-2">
        <TextField label={t('contract.newEndsOn')} type="date" value={newEndsOn} error={errors.newEndsOn} onChange={(e) => setNewEndsOn(e.target.value)} />
        <TextField label={t('contract.extendedOn')} type="date" value={extendedOn} error={errors.extendedOn} onChange={(e) => setExtendedOn(e.target.value)} />
      </div>
      <TextArea label={t('contract.extensionGround')} required value={ground} error={errors.ground} onChange={(e) => setGround(e.target.value)} />
      <FormActions saving={result.fetching} onCancel={onDone} label={t('caseAction.EXTEND_CONTRACT')} />
    </form>
  );
}

const EndContract = graphql(`
  mutation EndContract($id: ID!, $version: Int!, $endedOn: Date!, $ground: ContractEndGround!, $note: String) {
    endContract(id: $id, version: $version, endedOn: $endedOn, ground: $ground, note: $note) { id status endedOn endGround endNote version }
  }
`);

/** „Прекрати договора“: the contract ends on its ground; the case stays open, the service stops until a new contract. */
export function EndContractPanel({ contract, onDone }: { contract: ContractData; onDone: () => void }) {
  const { t } = useTranslation();
  // An expired term ends on its last day; otherwise today.
  const [endedOn, setEndedOn] = useState(contract.expired ? contract.endsOn : todayIso());
  // No default ground: ending a contract is a legal act the worker chooses.
  const [ground, setGround] = useState<ContractEndGround | ''>(contract.expired ? 'TERM_EXPIRED' : '');
  const [note, setNote] = useState('');
  const [result, end] = useMutation(EndContract);
  const errors = fieldErrors(result.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!ground) return;
    const r = await end({ id: contract.id, version: contract.version, endedOn, ground, note: note.trim() || null });
    if (r.data) onDone();
  }
  return (
    <form className="card form panel" onSubmit={submit}>
      <h2>{t('caseAction.END_CONTRACT')}</h2>
      <FormError error={result.error} fields={['endedOn', 'ground', 'note']} />
      <p className="muted">{t('contract.endLead', { number: contract.number })}</p>
      <div className="grid-2">
        <TextField label={t('contract.endOn')} type="date" value={endedOn} error={errors.endedOn} onChange={(e) => setEndedOn(e.target.value)} />
        <SelectField
          label={t('contract.endGround')}
          required
          value={ground}
          error={errors.ground}
          placeholder={t('contract.choose')}
          onChange={(e) => setGround(e.target.value as ContractEndGround | '')}
          options={CONTRACT_END_GROUNDS.map((g) => ({ value: g, label: t(`contractEndGround.${g}`) }))}
        />
      </div>
      <TextArea label={t('contract.endNote')} optional value={note} error={errors.note} onChange={(e) => setNote(e.target.value)} />
      <FormActions saving={result.fetching} onCancel={onDone} label={t('caseAction.END_CONTRACT')} />
    </form>
  );
}

/** The contract as the file keeps it: parties, services, term, fee, signing, annexes and its end; its printout and its scanned papers. */
export function ContractCard({ contract: k, canAdd, canErase }: { contract: ContractData; canAdd: boolean; canErase: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const tone = k.status === 'SIGNED' ? 'badge-ok' : k.status === 'ENDED' ? 'badge-grey' : 'badge-warn';
  return (
    <section className="card" aria-label={t('contract.title')} data-testid="contract-card">
      <div className="card-head">
        <h2>
          {t('contract.title')} № {k.number}
        </h2>
        <span className={`badge ${tone}`}>{t(`contractStatus.${k.status}`)}</span>
      </div>
      <dl className="facts">
        <dt>{t('contract.date')}</dt>
        <dd>{f.date(k.contractDate)}</dd>
        <dt>{t('contract.representative')}</dt>
        <dd>{k.representative?.fullName ?? t('contract.personSigns')}</dd>
        <dt>{t('contract.providerSignatory')}</dt>
        <dd>{k.providerSignatory.user.displayName}</dd>
        <dt>{t('contract.services')}</dt>
        <dd>{k.services.map((s) => s.name).join('; ')}</dd>
        <dt>{t('contract.term')}</dt>
        <dd data-testid="contract-term">
          {f.date(k.startsOn)} – {f.date(k.endsOn)} ({t('contract.months', { count: k.termMonths })}) {k.expired && <span className="badge badge-err">{t('contract.expired')}</span>}
        </dd>
        <dt>{t('contract.fee')}</dt>
        <dd>{k.free ? t('contract.free') : `${k.feeAmount} € ${k.feeNote ?? ''}`}</dd>
        <dt>{t('contract.signedOn')}</dt>
        <dd>{k.signedOn ? f.date(k.signedOn) : '—'}</dd>
        {k.extensions.length > 0 && (
          <>
            <dt>{t('contract.extensions')}</dt>
            <dd>
              <ul className="plain">
                {k.extensions.map((x) => (
                  <li key={`${x.extendedOn}-${x.newEndsOn}`}>
                    {f.date(x.extendedOn)}: {f.date(x.previousEndsOn)} → {f.date(x.newEndsOn)} · <span className="muted">{x.ground}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {k.endedOn && k.endGround && (
          <>
            <dt>{t('contract.endedOn')}</dt>
            <dd data-testid="contract-ended">
              {f.date(k.endedOn)} · {t(`contractEndGround.${k.endGround}`)}
              {k.endNote && <span className="muted"> · {k.endNote}</span>}
            </dd>
          </>
        )}
      </dl>
      {/* The signed copy and its annexes, scanned or photographed, kept with the contract. */}
      <Documents ownerId={k.id} canAdd={canAdd} canErase={canErase} embedded={{ title: t('contract.documents'), testId: 'contract-documents' }} />
    </section>
  );
}
