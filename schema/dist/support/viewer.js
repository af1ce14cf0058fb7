import { forbidden, oporaError, unauthenticated } from "./errors.js";
import { CENTER_ROLES } from '@opora/prisma/roles';
// The role sets live in @opora/prisma/roles (one home for roles, shared with the data layer and
// the server); re-exported for the schema's modules.
export { AGGREGATE_ROLES, CENTER_ROLES, MUNICIPAL_ROLES, NETWORK_ROLES } from '@opora/prisma/roles';
/** The active center, user and membership, or the error that says why there is none. */
export function requireCenter(ctx) {
    const viewer = ctx.viewer;
    if (!viewer)
        throw unauthenticated(ctx.locale);
    const m = viewer.membership;
    if (!m || !m.centerId || !CENTER_ROLES.has(m.role)) {
        throw m ? forbidden(ctx.locale) : oporaError('FORBIDDEN', 'noActiveCenter', ctx.locale);
    }
    return { centerId: m.centerId, userId: viewer.userId, membershipId: m.id, role: m.role };
}
export function isManager(ctx) {
    return ctx.viewer?.membership?.role === 'MANAGER' && !!ctx.viewer.membership.centerId;
}
//# sourceMappingURL=viewer.js.map