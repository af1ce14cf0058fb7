import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

// Builds queries from the schema itself: every field reachable from Query, to a bounded
// depth, leaves at scalars, arguments filled in. Used by the isolation fuzzer (with ids
// taken from every user's answers) and by the load test (which picks a few root fields).

export type ArgumentSource = {
  /** A value for an ID argument, or null to leave an optional one out (required ones skip the field). */
  id(field: string, arg: string): string | null;
};

const NO_IDS: ArgumentSource = { id: () => null };

export function literal(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${literal(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** A value for an input type, or undefined when none can be made. Enum values are marked. */
function valueFor(type: GraphQLInputType, field: string, arg: string, ids: ArgumentSource, depth = 0): string | undefined {
  if (isNonNullType(type)) return valueFor(type.ofType, field, arg, ids, depth);
  if (isListType(type)) {
    const item = valueFor(type.ofType, field, arg, ids, depth);
    return item === undefined ? undefined : `[${item}]`;
  }
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    if (depth > 3) return undefined;
    const parts: string[] = [];
    for (const f of Object.values(type.getFields())) {
      if (!isNonNullType(f.type)) continue;
      const v = valueFor(f.type, field, f.name, ids, depth + 1);
      if (v === undefined) return undefined;
      parts.push(`${f.name}: ${v}`);
    }
    return `{${parts.join(', ')}}`;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID': {
        const id = ids.id(field, arg);
        return id === null ? undefined : JSON.stringify(id);
      }
      case 'Int':
        return arg === 'first' || arg === 'last' ? '5' : /year/i.test(arg) ? '2025' : '1';
      case 'Float':
        return '1';
      case 'Boolean':
        return 'true';
      case 'Date':
        return /to|until|end/i.test(arg) ? '"2026-12-31"' : '"2024-01-01"';
      case 'DateTime':
        return /to|until|end/i.test(arg) ? '"2026-12-31T00:00:00Z"' : '"2024-01-01T00:00:00Z"';
      default:
        // Month ranges of the aggregate surface ("YYYY-MM"); a short word elsewhere.
        if (arg === 'from') return '"2025-01"';
        if (arg === 'to') return '"2025-12"';
        return '"a"';
    }
  }
  return undefined;
}

/** `(a: 1, b: "x")`, '' for none, or null when a required argument cannot be supplied. */
export function argumentsFor(field: GraphQLField<unknown, unknown>, ids: ArgumentSource = NO_IDS, fieldPath = field.name): string | null {
  const parts: string[] = [];
  for (const arg of field.args as readonly GraphQLArgument[]) {
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    const named = getNamedType(arg.type);
    // Optional arguments: a small page, and ids when the source has one for this argument.
    if (!required) {
      if (arg.name === 'first') parts.push('first: 5');
      else if (named.name === 'ID') {
        const v = valueFor(arg.type, fieldPath, arg.name, ids);
        if (v !== undefined) parts.push(`${arg.name}: ${v}`);
      }
      continue;
    }
    const v = valueFor(arg.type, fieldPath, arg.name, ids);
    if (v === undefined) return null;
    parts.push(`${arg.name}: ${v}`);
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

export type SelectionOptions = { maxDepth: number; ids?: ArgumentSource };

/** The selection set of `type` down to `maxDepth` levels, or null when nothing selectable. */
export function selectionFor(schema: GraphQLSchema, type: GraphQLNamedType, options: SelectionOptions, depth = 1, path = ''): string | null {
  if (isLeafType(type)) return '';
  if (isAbstractType(type)) {
    const parts = ['__typename'];
    for (const possible of schema.getPossibleTypes(type)) {
      const inner = selectionFor(schema, possible, options, depth, path);
      if (inner) parts.push(`... on ${possible.name} ${inner}`);
    }
    return `{ ${parts.join(' ')} }`;
  }
  if (!isObjectType(type)) return null;
  const parts: string[] = [];
  for (const field of Object.values((type as GraphQLObjectType).getFields())) {
    const named = getNamedType(field.type);
    const args = argumentsFor(field, options.ids, `${path}${type.name}.${field.name}`);
    if (args === null) continue;
    if (isLeafType(named)) {
      parts.push(`${field.name}${args}`);
      continue;
    }
    if (depth >= options.maxDepth) continue;
    const inner = selectionFor(schema, named, options, depth + 1, `${path}${type.name}.${field.name}/`);
    if (inner) parts.push(`${field.name}${args} ${inner}`);
  }
  if (!parts.length) return null;
  return `{ ${parts.join(' ')} }`;
}

/** One query per root field (`{ field(args) { … } }`), skipping fields that cannot be asked. */
export function rootFieldQuery(schema: GraphQLSchema, fieldName: string, options: SelectionOptions, alias?: string): string | null {
  const field = schema.getQueryType()!.getFields()[fieldName];
  if (!field) return null;
  const args = argumentsFor(field, options.ids, `Query.${fieldName}`);
  if (args === null) return null;
  const named = getNamedType(field.type);
  const inner = isLeafType(named) ? '' : selectionFor(schema, named, options, 2, `${named.name}/`);
  if (inner === null) return null;
  return `${alias ? `${alias}: ` : ''}${fieldName}${args} ${inner}`;
}
