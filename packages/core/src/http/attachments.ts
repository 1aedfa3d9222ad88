import type { AuthObject } from '../auth/auth-object.js';
import type { RequestState } from '../request-state.js';
import type { RequestLike } from '../token/request-like.js';
import type { AcceptsToken } from '../token/token-type.js';
import type { MaybePromise } from '../types/maybe-promise.js';
import { type AuthForAccepted, authForAccepted } from './auth-for-accepted.js';
import { sessionAuthOf } from './session-view.js';
import { assertVerifiable, type VerifiedTypes } from './verified-types.js';

/**
 * What verifies a request again for a guard that accepts a type the middleware did not (SPEC §9.2):
 * the tenant's authenticator.
 */
export interface AcceptingVerifier {
  authenticateRequest(request: RequestLike, opts: { acceptsToken: AcceptsToken }): Promise<RequestState>;
  /** The same, answered now when the answer is at hand (an Authenticator's); throws where that rejects. */
  authenticateRequestEagerly?(
    request: RequestLike,
    opts: { acceptsToken: AcceptsToken },
  ): MaybePromise<RequestState>;
}

/**
 * What the middleware leaves on a request for `getAuth` and the guards. `accepts` and `guarded`
 * (VerifiedTypes) tell getAuth which types can be verified on this request (SPEC §9.2).
 */
export interface Attached extends VerifiedTypes {
  state: RequestState;
  /** The tenant's `signInUrl`, for the guards' redirect. */
  signInUrl: string | undefined;
  /** Undefined once a guard has verified the request again: that happens at most once per request. */
  verifier: AcceptingVerifier | undefined;
  /** What the middleware that attached it was given (its authenticator or tenant function), if known. */
  source?: object;
}

/** `getAuth(req)`: the session view; `getAuth(req, { acceptsToken })`: filtered by type (SPEC §9.2). */
export interface GetAuth<K> {
  (key: K): AuthObject;
  <const A extends AcceptsToken>(key: K, opts: { acceptsToken: A }): AuthForAccepted<A>;
}

/** Where an adapter keeps each request's Attached: a strategy of the adapter's own, or the default. */
export interface StateStore<K> {
  get(key: K): Attached | undefined;
  set(key: K, attached: Attached): void;
}

/** The default store: on the request itself, under a private symbol. */
export interface PropertyStore<K> extends StateStore<K> {
  /** The property the state lives under; frameworks that fix request shapes (Fastify) declare it. */
  readonly property: symbol;
}

export interface Attachments<K extends object> {
  attach(key: K, attached: Attached): void;
  /** Throws a clear error when the middleware has not run for this request. */
  attachedTo(key: K): Attached;
  /** The state, or undefined when the middleware has not run for this request. */
  find(key: K): Attached | undefined;
  /**
   * Without options, the session view (Clerk): a request signed in with a machine token reads as
   * signed out here. With `acceptsToken`, the attached auth filtered by type (SPEC §9.2); throws
   * when none of the types asked can be verified on this request (assertVerifiable).
   */
  getAuth: GetAuth<K>;
}

/** A plain property store: the cheapest where request shapes are stable (Fastify, Hono, Node). */
export function createPropertyStore<K extends object>(): PropertyStore<K> {
  const property = Symbol('sessionguard.attached');
  type Holder = { [property]?: Attached | null };
  return {
    property,
    // A declared property (Fastify) starts as null: not attached.
    get: (key) => (key as Holder)[property] ?? undefined,
    set: (key, attached) => {
      (key as Holder)[property] = attached;
    },
  };
}

/**
 * Per-request auth state, kept in `store` (by default on the request, see createPropertyStore).
 * `howToRegister` completes the error a developer sees when the guards run before the middleware.
 */
export function createAttachments<K extends object>(
  howToRegister: string,
  store: StateStore<K> = createPropertyStore<K>(),
): Attachments<K> {
  const find = (key: K): Attached | undefined => store.get(key);
  const attachedTo = (key: K): Attached => {
    const found = store.get(key);
    if (found === undefined) {
      throw new Error(
        `sessionguard: no auth on this request. Register clerkMiddleware first (${howToRegister}), before getAuth() and the guards.`,
      );
    }
    return found;
  };
  function getAuth(key: K, opts?: { acceptsToken?: AcceptsToken }) {
    const attached = attachedTo(key);
    const acceptsToken = opts?.acceptsToken;
    if (acceptsToken === undefined) return sessionAuthOf(attached.state);
    const auth = authForAccepted(attached.state, acceptsToken);
    // Only a mismatch can be a type nothing here verifies: a match costs no check.
    if (auth !== attached.state.auth) assertVerifiable(attached, acceptsToken);
    return auth;
  }
  return {
    attach: (key, attached) => store.set(key, attached),
    attachedTo,
    find,
    getAuth: getAuth as GetAuth<K>,
  };
}
