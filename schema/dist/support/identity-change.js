import { Kind } from 'graphql';
// One request has one identity: who the viewer is, their active membership and role are fixed
// when the request starts (the context's viewer is frozen) and cannot change before it ends.
// A mutation that changes who the caller is or what the caller may do (sign-in, sign-out,
// switching the active membership, anything that changes the caller's own roles or sessions)
// declares it with `extensions: IDENTITY_CHANGE`; such a field must be the only root field of
// its operation, so nothing else in the document can run under an answer it invalidated. The
// change takes effect from the next request (the session row, or a new token/cookie).
/** Field extensions of a mutation that changes the caller's identity or roles. */
export const IDENTITY_CHANGE = { opora: { identityChange: true } };
/** The Mutation fields declared as identity changes. */
export function identityChangeFields(schema) {
    const fields = schema.getMutationType()?.getFields() ?? {};
    return new Set(Object.values(fields)
        .filter((f) => f.extensions?.opora?.identityChange === true)
        .map((f) => f.name));
}
/**
 * The root fields an operation selects, through fragments and inline fragments, counting
 * every alias and ignoring @skip/@include (decided before variables matter). `__typename`
 * runs nothing and is not counted.
 */
export function rootFields(operation, fragments) {
    const names = [];
    // Validation has refused fragment cycles already; the depth bound is only a backstop.
    const walk = (set, depth) => {
        if (depth > 50)
            return;
        for (const s of set.selections) {
            if (s.kind === Kind.FIELD) {
                if (s.name.value !== '__typename')
                    names.push(s.name.value);
            }
            else if (s.kind === Kind.INLINE_FRAGMENT)
                walk(s.selectionSet, depth + 1);
            else {
                const fragment = fragments[s.name.value];
                if (fragment)
                    walk(fragment.selectionSet, depth + 1);
            }
        }
    };
    walk(operation.selectionSet, 0);
    return names;
}
/**
 * The identity-changing fields of an operation that selects anything besides them (empty
 * when the operation is fine): one such field alone is the only allowed shape.
 */
export function mixedIdentityChanges(identityFields, operation, fragments) {
    if (operation.operation !== 'mutation')
        return [];
    const fields = rootFields(operation, fragments);
    const changes = fields.filter((f) => identityFields.has(f));
    return changes.length > 0 && fields.length > 1 ? [...new Set(changes)] : [];
}
/**
 * Mutation root fields run one after another, and an earlier one may change what a later one
 * is allowed (a case team, a membership). No permission answer survives from one root field
 * to the next: graphql-shield's per-request cache (`ctx._shield`, its 'contextual' and
 * 'strict' rules) and the per-request permission loaders start empty for each.
 */
export const freshPermissionsPerMutationField = {
    Mutation: async (resolve, parent, args, context, info) => {
        const ctx = context;
        delete ctx._shield;
        for (const loader of Object.values(ctx.loaders))
            loader.clearAll();
        return resolve(parent, args, ctx, info);
    },
};
//# sourceMappingURL=identity-change.js.map