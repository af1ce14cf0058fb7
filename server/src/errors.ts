import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { message } from '@opora/schema';

// What may reach a client: our coded errors and GraphQL's own request errors. Anything
// else (a Prisma or SQL message, a stack trace) is replaced by a translated
// INTERNAL_SERVER_ERROR; the original is logged with the request id (see transport).
const PASS_THROUGH = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'INVALID_TRANSITION',
  'TOO_MANY_REQUESTS',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'QUERY_TIMEOUT',
]);

// Prisma's known request errors that mean something to a person.
const PRISMA_CODES: Record<string, { code: string; key: 'notFound' | 'conflict' | 'unknownReference' }> = {
  P2025: { code: 'NOT_FOUND', key: 'notFound' },
  P2002: { code: 'CONFLICT', key: 'conflict' },
  P2003: { code: 'BAD_USER_INPUT', key: 'unknownReference' },
};

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
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      if (!production) return formatted;
      const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const original = unwrapResolverError(error) as { code?: string } | undefined;
    const prisma = original?.code ? PRISMA_CODES[original.code] : undefined;
    const lang = locale();
    if (prisma) {
      return {
        message: message(prisma.key, lang),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: prisma.code, messageBg: message(prisma.key, 'bg'), messageEn: message(prisma.key, 'en') },
      };
    }
    return {
      message: message('internal', lang),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR', messageBg: message('internal', 'bg'), messageEn: message('internal', 'en') },
    };
  };
}
