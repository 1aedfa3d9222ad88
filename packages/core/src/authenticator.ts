import { signedInAuthObject, signedOutAuthObject } from './auth/auth-object.js';
import { createMemoryStore } from './backend-api/lookup-cache.js';
import { type BackendApi, createBackendApi } from './backend-api/lookups.js';
import type { Organization, User } from './backend-api/types.js';
import type { CryptoPlatform } from './crypto/platform.js';
import { TokenVerificationErrorReason as Reason, TokenVerificationError } from './errors.js';
import { chooseKeySource } from './keys/choose-key-source.js';
import { cookieSuffixFromPublishableKey, frontendApiFromPublishableKey } from './keys/publishable-key.js';
import { machineJwtAuth } from './machine/jwt-auth.js';
import { type MachineAuthObject, unauthenticatedMachineAuth } from './machine/machine-auth.js';
import { createOpaqueVerifier } from './machine/opaque-verifier.js';
import { type AuthOptions, acceptedTypes, type ResolvedOptions, resolveOptions } from './options.js';
import type { AcceptedType, RequestState } from './request-state.js';
import { createExclusionMatcher } from './routes/route-matcher.js';
import { classifyToken } from './token/classify-token.js';
import { type CookieNames, extractToken } from './token/extract-token.js';
import { type RequestLike, requestUrl } from './token/request-like.js';
import {
  type AcceptsToken,
  type MachineTokenType,
  opaqueTokenType,
  TOKEN_TYPE_NAMES,
  TOKEN_TYPES,
  type TokenType,
} from './token/token-type.js';
import { isPromise, type MaybePromise } from './types/maybe-promise.js';
import type { SessionClaims } from './types/session-claims.js';
import { remember } from './util/remember.js';
import { TokenVerifier, type Verification } from './verify/token-verifier.js';

/** All state of one tenant: options, key store, verified-token cache, lookup cache. Build once. */
/** `T`: the token types its middleware-level `acceptsToken` accepts. */
export interface Authenticator<T extends TokenType = 'session_token'> {
  /**
   * `acceptsToken` overrides the middleware's for this call (SPEC §9.2): a token is verified only
   * when its type is accepted; any other is token-type-mismatch, with no call made.
   */
  authenticateRequest(request: RequestLike): Promise<RequestState<T>>;
  authenticateRequest<const B extends AcceptsToken>(
    request: RequestLike,
    opts: { acceptsToken: B },
  ): Promise<RequestState<AcceptedType<B>>>;
  /**
   * The same outcomes as authenticateRequest, but answered without a promise when the answer is at
   * hand (a cached token, no token, an excluded route), so an adapter saves a promise and a microtask
   * per request; throws where authenticateRequest rejects. Optional: an authenticator of your own
   * needs only authenticateRequest. Adapters call it through `authenticateEagerly`. With
   * `acceptsToken`, as authenticateRequest's (a guard's lazy verification of another type, SPEC §9.2).
   */
  authenticateRequestEagerly?(
    request: RequestLike,
    opts?: { acceptsToken?: AcceptsToken },
  ): MaybePromise<RequestState<T>>;
  /** Throws TokenVerificationError. */
  verifyToken(token: string): Promise<SessionClaims>;
  /** An API key, M2M token or OAuth access token (SPEC §9.3). Throws TokenVerificationError. */
  verifyMachineToken(token: string): Promise<MachineAuthObject>;
  users: { getUser(userId: string): Promise<User> };
  organizations: { getOrganization(idOrSlug: string): Promise<Organization> };
  /** The options in force, after env variables and defaults. */
  readonly options: Readonly<ResolvedOptions>;
}

/** An authenticator whatever its accepted types: what tenants, adapters and caches hold. */
export type AnyAuthenticator = Authenticator<TokenType>;

function signedOutState(reason: string, message: string, tokenType: TokenType | null = null): RequestState {
  return {
    status: 'signed-out',
    reason,
    auth: signedOutAuthObject(reason, message),
    tokenType,
    token: null,
    headers: { 'x-clerk-auth-status': 'signed-out', 'x-clerk-auth-reason': reason },
  };
}

/** For adapters: the request state now when the authenticator can give it now, else its promise. */
export function authenticateEagerly<T extends TokenType>(
  authenticator: Authenticator<T>,
  request: RequestLike,
): MaybePromise<RequestState<T>> {
  return authenticator.authenticateRequestEagerly?.(request) ?? authenticator.authenticateRequest(request);
}

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** The accepted types `A` names; the wide `AcceptsToken` (not written out) reads as session tokens. */
export type TypedAcceptance<A extends AcceptsToken> = AcceptsToken extends A
  ? 'session_token'
  : AcceptedType<A>;

