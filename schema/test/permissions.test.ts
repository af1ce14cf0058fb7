import { buildSchema, execute, isObjectType, parse, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { allow, rule } from 'graphql-shield';
import { describe, expect, test } from 'vitest';
import { buildPlainSchema } from '../src/index.ts';
import { guardSchema, permissionTree } from '../src/permissions/index.ts';
import { isRule, mergePermissions, type Rule } from '../src/permissions/registry.ts';
import { isCenterManager, isCenterStaff } from '../src/permissions/rules.ts';

// One permission mechanism: every rule comes from definePermissions (rules in
// src/permissions/rules.ts), every field of the schema has one, and a second rule for the same
// type or field is an error at start instead of silently replacing the first.

describe('the permission walk', () => {
  test('every Query and Mutation field and every field of every object type has a rule', () => {
    const schema = buildPlainSchema();
    const tree = permissionTree(schema);
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      const rules = tree[type.name];
      if (rules === undefined) {
        missing.push(type.name);
        continue;
      }
      if (rules === allow || isRule(rules)) continue;
      const byField = rules as Record<string, Rule>;
      for (const field of Object.keys(type.getFields())) {
        if (!byField[field] && !byField['*']) missing.push(`${type.name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('rules name only types and fields that exist', () => {
    const schema = buildPlainSchema();
    const unknown: string[] = [];
    for (const [typeName, rules] of Object.entries(permissionTree(schema))) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) {
        unknown.push(typeName);
        continue;
      }
      if (rules === allow || isRule(rules)) continue;
      for (const field of Object.keys(rules)) if (field !== '*' && !type.getFields()[field]) unknown.push(`${typeName}.${field}`);
    }
    expect(unknown).toEqual([]);
  });
});

describe('declaring a rule twice', () => {
  test('the same field in two modules is an error naming it', () => {
    expect(() => mergePermissions([{ Query: { cases: isCenterStaff } }, { Query: { cases: isCenterManager } }])).toThrow(
      'permissions for Query.cases are declared twice',
    );
  });

  test('a whole type twice, or a type rule and field rules for the same type, is an error', () => {
    expect(() => mergePermissions([{ Case: isCenterStaff }, { Case: isCenterManager }])).toThrow('permissions for Case are declared twice');
    expect(() => mergePermissions([{ Case: isCenterStaff }, { Case: { id: allow } }])).toThrow('permissions for Case are declared twice');
  });

  test('different fields of one type from two modules are merged', () => {
    const merged = mergePermissions([{ Query: { cases: isCenterStaff } }, { Query: { center: isCenterManager } }]);
    expect(merged.Query).toEqual({ cases: isCenterStaff, center: isCenterManager });
  });
});

// Once shield has decided a contextual rule (`isCenterStaff`) true for a request, the other
// fields under that rule skip shield's async wrapper (permissions/index.ts); every decision is
// still the rule's own, per request.
describe('fields under a rule already decided in the request', () => {
  const makeExecutableSchema = ({ typeDefs, resolvers }: { typeDefs: string; resolvers: Record<string, Record<string, GraphQLFieldResolver<any, any>>> }): GraphQLSchema => {
    const schema = buildSchema(typeDefs);
    for (const [type, fields] of Object.entries(resolvers)) {
      const t = schema.getType(type);
      if (!isObjectType(t)) throw new Error(type);
      for (const [name, resolve] of Object.entries(fields)) t.getFields()[name]!.resolve = resolve;
    }
    return schema;
  };
  const failures = (errors: readonly { path?: readonly (string | number)[]; message: string; extensions?: Record<string, unknown> }[] | undefined) =>
    (errors ?? []).map((e) => `${e.path?.join('.')}: ${e.extensions?.code === 'FORBIDDEN' ? 'FORBIDDEN' : e.message}`).sort();
  const typeDefs = /* GraphQL */ `
    type Query { rows: [Row] }
    type Row { name: String, secret: String, broken: String }
  `;
  const build = () => {
    let calls = 0;
    const staffOnly = rule({ cache: 'contextual' })((_p, _a, ctx: { staff: boolean }) => {
      calls++;
      return ctx.staff;
    });
    const oddRowsOnly = rule({ cache: 'strict' })((row: { n: number }) => row.n % 2 === 1);
    const schema = makeExecutableSchema({
      typeDefs,
      resolvers: {
        Query: { rows: () => [1, 2, 3].map((n) => ({ n, name: `row ${n}` })) },
        Row: {
          secret: (row: { n: number }) => `secret ${row.n}`,
          broken: () => {
            throw new Error('resolver failed');
          },
        },
      },
    });
    const guarded = guardSchema(schema, { Query: { rows: staffOnly }, Row: { name: staffOnly, broken: staffOnly, secret: oddRowsOnly } });
    return { guarded, calls: () => calls };
  };
  const run = async (staff: boolean) => {
    const { guarded, calls } = build();
    const result = await execute({ schema: guarded, document: parse('{ rows { name secret broken } }'), contextValue: { staff } });
    return { result, calls: calls() };
  };

  test('allowed: every row answers, the rule runs once, a per-row rule still decides per row, a resolver error stays an error', async () => {
    const { result, calls } = await run(true);
    expect(calls).toBe(1);
    expect(result.data).toEqual({
      rows: [
        { name: 'row 1', secret: 'secret 1', broken: null },
        { name: 'row 2', secret: null, broken: null },
        { name: 'row 3', secret: 'secret 3', broken: null },
      ],
    });
    expect(failures(result.errors)).toEqual([
      'rows.0.broken: resolver failed',
      'rows.1.broken: resolver failed',
      'rows.1.secret: FORBIDDEN',
      'rows.2.broken: resolver failed',
    ]);
  });

  test('denied: nothing is read', async () => {
    const { result } = await run(false);
    expect(result.data).toEqual({ rows: null });
    expect(failures(result.errors)).toEqual(['rows: FORBIDDEN']);
  });

  test('denied on the row fields only: no row field answers, though the list was allowed', async () => {
    // Allowed for the list, refused for the fields: the fields must not take the list's answer.
    const list = rule({ cache: 'contextual' })(() => true);
    const fields = rule({ cache: 'contextual' })(() => false);
    const schema = makeExecutableSchema({ typeDefs: 'type Query { rows: [Row!] } type Row { name: String, other: String }', resolvers: { Query: { rows: () => [{ name: 'a', other: 'b' }, { name: 'c', other: 'd' }] } } });
    const guarded = guardSchema(schema, { Query: { rows: list }, Row: fields });
    const result = await execute({ schema: guarded, document: parse('{ rows { name other } }'), contextValue: {} });
    expect(result.data).toEqual({ rows: [{ name: null, other: null }, { name: null, other: null }] });
    expect(failures(result.errors)).toEqual(['rows.0.name: FORBIDDEN', 'rows.0.other: FORBIDDEN', 'rows.1.name: FORBIDDEN', 'rows.1.other: FORBIDDEN']);
  });
});
