import type { allow, IRule } from 'graphql-shield';

/** A shield rule: a rule(), or a logic rule such as allow, and(…), or(…). */
export type Rule = IRule | typeof allow;

/** A module's rules: per type (all fields) or per field. Gathered into one shield tree. */
export type RuleTree = Record<string, Rule | Record<string, Rule>>;

const trees: RuleTree[] = [];

/** Each domain module declares the rules for the fields and types it defines. */
export function definePermissions(tree: RuleTree): void {
  trees.push(tree);
}

export function gatheredPermissions(): RuleTree {
  const merged: RuleTree = {};
  for (const tree of trees) {
    for (const [typeName, rules] of Object.entries(tree)) {
      const existing = merged[typeName];
      if (existing && (isRule(existing) || isRule(rules))) {
        throw new Error(`permissions for ${typeName} are declared twice`);
      }
      merged[typeName] = existing ? { ...(existing as Record<string, Rule>), ...(rules as Record<string, Rule>) } : rules;
    }
  }
  return merged;
}

function isRule(value: unknown): value is Rule {
  return typeof value === 'object' && value !== null && 'resolve' in value && typeof (value as IRule).resolve === 'function';
}
