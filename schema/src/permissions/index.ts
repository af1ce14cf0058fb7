import { defaultFieldResolver, GraphQLError, isObjectType, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, deny, shield, type IRule } from 'graphql-shield';
import type { Context } from '../context.ts';
import { forbidden } from '../support/errors.ts';
import { gatheredPermissions, isRule, type RuleTree } from './registry.ts';

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

export type PermissionOptions = {
  /** Benchmark-only (A/B): every guarded field through shield's own wrapper, as before the decided-rule path. */
  wrapEveryField?: boolean;
};

export function withPermissions(schema: GraphQLSchema, options: PermissionOptions = {}): GraphQLSchema {
  return guardSchema(schema, permissionTree(schema), options);
}

/** graphql-shield over `schema` with `tree` (deny by default); exported for the tests. */
export function guardSchema(schema: GraphQLSchema, tree: RuleTree, options: PermissionOptions = {}): GraphQLSchema {
  const guarded = applyMiddleware(
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
  unwrapAllowed(schema, guarded, tree);
  if (!options.wrapEveryField) skipWrapperOnceDecided(schema, guarded, tree);
  return guarded;
}

type ShieldContext = { _shield?: { cache: Record<string, unknown> } } | null | undefined;

/** A rule() whose answer shield keeps for the whole request under its name (cache: 'contextual'). */
function contextualRuleName(rule: unknown): string | null {
  if (typeof rule !== 'object' || rule === null || 'rules' in rule) return null; // and(), or(), …: their own path
  const r = rule as { cache?: unknown; name?: unknown };
  return r.cache === 'contextual' && typeof r.name === 'string' ? r.name : null;
}

/**
 * Most staff fields have one contextual rule (`isCenterStaff` on every field of Case, Client,
 * Session, …): shield decides it once per request and keeps the answer in `ctx._shield.cache`
 * under the rule's name, yet wraps every field's resolver in an async function that reads that
 * answer again, so every field of every row becomes a promise. Once shield's own answer for
 * this request is `true`, the field's resolver is called directly; before that (the request's
 * first such field, after a mutation field cleared the cache, or any answer but `true`) the field
 * goes through shield as before. The decision is shield's, made by the same rule, every time.
 */
function skipWrapperOnceDecided(original: GraphQLSchema, guarded: GraphQLSchema, tree: RuleTree): void {
  forEachGuardedField(original, guarded, tree, (rule, own, fields, name) => {
    const key = contextualRuleName(rule);
    const shielded = fields[name]?.resolve;
    if (!key || !shielded || shielded === own) return;
    const direct: GraphQLFieldResolver<unknown, unknown> = own ?? defaultFieldResolver;
    fields[name]!.resolve = (parent, args, ctx: ShieldContext, info) =>
      ctx?._shield?.cache[key] === true ? direct(parent, args, ctx, info) : shielded(parent, args, ctx, info);
  });
}

type GuardedFields = ReturnType<GraphQLObjectType['getFields']>;

/** Each field of the tree's types: its rule, its own resolver (before shield) and the guarded schema's fields. */
function forEachGuardedField(
  original: GraphQLSchema,
  guarded: GraphQLSchema,
  tree: RuleTree,
  visit: (rule: unknown, own: GraphQLFieldResolver<unknown, unknown> | undefined, fields: GuardedFields, name: string) => void,
): void {
  for (const [typeName, rules] of Object.entries(tree)) {
    const before = original.getType(typeName);
    const after = guarded.getType(typeName);
    if (!isObjectType(before) || !isObjectType(after)) continue;
    const fields = after.getFields();
    for (const [name, field] of Object.entries(before.getFields())) {
      const rule = isRule(rules) ? rules : (rules as Record<string, unknown>)[name] ?? (rules as Record<string, unknown>)['*'];
      visit(rule, field.resolve, fields, name);
    }
  }
}

/**
 * A field whose rule is `allow` (Relay's plumbing: edges, cursors, page info) needs no check,
 * yet shield would still wrap its resolver in an async function, making every edge of a page
 * a promise. Such fields get their own resolver back; every other field keeps its rule.
 */
function unwrapAllowed(original: GraphQLSchema, guarded: GraphQLSchema, tree: RuleTree): void {
  forEachGuardedField(original, guarded, tree, (rule, own, fields, name) => {
    if (rule === allow && fields[name]) fields[name].resolve = own;
  });
}
