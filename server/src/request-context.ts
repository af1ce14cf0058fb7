import type { Context, Viewer } from '@opora/schema';

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
