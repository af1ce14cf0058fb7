import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql.ts';
import { fieldErrors, FormActions, SelectField, TextField } from '../../components/form.tsx';
import { AddToggle, CardHead } from '../../components/card.tsx';
import { Empty, ErrorBanner } from '../../components/states.tsx';
import { todayIso, useFormat } from '../../lib/format.ts';
import { numberOrNull, orNull, type SettingsData, type StaffMember } from './query.ts';

const AddStaff = graphql(`
  mutation AddStaffMember($input: AddStaffMemberInput!) {
    addStaffMember(input: $input) { id role title fte startedOn user { displayName } }
  }
`);
const UpdateStaff = graphql(`
  mutation UpdateStaffMember($membershipId: ID!, $input: UpdateStaffMemberInput!) {
    updateStaffMember(membershipId: $membershipId, input: $input) { id role title titleBg titleEn fte startedOn profession { id name } }
  }
`);
const EndStaff = graphql(`
  mutation EndStaffMember($membershipId: ID!, $endedOn: Date!) {
    endStaffMember(membershipId: $membershipId, endedOn: $endedOn) { id endedOn }
  }
`);

const ROLES = ['SPECIALIST', 'CASE_WORKER', 'SOCIAL_ASSOCIATE', 'MANAGER'] as const;
type Role = (typeof ROLES)[number];

type Fields = { role: Role; professionId: string; titleBg: string; titleEn: string; fte: string; startedOn: string };

/** Role, profession, job title in both languages, FTE and start: shared by "add" and "edit". */
function JobFields({ data, form, set, errors }: { data: SettingsData; form: Fields; set: (p: Partial<Fields>) => void; errors: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="grid-3">
        <SelectField label={t('settings.role')} value={form.role} error={errors.role} onChange={(e) => set({ role: e.target.value as Role })} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        <SelectField label={t('settings.profession')} optional placeholder="—" value={form.professionId} error={errors.professionId} onChange={(e) => set({ professionId: e.target.value })} options={data.professions.map((p) => ({ value: p.id, label: p.name }))} />
        <TextField label={t('settings.since')} type="date" value={form.startedOn} error={errors.startedOn} onChange={(e) => set({ startedOn: e.target.value })} />
      </div>
      <div className="grid-3">
        <TextField label={t('settings.titleBg')} lang="bg" optional value={form.titleBg} error={errors.titleBg} onChange={(e) => set({ titleBg: e.target.value })} />
        <TextField label={t('settings.titleEn')} lang="en" optional value={form.titleEn} error={errors.titleEn} onChange={(e) => set({ titleEn: e.target.value })} />
        <TextField label={t('settings.fte')} hint={t('settings.fteHint')} inputMode="decimal" optional value={form.fte} error={errors.fte} onChange={(e) => set({ fte: e.target.value })} />
      </div>
    </>
  );
}

