import { applyScope, scopeOf } from '@opora/prisma/tenant';
import { AuditLog, createLoaders } from '@opora/schema';
export class RequestContextBase {
    state;
    constructor(viewer) {
        // Not writable, and the accessor below has no setter: assigning the viewer throws.
        this.state = Object.defineProperty({ operationType: undefined, issuedSession: null, sessionEnded: false }, 'viewer', {
            value: viewer ? deepFreeze(structuredClone(viewer)) : null,
            writable: false,
            enumerable: true,
            configurable: false,
        });
    }
    get viewer() {
        return this.state.viewer;
    }
    get operationType() {
        return this.state.operationType;
    }
    set operationType(value) {
        // Set once, when the operation is resolved.
        if (this.state.operationType === undefined)
            this.state.operationType = value;
    }
    get issuedSession() {
        return this.state.issuedSession;
    }
    issueSession(session) {
        if (this.state.issuedSession)
            throw new Error('a request issues at most one session');
        this.state.issuedSession = Object.freeze({ ...session, viewer: deepFreeze(structuredClone(session.viewer)) });
    }
    get sessionEnded() {
        return this.state.sessionEnded;
    }
    endSession() {
        this.state.sessionEnded = true;
    }
}
function deepFreeze(value) {
    if (value && typeof value === 'object') {
        for (const v of Object.values(value))
            deepFreeze(v);
        Object.freeze(value);
    }
    return value;
}
/** A context whose viewer is fixed and whose transport-facing state survives Apollo's per-operation clone. */
export function sharedContext(viewer, fields) {
    return Object.assign(new RequestContextBase(viewer), fields);
}
/**
 * One request's context over its transaction: the audit trail (actor read from the viewer when
 * events are written), per-request loaders, and the database tenant switch used by sign-in. `withoutRowLevelSecurity` (benchmark only) leaves the role alone.
 */
export function createRequestContext(tx, viewer, request, unsafe = {}, auth = NO_AUTH) {
    const ctx = sharedContext(viewer, {
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
            };
        }),
        loaders: createLoaders(() => tx),
        afterRequest: [],
        setTenant: ({ centerId, userId, role }) => applyScope(tx, scopeOf({ userId, centerId, role: role ?? null }), { unsafeSkipRole: !!unsafe.withoutRowLevelSecurity }),
    });
    return ctx;
}
// Paths that never sign anyone in (report downloads) get a gateway that refuses.
const refuse = async () => {
    throw new Error('credentials are not handled on this path');
};
const NO_AUTH = { signIn: refuse, createSession: refuse, setPassword: refuse, verifyPassword: refuse, asUser: refuse };
//# sourceMappingURL=request-context.js.map