import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, type CombinedError } from 'urql';
import { graphql } from '../../graphql.ts';
import { fieldErrors, FormActions, SelectField, TextField } from '../../components/form.tsx';
import { AddToggle, CardHead } from '../../components/card.tsx';
import { Empty, ErrorBanner } from '../../components/states.tsx';
import { numberOrNull, type Service, type SettingsData } from './query.ts';

const CreateService = graphql(`
  mutation CreateService($input: CenterServiceInput!) {
    createService(input: $input) { id name nameBg nameEn active access capacity deliveryModes serviceKind { id name } }
  }
`);
const UpdateService = graphql(`
  mutation UpdateService($id: ID!, $input: CenterServiceInput!) {
    updateService(id: $id, input: $input) { id name nameBg nameEn active access capacity deliveryModes serviceKind { id name } }
  }
`);
const DeactivateService = graphql(`
  mutation DeactivateService($id: ID!) { deactivateService(id: $id) { id active } }
`);
const ReactivateService = graphql(`
  mutation ReactivateService($id: ID!) { reactivateService(id: $id) { id active } }
`);

const MODES = ['IN_CENTER', 'AT_HOME', 'FIELD', 'ONLINE'] as const;
type Mode = (typeof MODES)[number];
type Access = 'OPEN_ACCESS' | 'SPECIALISED';

