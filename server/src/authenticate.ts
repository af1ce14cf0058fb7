import type { Context, Viewer } from '@opora/schema';
import { hashToken } from '@opora/schema';
import { loadActiveMembership } from '@opora/schema/modules/viewer.ts';

/**
 * The viewer behind a bearer token, or null when the token is unknown, revoked, expired
 * or its user disabled. The active membership comes from the session, never from the client.
 */
export async function authenticate(ctx: Context, token: string): Promise<Viewer | null> {
  if (token.length > 200) return null;
  const session = await ctx.db.authSession.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      userId: true,
      expiresAt: true,
      revokedAt: true,
      activeMembershipId: true,
      user: { select: { email: true, displayName: true, disabledAt: true, preferredLanguage: true } },
    },
  });
  if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now() || session.user.disabledAt) return null;
  // Own memberships are visible once the user is set (RLS); a center's only with its center.
  await ctx.setTenant({ centerId: null, userId: session.userId });
  const membership = session.activeMembershipId
    ? await loadActiveMembership(ctx, session.userId, session.activeMembershipId)
    : null;
  await ctx.setTenant({ centerId: membership?.centerId ?? null, userId: session.userId, role: membership?.role ?? null });
  return {
    userId: session.userId,
    sessionId: session.id,
    email: session.user.email,
    displayName: session.user.displayName,
    membership,
  };
}
