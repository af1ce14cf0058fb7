import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql.ts';
import { PageHeader } from '../components/layout.tsx';
import { ChoiceChips, fieldErrors, FormActions, SelectField, TextField } from '../components/form.tsx';
import { Empty, ErrorBanner, ListLoadable, LoadMore, QueryError, Spinner } from '../components/states.tsx';
import { todayIso, useFormat } from '../lib/format.ts';
import { newKey } from '../lib/hooks.ts';
import { usePagedQuery } from '../lib/paging.ts';

// Open-access work (information, a call, a walk-in at the center) is counted, not filed:
// no client and no case, just the service, channel, day and a few anonymous facts.

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
    openAccessContacts(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id occurredOn channel peopleCount ageBand sex service { id name } settlement { id name } municipality { id name } recordedBy { id user { displayName } } } }
    }
  }
`);

const RecordContact = graphql(`
  mutation RecordOpenAccessContact($input: OpenAccessContactInput!, $key: String) {
    recordOpenAccessContact(input: $input, idempotencyKey: $key) { id occurredOn channel peopleCount service { id name } }
  }
`);

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
});

export function OpenAccessPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('openAccess.title')} lead={t('openAccess.lead')} />
      <div className="columns">
        <ContactForm />
        <RecentList />
      </div>
    </>
  );
}

function ContactForm() {
  const { t } = useTranslation();
  const [data, refetch] = useQuery({ query: FormData });
  const [form, setForm] = useState<Form>(() => fresh());
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const [result, record] = useMutation(RecordContact);
  const [saved, setSaved] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(result.error), ...local };
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
    const people = Number(form.peopleCount);
    if (!Number.isInteger(people) || people < 1) {
      setLocal({ peopleCount: t('validation.wholeNumber') });
      return;
    }
    setLocal({});
    const r = await record({
      key: form.key,
      input: {
        serviceId,
        channel: form.channel,
        occurredOn: form.occurredOn,
        peopleCount: people,
        ageBand: form.ageBand,
        sex: form.sex,
        municipalityId: municipalityId || null,
        settlementId: form.settlementId || null,
        targetGroupId: form.targetGroupId || null,
      },
    });
    if (r.data) {
      // The next contact is often the same kind: keep the service and channel.
      setForm({ ...fresh(serviceId, form.channel), municipalityId: form.municipalityId });
      setSaved(true);
    }
  }

  if (data.error && !data.data) return <QueryError error={data.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data.data) return <Spinner />;
  return (
    <section className="card" aria-labelledby="contact-h">
      <h2 id="contact-h">{t('openAccess.record')}</h2>
      {services.length === 0 ? (
        <Empty>{t('openAccess.noServices')}</Empty>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          {saved && (
            <div className="banner banner-ok" role="status">
              {t('openAccess.saved')}
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
          <FormActions saving={result.fetching} label={t('openAccess.submit')} />
        </form>
      )}
    </section>
  );
}

function RecentList() {
  const { t } = useTranslation();
  const f = useFormat();
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
                <li key={c.id} className="list-row">
                  <span className="list-main">
                    <strong>{c.service.name}</strong>
                    <span className="muted">
                      {[f.shortDate(c.occurredOn), t(`contactChannel.${c.channel}`), t('openAccess.peopleCount', { count: c.peopleCount }), c.ageBand !== 'UNKNOWN' ? t(`ageBand.${c.ageBand}`) : null, c.settlement?.name ?? c.municipality?.name, c.recordedBy?.user.displayName]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                  </span>
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
