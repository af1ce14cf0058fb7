import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useMutation, useQuery } from 'urql';
import { graphql, type ResultOf } from '../../graphql.ts';
import { fieldErrors, FormActions, SelectField, TextField } from '../../components/form.tsx';
import { AddToggle, CardHead } from '../../components/card.tsx';
import { Empty, ErrorBanner, ListLoadable, LoadMore } from '../../components/states.tsx';
import { todayIso, useFormat } from '../../lib/format.ts';
import { usePagedQuery } from '../../lib/paging.ts';
import { numberOrNull, orNull, type SettingsData } from './query.ts';

const AddStaff = graphql(`
  mutation AddStaffMember($input: AddStaffMemberInput!) {
    addStaffMember(input: $input) { code expiresAt invitation { id email displayName role status expiresAt } }
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

// The staff list, a page at a time. Each account's state is for the manager (null to anyone else).
const StaffListQuery = graphql(`
  query StaffList($first: Int!, $after: String) {
    center {
      id
      staff(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id role title titleBg titleEn fte startedOn user { displayName email } profession { id name } account { disabled twoFactorEnabled openSessions } } }
      }
    }
  }
`);
type StaffMember = NonNullable<ResultOf<typeof StaffListQuery>['center']['staff']>['edges'][number]['node'];

// Manager-only: invitations and the center's two-factor rule (a separate query, so the staff
// list stays readable by the whole team).
const StaffAccountsQuery = graphql(`
  query StaffAccounts {
    center {
      id requireTwoFactor
      staffInvitations { id email displayName role status expiresAt }
    }
  }
`);
const RevokeInvitation = graphql(`mutation RevokeStaffInvitation($id: ID!) { revokeStaffInvitation(id: $id) { id status } }`);
const IssueResetCode = graphql(`mutation IssuePasswordResetCode($membershipId: ID!) { issuePasswordResetCode(membershipId: $membershipId) { code expiresAt } }`);
const SetDisabled = graphql(`mutation SetStaffAccountDisabled($membershipId: ID!, $disabled: Boolean!) { setStaffAccountDisabled(membershipId: $membershipId, disabled: $disabled) { id } }`);
const EndSessions = graphql(`mutation EndStaffSignInSessions($membershipId: ID!) { endStaffSignInSessions(membershipId: $membershipId) { id } }`);
const ClearTwoFactor = graphql(`mutation ClearStaffTwoFactor($membershipId: ID!) { clearStaffTwoFactor(membershipId: $membershipId) { id } }`);
const RequireTwoFactor = graphql(`mutation SetCenterTwoFactorRequired($required: Boolean!) { setCenterTwoFactorRequired(required: $required) { id requireTwoFactor } }`);

/** A one-time code shown once, with the set-password link that carries it in the fragment. */
function CodePanel({ title, lead, code }: { title: string; lead: string; code: string }) {
  const { t } = useTranslation();
  const link = `${window.location.origin}/set-password#code=${code}`;
  return (
    <div className="panel subpanel" role="status" data-testid="one-time-code">
      <h3>{title}</h3>
      <p>{lead}</p>
      <p className="one-time-code">
        <code data-testid="one-time-code-value">{code}</code>
      </p>
      <p className="small">
        <span className="muted">{t('staffAccounts.link')}: </span>
        <code data-testid="one-time-code-link">{link}</code>{' '}
        <button type="button" className="btn btn-small" onClick={() => void navigator.clipboard?.writeText(link)}>
          {t('staffAccounts.copy')}
        </button>
      </p>
    </div>
  );
}

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
  const paged = usePagedQuery({ query: StaffListQuery, variables: {}, connection: (d) => d.center.staff });
  const staff = (paged.data?.edges ?? []).map((e) => e.node);
  const editing = staff.find((m) => m.id === open);
  const [accounts, reloadAccounts] = useQuery({ query: StaffAccountsQuery, pause: !canEdit, requestPolicy: 'cache-and-network' });
  const refresh = () => {
    reloadAccounts({ requestPolicy: 'network-only' });
    paged.refetch();
  };
  const accountOf = (id: string) => staff.find((m) => m.id === id)?.account ?? null;
  return (
    <section className="card" aria-labelledby="staff-h">
      <CardHead id="staff-h" title={t('settings.staff')}>
        {canEdit && <AddToggle open={open === 'new'} onToggle={() => setOpen(open === 'new' ? null : 'new')} label={t('settings.addStaff')} />}
      </CardHead>
      {canEdit && accounts.data && <TwoFactorRule required={accounts.data.center.requireTwoFactor} />}
      {canEdit && open === 'new' && <AddStaffForm data={data} onDone={() => setOpen(null)} onSent={refresh} />}
      {canEdit && editing && (
        <EditStaffForm key={editing.id} data={data} member={editing} onDone={() => setOpen(null)}>
          <AccountActions member={editing} account={accountOf(editing.id)} onChange={refresh} />
        </EditStaffForm>
      )}
      <ListLoadable data={paged.data} error={paged.error} onRetry={paged.refetch} empty={t('settings.noStaff')}>
        {() => (
          <div aria-busy={paged.fetching}>
            <div className="table-wrap">
              <table className="table" data-testid="staff-table">
                <thead>
                  <tr>
                    <th scope="col">{t('settings.displayName')}</th>
                    <th scope="col">{t('settings.role')}</th>
                    <th scope="col">{t('settings.since')}</th>
                    <th scope="col" className="num">{t('settings.fte')}</th>
                    {canEdit && <th scope="col">{t('staffAccounts.account')}</th>}
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
                      {canEdit && <td data-testid="account-state">{accountSummary(t, accountOf(m.id))}</td>}
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
            <LoadMore paged={paged} />
          </div>
        )}
      </ListLoadable>
      {canEdit && accounts.data && <InvitationsTable invitations={accounts.data.center.staffInvitations ?? []} onChange={refresh} />}
    </section>
  );
}

