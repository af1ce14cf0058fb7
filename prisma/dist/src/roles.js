// Roles in one place: what each membership role may be (center staff, network, municipality)
// and which database role its requests run as. Used by the data layer (tenant.ts), the schema
// (rules, viewer helpers) and the server (sign-in of a request).
/** Staff of a center (the center's own records, under row-level security by center). */
export const CENTER_ROLES = new Set(['MANAGER', 'CASE_WORKER', 'SPECIALIST', 'SOCIAL_ASSOCIATE']);
/** The network (umbrella organisation): aggregate figures of every member center. */
export const NETWORK_ROLES = new Set(['NETWORK_ANALYST', 'NETWORK_ADMIN']);
/** A municipality: aggregate figures of the services it funds. */
export const MUNICIPAL_ROLES = new Set(['MUNICIPAL_VIEWER']);
/** Memberships whose requests run as AGGREGATE_ROLE, a role with no center-owned tables. */
export const AGGREGATE_ROLES = new Set([...NETWORK_ROLES, ...MUNICIPAL_ROLES]);
/** The database role of staff and of anyone without a membership (row-level security applies). */
export const RUNTIME_ROLE = 'opora_app';
/** The database role of network and municipal viewers: reads only the aggregate tables. */
export const AGGREGATE_ROLE = 'opora_aggregate';
/** Sign-in's own role: may only execute the sign-in definer functions (migration 20261202400000). */
export const AUTH_ROLE = 'opora_auth';
//# sourceMappingURL=roles.js.map