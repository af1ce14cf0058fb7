import { Client, fetchExchange, mapExchange, type CombinedError, type Operation } from 'urql';
import { cacheExchange } from '@urql/exchange-graphcache';
import { currentLang } from '../i18n/index.ts';
import { readLocal } from './storage.ts';

export const TOKEN_KEY = 'opora.token';

// Query fields that hold reference data or the viewer: a mutation never makes them stale.
const STABLE_QUERY_FIELDS = new Set([
  'viewer',
  'serviceKinds',
  'targetGroups',
  'professions',
  'municipalities',
  'centers',
  'center',
  '__typename',
]);

export function errorCode(error: CombinedError | undefined): string | undefined {
  const code = error?.graphQLErrors.find((e) => e.extensions?.code)?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * One client per signed-in membership (a switch or sign-out makes a new one, so no cached
 * record of one center survives into another). POST only: Apollo's CSRF prevention blocks
 * the simple GETs urql would send.
 */
export function createOporaClient(onUnauthenticated: (operation: Operation) => void): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => {
      const token = readLocal(TOKEN_KEY);
      const lang = currentLang();
      return {
        headers: {
          'accept-language': lang === 'en' ? 'en, bg;q=0.5' : 'bg, en;q=0.5',
          'x-opora-language': lang,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      };
    },
    exchanges: [
      mapExchange({
        onError(error, operation) {
          const isSignIn = operation.kind === 'mutation' && JSON.stringify(operation.query.loc?.source.body ?? '').includes('login(');
          if (!isSignIn && errorCode(error) === 'UNAUTHENTICATED') onUnauthenticated(operation);
        },
      }),
      cacheExchange({
        // Every type with an id is normalised by it; payloads, connections and aggregates
        // (which have none) are embedded in their parent.
        keys: new Proxy({} as Record<string, (data: Record<string, unknown>) => string | null>, {
          get: () => (data: Record<string, unknown>) => (data.id == null ? null : String(data.id)),
        }),
        updates: {
          // After any change, lists and counts on Query are stale: drop them and the screens
          // that show them refetch. Records returned by the mutation update in place.
          Mutation: new Proxy({} as Record<string, never>, {
            get: (_t, field) =>
              field === 'login' || field === 'setPreferredLanguage'
                ? undefined
                : (_result: unknown, _args: unknown, cache: { inspectFields(e: string): { fieldName: string; fieldKey: string }[]; invalidate(e: string, f: string): void }) => {
                    for (const f of cache.inspectFields('Query')) {
                      if (!STABLE_QUERY_FIELDS.has(f.fieldName)) cache.invalidate('Query', f.fieldKey);
                    }
                  },
          }),
        },
      }),
      fetchExchange,
    ],
  });
}
