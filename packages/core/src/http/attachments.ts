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
  /** The state, or undefined when the middleware has not run for this request. */
  find(key: K): Attached | undefined;
  getAuth(key: K): AuthObject;
}

const always = (): boolean => true;

/**
 * Per-request auth state. `keepOnRequest(request)` says where it lives: on the request itself under a
 * private symbol (a plain property store, the cheapest where request shapes are stable: Fastify, Hono,
 * plain Node requests), or else in a WeakMap keyed by the request (Express 5 gives every request a new
 * prototype, after which adding a property costs microseconds; a WeakMap entry does not).
 * `howToRegister` completes the error a developer sees when the guards run before the middleware.
 */
export function createAttachments<K extends object>(
  howToRegister: string,
  keepOnRequest: (request: K) => boolean = always,
): Attachments<K> {
  const property = Symbol('sessionguard.attached');
  type Holder = { [property]?: Attached | null };
  const elsewhere = new WeakMap<K, Attached>();
  /** Whether any state went on a request that may later be kept elsewhere (see find). */
  let everOnRequest = false;
  const find = (key: K): Attached | undefined =>
    // Where this request's state goes first, then the other place: a request handed from one framework
    // to another (a plain Node request that an Express app then re-prototypes) may be attached there.
    // Looking for a property an Express request lacks is as slow as adding one, so it comes second,
    // and only once some state has gone on a request (never, in an app that is Express throughout).
    (keepOnRequest(key)
      ? ((key as Holder)[property] ?? elsewhere.get(key))
      : (elsewhere.get(key) ?? (everOnRequest ? (key as Holder)[property] : undefined))) ?? undefined;
  const attachedTo = (key: K): Attached => {
    const found = find(key);
    if (found === undefined) {
      throw new Error(
        `sessionguard: no auth on this request. Register clerkMiddleware first (${howToRegister}), before getAuth() and the guards.`,
      );
    }
    return found;
  };
  return {
    property,
    attach: (key, state, signInUrl) => {
      if (keepOnRequest(key)) {
        (key as Holder)[property] = { state, signInUrl };
        everOnRequest = true;
      } else elsewhere.set(key, { state, signInUrl });
    },
    attachedTo,
    find,
    getAuth: (key) => attachedTo(key).state.auth,
  };
}
