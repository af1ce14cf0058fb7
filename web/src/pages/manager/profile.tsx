import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql, type ResultOf } from '../../graphql.ts';
import { fieldErrors, FormActions, TextField } from '../../components/form.tsx';
import { CardHead } from '../../components/card.tsx';
import { ErrorBanner, Loadable } from '../../components/states.tsx';
import { useFormat } from '../../lib/format.ts';
import { OFFLINE_NS } from '../../i18n/offline.ts';
import { numberOrNull, orNull, type SettingsData } from './query.ts';

// Both languages of the profile: asked for only when a manager opens the form.
const ProfileForEdit = graphql(`
  query CenterProfileForEdit {
    center { id nameBg nameEn providerNameBg providerNameEn addressBg addressEn phone email licensedCapacity planningDays offlineDays }
  }
`);

const UpdateProfile = graphql(`
  mutation UpdateCenterProfile($input: CenterProfileInput!) {
    updateCenterProfile(input: $input) {
      id name nameBg nameEn providerName providerNameBg providerNameEn address addressBg addressEn phone email licensedCapacity planningDays offlineDays
    }
  }
`);

export function Profile({ data, canEdit }: { data: SettingsData; canEdit: boolean }) {
  const { t } = useTranslation();
  const { t: tOffline } = useTranslation(OFFLINE_NS);
  const f = useFormat();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const c = data.center;
  return (
    <section className="card" aria-labelledby="profile-h">
      <CardHead id="profile-h" title={t('settings.profile')}>
        {canEdit && !editing && (
          <button type="button" className="btn btn-small" onClick={() => { setSaved(false); setEditing(true); }}>
            {t('settings.editProfile')}
          </button>
        )}
      </CardHead>
      {saved && (
        <div className="banner banner-ok" role="status">
          {t('state.saved')}
        </div>
      )}
      {editing ? (
        <ProfileForm onDone={(ok) => { setEditing(false); setSaved(ok); }} />
      ) : (
        <dl className="facts" data-testid="center-profile">
          <dt>{t('settings.centerName')}</dt>
          <dd>{c.name}</dd>
          <dt>{t('settings.code')}</dt>
          <dd>{c.code}</dd>
          <dt>{t('settings.provider')}</dt>
          <dd>{c.providerName}</dd>
          <dt>{t('settings.municipality')}</dt>
          <dd>{c.municipality.name}</dd>
          <dt>{t('clients.address')}</dt>
          <dd>{c.address}</dd>
          <dt>{t('clients.phone')}</dt>
          <dd>{c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : '—'}</dd>
          <dt>{t('clients.emailField')}</dt>
          <dd>{c.email ?? '—'}</dd>
          <dt>{t('settings.licensedCapacity')}</dt>
          <dd>{f.number(c.licensedCapacity)}</dd>
          <dt>{t('settings.planningDays')}</dt>
          <dd data-testid="center-planning-days">{f.number(c.planningDays)}</dd>
          <dt>{tOffline('centerDays')}</dt>
          <dd data-testid="center-offline-days">{f.number(c.offlineDays)}</dd>
        </dl>
      )}
    </section>
  );
}

function ProfileForm({ onDone }: { onDone: (saved: boolean) => void }) {
  const [result, refetch] = useQuery({ query: ProfileForEdit, requestPolicy: 'network-only' });
  return (
    <Loadable result={result} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
      {(data) => <ProfileFields center={data.center} onDone={onDone} />}
    </Loadable>
  );
}

type ProfileValues = ResultOf<typeof ProfileForEdit>['center'];

