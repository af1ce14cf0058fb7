import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { bothMessages, ERROR_CODES, message, type MessageKey, type MessageParams } from '@opora/common/messages';

// What may reach a client: our coded errors and GraphQL's own request errors. Anything
// else (a Prisma or SQL message, a stack trace) is replaced by a translated
// INTERNAL_SERVER_ERROR; the original is logged with the request id (see transport).
// The codes are the shared table's (ERROR_CODES in @opora/common/messages, which the web reads
// too); INTERNAL_SERVER_ERROR is what this formatter answers for everything else.
const PASS_THROUGH = new Set<string>(Object.keys(ERROR_CODES).filter((code) => code !== 'INTERNAL_SERVER_ERROR'));

type Params = MessageParams;

/** The body of an error answered outside GraphQL execution (413, 400, 429, 503). */
export function errorBody(code: string, key: MessageKey, locale: 'bg' | 'en', params: Params = {}, extra: Record<string, unknown> = {}) {
  const both = bothMessages(key, params);
  return {
    errors: [
      { message: locale === 'en' ? both.messageEn : both.messageBg, extensions: { code, ...both, ...extra } },
    ],
  };
}

/** A coded GraphQL error; `status` becomes the HTTP status when thrown before execution. */
export function transportError(
  code: string,
  key: MessageKey,
  locale: 'bg' | 'en',
  options: { params?: Params; status?: number; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
): GraphQLError {
  const both = bothMessages(key, options.params);
  const http = options.status
    ? { http: { status: options.status, headers: new Map(Object.entries(options.headers ?? {})) } }
    : {};
  return new GraphQLError(locale === 'en' ? both.messageEn : both.messageBg, {
    extensions: { code, ...both, ...(options.extra ?? {}), ...http },
  });
}

/**
 * What a database failure means for the client: the request's deadline passed (a statement
 * cancelled by statement_timeout, or the transaction expired), or the database is away or
 * saturated (connection lost, no connection free in time; PgBouncer's refusals while it cannot
 * reach PostgreSQL, e.g. after a failover until its `server_login_retry` passes). Walks the
 * error's causes.
 */
export function databaseFailure(error: unknown): 'timeout' | 'unavailable' | null {
  for (let e = error as { message?: unknown; code?: unknown; cause?: unknown; originalError?: unknown } | undefined, i = 0; e && i < 6; i++) {
    const text = `${String(e.code ?? '')} ${String(e.message ?? '')}`;
    if (/57014|statement timeout|canceling statement|expired transaction|timeout for this transaction/i.test(text)) return 'timeout';
    if (
      /Unable to start a transaction|57P01|57P02|57P03|08006|08003|08001|terminating connection|Connection terminated|ECONNREFUSED|ECONNRESET|connection (is )?closed|server closed the connection|Can't reach database|timeout exceeded when trying to connect|Transaction API error|not queryable|connection error|Server has closed the connection|Transaction not found|Transaction already closed|P1001|P1017|server login has been failing|pgbouncer cannot connect to server|no more connections allowed|query_wait_timeout|server conn crashed/i.test(
        text,
      )
    )
      return 'unavailable';
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return null;
}

// Prisma's known request errors that mean something to a person.
const PRISMA_CODES: Record<string, { code: string; key: 'notFound' | 'conflict' | 'unknownReference' }> = {
  P2025: { code: 'NOT_FOUND', key: 'notFound' },
  P2002: { code: 'CONFLICT', key: 'conflict' },
  P2003: { code: 'BAD_USER_INPUT', key: 'unknownReference' },
};

const FAILURE_CODES = {
  timeout: { code: 'QUERY_TIMEOUT', key: 'queryTimeout' },
  unavailable: { code: 'SERVICE_UNAVAILABLE', key: 'busy' },
} as const;

export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError) {
    const code = original.extensions?.code;
    return typeof code === 'string' && PASS_THROUGH.has(code);
  }
  return false;
}

