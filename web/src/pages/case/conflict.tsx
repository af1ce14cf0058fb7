import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { FormError } from '../../components/form.tsx';
import { errorCode } from '../../lib/urql.ts';

/** The record a CONFLICT answer carries: the current record in the API's shape, or null. */
export function conflictRecord(error: CombinedError | undefined | null): Record<string, unknown> | null {
  if (errorCode(error ?? undefined) !== 'CONFLICT') return null;
  const current = error?.graphQLErrors.find((e) => e.extensions?.current)?.extensions?.current;
  return current && typeof current === 'object' ? (current as Record<string, unknown>) : null;
}

/**
 * A case action's error. A CONFLICT (someone else changed the case since this page loaded)
 * gets its own words: the page has reloaded the case, so the person checks and tries again.
 * Anything else goes to the form's general error area (`fields`: the fields the form shows).
 */
export function CaseActionError({ error, fields }: { error: CombinedError | undefined | null; fields?: readonly string[] }) {
  const { t } = useTranslation();
  if (errorCode(error ?? undefined) === 'CONFLICT')
    return (
      <div className="banner banner-warn" role="alert" data-testid="case-conflict">
        <strong>{t('caseConflict.title')}</strong> {t('caseConflict.lead')}
      </div>
    );
  return <FormError error={error} {...(fields ? { fields } : {})} />;
}
