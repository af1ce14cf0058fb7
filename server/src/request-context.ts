import { AGGREGATE_ROLE, RUNTIME_ROLE, type TenantTx } from '@opora/prisma/tenant';
import { AuditLog, createLoaders, type AuthGateway, type Context, type Viewer } from '@opora/schema';
import { AGGREGATE_ROLES } from './authenticate.ts';

/**
 * The mutable part of a request's context, shared by reference. Apollo Server clones the
 * context object for each operation (Object.assign onto a new object with the same
 * prototype), so a plain `ctx.viewer = …` inside a resolver would land on the clone and be
 * lost to the transport (the roll-back check, the audit actor). Accessors on the prototype
 * that read and write `state` survive the clone: the clone inherits them and shares `state`.
 */
type SharedState = {
  viewer: Viewer | null;
  operationType: Context['operationType'];
  issuedToken: string | undefined;
};

export class RequestContextBase {
  protected readonly state: SharedState = { viewer: null, operationType: undefined, issuedToken: undefined };

  get viewer(): Viewer | null {
    return this.state.viewer;
  }
  set viewer(value: Viewer | null) {
    this.state.viewer = value;
  }
  get operationType(): Context['operationType'] {
    return this.state.operationType;
  }
  set operationType(value: Context['operationType']) {
    this.state.operationType = value;
  }
  get issuedToken(): string | undefined {
    return this.state.issuedToken;
  }
  set issuedToken(value: string | undefined) {
    this.state.issuedToken = value;
  }
}

/** A context whose viewer, operation type and issued token survive Apollo's per-operation clone. */
export function sharedContext(fields: Omit<Context, 'viewer' | 'operationType' | 'issuedToken'>): Context {
  return Object.assign(new RequestContextBase(), fields) as unknown as Context;
}

/**
 * One request's context over its transaction: the audit trail (actor read from the viewer when
 * events are written), per-request loaders, and the tenant switch used by sign-in and
 * membership changes. `withoutRowLevelSecurity` (benchmark only) leaves the role alone.
 */
export function createRequestContext(
  tx: TenantTx,
  request: { requestId: string; locale: 'bg' | 'en'; ip: string | null; userAgent: string | null },
  unsafe: { withoutRowLevelSecurity?: boolean } = {},
  auth: AuthGateway = NO_AUTH,
): Context {
  const ctx: Context = sharedContext({
    db: tx,
    ...request,
    auth,
    audit: new AuditLog(() => ({
      centerId: ctx.viewer?.membership?.centerId ?? null,
      userId: ctx.viewer?.userId ?? null,
      membershipId: ctx.viewer?.membership?.id ?? null,
      requestId: request.requestId,
    })),
    loaders: createLoaders(() => tx),
    afterRequest: [],
    setTenant: async ({ centerId, userId, role }) => {
      if (unsafe.withoutRowLevelSecurity) {
        await tx.$queryRawUnsafe(`SELECT set_config('app.center_id', $1, true), set_config('app.user_id', $2, true)`, centerId ?? '', userId ?? '');
        return;
      }
      await tx.$queryRawUnsafe(
        `SELECT set_config('role', $3, true), set_config('app.center_id', $1, true), set_config('app.user_id', $2, true)`,
        centerId ?? '',
        userId ?? '',
        role && AGGREGATE_ROLES.has(role) ? AGGREGATE_ROLE : RUNTIME_ROLE,
      );
    },
  });
  return ctx;
}

// Paths that never sign anyone in (report downloads) get a gateway that refuses.
const refuse = async (): Promise<never> => {
  throw new Error('credentials are not handled on this path');
};
const NO_AUTH: AuthGateway = { signIn: refuse, createSession: refuse, setPassword: refuse, verifyPassword: refuse };
