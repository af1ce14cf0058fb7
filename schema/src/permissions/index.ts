import { GraphQLError, isObjectType, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, deny, shield, type IRule } from 'graphql-shield';
import type { Context } from '../context.ts';
import { forbidden } from '../support/errors.ts';
import { gatheredPermissions, type RuleTree } from './registry.ts';

/**
 * graphql-shield over the whole schema, deny by default. Types a module did not name are
 * denied, except Relay's connection plumbing (its nodes carry their own type's rules).
 */
export function permissionTree(schema: GraphQLSchema): RuleTree {
  const tree = gatheredPermissions();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name in tree) continue;
    if (type.name === 'PageInfo' || /(Connection|Edge)$/.test(type.name)) tree[type.name] = allow;
  }
  return tree;
}

export function withPermissions(schema: GraphQLSchema): GraphQLSchema {
  const tree = permissionTree(schema);
  return applyMiddleware(
    schema,
    shield(tree as unknown as Record<string, IRule>, {
      fallbackRule: deny,
      // Resolvers' own errors (NOT_FOUND, CONFLICT, …) pass through unchanged.
      allowExternalErrors: true,
      debug: false,
      fallbackError: (thrown: unknown, _parent: unknown, _args: unknown, ctx: object) =>
        thrown instanceof GraphQLError ? thrown : forbidden((ctx as Partial<Context>)?.locale ?? 'bg'),
    }),
  );
}
