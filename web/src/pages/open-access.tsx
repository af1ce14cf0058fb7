import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql, type ResultOf } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { ChoiceChips, fieldErrors, FormActions, SelectField, TextField } from '../components/form.tsx';
import { Empty, ErrorBanner, ListLoadable, LoadMore, QueryError, Spinner } from '../components/states.tsx';
import { todayIso, useFormat } from '../lib/format.ts';
import { newKey, useDebounced } from '../lib/hooks.ts';
import { usePagedQuery } from '../lib/paging.ts';

// Open-access work (information, a call, a walk-in at the center) is counted, not filed:
// no case, just the service, channel, day and a few anonymous facts; a client of the center may
// be named, and then the form shows where their two-month open-access period stands. The author
// or the manager corrects or voids a contact from the list (kept, counted nowhere).

const FormData = graphql(`
  query OpenAccessFormData {
    center {
      id
      services { id name access active }
      municipality { id name settlements { id name } }
      partnerMunicipalities { municipality { id name settlements { id name } } }
    }
    targetGroups { id name }
  }
`);

const RecentContacts = graphql(`
  query OpenAccessContacts($first: Int!, $after: String) {
    openAccessContacts(first: $first, after: $after, includeVoided: true) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id occurredOn channel peopleCount ageBand sex voided voidReason canChange version
        service { id name } settlement { id name } municipality { id name } targetGroup { id } client { id fullName } recordedBy { id user { displayName } } } }
    }
  }
`);

const RecordContact = graphql(`
  mutation RecordOpenAccessContact($input: OpenAccessContactInput!, $key: String) {
    recordOpenAccessContact(input: $input, idempotencyKey: $key) { id occurredOn channel peopleCount service { id name } }
  }
`);

const CorrectContact = graphql(`
  mutation CorrectOpenAccessContact($id: ID!, $input: OpenAccessContactInput!) {
    correctOpenAccessContact(id: $id, input: $input) { id occurredOn channel peopleCount ageBand sex version canChange voided service { id name } settlement { id name } municipality { id name } client { id fullName } }
  }
`);

const VoidContact = graphql(`
  mutation VoidOpenAccessContact($id: ID!, $reason: String!) {
    voidOpenAccessContact(id: $id, reason: $reason) { id voided voidReason canChange version }
  }
`);

const PersonSearch = graphql(`
  query OpenAccessPersonSearch($search: String!) {
    clients(search: $search, first: 6) { edges { node { id fullName birthYear } } }
  }
`);

const PersonPeriod = graphql(`
  query OpenAccessPeriod($clientId: ID!) {
    openAccessPeriod(clientId: $clientId) { startedOn endsOn contacts daysLeft exceeded }
  }
`);

type Contact = NonNullable<ResultOf<typeof RecentContacts>['openAccessContacts']['edges'][number]['node']>;

const CHANNELS = ['IN_PERSON', 'PHONE', 'ONLINE', 'FIELD'] as const;
const AGE_BANDS = ['UNKNOWN', 'AGE_0_2', 'AGE_3_6', 'AGE_7_13', 'AGE_14_17', 'AGE_18_29', 'AGE_30_64', 'AGE_65_PLUS'] as const;
const SEXES = ['UNKNOWN', 'FEMALE', 'MALE', 'OTHER'] as const;

type Form = {
  key: string;
  serviceId: string;
  channel: (typeof CHANNELS)[number];
  occurredOn: string;
  peopleCount: string;
  ageBand: (typeof AGE_BANDS)[number];
  sex: (typeof SEXES)[number];
  municipalityId: string;
  settlementId: string;
  targetGroupId: string;
  person: { id: string; fullName: string } | null;
};

const fresh = (serviceId = '', channel: Form['channel'] = 'IN_PERSON'): Form => ({
  key: newKey(),
  serviceId,
  channel,
  occurredOn: todayIso(),
  peopleCount: '1',
  ageBand: 'UNKNOWN',
  sex: 'UNKNOWN',
  municipalityId: '',
  settlementId: '',
  targetGroupId: '',
  person: null,
});