function ProfileFields({ center, onDone }: { center: ProfileValues; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { t: tOffline } = useTranslation(OFFLINE_NS);
  const [form, setForm] = useState({
    nameBg: center.nameBg,
    nameEn: center.nameEn,
    providerNameBg: center.providerNameBg,
    providerNameEn: center.providerNameEn,
    addressBg: center.addressBg,
    addressEn: center.addressEn ?? '',
    phone: center.phone ?? '',
    email: center.email ?? '',
    licensedCapacity: String(center.licensedCapacity),
    planningDays: String(center.planningDays),
    offlineDays: String(center.offlineDays),
  });
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const [result, update] = useMutation(UpdateProfile);
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(result.error), ...local };
  async function submit(e: FormEvent) {
    e.preventDefault();
    const capacity = numberOrNull(form.licensedCapacity);
    // The API takes a whole number; anything else is explained here, before sending.
    if (capacity === null || !Number.isInteger(capacity)) {
      setLocal({ licensedCapacity: t('validation.wholeNumber') });
      return;
    }
    const planningDays = numberOrNull(form.planningDays);
    if (planningDays === null || !Number.isInteger(planningDays)) {
      setLocal({ planningDays: t('validation.wholeNumber') });
      return;
    }
    const offlineDays = numberOrNull(form.offlineDays);
    if (offlineDays === null || !Number.isInteger(offlineDays)) {
      setLocal({ offlineDays: t('validation.wholeNumber') });
      return;
    }
    setLocal({});
    const r = await update({
      input: {
        nameBg: form.nameBg.trim(),
        nameEn: form.nameEn.trim(),
        providerNameBg: form.providerNameBg.trim(),
        providerNameEn: form.providerNameEn.trim(),
        addressBg: form.addressBg.trim(),
        addressEn: orNull(form.addressEn),
        phone: orNull(form.phone),
        email: orNull(form.email),
        licensedCapacity: capacity,
        planningDays,
        offlineDays,
      },
    });
    if (r.data) onDone(true);
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorBanner error={result.error} />
      <div className="grid-2">
        <TextField label={t('settings.nameBg')} lang="bg" required value={form.nameBg} error={errors.nameBg} onChange={(e) => set({ nameBg: e.target.value })} />
        <TextField label={t('settings.nameEn')} lang="en" required value={form.nameEn} error={errors.nameEn} onChange={(e) => set({ nameEn: e.target.value })} />
      </div>
      <div className="grid-2">
        <TextField label={t('settings.providerBg')} lang="bg" required value={form.providerNameBg} error={errors.providerNameBg} onChange={(e) => set({ providerNameBg: e.target.value })} />
        <TextField label={t('settings.providerEn')} lang="en" required value={form.providerNameEn} error={errors.providerNameEn} onChange={(e) => set({ providerNameEn: e.target.value })} />
      </div>
      <div className="grid-2">
        <TextField label={t('settings.addressBg')} lang="bg" required value={form.addressBg} error={errors.addressBg} onChange={(e) => set({ addressBg: e.target.value })} />
        <TextField label={t('settings.addressEn')} lang="en" optional value={form.addressEn} error={errors.addressEn} onChange={(e) => set({ addressEn: e.target.value })} />
      </div>
      <div className="grid-3">
        <TextField label={t('clients.phone')} type="tel" optional value={form.phone} error={errors.phone} onChange={(e) => set({ phone: e.target.value })} />
        <TextField label={t('clients.emailField')} type="email" optional value={form.email} error={errors.email} onChange={(e) => set({ email: e.target.value })} />
        <TextField label={t('settings.licensedCapacity')} inputMode="numeric" required value={form.licensedCapacity} error={errors.licensedCapacity} onChange={(e) => set({ licensedCapacity: e.target.value })} />
      </div>
      <TextField
        label={t('settings.planningDays')}
        hint={t('settings.planningDaysHint')}
        name="planningDays"
        inputMode="numeric"
        required
        value={form.planningDays}
        error={errors.planningDays}
        onChange={(e) => set({ planningDays: e.target.value })}
      />
      <TextField
        label={tOffline('centerDays')}
        hint={tOffline('centerDaysHint')}
        name="offlineDays"
        inputMode="numeric"
        required
        value={form.offlineDays}
        error={errors.offlineDays}
        onChange={(e) => set({ offlineDays: e.target.value })}
      />
      <FormActions saving={result.fetching} onCancel={() => onDone(false)} />
    </form>
  );
}
