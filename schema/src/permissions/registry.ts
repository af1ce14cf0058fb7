import type { allow, IRule } from 'graphql-shield';

/** A shield rule: a rule(), or a logic rule such as allow, and(…), or(…). */
export type Rule = IRule | typeof allow;

/** A module's rules: per type (all fields) or per field. Gathered into one shield tree. */
export type RuleTree = Record<string, Rule | Record<string, Rule>>;

const trees: RuleTree[] = [];

/** Each domain module declares the rules for the fields and types it defines; a type or field declared twice is an error at start. */
export function definePermissions(tree: RuleTree): void {
  trees.push(tree);
}

export function gatheredPermissions(): RuleTree {
  return mergePermissions(trees);
}

/** One shield tree from the modules' trees; a type or a field with two rules is an error. */
export function mergePermissions(modules: readonly RuleTree[]): RuleTree {
  const merged: RuleTree = {};
  for (const tree of modules) {
    for (const [typeName, rules] of Object.entries(tree)) {
      const existing = merged[typeName];
      if (existing && (isRule(existing) || isRule(rules))) {
        throw new Error(`permissions for ${typeName} are declared twice`);
      }
      if (existing) {
        // A second rule for a field would silently replace the first: refuse it at start.
        for (const field of Object.keys(rules)) {
          if (field in existing) throw new Error(`permissions for ${typeName}.${field} are declared twice`);
        }
      }
      merged[typeName] = existing ? { ...(existing as Record<string, Rule>), ...(rules as Record<string, Rule>) } : rules;
    }
  }
  return merged;
}

export function isRule(value: unknown): value is Rule {
  return typeof value === 'object' && value !== null && 'resolve' in value && typeof (value as IRule).resolve === 'function';
}
