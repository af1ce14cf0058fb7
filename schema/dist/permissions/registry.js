const trees = [];
/** Each domain module declares the rules for the fields and types it defines; a type or field declared twice is an error at start. */
export function definePermissions(tree) {
    trees.push(tree);
}
export function gatheredPermissions() {
    return mergePermissions(trees);
}
/** One shield tree from the modules' trees; a type or a field with two rules is an error. */
export function mergePermissions(modules) {
    const merged = {};
    for (const tree of modules) {
        for (const [typeName, rules] of Object.entries(tree)) {
            const existing = merged[typeName];
            if (existing && (isRule(existing) || isRule(rules))) {
                throw new Error(`permissions for ${typeName} are declared twice`);
            }
            if (existing) {
                // A second rule for a field would silently replace the first: refuse it at start.
                for (const field of Object.keys(rules)) {
                    if (field in existing)
                        throw new Error(`permissions for ${typeName}.${field} are declared twice`);
                }
            }
            merged[typeName] = existing ? { ...existing, ...rules } : rules;
        }
    }
    return merged;
}
export function isRule(value) {
    return typeof value === 'object' && value !== null && 'resolve' in value && typeof value.resolve === 'function';
}
//# sourceMappingURL=registry.js.map