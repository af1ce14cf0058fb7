import type { TenantTx } from '@opora/prisma/tenant';
import type { MembershipRole } from '@opora/prisma/client';
import type { AuditLog } from './support/audit.ts';
import type { Loaders } from './support/loaders.ts';
import type { AuthGateway } from './auth/sign-in.ts';
import type { AttachmentContents } from './support/attachment-content.ts';

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
  /**
   * Where a network or municipal viewer's figures are read: a transaction on the read replica
   * when one is configured (prisma/src/tenant.ts `inAggregateReads`); absent, `db`.
   */
  aggregateDb?: TenantTx;
  /**
   * Who is asking, fixed when the request starts and frozen: no resolver can change the
   * identity, membership or role a request runs under (support/identity-change.ts).
   */
  readonly viewer: Viewer | null;
  locale: Locale;
  requestId: string;
  /**
   * When the answer must be ready (epoch ms), a little before the request's own deadline: work
   * that waits on something outside the request (a municipal system being decided) stops here.
   */
  deadline?: number;
  ip: string | null;
  userAgent: string | null;
  audit: AuditLog;
  loaders: Loaders;
  /**
   * Credentials and sessions, outside the request's transaction (short transactions of their
   * own as opora_auth): sign-in, new sessions, new passwords. Never hash or wait inside `db`.
   */
  auth: AuthGateway;
  /** Where attachments' content is kept (support/attachment-content.ts); the database when absent. */
  files?: AttachmentContents;
  /**
   * Switches the database tenant of the running transaction (sign-in only, so its audit event
   * lands in the new session's center; the request's viewer does not change): the
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
  /**
   * The session a sign-in created (write once): the transport sets its cookie, and it is the
   * identity of the next request, never of this one (only the sign-in's audit event names it).
   */
  readonly issuedSession: IssuedSession | null;
  issueSession(session: IssuedSession): void;
  /** Set by sign-out: the transport clears the session cookie. */
  readonly sessionEnded: boolean;
  endSession(): void;
}

export type IssuedSession = { token: string; expiresAt: Date; viewer: Viewer };
