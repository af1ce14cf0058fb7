import { hashToken } from '@opora/schema';
import { inSignedInTenant } from '@opora/prisma/tenant';
/** A bearer token as Opora issues it (base64url), or null for anything else. */
export function bearerToken(authorization) {
    const match = /^Bearer\s+([A-Za-z0-9_-]{10,200})$/i.exec(authorization?.trim() ?? '');
    return match ? match[1] : null;
}
/**
 * One request's transaction, signed in by its bearer token in the transaction's first
 * statement (see inSignedInTenant): the viewer is null when the token is unknown, revoked or
 * expired, or its user disabled. The active membership comes from the session, never from the
 * client. Every request pays for this, so it is one round trip.
 */
export function inViewerTransaction(prisma, token, work, options = {}) {
    return inSignedInTenant(prisma, hashToken(token), (tx, session) => work(tx, session && viewerOf(session)), options);
}
function viewerOf(row) {
    const membership = row.membership_id
        ? {
            id: row.membership_id,
            role: row.role,
            centerId: row.center_id,
            networkId: row.network_id,
            municipalityId: row.municipality_id,
        }
        : null;
    return { userId: row.user_id, sessionId: row.session_id, email: row.email, displayName: row.display_name, membership };
}
//# sourceMappingURL=authenticate.js.map