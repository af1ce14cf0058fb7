import { forbidden, notFound, unauthenticated } from "../support/errors.js";
import { NETWORK_ROLES } from "../support/viewer.js";
import { labels } from "./engine.js";
// Whose figures a viewer may read. Always from the session's active membership, never an argument.
export async function networkScope(ctx) {
    const m = ctx.viewer?.membership;
    if (!ctx.viewer)
        throw unauthenticated(ctx.locale);
    if (!m?.networkId || !NETWORK_ROLES.has(m.role))
        throw forbidden(ctx.locale);
    const l = await labels(ctx);
    const centers = [...l.centers.values()].filter((c) => c.networkId === m.networkId);
    return { networkId: m.networkId, centers, scope: { centerIds: centers.map((c) => c.id), residenceMunicipalityId: null } };
}
export async function municipalScope(ctx) {
    const m = ctx.viewer?.membership;
    if (!ctx.viewer)
        throw unauthenticated(ctx.locale);
    if (!m?.municipalityId || m.role !== 'MUNICIPAL_VIEWER')
        throw forbidden(ctx.locale);
    const l = await labels(ctx);
    const territoryCenters = [...l.centers.values()].filter((c) => c.municipalityId === m.municipalityId);
    // Both tables are read from one protected system (systems.ts): what the municipality sees of
    // its residents and of its territory overlaps, so it is suppressed together.
    const residentCenterIds = [...l.centers.keys()];
    const territoryCenterIds = territoryCenters.map((c) => c.id);
    const viewpoint = { municipalityId: m.municipalityId, residentCenterIds, territoryCenterIds };
    return {
        municipalityId: m.municipalityId,
        territoryCenters,
        // Residents of the municipality, served by any center.
        residents: { centerIds: residentCenterIds, residenceMunicipalityId: m.municipalityId, municipal: { ...viewpoint, side: 'RESIDENTS' } },
        territory: { centerIds: territoryCenterIds, residenceMunicipalityId: null, municipal: { ...viewpoint, side: 'TERRITORY' } },
    };
}
/** The provider report's center: a manager's own; for the network, a member center named by id. */
export async function providerCenter(ctx, centerId) {
    const m = ctx.viewer?.membership;
    if (!ctx.viewer)
        throw unauthenticated(ctx.locale);
    const l = await labels(ctx);
    if (m?.centerId && m.role === 'MANAGER') {
        if (centerId && centerId !== m.centerId)
            throw notFound(ctx.locale);
        return l.centers.get(m.centerId);
    }
    if (m?.networkId && NETWORK_ROLES.has(m.role)) {
        const center = centerId ? l.centers.get(centerId) : undefined;
        // Not a member of the viewer's network reads exactly like no such center.
        if (!center || center.networkId !== m.networkId)
            throw notFound(ctx.locale);
        return center;
    }
    throw forbidden(ctx.locale);
}
//# sourceMappingURL=scope.js.map