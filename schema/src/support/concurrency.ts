import { getNamedType, getNullableType, isLeafType, isListType, isObjectType, type GraphQLSchema } from 'graphql';
import type { Context } from '../context.ts';
import { conflict, notFound } from './errors.ts';
import { encodeId } from './global-id.ts';

type VersionedDelegate = {
  updateMany(args: { where: Record<string, unknown>; data: Record<string, unknown> }): Promise<{ count: number }>;
  findUnique(args: { where: { id: string } }): Promise<Record<string, unknown> | null>;
};

/**
 * Optimistic concurrency: the update applies only if the row still has the version the user
 * saw. Otherwise nothing is written and the answer is CONFLICT with the current record in the
 * API's shape (`typename`'s fields), so the screen can show the other person's change.
 */
export async function updateAtVersion(
  ctx: Context,
  typename: string,
  delegate: VersionedDelegate,
  id: string,
  expectedVersion: number,
  data: Record<string, unknown>,
): Promise<void> {
  const { count } = await delegate.updateMany({
    where: { id, version: expectedVersion },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 1) return;
  const current = await delegate.findUnique({ where: { id } });
  if (!current) throw notFound(ctx.locale);
  throw await conflictWith(ctx, typename, current);
}

/**
 * The CONFLICT error for a record that moved on: it carries the record in the API's shape, so
 * answering it is a read of that record and is audited (the transport writes read events even
 * though the mutation rolls back).
 */
export async function conflictWith(ctx: Context, typename: string, current: Record<string, unknown>) {
  ctx.audit.read(typename, String(current.id));
  // Loaded here, not at the top: the schema is built from the modules that import this one.
  const { buildPlainSchema } = await import('../index.ts');
  return conflict(ctx.locale, apiShape(buildPlainSchema(), typename, current));
}

/**
 * A row as the API would send it: the type's scalar and enum fields serialized as GraphQL
 * serializes them, `id` as the global id, and each relation held by a key on the row as
 * `{ id }`, as if the client had asked for `relation { id }`. Columns that are not fields of the
 * type (the center, search keys, bookkeeping) stay out. A field computed under a column's name
 * (a client's birth year from the birth date) sends the stored column, which writes keep equal.
 */
export function apiShape(schema: GraphQLSchema, typename: string, row: Record<string, unknown>): Record<string, unknown> {
  const type = schema.getType(typename);
  if (!isObjectType(type)) throw new Error(`apiShape: ${typename} is not an object type`);
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(type.getFields())) {
    if (field.args.length > 0) continue;
    const fieldType = getNamedType(field.type);
    if (name === 'id') {
      out.id = encodeId(typename, String(row.id));
    } else if (isLeafType(fieldType) && name in row) {
      const value = row[name];
      // A list of scalars (an assessment's risks) is serialized item by item.
      out[name] = value === null || value === undefined ? null : isListType(getNullableType(field.type)) && Array.isArray(value) ? value.map((v) => fieldType.serialize(v)) : fieldType.serialize(value);
    } else if (isObjectType(fieldType) && `${name}Id` in row && fieldType.getInterfaces().some((i) => i.name === 'Node')) {
      const key = row[`${name}Id`];
      out[name] = key === null || key === undefined ? null : { id: encodeId(fieldType.name, String(key)) };
    }
  }
  return out;
}