/** The list's contact, back in the form for a correction. */
const fromContact = (c: Contact): Form => ({
  key: newKey(),
  serviceId: c.service.id,
  channel: c.channel,
  occurredOn: c.occurredOn,
  peopleCount: String(c.peopleCount),
  ageBand: c.ageBand,
  sex: c.sex,
  municipalityId: c.municipality?.id ?? '',
  settlementId: c.settlement?.id ?? '',
  targetGroupId: c.targetGroup?.id ?? '',
  person: c.client ? { id: c.client.id, fullName: c.client.fullName } : null,
});

export function OpenAccessPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('openAccess.title')} lead={t('openAccess.lead')} />
      <Contacts />
    </>
  );
}

function Contacts() {
  // The contact being corrected, if any: the form fills with it and saves a correction.
  const [editing, setEditing] = useState<Contact | null>(null);
  return (
    <div className="columns">
      <ContactForm key={editing?.id ?? 'new'} editing={editing} onDone={() => setEditing(null)} />
      <RecentList onCorrect={setEditing} />
    </div>
  );
}

function ContactForm({ editing, onDone }: { editing: Contact | null; onDone: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [data, refetch] = useQuery({ query: FormData });
  const [form, setForm] = useState<Form>(() => (editing ? fromContact(editing) : fresh()));
  // A form nobody has touched is not a contact: pressing save on it records nothing.
  const [touched, setTouched] = useState(false);
  const set = (patch: Partial<Form>) => {
    setForm({ ...form, ...patch });
    setTouched(true);
    setUntouched(false);
  };
  const [untouched, setUntouched] = useState(false);
  const [recorded, record] = useMutation(RecordContact);
  const [correctedResult, correct] = useMutation(CorrectContact);
  const result = editing ? correctedResult : recorded;
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(result.error);
  const services = (data.data?.center.services ?? []).filter((s) => s.active && s.access === 'OPEN_ACCESS');
  const serviceId = form.serviceId || services[0]?.id || '';
  // Where the person lives: the API needs a municipality (or a settlement). The center's own
  // municipality first, then its partners; the settlement is optional within it.
  const municipalities = useMemo(() => {
    const c = data.data?.center;
    if (!c) return [];
    const seen = new Set<string>();
    return [c.municipality, ...(c.partnerMunicipalities ?? []).map((p) => p.municipality)].filter((m) => !seen.has(m.id) && seen.add(m.id));
  }, [data.data]);
  const municipalityId = form.municipalityId || municipalities[0]?.id || '';
  const settlements = municipalities.find((m) => m.id === municipalityId)?.settlements.map((s) => ({ value: s.id, label: s.name })) ?? [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (!touched) {
      setUntouched(true);
      return;
    }
    // The server says what is wrong with the number (an empty field is 0: "at least one person").
    const input = {
      serviceId,
      channel: form.channel,
      occurredOn: form.occurredOn,
      peopleCount: Number(form.peopleCount || '0'),
      ageBand: form.ageBand,
      sex: form.sex,
      municipalityId: municipalityId || null,
      settlementId: form.settlementId || null,
      targetGroupId: form.targetGroupId || null,
      clientId: form.person?.id ?? null,
    };
    if (editing) {
      const r = await correct({ id: editing.id, input });
      if (r.data) onDone();
      return;
    }
    const r = await record({ key: form.key, input });
    if (r.data) {
      // The next contact is often the same kind: keep the service and channel (untouched again).
      setForm({ ...fresh(serviceId, form.channel), municipalityId: form.municipalityId });
      setTouched(false);
      setSaved(true);
    }
  }

  if (data.error && !data.data) return <QueryError error={data.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data.data) return <Spinner />;
  return (
    <section className="card" aria-labelledby="contact-h">
      <h2 id="contact-h">{editing ? t('openAccess.correcting', { date: f.shortDate(editing.occurredOn) }) : t('openAccess.record')}</h2>
      {services.length === 0 ? (
        <Empty>{t('openAccess.noServices')}</Empty>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          {saved && (
            <div className="banner banner-ok" role="status">
              {t('openAccess.saved')}
            </div>
          )}
          {untouched && (
            <div className="banner banner-error" role="alert">
              {t('openAccess.untouched')}
            </div>
          )}
          <ErrorBanner error={result.error} />
          <SelectField label={t('session.service')} value={serviceId} error={errors.serviceId} onChange={(e) => set({ serviceId: e.target.value })} options={services.map((s) => ({ value: s.id, label: s.name }))} />
          <ChoiceChips legend={t('openAccess.channel')} name="channel" value={form.channel} onChange={(v) => set({ channel: v as Form['channel'] })} options={CHANNELS.map((c) => ({ value: c, label: t(`contactChannel.${c}`) }))} />
          <div className="grid-2">
            <TextField label={t('common.date')} type="date" required value={form.occurredOn} error={errors.occurredOn} onChange={(e) => set({ occurredOn: e.target.value })} />
            <TextField label={t('openAccess.people')} hint={t('openAccess.peopleHint')} inputMode="numeric" required value={form.peopleCount} error={errors.peopleCount} onChange={(e) => set({ peopleCount: e.target.value.replace(/\D/g, '').slice(0, 3) })} />
          </div>
          <div className="grid-2">
            <SelectField label={t('openAccess.ageBand')} value={form.ageBand} error={errors.ageBand} onChange={(e) => set({ ageBand: e.target.value as Form['ageBand'] })} options={AGE_BANDS.map((a) => ({ value: a, label: t(`ageBand.${a}`) }))} />
            <SelectField label={t('clients.sex')} value={form.sex} error={errors.sex} onChange={(e) => set({ sex: e.target.value as Form['sex'] })} options={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))} />
          </div>
          <div className="grid-2">
            <SelectField
              label={t('openAccess.municipality')}
              value={municipalityId}
              error={errors.municipalityId}
              onChange={(e) => set({ municipalityId: e.target.value, settlementId: '' })}
              options={municipalities.map((m) => ({ value: m.id, label: m.name }))}
            />
            <SelectField label={t('clients.settlement')} optional placeholder="—" value={form.settlementId} error={errors.settlementId} onChange={(e) => set({ settlementId: e.target.value })} options={settlements} />
          </div>
          <SelectField label={t('openAccess.targetGroup')} optional placeholder="—" value={form.targetGroupId} error={errors.targetGroupId} onChange={(e) => set({ targetGroupId: e.target.value })} options={data.data.targetGroups.map((g) => ({ value: g.id, label: g.name }))} />
          <KnownPerson person={form.person} error={errors.clientId} onChange={(person) => set({ person })} />
          <FormActions saving={result.fetching} label={editing ? t('openAccess.submitCorrection') : t('openAccess.submit')} {...(editing ? { onCancel: onDone } : {})} />
        </form>
      )}
    </section>
  );
}

