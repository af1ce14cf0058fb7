import { GraphQLError } from 'graphql';
import type { Locale } from '../context.ts';
import { bothMessages, isMessageKey, message, type ErrorCode as WireCode, type MessageKey } from '@opora/common/messages';

// Every error a client sees carries extensions.code and the message in both languages. The
// codes the schema raises (each has its words in @opora/common/messages' ERROR_CODES).
export type ErrorCode = Extract<
  WireCode,
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'TOO_MANY_REQUESTS'
  | 'AGGREGATE_PREPARING'
  | 'INTERNAL_SERVER_ERROR'
>;

export function oporaError(
  code: ErrorCode,
  key: MessageKey,
  locale: Locale,
  params: Record<string, string | number> = {},
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message(key, locale, params), {
    extensions: { code, ...bothMessages(key, params), ...extra },
  });
}

export const unauthenticated = (locale: Locale, key: MessageKey = 'unauthenticated') =>
  oporaError('UNAUTHENTICATED', key, locale);
export const forbidden = (locale: Locale) => oporaError('FORBIDDEN', 'forbidden', locale);
export const notFound = (locale: Locale) => oporaError('NOT_FOUND', 'notFound', locale);
export const conflict = (locale: Locale, current: unknown) =>
  oporaError('CONFLICT', 'conflict', locale, {}, { current });

export type FieldIssue = { path: string; messageKey: MessageKey; params?: Record<string, string | number> };

/** A rejected input: one entry per field, with its path and the message in both languages. */
export function invalidFields(locale: Locale, issues: FieldIssue[]): GraphQLError {
  return oporaError('BAD_USER_INPUT', 'invalidInput', locale, {}, {
    fields: issues.map((i) => ({
      path: i.path,
      message: message(i.messageKey, locale, i.params),
      ...bothMessages(i.messageKey, i.params),
    })),
  });
}

type StandardIssue = {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
};

/** Zod (standard schema) issues → translated field errors. Messages set in schemas are keys. */
export function badUserInput(locale: Locale, issues: ReadonlyArray<StandardIssue>): GraphQLError {
  return invalidFields(
    locale,
    issues.map((issue) => {
      const path = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
      const [key, rawParams] = issue.message.split('|');
      const params = Object.fromEntries(
        (rawParams ?? '')
          .split(',')
          .filter(Boolean)
          .map((kv) => kv.split('=') as [string, string]),
      );
      return { path, messageKey: isMessageKey(key ?? '') ? (key as MessageKey) : 'invalidValue', params };
    }),
  );
}
