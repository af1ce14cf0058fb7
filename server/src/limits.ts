import { defaultOf } from '@opora/common/config';
import type { GraphQLArmorConfig } from '@escape.tech/graphql-armor-types';

// What a request may ask for, and why these numbers. Measured against what the screens
// send: `tests/src/hardening/limits.test.ts` validates every operation in web/src (and the
// load test's staff, network and municipal queries) against these same rules and prints
// the largest depth / aliases / cost / tokens / directives it found, so a new screen that
// needs more fails a test instead of a user. Numbers are the measured need with headroom.

/**
 * Selection depth. The deepest real path is a case screen:
 * case → participants → client → settlement → municipality → name (6–7). 10 leaves room
 * for one more nesting level; anything deeper is an attack (cyclic Node/relation walks).
 */
export const MAX_DEPTH = 10;

/** Aliases per operation. Screens use a handful (side-by-side indicators); bombs use thousands. */
export const MAX_ALIASES = 20;

/** @include/@skip and the like per operation. Screens use a few; armor's default is 50. */
export const MAX_DIRECTIVES = 10;

/**
 * Lexer tokens per document. The largest form (register a client with every field,
 * fragments included) is a few hundred tokens; graphql-armor's default is 1000.
 */
export const MAX_TOKENS = 2000;

/**
 * Static cost (graphql-armor: 2 per object, 1 per scalar, × 1.5 per depth level). The
 * costliest screen measured is the case page (web/src/pages/case-detail.tsx: 6,455, its
 * fragments included); armor's default of 5,000 would refuse it. 15,000 is twice that with
 * room for the dashboards. Pagination (`first` ≤ the relay plugin's max page size) bounds
 * list sizes, so the static cost is a fair proxy for the work asked for.
 */
export const MAX_COST = 15_000;

/** Items in any one list argument or list variable (`nodes(ids:)`, filters). Screens send tens. */
export const MAX_LIST_ITEMS = 200;

/**
 * The per-request deadline. Every statement of the request's transaction is cancelled by
 * PostgreSQL after QUERY_TIMEOUT_MS (statement_timeout, set locally), and Prisma gives the
 * whole transaction TRANSACTION_TIMEOUT_MS; either answers QUERY_TIMEOUT. The slowest real
 * query (a network dashboard over all centers) takes well under a second on the demo data.
 */
export const QUERY_TIMEOUT_MS = defaultOf('OPORA_QUERY_TIMEOUT_MS');
export const TRANSACTION_TIMEOUT_MS = 10_000;

/**
 * When a request's answer must be ready (epoch ms): what waits on work outside the request (a
 * municipal system being decided in a worker) gives up here, leaving a fifth of the deadline to
 * publish and commit.
 */
export const answerDeadline = (queryTimeoutMs: number, transactionTimeoutMs: number): number =>
  Date.now() + Math.floor(Math.min(queryTimeoutMs, transactionTimeoutMs) * 0.8);

/**
 * Expensive aggregate queries (network and municipal surface): points per viewer per
 * window, one point per expensive root field of the operation. A dashboard load asks for
 * 3–6 of them; 120 a minute is two full refreshes a second, far above a person's pace.
 */
export const AGGREGATE_POINTS = defaultOf('OPORA_AGGREGATE_RATE_LIMIT');
export const AGGREGATE_WINDOW_S = 60;

/**
 * Sign-in attempts per client address per window, in front of the database throttle (which
 * counts failures per account and address). It stops a flood before it costs an argon2 hash
 * and a transaction each. A shared office NAT with 30 people signing in stays well inside.
 */
export const SIGN_IN_POINTS = defaultOf('OPORA_SIGN_IN_RATE_LIMIT');
export const SIGN_IN_WINDOW_S = 60;

/**
 * Files uploaded (POST /files) per user per window, counted before the body is read, whether
 * the file is then accepted or not. Each upload writes up to the center's file limit into the
 * database or the object store; a person photographing a paper file page by page uploads one
 * every few seconds, far inside 30 a minute, while a runaway script is stopped within a minute.
 */
export const UPLOAD_POINTS = defaultOf('OPORA_UPLOAD_RATE_LIMIT');
export const UPLOAD_WINDOW_S = 60;

/** Root fields of the aggregate surface that cost real work (the modules register them). */
export const EXPENSIVE_ROOT_FIELDS: ReadonlySet<string> = new Set([
  'indicators', // the catalogue of indicators, computed per center and period
  'networkComparison', // centers side by side
  'municipalDashboard',
  'municipalAnnualAnalysis', // the mayor's yearly analysis (by 30 April), the older CSV draft
  'municipalAnalysis', // the mayor's yearly analysis with its written sections (its tables are the dashboard's)
  'providerAnnualReport', // the provider's yearly report draft (by 31 March)
]);

/** Root fields that cost real work: the list above, and any aggregate field added later by name. */
export function isExpensiveRootField(name: string): boolean {
  return EXPENSIVE_ROOT_FIELDS.has(name) || /^(network|indicator|aggregate|municipal[A-Z]|municipality[A-Z])|AnnualReport$/.test(name);
}

export function armorConfig(production: boolean): GraphQLArmorConfig {
  // Development shows the numbers to whoever writes a screen; production does not.
  const exposeLimits = !production;
  return {
    maxDepth: { n: MAX_DEPTH, exposeLimits, flattenFragments: true, ignoreIntrospection: true },
    maxAliases: { n: MAX_ALIASES, exposeLimits },
    maxDirectives: { n: MAX_DIRECTIVES, exposeLimits },
    costLimit: { maxCost: MAX_COST, exposeLimits, ignoreIntrospection: true },
    // Tokens are limited by graphql-js's own parser option (see graphql-transport.ts): the
    // armor plugin throws from a hook, which Apollo answers with a 500.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  };
}
