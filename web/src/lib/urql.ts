import { Client, fetchExchange, type CombinedError, type Operation } from 'urql';
import { cacheExchange } from '@urql/exchange-graphcache';
// urql's own exchange for authentication: it decides what an auth error is and what happens then.
import { authExchange } from '@urql/exchange-auth';
import { Kind } from 'graphql';
import { errorCodeMessage } from '@opora/common/messages';
import { currentLang } from '../i18n/index.ts';
import { pagedResolvers } from './paging.ts';

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

type Cache = {
  inspectFields(entity: string): { fieldName: string; fieldKey: string }[];
  invalidate(entity: string, field?: string): void;
  resolve(entity: string, field: string): unknown;
  keyOfEntity(data: { __typename: string; id: string }): string | null;
};

/**
 * Lists on a record that a mutation makes stale: `center` is one of the stable Query fields
 * above, so its services, teams, staff and partners need saying; a case's notes and a
 * client's consents hang off their record (the record itself is in `node`, dropped anyway,
 * but its list is dropped here so no screen can show it from the cache).
 */
type RecordLists = { record: 'center' | { typename: string; idArg: string }; fields: string[] };
const CENTER = (...fields: string[]): RecordLists => ({ record: 'center', fields });
const RECORD_LISTS: Record<string, RecordLists> = {
  createService: CENTER('services'),
  updateService: CENTER('services'),
  deactivateService: CENTER('services'),
  reactivateService: CENTER('services'),
  createTeam: CENTER('teams'),
  updateTeam: CENTER('teams'),
  setTeamMembers: CENTER('teams'),
  addStaffMember: CENTER('staff', 'teams', 'staffInvitations'),
  revokeStaffInvitation: CENTER('staffInvitations'),
  updateStaffMember: CENTER('staff'),
  endStaffMember: CENTER('staff', 'teams'),
  addPartnerMunicipality: CENTER('partnerMunicipalities'),
  endPartnerMunicipality: CENTER('partnerMunicipalities'),
  addCaseNote: { record: { typename: 'Case', idArg: 'caseId' }, fields: ['notes'] },
  recordConsent: { record: { typename: 'Client', idArg: 'clientId' }, fields: ['consents'] },
};

function invalidateRecordLists(cache: Cache, stale: RecordLists, args: Record<string, unknown>): void {
  const key =
    stale.record === 'center'
      ? (cache.resolve('Query', 'center') as string | null)
      : typeof args[stale.record.idArg] === 'string'
        ? cache.keyOfEntity({ __typename: stale.record.typename, id: args[stale.record.idArg] as string })
        : null;
  if (!key) return;
  // Every variant of the field (services and services(includeInactive: true) alike).
  for (const f of cache.inspectFields(key)) if (stale.fields.includes(f.fieldName)) cache.invalidate(key, f.fieldKey);
}

/**
 * Mutations whose UNAUTHENTICATED answer means "wrong credentials", not "your session ended".
 * Read from the operation's document (its root fields), never from the query text.
 */
const SIGN_IN_FIELDS = new Set(['login']);

function isSignIn(operation: Operation): boolean {
  if (operation.kind !== 'mutation') return false;
  return operation.query.definitions.some(
    (d) => d.kind === Kind.OPERATION_DEFINITION && d.selectionSet.selections.some((s) => s.kind === Kind.FIELD && SIGN_IN_FIELDS.has(s.name.value)),
  );
}

export function errorCode(error: CombinedError | undefined): string | undefined {
  const code = error?.graphQLErrors.find((e) => e.extensions?.code)?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

type Worded = { message?: string; messageBg?: unknown; messageEn?: unknown };

/**
 * An error's words in the reader's language now (a switch of language re-reads them): its own
 * (messageBg / messageEn, as every coded answer carries), else what its code means in the shared
 * table (@opora/common/messages), else the text as sent.
 */
export function wordsOf(worded: Worded, lang: 'bg' | 'en', code?: unknown): string | undefined {
  const own = lang === 'en' ? worded.messageEn : worded.messageBg;
  if (typeof own === 'string' && own) return own;
  return (typeof code === 'string' ? errorCodeMessage(code, lang) : undefined) ?? worded.message;
}

/** The first GraphQL error's words in the reader's language (undefined for a network error). */
export function errorText(error: CombinedError | null | undefined, lang: 'bg' | 'en' = currentLang()): string | undefined {
  const first = error?.graphQLErrors[0];
  if (!first) return undefined;
  const ext = first.extensions ?? {};
  return wordsOf({ message: first.message, messageBg: ext.messageBg, messageEn: ext.messageEn }, lang, ext.code);
}

/**
 * One client per signed-in membership (a switch or sign-out makes a new one, so no cached
 * record of one center survives into another). POST only: Apollo's CSRF prevention blocks
 * the simple GETs urql would send. The session is the HttpOnly cookie the browser sends by
 * itself (same origin); no token is ever in reach of this code.
 */
export function createOporaClient(onUnauthenticated: () => void): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => {
      const lang = currentLang();
      return {
        credentials: 'same-origin',
        headers: {
          'accept-language': lang === 'en' ? 'en, bg;q=0.5' : 'bg, en;q=0.5',
          'x-opora-language': lang,
        },
      };
    },
    exchanges: [
      cacheExchange({
        // Every type with an id is normalised by it; payloads, connections and aggregates
        // (which have none) are embedded in their parent.
        keys: new Proxy({} as Record<string, (data: Record<string, unknown>) => string | null>, {
          get: () => (data: Record<string, unknown>) => (data.id == null ? null : String(data.id)),
        }),
        // Paged lists: every loaded page of a list merged by cursor (see ./paging.ts).
        resolvers: pagedResolvers(),
        updates: {
          // After any change, lists and counts on Query are stale: drop them and the screens
          // that show them refetch. Records returned by the mutation update in place. Lists
          // that hang off a record (the center's services, a case's notes) are dropped too,
          // for the mutations that change them (see RECORD_LISTS).
          Mutation: new Proxy({} as Record<string, never>, {
            get: (_t, field) =>
              field === 'login' || field === 'setPreferredLanguage'
                ? undefined
                : (_result: unknown, args: Record<string, unknown>, cache: Cache) => {
                    for (const f of cache.inspectFields('Query')) {
                      if (!STABLE_QUERY_FIELDS.has(f.fieldName)) cache.invalidate('Query', f.fieldKey);
                    }
                    const stale = RECORD_LISTS[String(field)];
                    if (stale) invalidateRecordLists(cache, stale, args);
                  },
          }),
        },
      }),
      // The session is an HttpOnly cookie: nothing to add to an operation and nothing to refresh.
      // An UNAUTHENTICATED answer (other than to a sign-in) means the session ended: the app
      // goes to sign-in (a new client follows), and the operation's single retry fails as is.
      authExchange(async () => ({
        addAuthToOperation: (operation) => operation,
        didAuthError: (error, operation) => errorCode(error) === 'UNAUTHENTICATED' && !isSignIn(operation),
        refreshAuth: async () => {
          onUnauthenticated();
        },
      })),
      fetchExchange,
    ],
  });
}
