import { isObjectType } from 'graphql';
import { allow } from 'graphql-shield';
import { describe, expect, test } from 'vitest';
import { buildPlainSchema } from '../src/index.ts';
import { permissionTree } from '../src/permissions/index.ts';
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
