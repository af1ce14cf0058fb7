import { GraphQLError } from 'graphql';
import { transportError } from "./errors.js";
import { currentLocale } from "./request-scope.js";
// Huge lists: `nodes(ids: [...])` with 10,000 ids or a filter with thousands of values
// would each cost a lookup. No screen sends more than tens, so any list longer than the
// limit is refused before anything runs, whether it is written in the document or passed
// as a variable.
// Text PostgreSQL cannot store (NUL) or that is not Unicode (an unpaired surrogate, which
// JSON's \uD800 escapes can carry past the UTF-8 check) is refused as bad input instead of
// failing deep in the database as a 500.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** The first path in `value` holding a string PostgreSQL would refuse. */
export function unstorableTextIn(value, path = '', depth = 0) {
    if (typeof value === 'string')
        return UNSTORABLE.test(value) ? path || 'value' : null;
    if (depth > 20 || value === null || typeof value !== 'object')
        return null;
    for (const [key, item] of Object.entries(value)) {
        const found = unstorableTextIn(item, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key, depth + 1);
        if (found)
            return found;
    }
    return null;
}
export function inputValuesRule(max) {
    return (context) => ({
        StringValue(node) {
            if (UNSTORABLE.test(node.value)) {
                const refusal = transportError('BAD_USER_INPUT', 'invalidText', currentLocale(), { params: { name: 'string' } });
                context.reportError(new GraphQLError(refusal.message, { nodes: [node], extensions: refusal.extensions }));
            }
        },
        ListValue(node) {
            if (node.values.length > max) {
                const locale = currentLocale();
                const refusal = transportError('BAD_USER_INPUT', 'listTooLong', locale, { params: { name: 'list', max } });
                context.reportError(new GraphQLError(refusal.message, { nodes: [node], extensions: refusal.extensions }));
            }
        },
    });
}
/** The first path in `value` holding an array longer than `max` (depth-bounded walk). */
export function longListIn(value, max, path = '', depth = 0) {
    if (depth > 20 || value === null || typeof value !== 'object')
        return null;
    if (Array.isArray(value)) {
        if (value.length > max)
            return path || 'list';
        for (let i = 0; i < value.length; i++) {
            const found = longListIn(value[i], max, `${path}[${i}]`, depth + 1);
            if (found)
                return found;
        }
        return null;
    }
    for (const [key, item] of Object.entries(value)) {
        const found = longListIn(item, max, path ? `${path}.${key}` : key, depth + 1);
        if (found)
            return found;
    }
    return null;
}
export function inputVariablesPlugin(max) {
    return {
        async requestDidStart() {
            return {
                async didResolveOperation({ request, contextValue }) {
                    const unstorable = unstorableTextIn(request.variables ?? {});
                    if (unstorable) {
                        throw transportError('BAD_USER_INPUT', 'invalidText', contextValue.locale, {
                            params: { name: `$${unstorable}` },
                            status: 400,
                            extra: { fields: [{ path: unstorable }] },
                        });
                    }
                    const found = longListIn(request.variables ?? {}, max);
                    if (found) {
                        throw transportError('BAD_USER_INPUT', 'listTooLong', contextValue.locale, {
                            params: { name: `$${found}`, max },
                            status: 400,
                        });
                    }
                },
            };
        },
    };
}
//# sourceMappingURL=input-limits.js.map