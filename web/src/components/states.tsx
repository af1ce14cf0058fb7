import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CombinedError } from 'urql';
import { errorCode, errorText } from '../lib/urql.ts';
import type { Paged, PagedConnection } from '../lib/paging.ts';

// Loading, empty and error states: a screen is never blank.

export function Spinner({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('state.loading')}</span>
    </div>
  );
}

export function FullPageLoading() {
  return (
    <div className="full-page">
      <Spinner />
    </div>
  );
}

export function FullPageError({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="full-page">
      <div className="state state-error" role="alert">
        <h1>{t('state.error')}</h1>
        <p>{t('state.errorLead')}</p>
        <button type="button" className="btn btn-primary" onClick={onRetry}>
          {t('state.retry')}
        </button>
      </div>
    </div>
  );
}

export function Empty({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="state state-empty">
      <svg aria-hidden="true" viewBox="0 0 48 48" width="40" height="40">
        <circle cx="24" cy="24" r="20" fill="none" stroke="currentColor" strokeWidth="2" opacity=".35" />
        <path d="M16 26h16M18 20h12" stroke="currentColor" strokeWidth="2" strokeLinecap="round" opacity=".5" />
      </svg>
      <p>{children}</p>
      {action}
    </div>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="state state-notfound" role="alert" data-testid="not-found">
      <h1>{t('state.notFound')}</h1>
      <p>{t('state.notFoundLead')}</p>
      <Link className="btn" to="/">
        {t('state.backHome')}
      </Link>
    </div>
  );
}

/** The error of a query: "not found" and "forbidden" get their own screens. */
export function QueryError({ error, onRetry }: { error: CombinedError; onRetry?: () => void }) {
  const { t } = useTranslation();
  const code = errorCode(error);
  if (code === 'NOT_FOUND') return <NotFound />;
  if (code === 'AGGREGATE_PREPARING') return <Preparing message={errorText(error) ?? t('state.loading')} {...(onRetry ? { onRetry } : {})} />;
  if (code === 'FORBIDDEN')
    return (
      <div className="state state-error" role="alert">
        <h1>{t('state.forbidden')}</h1>
        <Link className="btn" to="/">
          {t('state.backHome')}
        </Link>
      </div>
    );
  const message = error.networkError ? t('state.offline') : (errorText(error) ?? t('state.errorLead'));
  return (
    <div className="state state-error" role="alert">
      <h2>{t('state.error')}</h2>
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

/** How long a screen waits before asking again for figures still being prepared (the server's Retry-After). */
const PREPARING_RETRY_MS = 5_000;

/**
 * Figures the server is still deciding their small-count protection for: not an error. The
 * screen says so and asks again by itself until they are ready.
 */
function Preparing({ message, onRetry }: { message: string; onRetry?: () => void }) {
  useEffect(() => {
    if (!onRetry) return;
    const timer = setTimeout(onRetry, PREPARING_RETRY_MS);
    return () => clearTimeout(timer);
  }, [onRetry, message]);
  return (
    <div className="state" role="status" aria-live="polite" data-testid="figures-preparing">
      <Spinner label={message} />
    </div>
  );
}

/** Renders loading / error / content for one query result. */
export function Loadable<T>(props: {
  result: { data?: T; fetching: boolean; error?: CombinedError };
  onRetry?: () => void;
  children: (data: T) => ReactNode;
}) {
  const { data, fetching, error } = props.result;
  if (data) return <>{props.children(data)}</>;
  if (error) return <QueryError error={error} {...(props.onRetry ? { onRetry: props.onRetry } : {})} />;
  if (fetching) return <Spinner />;
  return <Spinner />;
}

/**
 * A paged list's states: an error with nothing to show, loading, empty, or the rows. A refetch
 * that fails keeps the rows already shown.
 */
export function ListLoadable<T extends { edges: readonly unknown[] }>(props: {
  data: T | null | undefined;
  error: CombinedError | undefined;
  onRetry: () => void;
  empty: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { data, error } = props;
  if (error && !data) return <QueryError error={error} onRetry={props.onRetry} />;
  if (!data) return <Spinner />;
  if (data.edges.length === 0) return <Empty>{props.empty}</Empty>;
  return <>{props.children(data)}</>;
}

/** "Load more" under a paged list (usePagedQuery), while the server says there is more. */
export function LoadMore({ paged }: { paged: Pick<Paged<PagedConnection>, 'hasMore' | 'loadMore' | 'loadingMore'> }) {
  const { t } = useTranslation();
  if (!paged.hasMore) return null;
  return (
    <button type="button" className="btn btn-block" onClick={paged.loadMore} disabled={paged.loadingMore} aria-busy={paged.loadingMore}>
      {t('common.loadMore')}
    </button>
  );
}

/** A mutation's message, in the reader's language, for a banner at the top of a form. */
export function ErrorBanner({ error }: { error: CombinedError | null | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = error.networkError ? t('state.offline') : (errorText(error) ?? t('state.error'));
  return (
    <div className="banner banner-error" role="alert">
      {message}
    </div>
  );
}
