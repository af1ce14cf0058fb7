import type { Context } from '../context.ts';
import { forbidden, notFound } from './errors.ts';
import { requireCenter } from './viewer.ts';

// The center as its own staff see it (services, teams, staff, partners). `Center` itself is a
// public directory type, so every staff-only field is guarded twice: a rule that the center is
// the viewer's own active center, and the same check in the resolver (RLS would also hide
// another center's rows).

/** The center being read is the viewer's active center (the field rule and the resolver both ask). */
export function requireOwnCenter(ctx: Context, center: { id: string }): string {
  const { centerId } = requireCenter(ctx);
  if (center.id !== centerId) throw forbidden(ctx.locale);
  return centerId;
}

/** A record of the active center, or NOT_FOUND (a foreign id behaves like one that does not exist). */
export async function findOwn<T>(ctx: Context, find: () => Promise<T | null>): Promise<T> {
  const found = await find();
  if (!found) throw notFound(ctx.locale);
  return found;
}
