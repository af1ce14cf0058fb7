import type { TenantTx } from '@opora/prisma/tenant';
import type { MembershipRole } from '@opora/prisma/client';
import type { AuditLog } from './support/audit.ts';
import type { Loaders } from './support/loaders.ts';
import type { AuthGateway } from './auth/sign-in.ts';

export type Locale = 'bg' | 'en';

export type ActiveMembership = {
  id: string;
  role: MembershipRole;
  centerId: string | null;
  networkId: string | null;
  municipalityId: string | null;
};

/** Who is asking. The active membership always comes from the session, never from an argument. */
export type Viewer = {
  userId: string;
  sessionId: string;
  email: string;
  displayName: string;
  membership: ActiveMembership | null;
};

/** Per-request state: one transaction, one viewer, per-request loaders; never shared. */
export interface Context {
  /** The request's transaction: runs as the runtime role with the tenant set (RLS applies). */
  db: TenantTx;
  viewer: Viewer | null;
  locale: Locale;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  audit: AuditLog;
  loaders: Loaders;
  /**
   * Credentials and sessions, outside the request's transaction (short transactions of their
   * own as opora_auth): sign-in, new sessions, new passwords. Never hash or wait inside `db`.
   */
  auth: AuthGateway;
  /**
   * Switches the tenant of the running transaction (sign-in, switching membership): the
   * database role follows the membership (center staff → opora_app; network and
   * municipality → opora_aggregate), with app.center_id / app.user_id set locally.
   */
  setTenant(scope: { centerId: string | null; userId: string | null; role?: MembershipRole | null }): Promise<void>;
  /** The operation being executed (set once the document is resolved). */
  operationType?: 'query' | 'mutation' | 'subscription';
  /**
   * Work that must survive a rolled-back request (failed sign-in counts): run after the
   * request's transaction ends, each in its own transaction with no tenant.
   */
  afterRequest: Array<(db: TenantTx) => Promise<void>>;
  /** Filled by sign-in/sign-out so the transport can answer with the new token. */
  issuedToken?: string;
}
