import { applyScope, scopeOf, type TenantTx } from '@opora/prisma/tenant';
import { AuditLog, createLoaders, type AttachmentContents, type AuthGateway, type Context, type IssuedSession, type Viewer } from '@opora/schema';

/**
 * What a request's operations share by reference. Apollo Server clones the context object for
 * each operation (Object.assign onto a new object with the same prototype), so state a
 * resolver leaves for the transport (the operation type, a sign-in's new session, a sign-out)
 * lives behind accessors on the prototype: the clone inherits them and shares `state`.
 *
 * The viewer is not part of that mutable state: it is given when the request starts, frozen
 * (membership included) and has no setter, so `ctx.viewer = …` throws and no resolver can
 * change who the rest of the request runs as (see schema/src/support/identity-change.ts).
 */
type SharedState = {
  readonly viewer: Viewer | null;
  operationType: Context['operationType'];
  issuedSession: IssuedSession | null;
  sessionEnded: boolean;
};

export class RequestContextBase {
  protected readonly state: SharedState;

  constructor(viewer: Viewer | null) {
    // Not writable, and the accessor below has no setter: assigning the viewer throws.
    this.state = Object.defineProperty({ operationType: undefined, issuedSession: null, sessionEnded: false } as Omit<SharedState, 'viewer'>, 'viewer', {
      value: viewer ? deepFreeze(structuredClone(viewer)) : null,
      writable: false,
      enumerable: true,
      configurable: false,
    }) as SharedState;
  }

  get viewer(): Viewer | null {
    return this.state.viewer;
  }
  get operationType(): Context['operationType'] {
    return this.state.operationType;
  }
  set operationType(value: Context['operationType']) {
    // Set once, when the operation is resolved.
    if (this.state.operationType === undefined) this.state.operationType = value;
  }
  get issuedSession(): IssuedSession | null {
    return this.state.issuedSession;
  }
  issueSession(session: IssuedSession): void {
    if (this.state.issuedSession) throw new Error('a request issues at most one session');
    this.state.issuedSession = Object.freeze({ ...session, viewer: deepFreeze(structuredClone(session.viewer)) });
  }
  get sessionEnded(): boolean {
    return this.state.sessionEnded;
  }
  endSession(): void {
    this.state.sessionEnded = true;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

type SharedFields = 'viewer' | 'operationType' | 'issuedSession' | 'issueSession' | 'sessionEnded' | 'endSession';

/** A context whose viewer is fixed and whose transport-facing state survives Apollo's per-operation clone. */
export function sharedContext(viewer: Viewer | null, fields: Omit<Context, SharedFields>): Context {
  return Object.assign(new RequestContextBase(viewer), fields) as unknown as Context;
}

/**
 * One request's context over its transaction: the audit trail (actor read from the viewer when
 * events are written), per-request loaders, and the database tenant switch used by sign-in. `withoutRowLevelSecurity` (benchmark only) leaves the role alone.
 */
export function createRequestContext(
  tx: TenantTx,
  viewer: Viewer | null,
  request: { requestId: string; locale: 'bg' | 'en'; ip: string | null; userAgent: string | null; files?: AttachmentContents; deadline?: number; aggregateDb?: TenantTx },
  unsafe: { withoutRowLevelSecurity?: boolean } = {},
  auth: AuthGateway = NO_AUTH,
): Context {
  const ctx: Context = sharedContext(viewer, {
    db: tx,
    ...request,
    auth,
    // The actor is the request's viewer; a sign-in's own event names the session it created.
    audit: new AuditLog(() => {
      const actor = ctx.viewer ?? ctx.issuedSession?.viewer ?? null;
      return {
        centerId: actor?.membership?.centerId ?? null,
        userId: actor?.userId ?? null,
        membershipId: actor?.membership?.id ?? null,
        requestId: request.requestId,
        ip: request.ip,
        userAgent: request.userAgent,
      };
    }),
    loaders: createLoaders(() => tx),
    afterRequest: [],
    setTenant: ({ centerId, userId, role }) =>
      applyScope(tx, scopeOf({ userId, centerId, role: role ?? null }), { unsafeSkipRole: !!unsafe.withoutRowLevelSecurity }),
  });
  return ctx;
}

// Paths that never sign anyone in (report downloads) get a gateway that refuses.
const refuse = async (): Promise<never> => {
  throw new Error('credentials are not handled on this path');
};
const NO_AUTH: AuthGateway = { signIn: refuse, createSession: refuse, setPassword: refuse, verifyPassword: refuse, asUser: refuse };
