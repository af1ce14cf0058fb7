import { defaultFieldResolver, isObjectType, Kind } from 'graphql';
import { invalidFields } from "./errors.js";
// Page sizes: `first` and `last` of every connection are whole numbers from 0 to
// MAX_PAGE_SIZE. Pothos would cap a larger one silently and answer a negative one with an
// untranslated error (INTERNAL_SERVER_ERROR); both are the client's mistake, so BAD_USER_INPUT.
export const MAX_PAGE_SIZE = 100;
export const PAGE_ARGUMENTS = ['first', 'last'];
export function isBadPageSize(value) {
    return value !== null && value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= MAX_PAGE_SIZE);
}
/** Checks `first`/`last` (literal or variable) before the field's resolver, on every field that takes them. */
export function boundPageArguments(schema) {
    for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith('__'))
            continue;
        for (const field of Object.values(type.getFields())) {
            const pageArgs = field.args.filter((a) => PAGE_ARGUMENTS.includes(a.name)).map((a) => a.name);
            if (!pageArgs.length)
                continue;
            const resolve = field.resolve ?? defaultFieldResolver;
            field.resolve = (parent, args, ctx, info) => {
                const bad = pageArgs.filter((name) => isBadPageSize(args[name]));
                if (bad.length)
                    throw invalidFields(ctx.locale, bad.map((path) => ({ path, messageKey: 'pageSize', params: { max: MAX_PAGE_SIZE } })));
                return resolve(parent, args, ctx, info);
            };
        }
    }
    return schema;
}
/** A literal `first`/`last` out of range in a document (for a validation rule that reports it first). */
export function badLiteralPageSize(node) {
    if (!PAGE_ARGUMENTS.includes(node.name.value))
        return false;
    return node.value.kind === Kind.INT && isBadPageSize(Number(node.value.value));
}
//# sourceMappingURL=page-args.js.map