type AccountState = { disabled: boolean; twoFactorEnabled: boolean; openSessions: number } | null;

function accountSummary(t: TFunction, a: AccountState): string {
  if (!a) return '—';
  return [a.disabled ? t('staffAccounts.disabled') : t('staffAccounts.active'), a.twoFactorEnabled ? t('staffAccounts.twoFactor') : null, t('staffAccounts.sessions', { count: a.openSessions })]
    .filter(Boolean)
    .join(' · ');
}

function TwoFactorRule({ required }: { required: boolean }) {
  const { t } = useTranslation();
  const [result, set] = useMutation(RequireTwoFactor);
  return (
    <div className="panel subpanel">
      <ErrorBanner error={result.error} />
      <label className="checkbox">
        <input type="checkbox" checked={required} disabled={result.fetching} onChange={(e) => void set({ required: e.target.checked })} data-testid="require-two-factor" />{' '}
        {t('staffAccounts.requireTwoFactor')}
      </label>
      <p className="muted small">{t('staffAccounts.requireTwoFactorHint')}</p>
    </div>
  );
}

type Invitation = { id: string; email: string; displayName: string; role: string; status: string; expiresAt: string };

function InvitationsTable({ invitations, onChange }: { invitations: readonly Invitation[]; onChange: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [revoked, revoke] = useMutation(RevokeInvitation);
  return (
    <div className="subsection">
      <h3>{t('staffAccounts.invitations')}</h3>
      <ErrorBanner error={revoked.error} />
      {invitations.length === 0 ? (
        <Empty>{t('staffAccounts.noInvitations')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="invitations-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.displayName')}</th>
                <th scope="col">{t('settings.role')}</th>
                <th scope="col">{t('staffAccounts.status')}</th>
                <th scope="col">{t('staffAccounts.expires')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('cases.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <td>
                    <strong>{i.displayName}</strong>
                    <div className="muted small">{i.email}</div>
                  </td>
                  <td>{t(`roles.${i.role}`)}</td>
                  <td>{t(`invitationStatus.${i.status}`)}</td>
                  <td>{f.dateTime(i.expiresAt)}</td>
                  <td className="row-actions">
                    {i.status === 'PENDING' && (
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={async () => {
                          const r = await revoke({ id: i.id });
                          if (r.data) onChange();
                        }}
                      >
                        {t('staffAccounts.revoke')}
                        <span className="visually-hidden"> {i.email}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** Reset code, disable / enable, end sessions, remove a lost second factor. */
function AccountActions({ member, account, onChange }: { member: StaffMember; account: AccountState; onChange: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [reset, issue] = useMutation(IssueResetCode);
  const [disabled, setDisabled] = useMutation(SetDisabled);
  const [ended, endSessions] = useMutation(EndSessions);
  const [cleared, clear] = useMutation(ClearTwoFactor);
  const code = reset.data?.issuePasswordResetCode;
  const done = (r: { data?: unknown }) => {
    if (r.data) onChange();
  };
  return (
    <div className="form account-actions" role="group" aria-label={t('staffAccounts.account')}>
      <h4>{t('staffAccounts.account')}</h4>
      <p className="muted">{accountSummary(t, account)}</p>
      <ErrorBanner error={reset.error ?? disabled.error ?? ended.error ?? cleared.error} />
      {code && (
        <CodePanel
          title={t('staffAccounts.resetCode')}
          lead={t('staffAccounts.resetCodeLead', { name: member.user.displayName, until: f.dateTime(code.expiresAt) })}
          code={code.code}
        />
      )}
      <div className="toolbar">
        <button type="button" className="btn" data-testid="issue-reset-code" onClick={() => void issue({ membershipId: member.id })}>
          {t('staffAccounts.resetCode')}
        </button>
        <button type="button" className="btn" onClick={async () => done(await endSessions({ membershipId: member.id }))}>
          {t('staffAccounts.endSessions')}
        </button>
        {account?.twoFactorEnabled && (
          <button type="button" className="btn" onClick={async () => done(await clear({ membershipId: member.id }))}>
            {t('staffAccounts.clearTwoFactor')}
          </button>
        )}
        <button
          type="button"
          className="btn btn-danger"
          onClick={async () => done(await setDisabled({ membershipId: member.id, disabled: !account?.disabled }))}
        >
          {account?.disabled ? t('staffAccounts.enable') : t('staffAccounts.disable')}
        </button>
      </div>
    </div>
  );
}

function AddStaffForm({ data, onDone, onSent }: { data: SettingsData; onDone: () => void; onSent: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [form, setForm] = useState({ displayName: '', email: '', role: 'SPECIALIST' as Role, professionId: '', titleBg: '', titleEn: '', fte: '1', startedOn: todayIso() });
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
        titleBg: orNull(form.titleBg),
        titleEn: orNull(form.titleEn),
        fte,
        startedOn: form.startedOn || null,
      },
    });
    if (r.data) onSent();
  }
  const sent = result.data?.addStaffMember;
  if (sent) {
    return (
      <div className="panel subpanel">
        <CodePanel
          title={t('staffAccounts.invitationSent')}
          lead={t('staffAccounts.invitationSentLead', { name: sent.invitation.displayName, until: f.dateTime(sent.expiresAt) })}
          code={sent.code}
        />
        <button type="button" className="btn" onClick={onDone}>
          {t('account.done')}
        </button>
      </div>
    );
  }
  return (
    <form className="form panel subpanel" onSubmit={submit} noValidate aria-label={t('settings.addStaff')}>
      <h3>{t('settings.addStaff')}</h3>
      <p className="muted">{t('staffAccounts.inviteLead')}</p>
      <ErrorBanner error={result.error} />
      <div className="grid-3">
        <TextField label={t('settings.displayName')} required autoComplete="off" value={form.displayName} error={errors.displayName} onChange={(e) => set({ displayName: e.target.value })} />
        <TextField label={t('auth.email')} type="email" required autoComplete="off" value={form.email} error={errors.email} onChange={(e) => set({ email: e.target.value })} />
      </div>
      <JobFields data={data} form={form} set={set} errors={errors} />
      <FormActions saving={result.fetching} onCancel={onDone} />
    </form>
  );
}

function EditStaffForm({ data, member, onDone, children }: { data: SettingsData; member: StaffMember; onDone: () => void; children?: ReactNode }) {
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
      {children}
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
