import type { Context } from '../context.ts';
import { oporaError } from './errors.ts';

// Restriction of processing (GDPR Art. 18): a person's record frozen by the manager
// (Client.restrictedAt). While it stands, nobody but the manager reads the person's details or
// changes anything about them: Client's fields show a placeholder (lists mark the row restricted),
// and every write that reaches the person (updateClient, a case write through caseForWrite, a
// session on their case) is refused with `recordRestricted`, in both languages.

export const RESTRICTED_NAME = { first: 'Ограничено', last: 'обработване · restricted' } as const;

export function isManagerViewer(ctx: Context): boolean {
  const m = ctx.viewer?.membership;
  return !!m?.centerId && m.role === 'MANAGER';
}

/** True when this viewer may not see the person's details. */
export function hiddenFrom(ctx: Context, client: { restrictedAt?: Date | null }): boolean {
  return !!client.restrictedAt && !isManagerViewer(ctx);
}

export const restrictedError = (ctx: Context) => oporaError('FORBIDDEN', 'recordRestricted', ctx.locale, {}, { restricted: true });

/** Refuses a write about the person while their record is restricted (the manager excepted). */
export async function refuseIfRestricted(ctx: Context, clientId: string | null | undefined): Promise<void> {
  if (!clientId || isManagerViewer(ctx)) return;
  const c = await ctx.db.client.findUnique({ where: { id: clientId }, select: { restrictedAt: true } });
  if (c?.restrictedAt) throw restrictedError(ctx);
}
