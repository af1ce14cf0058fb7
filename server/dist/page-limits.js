import { GraphQLError, visit } from 'graphql';
import { bothMessages, message } from '@opora/common/messages';
import { badLiteralPageSize, MAX_PAGE_SIZE } from '@opora/schema';
import { currentLocale } from "./request-scope.js";
// A literal `first: 100000` would otherwise meet graphql-armor's cost limit first and answer a
// validation error about cost; the page size is the client's real mistake, so it is reported
// as BAD_USER_INPUT (formatError restores the code Apollo gives every validation error), and
// the limits' own complaints about the same document are left out.
const reported = new WeakSet();
export const pageArgumentsRule = (context) => ({
    // At the document's start, before any limit rule looks at an operation (the cost limit
    // judges a whole operation when it enters it).
    Document(document) {
        visit(document, {
            Argument(node) {
                if (!badLiteralPageSize(node))
                    return;
                reported.add(context);
                const params = { max: MAX_PAGE_SIZE };
                const both = bothMessages('pageSize', params);
                const text = message('pageSize', currentLocale(), params);
                context.reportError(new GraphQLError(text, {
                    nodes: [node],
                    extensions: { code: 'BAD_USER_INPUT', pageArgument: true, ...both, fields: [{ path: node.name.value, message: text, ...both }] },
                }));
            },
        });
    },
});
/** A limit rule that stays out of a document whose page size was already refused. */
export function afterPageArguments(rule) {
    return (context) => {
        const visitor = rule(context);
        const quiet = (fn) => typeof fn === 'function' ? (...args) => (reported.has(context) ? undefined : fn.apply(visitor, args)) : fn;
        return new Proxy(visitor, {
            get(target, kind) {
                const entry = Reflect.get(target, kind);
                if (typeof entry === 'function')
                    return quiet(entry);
                if (entry && typeof entry === 'object' && ('enter' in entry || 'leave' in entry)) {
                    const { enter, leave } = entry;
                    return { enter: quiet(enter), leave: quiet(leave) };
                }
                return entry;
            },
        });
    };
}
//# sourceMappingURL=page-limits.js.map