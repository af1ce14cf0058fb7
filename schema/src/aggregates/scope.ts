import type { Context } from '../context.ts';
import { forbidden, notFound, unauthenticated } from '../support/errors.ts';
import { NETWORK_ROLES } from '../support/viewer.ts';
import { labels, type CenterInfo, type Labels, type Scope } from './engine.ts';

// Whose figures a viewer may read. Always from the session's active membership, never an argument.

export async function networkScope(ctx: Context): Promise<{ networkId: string; centers: CenterInfo[]; scope: Scope }> {
  const m = ctx.viewer?.membership;
  if (!ctx.viewer) throw unauthenticated(ctx.locale);
  if (!m?.networkId || !NETWORK_ROLES.has(m.role)) throw forbidden(ctx.locale);
  const l = await labels(ctx);
  const centers = [...l.centers.values()].filter((c) => c.networkId === m.networkId);
  return { networkId: m.networkId, centers, scope: networkScopeOf(m.networkId, centers) };
}

/**
 * The network's centers as one protected system over every breakdown (the territory side of the
 * same machinery as a municipality's), for its analysts and for preparing their decisions.
 */
export function networkScopeOf(networkId: string, centers: readonly CenterInfo[]): Scope {
  const centerIds = centers.map((c) => c.id).sort();
  return {
    centerIds,
    residenceMunicipalityId: null,
    municipal: { viewer: 'NETWORK', municipalityId: networkId, residentCenterIds: [], territoryCenterIds: centerIds, side: 'TERRITORY' },
  };
}

export type MunicipalScope = {
  municipalityId: string;
  territoryCenters: CenterInfo[];
  residents: Scope;
  territory: Scope;
};

export async function municipalScope(ctx: Context): Promise<MunicipalScope> {
  const m = ctx.viewer?.membership;
  if (!ctx.viewer) throw unauthenticated(ctx.locale);
  if (!m?.municipalityId || m.role !== 'MUNICIPAL_VIEWER') throw forbidden(ctx.locale);
  return municipalScopeOf(await labels(ctx), m.municipalityId);
}

/** A municipality's two tables (its residents anywhere, the centers on its territory), for its viewers and for preparing their decisions. */
export function municipalScopeOf(l: Labels, municipalityId: string): MunicipalScope {
  const territoryCenters = [...l.centers.values()].filter((c) => c.municipalityId === municipalityId);
  // Both tables are read from one protected system (systems.ts): what the municipality sees of
  // its residents and of its territory overlaps, so it is suppressed together.
  const residentCenterIds = [...l.centers.keys()];
  const territoryCenterIds = territoryCenters.map((c) => c.id);
  const viewpoint = { municipalityId, residentCenterIds, territoryCenterIds };
  return {
    municipalityId,
    territoryCenters,
    // Residents of the municipality, served by any center.
    residents: { centerIds: residentCenterIds, residenceMunicipalityId: municipalityId, municipal: { ...viewpoint, side: 'RESIDENTS' } },
    territory: { centerIds: territoryCenterIds, residenceMunicipalityId: null, municipal: { ...viewpoint, side: 'TERRITORY' } },
  };
}

/** The provider report's center: a manager's own; for the network, a member center named by id. */
export async function providerCenter(ctx: Context, centerId: string | null): Promise<CenterInfo> {
  const m = ctx.viewer?.membership;
  if (!ctx.viewer) throw unauthenticated(ctx.locale);
  const l = await labels(ctx);
  if (m?.centerId && m.role === 'MANAGER') {
    if (centerId && centerId !== m.centerId) throw notFound(ctx.locale);
    return l.centers.get(m.centerId)!;
  }
  if (m?.networkId && NETWORK_ROLES.has(m.role)) {
    const center = centerId ? l.centers.get(centerId) : undefined;
    // Not a member of the viewer's network reads exactly like no such center.
    if (!center || center.networkId !== m.networkId) throw notFound(ctx.locale);
    return center;
  }
  throw forbidden(ctx.locale);
}
