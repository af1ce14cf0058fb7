import { GraphQLError } from 'graphql';
import { bothMessages, isMessageKey, message } from '@opora/common/messages';
export function oporaError(code, key, locale, params = {}, extra = {}) {
    return new GraphQLError(message(key, locale, params), {
        extensions: { code, ...bothMessages(key, params), ...extra },
    });
}
export const unauthenticated = (locale, key = 'unauthenticated') => oporaError('UNAUTHENTICATED', key, locale);
export const forbidden = (locale) => oporaError('FORBIDDEN', 'forbidden', locale);
export const notFound = (locale) => oporaError('NOT_FOUND', 'notFound', locale);
export const conflict = (locale, current) => oporaError('CONFLICT', 'conflict', locale, {}, { current });
/** A rejected input: one entry per field, with its path and the message in both languages. */
export function invalidFields(locale, issues) {
    return oporaError('BAD_USER_INPUT', 'invalidInput', locale, {}, {
        fields: issues.map((i) => ({
            path: i.path,
            message: message(i.messageKey, locale, i.params),
            ...bothMessages(i.messageKey, i.params),
        })),
    });
}
/** Zod (standard schema) issues → translated field errors. Messages set in schemas are keys. */
export function badUserInput(locale, issues) {
    return invalidFields(locale, issues.map((issue) => {
        const path = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
        const [key, rawParams] = issue.message.split('|');
        const params = Object.fromEntries((rawParams ?? '')
            .split(',')
            .filter(Boolean)
            .map((kv) => kv.split('=')));
        return { path, messageKey: isMessageKey(key ?? '') ? key : 'invalidValue', params };
    }));
}
//# sourceMappingURL=errors.js.map