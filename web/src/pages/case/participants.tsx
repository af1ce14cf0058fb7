import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../components/form.tsx';

// Who took part in an assessment or a plan, and how: present, heard, agreed, signed (and when).
// One editor for both records.

export const PARTICIPANT_ROLES = ['CHILD', 'PARENT', 'LEGAL_REPRESENTATIVE', 'PERSON', 'FAMILY_MEMBER', 'OTHER'] as const;
type Role = (typeof PARTICIPANT_ROLES)[number];

export type ParticipantDraft = { role: Role; name: string; present: boolean; heard?: boolean; agreed: boolean; signed: boolean; signedOn: string };

export const toParticipantInput = (p: ParticipantDraft) => ({
  role: p.role,
  name: p.name.trim(),
  present: p.present,
  heard: p.heard ?? false,
  agreed: p.agreed,
  signed: p.signed,
  signedOn: p.signed && p.signedOn ? p.signedOn : null,
});

export function ParticipantsEditor({
  legend,
  value,
  onChange,
  errors,
  withHeard = false,
}: {
  legend: string;
  value: ParticipantDraft[];
  onChange: (next: ParticipantDraft[]) => void;
  errors: Record<string, string>;
  withHeard?: boolean;
}) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<ParticipantDraft>) => onChange(value.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const flags = (withHeard ? (['present', 'heard', 'agreed', 'signed'] as const) : (['present', 'agreed', 'signed'] as const));
  return (
    <fieldset className="participants" data-testid="participants">
      <legend>{legend}</legend>
      {value.map((p, i) => (
        <div key={i} className="participant" role="group" aria-label={`${legend} ${i + 1}`}>
          <div className="grid-2">
            <SelectField label={t('iop.role')} value={p.role} options={PARTICIPANT_ROLES.map((r) => ({ value: r, label: t(`participationRole.${r}`) }))} onChange={(e) => set(i, { role: e.target.value as Role })} />
            <TextField label={t('iop.name')} value={p.name} error={errors.name} onChange={(e) => set(i, { name: e.target.value })} />
          </div>
          <div className="checks">
            {flags.map((flag) => (
              <label key={flag} className="checkbox">
                <input type="checkbox" checked={Boolean(p[flag])} onChange={(e) => set(i, { [flag]: e.target.checked })} />
                {t(`iop.${flag}`)}
              </label>
            ))}
          </div>
          {p.signed && <TextField label={t('iop.signedOn')} type="date" optional value={p.signedOn} error={errors.signedOn} onChange={(e) => set(i, { signedOn: e.target.value })} />}
          <button type="button" className="btn btn-small btn-quiet" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            {t('iop.removeParticipant')}
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...value, { role: 'PARENT', name: '', present: true, heard: withHeard ? false : undefined, agreed: false, signed: false, signedOn: '' }])}>
        + {t('iop.addParticipant')}
      </button>
    </fieldset>
  );
}
