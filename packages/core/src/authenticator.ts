import { signedInAuthObject, signedOutAuthObject } from './auth/auth-object.js';
import { type BackendApi, createBackendApi } from './backend-api/lookups.js';
import type { Organization, User } from './backend-api/types.js';
import type { CryptoPlatform } from './crypto/platform.js';
import { TokenVerificationErrorReason as Reason, TokenVerificationError } from './errors.js';
import { chooseKeySource } from './keys/choose-key-source.js';
import { cookieSuffixFromPublishableKey, frontendApiFromPublishableKey } from './keys/publishable-key.js';
import { type AuthOptions, type ResolvedOptions, resolveOptions } from './options.js';
import type { RequestState } from './request-state.js';
import { createExclusionMatcher } from './routes/route-matcher.js';
import { type CookieNames, extractToken } from './token/extract-token.js';
import { type RequestLike, requestUrl } from './token/request-like.js';
import { isPromise, type MaybePromise } from './types/maybe-promise.js';
import type { SessionClaims } from './types/session-claims.js';
import { TokenVerifier, type Verification } from './verify/token-verifier.js';

/** All state of one tenant: options, key store, verified-token cache, lookup cache. Build once. */
export interface Authenticator {
  authenticateRequest(request: RequestLike): Promise<RequestState>;
  /**
   * The same outcomes as authenticateRequest, but answered without a promise when the answer is at
   * hand (a cached token, no token, an excluded route), so an adapter saves a promise and a microtask
   * per request; throws where authenticateRequest rejects. Optional: an authenticator of your own
   * needs only authenticateRequest. Adapters call it through `authenticateEagerly`.
   */
  authenticateRequestEagerly?(request: RequestLike): MaybePromise<RequestState>;
  /** Throws TokenVerificationError. */
  verifyToken(token: string): Promise<SessionClaims>;
  users: { getUser(userId: string): Promise<User> };
  organizations: { getOrganization(idOrSlug: string): Promise<Organization> };
  /** The options in force, after env variables and defaults. */
  readonly options: Readonly<ResolvedOptions>;
}

function signedOutState(reason: string, message: string): RequestState {
  return {
    status: 'signed-out',
    reason,
    auth: signedOutAuthObject(reason, message),
    token: null,
    headers: { 'x-clerk-auth-status': 'signed-out', 'x-clerk-auth-reason': reason },
  };
}

/** For adapters: the request state now when the authenticator can give it now, else its promise. */
export function authenticateEagerly(
  authenticator: Authenticator,
  request: RequestLike,
): MaybePromise<RequestState> {
  return authenticator.authenticateRequestEagerly?.(request) ?? authenticator.authenticateRequest(request);
}

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

export function createAuthenticatorWith(platform: CryptoPlatform, input: AuthOptions = {}): Authenticator {
  const options = Object.freeze(resolveOptions(input));
  const keySource = chooseKeySource(options, platform);
  if (options.publishableKey) frontendApiFromPublishableKey(options.publishableKey); // malformed pk_ fails now
  const cookieNames: CookieNames = {
    plain: options.sessionCookieName,
    suffixed: options.publishableKey
      ? `${options.sessionCookieName}_${cookieSuffixFromPublishableKey(options.publishableKey)}`
      : undefined,
  };
  const verifier = new TokenVerifier(options, keySource, platform);
  const backendApi: BackendApi = createBackendApi(options);
  // An ambiguous path (only seen with rejectAmbiguousPaths off) is never excluded: fail closed.
  const isExcluded =
    options.excludedRoutes.length > 0
      ? createExclusionMatcher(options.excludedRoutes, 'excludedRoutes')
      : undefined;
  const excludedState = Object.freeze(
    signedOutState(Reason.RouteExcluded, 'The route is excluded from authentication (excludedRoutes).'),
  );

  // The signed-in state of each kept verification (a cached token, from its first repeat on): built
  // once, then a repeat request costs one WeakMap lookup. It goes when the cache entry goes.
  const signedInStates = new WeakMap<Verification, RequestState>();

  function signedInState(verification: Verification): RequestState {
    return Object.freeze({
      status: 'signed-in',
      reason: null,
      auth: signedInAuthObject(verification.token, verification.claims, backendApi.lookups),
      token: verification.token,
      headers: NO_HEADERS,
    });
  }

  function signedIn(verification: Verification): RequestState {
    // A first sight is kept nowhere: no WeakMap entry for an object that is about to die.
    if (!verification.kept) return signedInState(verification);
    let state = signedInStates.get(verification);
    if (state === undefined) {
      state = signedInState(verification);
      signedInStates.set(verification, state);
    }
    return state;
  }

  function claimsOf(verification: Verification): SessionClaims {
    return verification.claims;
  }

  function asVerificationError(error: unknown): Promise<never> {
    if (error instanceof TokenVerificationError) return Promise.reject(error);
    return Promise.reject(
      new TokenVerificationError(Reason.TokenVerificationFailed, 'The token could not be verified.'),
    );
  }

  function failed(error: unknown): RequestState {
    if (error instanceof TokenVerificationError) {
      options.logger?.debug('signed out', { reason: error.reason, message: error.message });
      return signedOutState(error.reason, error.message);
    }
    // Anything else (a throwing issuer callback, say) must still fail closed, never crash.
    options.logger?.debug('verification error', {
      error: error instanceof Error ? error.name : typeof error,
    });
    return signedOutState(Reason.TokenVerificationFailed, 'The token could not be verified.');
  }

  // A cached token is answered without awaiting anything: the verifier answers it synchronously.
  function authenticateRequestEagerly(request: RequestLike): MaybePromise<RequestState> {
    if (isExcluded?.(requestUrl(request))) return excludedState;
    const extracted = extractToken(request, cookieNames);
    if (extracted.token === null) return signedOutState(extracted.reason, extracted.message);
    try {
      const result = verifier.verifyEntry(extracted.token);
      if (isPromise(result)) {
        return result.then((entry) => {
          try {
            return signedIn(entry);
          } catch (error) {
            return failed(error);
          }
        }, failed);
      }
      return signedIn(result);
    } catch (error) {
      return failed(error);
    }
  }

  // Not an async function: one resolved promise around the eager answer, same outcomes.
  function authenticateRequest(request: RequestLike): Promise<RequestState> {
    try {
      const result = authenticateRequestEagerly(request);
      return isPromise(result) ? result : Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  return {
    authenticateRequest,
    authenticateRequestEagerly,
    // Not async, for the same reason as authenticateRequest; errors still arrive as rejections.
    verifyToken(token: string): Promise<SessionClaims> {
      try {
        const result = verifier.verifyEntry(token);
        if (isPromise(result)) return result.then(claimsOf, asVerificationError);
        return Promise.resolve(result.claims);
      } catch (error) {
        return asVerificationError(error);
      }
    },
    users: backendApi.users,
    organizations: backendApi.organizations,
    options,
  };
}
