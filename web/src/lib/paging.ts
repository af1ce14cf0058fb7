import { useCallback, useState } from 'react';
import { useClient, useQuery, type AnyVariables, type CombinedError, type TypedDocumentNode } from 'urql';
import type { ResolverConfig } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';

/**
 * Paged lists, one way for every screen: Relay cursors (`first` + `after`, `pageInfo.endCursor`,
 * `pageInfo.hasNextPage`), never a growing `first` (the server caps `first` at 100, so a
 * growing page silently stops growing past it).
 *
 * The screen's query always asks for the first page (`after: null`); „Зареди още" fetches the
 * page after the last `endCursor` and graphcache's `relayPagination` (urql's own resolver,
 * configured in ./urql.ts for the fields in PAGED_FIELDS) merges every cached page of the
 * same arguments into that first page's result. A mutation that drops the lists drops every
 * page, and the screen starts again from its first page: no gap, no repeated row.
 */
export const PAGE_SIZE = 25;

/**
 * Connection fields read through `relayPagination` when the query asks with `after`. It merges
 * every cached page of the field on the same record with the same filter arguments: a picker
 * that reads one page of the same field must differ by a filter argument (e.g. the staff
 * picker's explicit `includeEnded: false`), or its page joins the paged list and leaves it
 * incomplete.
 */
export const PAGED_FIELDS: Record<string, string[]> = {
  Query: ['cases', 'myCases', 'clients', 'households', 'groupPrograms', 'openAccessContacts', 'auditEvents', 'sessions', 'mySessions', 'contractsEnding'],
  Case: ['notes'],
  Center: ['staff'],
};

/**
 * The graphcache resolvers for PAGED_FIELDS. Only an operation with an `$after` variable (the
 * hook always sends one, null for the first page) is a paged list; a picker or a dashboard
 * card asking for `first: 6` reads its own page unmerged. (graphcache drops null arguments,
 * so the variables, not the field's arguments, say which is which.)
 */
export function pagedResolvers(): ResolverConfig {
  const merge = relayPagination();
  const resolvers: ResolverConfig = {};
  for (const [type, fields] of Object.entries(PAGED_FIELDS)) {
    const byField: NonNullable<ResolverConfig[string]> = {};
    for (const field of fields) {
      byField[field] = (parent, args, cache, info) =>
        info.variables && 'after' in info.variables ? merge(parent, args, cache, info) : cache.resolve(info.parentKey, info.fieldName, args);
    }
    resolvers[type] = byField;
  }
  return resolvers;
}

export type PagedConnection = { pageInfo: { hasNextPage: boolean; endCursor?: string | null }; edges: readonly unknown[] };

export type Paged<C> = {
  /** Every page loaded so far, merged. */
  data: C | undefined;
  error: CombinedError | undefined;
  fetching: boolean;
  /** True while „Зареди още" waits for its page. */
  loadingMore: boolean;
  /** Whether the server says there is more after the last row shown. */
  hasMore: boolean;
  loadMore: () => void;
  refetch: () => void;
};

/**
 * One paged list. `variables` are the list's filters (without `first`/`after`); `connection`
 * picks the connection out of the query's data.
 */
export function usePagedQuery<Data, Variables extends AnyVariables, C extends PagedConnection>(options: {
  query: TypedDocumentNode<Data, Variables>;
  variables: Omit<Variables, 'first' | 'after'>;
  connection: (data: Data) => C | null | undefined;
  pageSize?: number;
  pause?: boolean;
}): Paged<C> {
  const client = useClient();
  const first = options.pageSize ?? PAGE_SIZE;
  const variables = { ...options.variables, first, after: null } as unknown as Variables;
  const [result, reexecute] = useQuery<Data, Variables>({ query: options.query, variables, pause: options.pause ?? false });
  const [more, setMore] = useState<{ cursor: string; error?: CombinedError } | null>(null);
  const data = result.data ? (options.connection(result.data) ?? undefined) : undefined;
  const cursor = data?.pageInfo.endCursor ?? null;
  const loadingMore = more !== null && more.cursor === cursor && !more.error;

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    setMore({ cursor });
    const next = { ...variables, after: cursor } as Variables;
    void client
      .query(options.query, next, { requestPolicy: 'network-only' })
      .toPromise()
      .then((page) => {
        if (page.error) setMore({ cursor, error: page.error });
        else {
          setMore(null);
          // The new page is in the cache now; read the merged list again.
          reexecute({ requestPolicy: 'cache-only' });
        }
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, cursor, loadingMore, JSON.stringify(variables), options.query, reexecute]);

  return {
    data,
    error: result.error ?? (more?.cursor === cursor ? more?.error : undefined),
    fetching: result.fetching || loadingMore,
    loadingMore,
    hasMore: Boolean(data?.pageInfo.hasNextPage && cursor),
    loadMore,
    refetch: () => reexecute({ requestPolicy: 'network-only' }),
  };
}
