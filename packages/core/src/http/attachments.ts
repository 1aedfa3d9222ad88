import type { AuthObject } from '../auth/auth-object.js';
import type { RequestState } from '../request-state.js';

/** What the middleware leaves on a request for `getAuth` and the guards. */
export interface Attached {
  state: RequestState;
  /** The tenant's `signInUrl`, for the guards' redirect. */
  signInUrl: string | undefined;
}

export interface Attachments<K extends object> {
  attach(key: K, state: RequestState, signInUrl: string | undefined): void;
  /** Throws a clear error when the middleware has not run for this request. */
  attachedTo(key: K): Attached;
  getAuth(key: K): AuthObject;
}

/**
 * Per-request auth state keyed by the framework's request object (held weakly). `howToRegister`
 * completes the error a developer sees when the guards run before the middleware.
 */
export function createAttachments<K extends object>(howToRegister: string): Attachments<K> {
  const attached = new WeakMap<K, Attached>();
  const attachedTo = (key: K): Attached => {
    const found = attached.get(key);
    if (found === undefined) {
      throw new Error(
        `sessionguard: no auth on this request. Register clerkMiddleware first (${howToRegister}), before getAuth() and the guards.`,
      );
    }
    return found;
  };
  return {
    attach: (key, state, signInUrl) => attached.set(key, { state, signInUrl }),
    attachedTo,
    getAuth: (key) => attachedTo(key).state.auth,
  };
}
