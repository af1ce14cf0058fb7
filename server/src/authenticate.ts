import type { ActiveMembership, Context, Viewer } from '@opora/schema';
import { hashToken } from '@opora/schema';

type ViewerRow = {
  session_id: string;
  user_id: string;
  expires_at: Date;
  revoked_at: Date | null;
  email: string;
  display_name: string;
  disabled_at: Date | null;
  membership_id: string | null;
  role: ActiveMembership['role'] | null;
  center_id: string | null;
  network_id: string | null;
  municipality_id: string | null;
};

/**
 * The viewer behind a bearer token, or null when the token is unknown, revoked, expired
 * or its user disabled. The active membership comes from the session, never from the client.
 * One statement (auth_viewer(), see its migration) and then the tenant settings: every
 * request pays for this, so it is kept to two round trips.
 */
export async function authenticate(ctx: Context, token: string): Promise<Viewer | null> {
  if (token.length > 200) return null;
  const [row] = await ctx.db.$queryRawUnsafe<ViewerRow[]>(
    `SELECT session_id::text, user_id::text, expires_at, revoked_at, email, display_name, disabled_at,
            membership_id::text, role, center_id::text, network_id::text, municipality_id::text
       FROM auth_viewer($1)`,
    hashToken(token),
  );
  if (!row || row.revoked_at || new Date(row.expires_at).getTime() <= Date.now() || row.disabled_at) return null;
  const membership: ActiveMembership | null = row.membership_id
    ? { id: row.membership_id, role: row.role!, centerId: row.center_id, networkId: row.network_id, municipalityId: row.municipality_id }
    : null;
  await ctx.setTenant({ centerId: membership?.centerId ?? null, userId: row.user_id, role: membership?.role ?? null });
  return { userId: row.user_id, sessionId: row.session_id, email: row.email, displayName: row.display_name, membership };
}