export function Services({ data, canEdit }: { data: SettingsData; canEdit: boolean }) {
  const { t } = useTranslation();
  // null: no form; 'new': the create form; an id: that service's edit form.
  const [open, setOpen] = useState<string | null>(null);
  const [, deactivate] = useMutation(DeactivateService);
  const [, reactivate] = useMutation(ReactivateService);
  const [toggleError, setToggleError] = useState<CombinedError | undefined>();
  const services = data.center.services ?? [];
  const editing = services.find((s) => s.id === open);
  async function toggle(s: Service) {
    const r = await (s.active ? deactivate({ id: s.id }) : reactivate({ id: s.id }));
    setToggleError(r.error);
  }
  return (
    <section className="card" aria-labelledby="services-h">
      <CardHead id="services-h" title={t('settings.services')}>
        {canEdit && <AddToggle open={open === 'new'} onToggle={() => setOpen(open === 'new' ? null : 'new')} label={t('settings.addService')} />}
      </CardHead>
      {canEdit && open === 'new' && <ServiceForm data={data} onDone={() => setOpen(null)} />}
      {canEdit && editing && <ServiceForm key={editing.id} data={data} service={editing} onDone={() => setOpen(null)} />}
      <ErrorBanner error={toggleError} />
      {services.length === 0 ? (
        <Empty>{t('settings.noServices')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="services-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.service')}</th>
                <th scope="col">{t('settings.access')}</th>
                <th scope="col">{t('settings.modes')}</th>
                <th scope="col" className="num">{t('settings.capacity')}</th>
                <th scope="col">{t('settings.state')}</th>
                {canEdit && (
                  <th scope="col">
                    <span className="visually-hidden">{t('cases.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <tr key={s.id}>
                  <td>
                    <strong>{s.name}</strong>
                    <div className="muted small">{s.serviceKind.name}</div>
                  </td>
                  <td>{t(`serviceAccess.${s.access}`)}</td>
                  <td>{s.deliveryModes.map((m) => t(`deliveryMode.${m}`)).join(', ')}</td>
                  <td className="num">{s.capacity ?? '—'}</td>
                  <td>{s.active ? <span className="badge badge-ok">{t('settings.active')}</span> : <span className="badge badge-grey">{t('settings.inactive')}</span>}</td>
                  {canEdit && (
                    <td className="row-actions">
                      <button type="button" className="btn btn-small" aria-expanded={open === s.id} onClick={() => setOpen(open === s.id ? null : s.id)}>
                        {t('common.edit')}
                        <span className="visually-hidden"> {s.name}</span>
                      </button>
                      <button type="button" className="btn btn-small btn-quiet" onClick={() => void toggle(s)}>
                        {s.active ? t('settings.deactivate') : t('settings.reactivate')}
                        <span className="visually-hidden"> {s.name}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Create a service, or edit one: kind, names in both languages, access, capacity, where. */
function ServiceForm({ data, service, onDone }: { data: SettingsData; service?: Service; onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({
    kind: service?.serviceKind.id ?? data.serviceKinds[0]?.id ?? '',
    nameBg: service?.nameBg ?? '',
    nameEn: service?.nameEn ?? '',
    // '' on a new service: the kind's usual access (the API decides).
    access: (service?.access ?? '') as Access | '',
    capacity: service?.capacity == null ? '' : String(service.capacity),
    modes: (service?.deliveryModes ?? ['IN_CENTER']) as Mode[],
  });
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const [created, create] = useMutation(CreateService);
  const [updated, update] = useMutation(UpdateService);
  const result = service ? updated : created;
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(result.error), ...local };
  async function submit(e: FormEvent) {
    e.preventDefault();
    const capacity = numberOrNull(form.capacity);
    if (capacity !== null && !Number.isInteger(capacity)) {
      setLocal({ capacity: t('validation.wholeNumber') });
      return;
    }
    setLocal({});
    const input = {
      serviceKindId: form.kind,
      nameBg: form.nameBg.trim(),
      nameEn: form.nameEn.trim(),
      access: form.access || null,
      capacity,
      deliveryModes: form.modes,
    };
    const r = service ? await update({ id: service.id, input }) : await create({ input });
    if (r.data) onDone();
  }
  const title = service ? t('settings.editService', { name: service.name }) : t('settings.addService');
  return (
    <form className="form panel subpanel" onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <ErrorBanner error={result.error} />
      <SelectField label={t('settings.serviceKind')} value={form.kind} error={errors.serviceKindId} onChange={(e) => set({ kind: e.target.value })} options={data.serviceKinds.map((k) => ({ value: k.id, label: k.name }))} />
      <div className="grid-2">
        <TextField label={t('settings.nameBg')} lang="bg" required value={form.nameBg} error={errors.nameBg} onChange={(e) => set({ nameBg: e.target.value })} />
        <TextField label={t('settings.nameEn')} lang="en" required value={form.nameEn} error={errors.nameEn} onChange={(e) => set({ nameEn: e.target.value })} />
      </div>
      <div className="grid-2">
        <SelectField
          label={t('settings.access')}
          value={form.access}
          error={errors.access}
          onChange={(e) => set({ access: e.target.value as Access | '' })}
          options={[
            ...(service ? [] : [{ value: '', label: t('settings.accessDefault') }]),
            ...(['OPEN_ACCESS', 'SPECIALISED'] as const).map((a) => ({ value: a, label: t(`serviceAccess.${a}`) })),
          ]}
        />
        <TextField label={t('settings.capacity')} hint={t('settings.capacityHint')} inputMode="numeric" optional value={form.capacity} error={errors.capacity} onChange={(e) => set({ capacity: e.target.value })} />
      </div>
      <fieldset className="chips" aria-describedby={errors.deliveryModes ? 'modes-error' : undefined}>
        <legend>{t('settings.modes')}</legend>
        <div className="checks">
          {MODES.map((m) => (
            <label key={m} className="checkbox">
              <input
                type="checkbox"
                checked={form.modes.includes(m)}
                onChange={(e) => set({ modes: e.target.checked ? [...form.modes, m] : form.modes.filter((x) => x !== m) })}
              />
              {t(`deliveryMode.${m}`)}
            </label>
          ))}
        </div>
        {errors.deliveryModes && (
          <p className="field-error" id="modes-error">
            {errors.deliveryModes}
          </p>
        )}
      </fieldset>
      <FormActions saving={result.fetching} onCancel={onDone} />
    </form>
  );
}
