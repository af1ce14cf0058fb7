import type { ActiveMembership, Viewer } from '@opora/schema';
import { hashToken } from '@opora/schema';
import { inSignedInTenant, scopeOf, type SignedInRow, type TenantScope, type TenantTransactionOptions, type TenantTx } from '@opora/prisma/tenant';
import type { PrismaClient } from '@opora/prisma/client';

/** A bearer token as Opora issues it (base64url), or null for anything else. */
export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+([A-Za-z0-9_-]{10,200})$/i.exec(authorization?.trim() ?? '');
  return match ? match[1]! : null;
}

/**
 * One request's transaction, signed in by its bearer token in the transaction's first
 * statement (see inSignedInTenant): the viewer is null when the token is unknown, revoked or
 * expired, or its user disabled. The active membership comes from the session, never from the
 * client. Every request pays for this, so it is one round trip.
 */
export function inViewerTransaction<T>(
  prisma: PrismaClient,
  token: string,
  work: (tx: TenantTx, viewer: Viewer | null) => Promise<T>,
  options: TenantTransactionOptions = {},
): Promise<T> {
  return inSignedInTenant(prisma, hashToken(token), (tx, session) => work(tx, session && viewerOf(session)), options);
}

function viewerOf(row: SignedInRow): Viewer {
  const membership: ActiveMembership | null = row.membership_id
    ? {
        id: row.membership_id,
        role: row.role as ActiveMembership['role'],
        centerId: row.center_id,
        networkId: row.network_id,
        municipalityId: row.municipality_id,
      }
    : null;
  return { userId: row.user_id, sessionId: row.session_id, email: row.email, displayName: row.display_name, membership };
}

/** The tenant scope a signed-in viewer's request runs as (anonymous without one). */
export const scopeOfViewer = (viewer: Viewer | null): TenantScope =>
  scopeOf({ userId: viewer?.userId ?? null, centerId: viewer?.membership?.centerId ?? null, role: viewer?.membership?.role ?? null });
