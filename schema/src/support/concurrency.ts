import type { Context } from '../context.ts';
import { conflict, notFound } from './errors.ts';

type VersionedDelegate = {
  updateMany(args: { where: Record<string, unknown>; data: Record<string, unknown> }): Promise<{ count: number }>;
  findUnique(args: { where: { id: string } }): Promise<Record<string, unknown> | null>;
};

/**
 * Optimistic concurrency: the update applies only if the row still has the version the user
 * saw. Otherwise nothing is written and the answer is CONFLICT with the current record, so
 * the screen can show the other person's change.
 */
export async function updateAtVersion(
  ctx: Context,
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
  throw conflict(ctx.locale, toJson(current));
}

function toJson(record: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(record, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
  ) as Record<string, unknown>;
}
