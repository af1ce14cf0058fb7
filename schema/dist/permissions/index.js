import { GraphQLError, isObjectType } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, deny, shield } from 'graphql-shield';
import { forbidden } from "../support/errors.js";
import { gatheredPermissions } from "./registry.js";
/**
 * graphql-shield over the whole schema, deny by default. Types a module did not name are
 * denied, except Relay's connection plumbing (its nodes carry their own type's rules).
 */
export function permissionTree(schema) {
    const tree = gatheredPermissions();
    for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith('__') || type.name in tree)
            continue;
        if (type.name === 'PageInfo' || /(Connection|Edge)$/.test(type.name))
            tree[type.name] = allow;
    }
    return tree;
}
export function withPermissions(schema) {
    const tree = permissionTree(schema);
    const guarded = applyMiddleware(schema, shield(tree, {
        fallbackRule: deny,
        // Resolvers' own errors (NOT_FOUND, CONFLICT, …) pass through unchanged.
        allowExternalErrors: true,
        debug: false,
        fallbackError: (thrown, _parent, _args, ctx) => thrown instanceof GraphQLError ? thrown : forbidden(ctx?.locale ?? 'bg'),
    }));
    unwrapAllowed(schema, guarded, tree);
    return guarded;
}
/**
 * A field whose rule is `allow` (Relay's plumbing: edges, cursors, page info) needs no check,
 * yet shield would still wrap its resolver in an async function, making every edge of a page
 * a promise. Such fields get their own resolver back; every other field keeps its rule.
 */
function unwrapAllowed(original, guarded, tree) {
    for (const [typeName, rules] of Object.entries(tree)) {
        const before = original.getType(typeName);
        const after = guarded.getType(typeName);
        if (!isObjectType(before) || !isObjectType(after))
            continue;
        const fields = after.getFields();
        for (const [name, field] of Object.entries(before.getFields())) {
            const rule = rules === allow ? allow : rules[name] ?? rules['*'];
            if (rule === allow && fields[name])
                fields[name].resolve = field.resolve;
        }
    }
}
//# sourceMappingURL=index.js.map