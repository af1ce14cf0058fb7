import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { currentLang } from '../i18n/index.ts';
import { errorText, wordsOf } from '../lib/urql.ts';
import { graphql, readFragment, type FragmentOf } from '../graphql.ts';

type FieldProps = { label: string; hint?: string | undefined; error?: string | undefined; optional?: boolean; children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode };

/** A labelled control with its hint and its error, wired for screen readers. */
export function Field({ label, hint, error, optional, children }: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = hint ? `${id}-hint` : '';
  const errorId = error ? `${id}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="field-optional"> ({t('common.optional')})</span>}
      </label>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {children({ id, describedBy, invalid: Boolean(error) })}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

type Common = { label: string; hint?: string | undefined; error?: string | undefined; optional?: boolean };

export function TextField({ label, hint, error, optional, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} hint={hint} error={error} optional={optional ?? false}>
      {({ id, describedBy, invalid }) => <input id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...input} />}
    </Field>
  );
}

export function TextArea({ label, hint, error, optional, ...input }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field label={label} hint={hint} error={error} optional={optional ?? false}>
      {({ id, describedBy, invalid }) => <textarea id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} rows={4} {...input} />}
    </Field>
  );
}

export function SelectField({
  label,
  hint,
  error,
  optional,
  options,
  placeholder,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[]; placeholder?: string }) {
  return (
    <Field label={label} hint={hint} error={error} optional={optional ?? false}>
      {({ id, describedBy, invalid }) => (
        <select id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...select}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Large tap targets for choosing one of a few options (phones, gloves, a bumpy road). */
export function ChoiceChips({ legend, value, options, onChange, name }: { legend: string; name: string; value: string; options: { value: string; label: string }[]; onChange: (v: string) => void }) {
  return (
    <fieldset className="chips">
      <legend>{legend}</legend>
      <div className="chips-row">
        {options.map((o) => (
          <label key={o.value} className={`chip${o.value === value ? ' chip-on' : ''}`}>
            <input type="radio" name={name} value={o.value} checked={o.value === value} onChange={() => onChange(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Field errors from BAD_USER_INPUT: path (e.g. "input.firstName") → message in the reader's language. */
export function fieldErrors(error: CombinedError | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of error?.graphQLErrors ?? []) {
    const fields = e.extensions?.fields as { path: string; message: string; messageBg?: string; messageEn?: string }[] | undefined;
    for (const f of fields ?? []) {
      // A list item's error ("input.teamMemberIds.2") belongs to the list's field.
      const key = f.path.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? f.path;
      out[key] = wordsOf(f, currentLang()) ?? f.message;
    }
  }
  return out;
}

/**
 * A form's general error area, above its fields: the answer's own words in the reader's language
 * (a refused step of a case says why), and every field error that no field of this form shows
 * (`fields` names those it shows; a reference such as `caseId` is none of them), so no reason
 * the server gives is dropped. Field errors on shown fields stay under their fields.
 */
export function FormError({ error, fields = [] }: { error: CombinedError | null | undefined; fields?: readonly string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (error.networkError) {
    return (
      <div className="banner banner-error" role="alert" data-testid="form-error">
        {t('state.offline')}
      </div>
    );
  }
  const unplaced = Object.entries(fieldErrors(error))
    .filter(([field]) => !fields.includes(field))
    .map(([, words]) => words);
  return (
    <div className="banner banner-error" role="alert" data-testid="form-error">
      {errorText(error) ?? t('state.error')}
      {unplaced.length > 0 && (
        <ul className="plain">
          {unplaced.map((words) => (
            <li key={words}>{words}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A form's footer: the submit button (saying "saving…" while the mutation runs) and, when there
 * is somewhere to go back to, a quiet Cancel. One place, so every form reads and behaves alike.
 */
export function FormActions({ saving, onCancel, label, disabled }: { saving: boolean; onCancel?: () => void; label?: string; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="submit" className="btn btn-primary" disabled={saving || disabled === true}>
        {saving ? t('common.saving') : (label ?? t('common.save'))}
      </button>
      {onCancel && (
        <button type="button" className="btn btn-quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      )}
    </div>
  );
}

/** Tick several of a list (who came to a meeting, who is on a team): hands back the new set of ids. */
export function Checklist<T extends { id: string }>({
  legend,
  hint,
  items,
  checked,
  onChange,
  errors = [],
  children,
}: {
  legend: string;
  hint?: string;
  items: readonly T[];
  checked: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  errors?: string[];
  children: (item: T) => ReactNode;
}) {
  const toggle = (id: string, on: boolean) => {
    const next = new Set(checked);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };
  return (
    <fieldset className="chips">
      <legend>{legend}</legend>
      {hint && <p className="field-hint">{hint}</p>}
      <div className="checks">
        {items.map((item) => (
          <label key={item.id} className="checkbox">
            <input type="checkbox" checked={checked.has(item.id)} onChange={(e) => toggle(item.id, e.target.checked)} />
            {children(item)}
          </label>
        ))}
      </div>
      {errors.map((message) => (
        <p key={message} className="field-error">
          {message}
        </p>
      ))}
    </fieldset>
  );
}

type Member = { id: string; role: string; title: string | null; user: { displayName: string } };

/**
 * The center's current staff for a picker (a lead worker, a team's members): one page of 100,
 * a center's whole staff (the staff list itself pages, see pages/manager/staff.tsx). The explicit
 * `includeEnded: false` keeps this page out of the paged list's merge (see PAGED_FIELDS).
 */
export const StaffOptionsFields = graphql(`
  fragment StaffOptionsFields on Center {
    staff(first: 100, includeEnded: false) { edges { node { id role title user { displayName } } } }
  }
`);

export function staffOptions(center: FragmentOf<typeof StaffOptionsFields> | null | undefined): Member[] {
  if (!center) return [];
  return (readFragment(StaffOptionsFields, center).staff?.edges ?? []).map((e) => e.node);
}

/** Staff members to tick, each with their job title (or role) so two namesakes can be told apart. */
export function MemberChecklist({ staff, ...rest }: Omit<Parameters<typeof Checklist<Member>>[0], 'items' | 'children'> & { staff: readonly Member[] }) {
  const { t } = useTranslation();
  return (
    <Checklist items={staff} {...rest}>
      {(m) => (
        <span>
          {m.user.displayName}
          <span className="muted small"> · {m.title ?? t(`roles.${m.role}`)}</span>
        </span>
      )}
    </Checklist>
  );
}
