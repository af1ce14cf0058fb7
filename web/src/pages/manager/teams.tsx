import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql.ts';
import { fieldErrors, FormActions, MemberChecklist, SelectField, TextField } from '../../components/form.tsx';
import { AddToggle, CardHead } from '../../components/card.tsx';
import { Empty, ErrorBanner } from '../../components/states.tsx';
import { staffPicker, type SettingsData, type Team } from './query.ts';

const CreateTeam = graphql(`
  mutation CreateTeam($input: TeamInput!) { createTeam(input: $input) { id name nameBg nameEn kind members { id endedOn user { displayName } } } }
`);
const UpdateTeam = graphql(`
  mutation UpdateTeam($id: ID!, $input: TeamInput!) { updateTeam(id: $id, input: $input) { id name nameBg nameEn kind } }
`);
const SetTeamMembers = graphql(`
  mutation SetTeamMembers($teamId: ID!, $membershipIds: [ID!]!) {
    setTeamMembers(teamId: $teamId, membershipIds: $membershipIds) { id members { id endedOn user { displayName } } }
  }
`);

const KINDS = ['MULTIDISCIPLINARY', 'MOBILE', 'OTHER'] as const;
type Kind = (typeof KINDS)[number];

export function Teams({ data, canEdit }: { data: SettingsData; canEdit: boolean }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const teams = data.center.teams ?? [];
  return (
    <section aria-labelledby="teams-h">
      <CardHead id="teams-h" title={t('settings.teams')}>
        {canEdit && <AddToggle open={adding} onToggle={() => setAdding(!adding)} label={t('settings.addTeam')} />}
      </CardHead>
      {canEdit && adding && <TeamForm onDone={() => setAdding(false)} />}
      {teams.length === 0 ? (
        <Empty>{t('settings.noTeams')}</Empty>
      ) : (
        <div className="columns">
          {teams.map((team) => (
            <TeamCard key={team.id} team={team} data={data} canEdit={canEdit} />
          ))}
        </div>
      )}
    </section>
  );
}

function TeamCard({ team, data, canEdit }: { team: Team; data: SettingsData; canEdit: boolean }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<null | 'rename' | 'members'>(null);
  const current = team.members.filter((m) => !m.endedOn);
  return (
    <section className="card" aria-label={team.name} data-testid="team-card">
      <div className="card-head">
        <h3>{team.name}</h3>
        <span className="badge">{t(`teamKind.${team.kind}`)}</span>
      </div>
      {mode === 'rename' ? (
        <TeamForm team={team} onDone={() => setMode(null)} />
      ) : mode === 'members' ? (
        <MembersForm team={team} data={data} onDone={() => setMode(null)} />
      ) : (
        <>
          {current.length === 0 ? (
            <p className="muted">{t('settings.noMembers')}</p>
          ) : (
            <ul className="plain" aria-label={t('settings.members')}>
              {current.map((m) => (
                <li key={m.id}>{m.user.displayName}</li>
              ))}
            </ul>
          )}
          {canEdit && (
            <div className="form-actions">
              <button type="button" className="btn btn-small" onClick={() => setMode('members')}>
                {t('settings.editMembers')}
                <span className="visually-hidden"> {team.name}</span>
              </button>
              <button type="button" className="btn btn-small btn-quiet" onClick={() => setMode('rename')}>
                {t('settings.renameTeam')}
                <span className="visually-hidden"> {team.name}</span>
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** A new team, or a team's names and kind. */
function TeamForm({ team, onDone }: { team?: Team; onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ kind: (team?.kind ?? 'MULTIDISCIPLINARY') as Kind, nameBg: team?.nameBg ?? '', nameEn: team?.nameEn ?? '' });
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const [created, create] = useMutation(CreateTeam);
  const [updated, update] = useMutation(UpdateTeam);
  const result = team ? updated : created;
  const errors = fieldErrors(result.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const input = { kind: form.kind, nameBg: form.nameBg.trim(), nameEn: form.nameEn.trim() };
    const r = team ? await update({ id: team.id, input }) : await create({ input });
    if (r.data) onDone();
  }
  const title = team ? t('settings.renameTeam') : t('settings.addTeam');
  return (
    <form className="form panel subpanel" onSubmit={submit} noValidate aria-label={title}>
      {!team && <h3>{title}</h3>}
      <ErrorBanner error={result.error} />
      <SelectField label={t('settings.teamKind')} value={form.kind} error={errors.kind} onChange={(e) => set({ kind: e.target.value as Kind })} options={KINDS.map((k) => ({ value: k, label: t(`teamKind.${k}`) }))} />
      <div className={team ? '' : 'grid-2'}>
        <TextField label={t('settings.nameBg')} lang="bg" required value={form.nameBg} error={errors.nameBg} onChange={(e) => set({ nameBg: e.target.value })} />
        <TextField label={t('settings.nameEn')} lang="en" required value={form.nameEn} error={errors.nameEn} onChange={(e) => set({ nameEn: e.target.value })} />
      </div>
      <FormActions saving={result.fetching} onCancel={onDone} />
    </form>
  );
}

/** Who is on the team: the center's current staff, ticked; saving replaces the list. */
function MembersForm({ team, data, onDone }: { team: Team; data: SettingsData; onDone: () => void }) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState(() => new Set(team.members.filter((m) => !m.endedOn).map((m) => m.id)));
  const [result, save] = useMutation(SetTeamMembers);
  const errors = fieldErrors(result.error);
  const staff = staffPicker(data);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await save({ teamId: team.id, membershipIds: staff.filter((m) => picked.has(m.id)).map((m) => m.id) });
    if (r.data) onDone();
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorBanner error={result.error} />
      <MemberChecklist legend={t('settings.membersOf', { name: team.name })} staff={staff} checked={picked} onChange={setPicked} errors={Object.values(errors)} />
      <FormActions saving={result.fetching} onCancel={onDone} />
    </form>
  );
}
