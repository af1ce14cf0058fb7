import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';

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
    const fields = e.extensions?.fields as { path: string; message: string }[] | undefined;
    for (const f of fields ?? []) {
      // A list item's error ("input.teamMemberIds.2") belongs to the list's field.
      const key = f.path.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? f.path;
      out[key] = f.message;
    }
  }
  return out;
}