export function formatErrorFor(locale: () => 'bg' | 'en', production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const refined = refineRequestError(formatted, code, locale(), production) ?? pothosInputError(formatted, error, locale());
    if (refined) return refined;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      // A refusal is about the request, not the code: no stack, in any mode (a validation
      // error's stack would also repeat the field suggestion graphql-armor hides).
      const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const original = unwrapResolverError(error) as { code?: string } | undefined;
    const prisma = original?.code ? PRISMA_CODES[original.code] : undefined;
    const lang = locale();
    const failure = databaseFailure(original);
    if (failure) {
      const { code: failureCode, key } = FAILURE_CODES[failure];
      const both = bothMessages(key);
      return {
        message: lang === 'en' ? both.messageEn : both.messageBg,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: failureCode, ...both },
      };
    }
    if (prisma) {
      return {
        message: message(prisma.key, lang),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: prisma.code, ...bothMessages(prisma.key) },
      };
    }
    return {
      message: message('internal', lang),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...bothMessages('internal') },
    };
  };
}

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Requests refused before execution, in words that never name the schema to someone who does
 * not know it: no "Did you mean …" anywhere; in production a validation error says only that
 * the operation is not valid (graphql-armor's limit messages, which name no schema element,
 * stay); a variable that does not fit its type is BAD_USER_INPUT naming only the variable (an
 * enum value never suggested); a page size refused during validation keeps BAD_USER_INPUT.
 */
function refineRequestError(formatted: GraphQLFormattedError, code: unknown, lang: 'bg' | 'en', production: boolean): GraphQLFormattedError | null {
  const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
  const where = formatted.locations ? { locations: formatted.locations } : {};
  if (code === 'GRAPHQL_VALIDATION_FAILED' && extensions.pageArgument) {
    const { pageArgument: _p, ...rest } = extensions;
    return { ...formatted, extensions: { ...rest, code: 'BAD_USER_INPUT' } };
  }
  if (code === 'BAD_USER_INPUT' && !extensions.messageBg) {
    // graphql-js's own variable coercion ("Variable "$x" got invalid value …; Did you mean …").
    const name = /Variable "\$(\w+)"/.exec(formatted.message)?.[1] ?? '';
    const both = bothMessages('invalidVariable', { name });
    const text = lang === 'en' ? both.messageEn : both.messageBg;
    return { message: text, ...where, extensions: { code: 'BAD_USER_INPUT', ...both, fields: [{ path: `$${name}`, message: text, ...both }] } };
  }
  if (code === 'GRAPHQL_VALIDATION_FAILED') {
    if (production && !/^Syntax Error: /.test(formatted.message)) {
      const both = bothMessages('invalidOperation');
      return { message: lang === 'en' ? both.messageEn : both.messageBg, ...where, extensions: { code, ...both } };
    }
    return { ...formatted, message: formatted.message.replace(SUGGESTION, ''), extensions };
  }
  return null;
}

/** Pothos's own refusals of an argument (a bad cursor, a malformed id): the client's mistake. */
function pothosInputError(formatted: GraphQLFormattedError, error: unknown, lang: 'bg' | 'en'): GraphQLFormattedError | null {
  const original = unwrapResolverError(error) as { name?: string; constructor?: { name?: string }; message?: string } | undefined;
  if (original?.name !== 'PothosValidationError' && original?.constructor?.name !== 'PothosValidationError') return null;
  const key = /cursor/i.test(original.message ?? '') ? 'invalidCursor' : 'invalidValue';
  return {
    message: message(key, lang),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'BAD_USER_INPUT', ...bothMessages(key) },
  };
}

/**
 * The answer when a request's transaction failed outside GraphQL (begin, commit, deadline,
 * connection): a coded body, never the database's own words. 503s invite a retry (idempotency
 * keys make retried creates safe); anything else is a 500.
 */
export function transactionFailure(locale: 'bg' | 'en', error: unknown): { status: number; retryAfter: boolean; body: string } {
  const kind = databaseFailure(error);
  const body =
    kind === 'timeout'
      ? errorBody('QUERY_TIMEOUT', 'queryTimeout', locale)
      : kind === 'unavailable'
        ? errorBody('SERVICE_UNAVAILABLE', 'busy', locale)
        : errorBody('INTERNAL_SERVER_ERROR', 'internal', locale);
  return { status: kind ? 503 : 500, retryAfter: kind !== null, body: JSON.stringify(body) };
}