export function Staff({ data, canEdit }: { data: SettingsData; canEdit: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState<string | null>(null);
  const staff = data.center.staff ?? [];
  const editing = staff.find((m) => m.id === open);
  return (
    <section className="card" aria-labelledby="staff-h">
      <CardHead id="staff-h" title={t('settings.staff')}>
        {canEdit && <AddToggle open={open === 'new'} onToggle={() => setOpen(open === 'new' ? null : 'new')} label={t('settings.addStaff')} />}
      </CardHead>
      {canEdit && open === 'new' && <AddStaffForm data={data} onDone={() => setOpen(null)} />}
      {canEdit && editing && <EditStaffForm key={editing.id} data={data} member={editing} onDone={() => setOpen(null)} />}
      {staff.length === 0 ? (
        <Empty>{t('settings.noStaff')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="staff-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.displayName')}</th>
                <th scope="col">{t('settings.role')}</th>
                <th scope="col">{t('settings.since')}</th>
                <th scope="col" className="num">{t('settings.fte')}</th>
                {canEdit && (
                  <th scope="col">
                    <span className="visually-hidden">{t('cases.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {staff.map((m) => (
                <tr key={m.id}>
                  <td>
                    <strong>{m.user.displayName}</strong>
                    <div className="muted small">{m.title ?? m.profession?.name}</div>
                  </td>
                  <td>{t(`roles.${m.role}`)}</td>
                  <td>{f.shortDate(m.startedOn)}</td>
                  <td className="num">{m.fte === null ? '—' : f.number(m.fte, 2)}</td>
                  {canEdit && (
                    <td className="row-actions">
                      <button type="button" className="btn btn-small" aria-expanded={open === m.id} onClick={() => setOpen(open === m.id ? null : m.id)}>
                        {t('common.edit')}
                        <span className="visually-hidden"> {m.user.displayName}</span>
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

function AddStaffForm({ data, onDone }: { data: SettingsData; onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ displayName: '', email: '', initialPassword: '', role: 'SPECIALIST' as Role, professionId: '', titleBg: '', titleEn: '', fte: '1', startedOn: todayIso() });
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const [result, add] = useMutation(AddStaff);
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(result.error), ...local };
  async function submit(e: FormEvent) {
    e.preventDefault();
    const fte = numberOrNull(form.fte);
    if (fte !== null && Number.isNaN(fte)) {
      setLocal({ fte: t('validation.number') });
      return;
    }
    setLocal({});
    const r = await add({
      input: {
        displayName: form.displayName.trim(),
        email: form.email.trim(),
        role: form.role,
        professionId: form.professionId || null,
        initialPassword: form.initialPassword || null,
        titleBg: orNull(form.titleBg),
        titleEn: orNull(form.titleEn),
        fte,
        startedOn: form.startedOn || null,
      },
    });
    if (r.data) onDone();
  }
  return (
    <form className="form panel subpanel" onSubmit={submit} noValidate aria-label={t('settings.addStaff')}>
      <h3>{t('settings.addStaff')}</h3>
      <p className="muted">{t('settings.addStaffLead')}</p>
      <ErrorBanner error={result.error} />
      <div className="grid-3">
        <TextField label={t('settings.displayName')} required autoComplete="off" value={form.displayName} error={errors.displayName} onChange={(e) => set({ displayName: e.target.value })} />
        <TextField label={t('auth.email')} type="email" required autoComplete="off" value={form.email} error={errors.email} onChange={(e) => set({ email: e.target.value })} />
        <TextField label={t('settings.initialPassword')} hint={t('settings.initialPasswordHint')} type="password" autoComplete="new-password" value={form.initialPassword} error={errors.initialPassword} onChange={(e) => set({ initialPassword: e.target.value })} />
      </div>
      <JobFields data={data} form={form} set={set} errors={errors} />
      <FormActions saving={result.fetching} onCancel={onDone} />
    </form>
  );
}

function EditStaffForm({ data, member, onDone }: { data: SettingsData; member: StaffMember; onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<Fields>({
    role: (ROLES as readonly string[]).includes(member.role) ? (member.role as Role) : 'SPECIALIST',
    professionId: member.profession?.id ?? '',
    titleBg: member.titleBg ?? '',
    titleEn: member.titleEn ?? '',
    fte: member.fte === null ? '' : String(member.fte),
    startedOn: member.startedOn,
  });
  const set = (patch: Partial<Fields>) => setForm({ ...form, ...patch });
  const [result, update] = useMutation(UpdateStaff);
  const [ended, end] = useMutation(EndStaff);
  const [endedOn, setEndedOn] = useState(todayIso());
  const [confirming, setConfirming] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(result.error), ...local };
  async function submit(e: FormEvent) {
    e.preventDefault();
    const fte = numberOrNull(form.fte);
    if (fte !== null && Number.isNaN(fte)) {
      setLocal({ fte: t('validation.number') });
      return;
    }
    setLocal({});
    const r = await update({
      membershipId: member.id,
      input: { role: form.role, professionId: form.professionId || null, titleBg: orNull(form.titleBg), titleEn: orNull(form.titleEn), fte, startedOn: form.startedOn || null },
    });
    if (r.data) onDone();
  }
  async function endMembership() {
    const r = await end({ membershipId: member.id, endedOn });
    if (r.data) onDone();
  }
  const title = t('settings.editStaff', { name: member.user.displayName });
  return (
    <div className="panel subpanel">
      <form className="form" onSubmit={submit} noValidate aria-label={title}>
        <h3>{title}</h3>
        <p className="muted">{member.user.email}</p>
        <ErrorBanner error={result.error} />
        <JobFields data={data} form={form} set={set} errors={errors} />
        <FormActions saving={result.fetching} onCancel={onDone} />
      </form>
      <div className="form end-membership" role="group" aria-label={t('settings.endStaff')}>
        <h4>{t('settings.endStaff')}</h4>
        <p className="muted">{t('settings.endStaffLead')}</p>
        <ErrorBanner error={ended.error} />
        <div className="toolbar">
          <TextField label={t('settings.endedOn')} type="date" value={endedOn} error={fieldErrors(ended.error).endedOn} onChange={(e) => { setConfirming(false); setEndedOn(e.target.value); }} />
          {confirming ? (
            <button type="button" className="btn btn-danger" disabled={ended.fetching} onClick={() => void endMembership()}>
              {t('settings.endStaffConfirm', { name: member.user.displayName })}
            </button>
          ) : (
            <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)}>
              {t('settings.endStaff')}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