export function createAuthenticatorWith<const A extends AcceptsToken = 'session_token'>(
  platform: CryptoPlatform,
  input?: AuthOptions & { acceptsToken?: A },
): Authenticator<TypedAcceptance<A>> {
  // Its states hold only accepted types (authenticateAccepting): the type parameter says which.
  return buildAuthenticator(platform, input) as Authenticator<TypedAcceptance<A>>;
}

function buildAuthenticator(platform: CryptoPlatform, input: AuthOptions = {}): AnyAuthenticator {
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
  const machineJwtVerifier = new TokenVerifier(options, keySource, platform, 'machine-jwt');
  // One store for lookups and machine-token verdicts: the app's, else one in memory.
  const store = options.cacheStore ?? createMemoryStore();
  const backendApi: BackendApi = createBackendApi({ ...options, cacheStore: store });
  const opaqueVerifier = createOpaqueVerifier(
    options,
    store,
    platform.sha256Hex,
    options.cacheStore === undefined,
  );
  const sessionOnly = options.acceptsToken.length === 1 && options.acceptsToken[0] === 'session_token';
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
      tokenType: 'session_token',
      token: verification.token,
      headers: NO_HEADERS,
    });
  }

  function signedIn(verification: Verification): RequestState {
    // A first sight is kept nowhere: no WeakMap entry for an object that is about to die.
    if (!verification.kept) return signedInState(verification);
    return (
      signedInStates.get(verification) ?? remember(signedInStates, verification, signedInState(verification))
    );
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

  /** Why a verification failed, as a reason and a message; never the token. */
  function failureOf(error: unknown): { reason: string; message: string } {
    if (error instanceof TokenVerificationError) {
      options.logger?.debug('signed out', { reason: error.reason, message: error.message });
      return { reason: error.reason, message: error.message };
    }
    // Anything else (a throwing issuer callback, say) must still fail closed, never crash.
    options.logger?.debug('verification error', {
      error: error instanceof Error ? error.name : typeof error,
    });
    return { reason: Reason.TokenVerificationFailed, message: 'The token could not be verified.' };
  }

  /** `token` names the presented token's type on the state; only read when there is a failure. */
  function failed(error: unknown, token?: string): RequestState {
    const { reason, message } = failureOf(error);
    return signedOutState(
      reason,
      message,
      token === undefined ? null : (classifyToken(token, platform) ?? null),
    );
  }

  // A cached token is answered without awaiting anything: the verifier answers it synchronously.
  function verifySession(token: string): MaybePromise<RequestState> {
    try {
      const result = verifier.verifyEntry(token);
      if (isPromise(result)) {
        return result.then(
          (entry) => {
            try {
              return signedIn(entry);
            } catch (error) {
              return failed(error, token);
            }
          },
          (error: unknown) => failed(error, token),
        );
      }
      return signedIn(result);
    } catch (error) {
      return failed(error, token);
    }
  }

  // The signed-in state of each machine auth object: a verdict in use hands back the same object,
  // so its repeat requests build no state (frozen, as a session's is).
  const machineStates = new WeakMap<MachineAuthObject, RequestState>();

  function machineState(auth: MachineAuthObject, token: string): RequestState {
    return (
      machineStates.get(auth) ??
      remember(
        machineStates,
        auth,
        Object.freeze({
          status: 'signed-in',
          reason: null,
          auth,
          tokenType: auth.tokenType,
          token,
          headers: NO_HEADERS,
        }),
      )
    );
  }

  // Kept JWT verifications (from a token's first repeat on) keep their machine auth object too.
  const machineJwtAuths = new WeakMap<Verification, MachineAuthObject>();

  function machineJwtAuthOf(type: 'm2m_token' | 'oauth_token', entry: Verification): MachineAuthObject {
    if (!entry.kept) return machineJwtAuth(type, entry.token, entry.claims);
    return (
      machineJwtAuths.get(entry) ??
      remember(machineJwtAuths, entry, machineJwtAuth(type, entry.token, entry.claims))
    );
  }

  /**
   * Opaque tokens through the Backend API (and its verdict cache), JWTs locally. A verdict or
   * verification at hand is answered now; throws or rejects with the reason.
   */
  function verifyMachine(token: string, type: MachineTokenType): MaybePromise<MachineAuthObject> {
    if (opaqueTokenType(token) !== undefined) return opaqueVerifier.verify(token, type);
    if (type === 'api_key')
      throw new TokenVerificationError(Reason.TokenInvalid, 'An API key is never a JWT.');
    const result = machineJwtVerifier.verifyEntry(token);
    if (isPromise(result)) return result.then((entry) => machineJwtAuthOf(type, entry));
    return machineJwtAuthOf(type, result);
  }

  /** SPEC §9.2: the token's type decides what verifies it, and only an accepted type is verified. */
  function authenticateAccepting(
    request: RequestLike,
    accepts: readonly TokenType[],
  ): MaybePromise<RequestState> {
    if (isExcluded?.(requestUrl(request))) return excludedState;
    const extracted = extractToken(request, cookieNames);
    if (extracted.token === null) return signedOutState(extracted.reason, extracted.message);
    const { token } = extracted;
    const type = classifyToken(token, platform);
    if (type === undefined || type === 'session_token') {
      if (accepts.includes('session_token')) return verifySession(token);
      return type === undefined
        ? signedOutState(
            Reason.TokenInvalid,
            'The token is neither a JWT nor a machine token (ak_, mt_, oat_).',
          )
        : mismatch(type, accepts);
    }
    if (!accepts.includes(type)) return mismatch(type, accepts);
    if (extracted.source === 'cookie') {
      return signedOutState(
        Reason.TokenTypeMismatch,
        `The cookie carries ${TOKEN_TYPE_NAMES[type]}; machine tokens count only in the Authorization header.`,
        type,
      );
    }
    let verified: MaybePromise<MachineAuthObject>;
    try {
      verified = verifyMachine(token, type);
    } catch (error) {
      return machineFailed(error, type);
    }
    if (!isPromise(verified)) return machineState(verified, token);
    return verified.then(
      (auth) => machineState(auth, token),
      (error: unknown) => machineFailed(error, type),
    );
  }

  /** An accepted machine type that did not verify: Clerk's unauthenticated object of that type. */
  function machineFailed(error: unknown, type: MachineTokenType): RequestState {
    const { reason, message } = failureOf(error);
    return {
      ...signedOutState(reason, message, type),
      auth: unauthenticatedMachineAuth(type, reason, message),
    };
  }

  function mismatch(type: TokenType, accepts: readonly TokenType[]): RequestState {
    return signedOutState(
      Reason.TokenTypeMismatch,
      `The token is ${TOKEN_TYPE_NAMES[type]}, which is not accepted here (acceptsToken: ${accepts.join(', ')}).`,
      type,
    );
  }

  // An opaque machine token at a session-only middleware (a route that wants API keys verifies it
  // lazily, SPEC §9.2): one frozen state per type, told by its prefix, with no error built (an
  // Error's stack costs microseconds on a deep router's stack, on every such request).
  const opaqueMismatch = new Map<MachineTokenType, RequestState>(
    TOKEN_TYPES.filter((type): type is MachineTokenType => type !== 'session_token').map((type) => [
      type,
      Object.freeze(mismatch(type, options.acceptsToken)),
    ]),
  );

  function authenticateRequestEagerly(
    request: RequestLike,
    opts?: { acceptsToken?: AcceptsToken },
  ): MaybePromise<RequestState> {
    if (opts?.acceptsToken !== undefined) {
      return authenticateAccepting(request, acceptedTypes(opts.acceptsToken));
    }
    if (!sessionOnly) return authenticateAccepting(request, options.acceptsToken);
    if (isExcluded?.(requestUrl(request))) return excludedState;
    const extracted = extractToken(request, cookieNames);
    if (extracted.token === null) return signedOutState(extracted.reason, extracted.message);
    const opaque = opaqueTokenType(extracted.token);
    if (opaque !== undefined) return opaqueMismatch.get(opaque)!;
    return verifySession(extracted.token);
  }

  // Not an async function: one resolved promise around the eager answer, same outcomes.
  function authenticateRequest(
    request: RequestLike,
    opts?: { acceptsToken?: AcceptsToken },
  ): Promise<RequestState> {
    try {
      const result = authenticateRequestEagerly(request, opts);
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
    verifyMachineToken(token: string): Promise<MachineAuthObject> {
      const type = classifyToken(token, platform);
      if (type === undefined || type === 'session_token') {
        const message =
          type === undefined
            ? 'The token is neither a JWT nor a machine token (ak_, mt_, oat_).'
            : 'The token is a session token, not a machine token: use verifyToken.';
        const reason = type === undefined ? Reason.TokenInvalid : Reason.TokenTypeMismatch;
        return Promise.reject(new TokenVerificationError(reason, message));
      }
      try {
        const verified = verifyMachine(token, type);
        return isPromise(verified) ? verified.catch(asVerificationError) : Promise.resolve(verified);
      } catch (error) {
        return asVerificationError(error);
      }
    },
    users: backendApi.users,
    organizations: backendApi.organizations,
    options,
  };
}
