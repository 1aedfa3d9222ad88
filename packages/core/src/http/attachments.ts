import type { AuthObject } from '../auth/auth-object.js';
import type { RequestState } from '../request-state.js';

/** What the middleware leaves on a request for `getAuth` and the guards. */
export interface Attached {
  state: RequestState;
  /** The tenant's `signInUrl`, for the guards' redirect. */
  signInUrl: string | undefined;
}

export interface Attachments<K extends object> {
  /** The property the state lives under; frameworks that fix request shapes (Fastify) declare it. */
  readonly property: symbol;
  attach(key: K, state: RequestState, signInUrl: string | undefined): void;
  /** Throws a clear error when the middleware has not run for this request. */
  attachedTo(key: K): Attached;
  getAuth(key: K): AuthObject;
}

/**
 * Per-request auth state, kept on the framework's request object under a private symbol (a plain
 * property store: cheaper per request than a WeakMap entry). `howToRegister` completes the error a
 * developer sees when the guards run before the middleware.
 */
export function createAttachments<K extends object>(howToRegister: string): Attachments<K> {
  const property = Symbol('sessionguard.attached');
  type Holder = { [property]?: Attached | null };
  const attachedTo = (key: K): Attached => {
    const found = (key as Holder)[property];
    if (found === undefined || found === null) {
      throw new Error(
        `sessionguard: no auth on this request. Register clerkMiddleware first (${howToRegister}), before getAuth() and the guards.`,
      );
    }
    return found;
  };
  return {
    property,
    attach: (key, state, signInUrl) => {
      (key as Holder)[property] = { state, signInUrl };
    },
    attachedTo,
    getAuth: (key) => attachedTo(key).state.auth,
  };
}