/** A client of the center, named when known: the form then shows their two-month period. */
function KnownPerson({ person, error, onChange }: { person: Form['person']; error?: string | undefined; onChange: (p: Form['person']) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const [found] = useQuery({ query: PersonSearch, variables: { search: q }, pause: !!person || q.length < 2 });
  const [period] = useQuery({ query: PersonPeriod, variables: { clientId: person?.id ?? '' }, pause: !person, requestPolicy: 'cache-and-network' });
  if (person) {
    const p = period.data?.openAccessPeriod;
    return (
      <div className="field" data-testid="known-person">
        <span className="field-label">{t('openAccess.person')}</span>
        <p>
          <strong>{person.fullName}</strong>{' '}
          <button type="button" className="btn btn-small btn-quiet" onClick={() => onChange(null)}>
            {t('openAccess.personClear')}
          </button>
        </p>
        {period.data && (
          <p className={p?.exceeded ? 'banner banner-error' : 'banner'} role="status" data-testid="open-access-period">
            {!p
              ? t('openAccess.periodNone')
              : p.exceeded
                ? t('openAccess.periodExceeded', { from: f.shortDate(p.startedOn), to: f.shortDate(p.endsOn) })
                : t('openAccess.periodOpen', { from: f.shortDate(p.startedOn), to: f.shortDate(p.endsOn), count: p.daysLeft, contacts: p.contacts })}
          </p>
        )}
        {error && <p className="field-error">{error}</p>}
      </div>
    );
  }
  return (
    <>
      <TextField label={t('openAccess.person')} optional hint={t('openAccess.personHint')} type="search" value={search} error={error} placeholder={t('clients.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} />
      {found.data && q.length >= 2 && (
        <ul className="list">
          {found.data.clients.edges.map(({ node: c }) => (
            <li key={c.id}>
              <button type="button" className="list-row list-button" onClick={() => onChange({ id: c.id, fullName: c.fullName })}>
                <span className="list-main">
                  <strong>{c.fullName}</strong>
                  <span className="muted">{c.birthYear ?? ''}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function VoidForm({ contact, onDone }: { contact: Contact; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [result, voidContact] = useMutation(VoidContact);
  const errors = fieldErrors(result.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await voidContact({ id: contact.id, reason });
    if (r.data) onDone();
  }
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="void-contact">
      {!errors.reason && <ErrorBanner error={result.error} />}
      <TextField label={t('openAccess.voidReason')} hint={t('openAccess.voidReasonHint')} required value={reason} error={errors.reason} onChange={(e) => setReason(e.target.value)} />
      <FormActions saving={result.fetching} onCancel={onDone} label={t('openAccess.confirmVoid')} />
    </form>
  );
}

function RecentList({ onCorrect }: { onCorrect: (c: Contact) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [voiding, setVoiding] = useState<string | null>(null);
  const paged = usePagedQuery({ query: RecentContacts, variables: {}, pageSize: 20, connection: (d) => d.openAccessContacts });
  const data = paged.data;
  return (
    <section className="card" aria-labelledby="recent-contacts-h">
      <h2 id="recent-contacts-h">{t('openAccess.recent')}</h2>
      <ListLoadable data={data} error={paged.error} onRetry={paged.refetch} empty={t('openAccess.empty')}>
        {(data) => (
          <>
            <p className="muted">{t('openAccess.count', { count: data.totalCount })}</p>
            <ul className="list" data-testid="recent-contacts">
              {data.edges.map(({ node: c }) => (
                <li key={c.id} className={`list-row${c.voided ? ' list-row-voided' : ''}`} data-testid="contact" data-voided={c.voided ? 'true' : 'false'}>
                  <span className="list-main">
                    <strong>{c.voided ? <s>{c.service.name}</s> : c.service.name}</strong>
                    <span className="muted">
                      {[f.shortDate(c.occurredOn), t(`contactChannel.${c.channel}`), t('openAccess.peopleCount', { count: c.peopleCount }), c.ageBand !== 'UNKNOWN' ? t(`ageBand.${c.ageBand}`) : null, c.client?.fullName, c.settlement?.name ?? c.municipality?.name, c.recordedBy?.user.displayName]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                    {c.voided && <span className="muted">{t('openAccess.voidedBecause', { reason: c.voidReason ?? '' })}</span>}
                    {voiding === c.id && <VoidForm contact={c} onDone={() => setVoiding(null)} />}
                  </span>
                  {c.voided && <span className="badge">{t('openAccess.voided')}</span>}
                  {c.canChange && voiding !== c.id && (
                    <>
                      <button type="button" className="btn btn-small" onClick={() => onCorrect(c)}>
                        {t('openAccess.correct')}
                      </button>
                      <button type="button" className="btn btn-small btn-quiet" onClick={() => setVoiding(c.id)}>
                        {t('openAccess.void')}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
            <LoadMore paged={paged} />
          </>
        )}
      </ListLoadable>
    </section>
  );
}
