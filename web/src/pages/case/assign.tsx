import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql.ts';
import { fieldErrors, FormActions, MemberChecklist, SelectField, staffOptions, StaffOptionsFields } from '../../components/form.tsx';
import { Spinner } from '../../components/states.tsx';
import { CaseActionError } from './conflict.tsx';

const AssignOptions = graphql(
  `
  query CaseAssignOptions {
    center { id ...StaffOptionsFields teams { id name } }
  }
`,
  [StaffOptionsFields],
);

const AssignCase = graphql(`
  mutation AssignCase($id: ID!, $version: Int!, $leadWorkerId: ID!, $teamId: ID, $teamMemberIds: [ID!]) {
    assignCase(id: $id, version: $version, leadWorkerId: $leadWorkerId, teamId: $teamId, teamMemberIds: $teamMemberIds) {
      id version
      leadWorker { id title user { displayName } }
      team { id name }
      teamMembers { membership { id user { displayName } } }
    }
  }
`);

export type Assignable = {
  id: string;
  version: number;
  leadWorker: { id: string } | null;
  team: { id: string } | null;
  teamMembers: { membership: { id: string } }[];
};

/** Lead worker, the center team the case belongs to, and the people on the case team. */
export function AssignPanel({ c, onDone, onConflict }: { c: Assignable; onDone: () => void; onConflict: () => void }) {
  const { t } = useTranslation();
  const [options] = useQuery({ query: AssignOptions });
  const [lead, setLead] = useState(c.leadWorker?.id ?? '');
  const [teamId, setTeamId] = useState(c.team?.id ?? '');
  const [members, setMembers] = useState(() => new Set(c.teamMembers.map((m) => m.membership.id)));
  const [missingLead, setMissingLead] = useState(false);
  const [result, assign] = useMutation(AssignCase);
  const errors = fieldErrors(result.error);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!lead) {
      setMissingLead(true);
      return;
    }
    setMissingLead(false);
    const r = await assign({ id: c.id, version: c.version, leadWorkerId: lead, teamId: teamId || null, teamMemberIds: [...members].filter((m) => m !== lead) });
    if (r.data) onDone();
    else if (r.error?.graphQLErrors.some((g) => g.extensions?.code === 'CONFLICT')) onConflict();
  }
  const staff = staffOptions(options.data?.center);
  return (
    <form className="card form panel" onSubmit={submit} noValidate>
      <h2>{t('assign.title')}</h2>
      <CaseActionError error={result.error} fields={['leadWorkerId', 'teamId', 'teamMemberIds']} />
      {!options.data ? (
        <Spinner />
      ) : (
        <>
          <div className="grid-2">
            <SelectField
              label={t('referral.leadWorker')}
              required
              placeholder="—"
              value={lead}
              error={missingLead ? t('validation.required') : errors.leadWorkerId}
              onChange={(e) => setLead(e.target.value)}
              options={staff.map((m) => ({ value: m.id, label: `${m.user.displayName}${m.title ? ` — ${m.title}` : ''}` }))}
            />
            <SelectField label={t('assign.centerTeam')} optional placeholder={t('assign.noTeam')} value={teamId} error={errors.teamId} onChange={(e) => setTeamId(e.target.value)} options={(options.data.center.teams ?? []).map((tm) => ({ value: tm.id, label: tm.name }))} />
          </div>
          <MemberChecklist
            legend={t('assign.caseTeam')}
            hint={t('assign.caseTeamHint')}
            staff={staff.filter((m) => m.id !== lead)}
            checked={members}
            onChange={setMembers}
            errors={errors.teamMemberIds ? [errors.teamMemberIds] : []}
          />
        </>
      )}
      <FormActions saving={result.fetching} disabled={!options.data} onCancel={onDone} />
    </form>
  );
}
