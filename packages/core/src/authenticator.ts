import { createBrowserPath } from './authenticate/browser-path.js';
import { createFailureOf } from './authenticate/failures.js';
import { createMachinePath } from './authenticate/machine-path.js';
import { createSessionPath } from './authenticate/session-path.js';
import { createSignedInStates, mismatchState } from './authenticate/states.js';
import { createMemoryStore } from './backend-api/lookup-cache.js';
import { type BackendApi, createBackendApi } from './backend-api/lookups.js';
import { shareBackendApi } from './backend-api/shared-backend-api.js';
import type { CryptoPlatform } from './crypto/platform.js';
import { TokenVerificationErrorReason as Reason } from './errors.js';
import { chooseKeySource } from './keys/choose-key-source.js';
import { cookieSuffixFromPublishableKey } from './keys/publishable-key.js';
import type { MachineAuthObject } from './machine/machine-auth.js';
import { type AuthOptions, acceptedTypes, type ResolvedOptions, resolveOptions } from './options.js';
import { type AcceptedType, type RequestState, signedOutState } from './request-state.js';
import { createExclusionMatcher } from './routes/route-matcher.js';
import { classifyToken } from './token/classify-token.js';
import {
  type CookieNames,
  type ExtractedToken,
  extractHeaderToken,
  extractToken,
} from './token/extract-token.js';
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
import { TokenVerifier } from './verify/token-verifier.js';

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
  users: BackendApi['users'];
  /** Our string form (an id or a slug) and Clerk's `{ organizationId }` / `{ slug }`. */
  organizations: BackendApi['organizations'];
  /** The options in force, after env variables and defaults. */
  readonly options: Readonly<ResolvedOptions>;
}

/** An authenticator whatever its accepted types: what tenants, adapters and caches hold. */
export type AnyAuthenticator = Authenticator<TokenType>;

/** For adapters: the request state now when the authenticator can give it now, else its promise. */
export function authenticateEagerly<T extends TokenType>(
  authenticator: Authenticator<T>,
  request: RequestLike,
): MaybePromise<RequestState<T>> {
  return authenticator.authenticateRequestEagerly?.(request) ?? authenticator.authenticateRequest(request);
}

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

// The authenticator only composes: options and key source, the signed-in states, the session path
// and the machine path, and the dispatch from a request's token to the path that verifies it.
function buildAuthenticator(platform: CryptoPlatform, input: AuthOptions = {}): AnyAuthenticator {
  const options = Object.freeze(resolveOptions(input));
  const keySource = chooseKeySource(options, platform);
  const cookieNames: CookieNames = {
    plain: options.sessionCookieName,
    suffixed: options.publishableKey
      ? `${options.sessionCookieName}_${cookieSuffixFromPublishableKey(options.publishableKey)}`
      : undefined,
  };
  // One store for lookups and machine-token verdicts: the app's, else one in memory.
  const store = options.cacheStore ?? createMemoryStore();
  // Offered to a clerkClient built from equal settings: one lookup cache between them.
  const backendApi: BackendApi = shareBackendApi(
    options,
    createBackendApi({ ...options, cacheStore: store }),
  );
  const states = createSignedInStates(backendApi.lookups);
  const failureOf = createFailureOf(options.logger);
  const sessionVerifier = new TokenVerifier(options, keySource, platform);
  // SPEC §12, with a publishable key only (a malformed pk_ fails here, at construction).
  const browser = createBrowserPath(options, keySource, platform, sessionVerifier, states);
  const sessionPath = createSessionPath(
    sessionVerifier,
    states,
    failureOf,
    platform,
    browser?.afterBearerFailure,
  );
  const machinePath = createMachinePath(
    options,
    keySource,
    platform,
    store,
    options.cacheStore === undefined,
    states,
    failureOf,
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

  /** SPEC §9.2: the token's type decides what verifies it, and only an accepted type is verified. */
  function authenticateAccepting(
    request: RequestLike,
    accepts: readonly TokenType[],
  ): MaybePromise<RequestState> {
    if (isExcluded?.(requestUrl(request))) return excludedState;
    // The cookies of a request the Authorization header leaves open are the browser layer's (§12.3)
    // when it reads session tokens; a machine type alone still reads them as §3 (token-type-mismatch).
    const extracted =
      browser !== undefined && accepts.includes('session_token')
        ? extractHeaderToken(request)
        : extractToken(request, cookieNames);
    if (extracted === undefined) return browser!.authenticateCookies(request);
    if (extracted.token === null) return signedOutState(extracted.reason, extracted.message);
    const { token } = extracted;
    const type = classifyToken(token, platform);
    if (type === undefined || type === 'session_token') {
      if (accepts.includes('session_token')) return sessionPath.authenticateSession(request, extracted);
      return type === undefined
        ? signedOutState(
            Reason.TokenInvalid,
            'The token is neither a JWT nor a machine token (ak_, mt_, oat_).',
          )
        : mismatchState(type, accepts);
    }
    if (!accepts.includes(type)) return mismatchState(type, accepts);
    if (extracted.source === 'cookie') {
      return signedOutState(
        Reason.TokenTypeMismatch,
        `The cookie carries ${TOKEN_TYPE_NAMES[type]}; machine tokens count only in the Authorization header.`,
        type,
      );
    }
    return machinePath.authenticateMachine(token, type);
  }

  // An opaque machine token at a session-only middleware (a route that wants API keys verifies it
  // lazily, SPEC §9.2): one frozen state per type, told by its prefix, with no error built (an
  // Error's stack costs microseconds on a deep router's stack, on every such request).
  const opaqueMismatch = new Map<MachineTokenType, RequestState>(
    TOKEN_TYPES.filter((type): type is MachineTokenType => type !== 'session_token').map((type) => [
      type,
      Object.freeze(mismatchState(type, options.acceptsToken)),
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
    const extracted: ExtractedToken | undefined =
      browser === undefined ? extractToken(request, cookieNames) : extractHeaderToken(request);
    if (extracted === undefined) return browser!.authenticateCookies(request);
    if (extracted.token === null) return signedOutState(extracted.reason, extracted.message);
    const opaque = opaqueTokenType(extracted.token);
    if (opaque !== undefined) return opaqueMismatch.get(opaque)!;
    return sessionPath.authenticateSession(request, extracted);
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
    verifyToken: sessionPath.verifyToken,
    verifyMachineToken: machinePath.verifyMachineToken,
    users: backendApi.users,
    organizations: backendApi.organizations,
    options,
  };
}
