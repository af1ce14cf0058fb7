import { GraphQLError, visit, type ValidationContext, type ValidationRule } from 'graphql';
import { bothMessages, message } from '@opora/common/messages';
import { badLiteralPageSize, MAX_PAGE_SIZE } from '@opora/schema';
import { currentLocale } from './request-scope.ts';

// A literal `first: 100000` would otherwise meet graphql-armor's cost limit first and answer a
// validation error about cost; the page size is the client's real mistake, so it is reported
// as BAD_USER_INPUT (formatError restores the code Apollo gives every validation error), and
// the limits' own complaints about the same document are left out.

const reported = new WeakSet<ValidationContext>();

export const pageArgumentsRule: ValidationRule = (context) => ({
  // At the document's start, before any limit rule looks at an operation (the cost limit
  // judges a whole operation when it enters it).
  Document(document) {
    visit(document, {
      Argument(node) {
        if (!badLiteralPageSize(node)) return;
        reported.add(context);
        const params = { max: MAX_PAGE_SIZE };
        const both = bothMessages('pageSize', params);
        const text = message('pageSize', currentLocale(), params);
        context.reportError(
          new GraphQLError(text, {
            nodes: [node],
            extensions: { code: 'BAD_USER_INPUT', pageArgument: true, ...both, fields: [{ path: node.name.value, message: text, ...both }] },
          }),
        );
      },
    });
  },
});

/** A limit rule that stays out of a document whose page size was already refused. */
export function afterPageArguments(rule: ValidationRule): ValidationRule {
  return (context) => {
    const visitor = rule(context) as Record<string, unknown>;
    const quiet = (fn: unknown) =>
      typeof fn === 'function' ? (...args: unknown[]) => (reported.has(context) ? undefined : (fn as (...a: unknown[]) => unknown).apply(visitor, args)) : fn;
    return new Proxy(visitor, {
      get(target, kind) {
        const entry = Reflect.get(target, kind) as unknown;
        if (typeof entry === 'function') return quiet(entry);
        if (entry && typeof entry === 'object' && ('enter' in entry || 'leave' in entry)) {
          const { enter, leave } = entry as { enter?: unknown; leave?: unknown };
          return { enter: quiet(enter), leave: quiet(leave) };
        }
        return entry;
      },
    }) as ReturnType<ValidationRule>;
  };
}
