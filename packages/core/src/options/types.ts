// The options an authenticator is told (AuthOptions) and what they resolve to (ResolvedOptions).

import type { SupportedAlgorithm } from '../keys/supported-algorithms.js';
import type { RoutePattern } from '../routes/route-matcher.js';
import type { AcceptsToken, TokenType } from '../token/token-type.js';
import type { CacheStore } from '../types/cache-store.js';
import type { IssuerOption } from '../types/issuer-option.js';
import type { Logger } from '../types/logger.js';

export interface TokenCacheOptions {
  /** Most verified tokens kept at once. */
  max?: number;
}

/** Everything an authenticator can be told. Each option falls back to its env variable, then its default. */
export interface AuthOptions {
  secretKey?: string;
  publishableKey?: string;
  jwtKey?: string;
  jwksUrl?: string;
  apiUrl?: string;
  apiVersion?: string;
  /** A list, or a comma list in one string (as CLERK_AUTHORIZED_PARTIES is read). */
  authorizedParties?: string | readonly string[];
  audience?: string | readonly string[];
  issuer?: IssuerOption;
  /** Default: RS256 for secretKey/publishableKey; for jwtKey and jwksUrl, each key's own algorithm. */
  algorithms?: readonly SupportedAlgorithm[];
  clockSkewInMs?: number;
  jwksCacheTtlInMs?: number;
  jwksCooldownInMs?: number;
  jwksTimeoutInMs?: number;
  jwksStaleIfErrorInMs?: number;
  sessionCookieName?: string;
  signInUrl?: string;
  excludedRoutes?: readonly RoutePattern[];
  /** Default true: answer 400 to a path routers could read two ways (SPEC §7.1), before any route. */
  rejectAmbiguousPaths?: boolean;
  tokenCache?: TokenCacheOptions | false;
  lookupCacheTtlInMs?: number;
  /** How long a Backend API 404 is remembered. */
  lookupNotFoundTtlInMs?: number;
  /** One Backend API request. */
  apiTimeoutInMs?: number;
  /** Which token types the middleware verifies (SPEC §9); default `'session_token'`. */
  acceptsToken?: AcceptsToken;
  /** Verifies M2M tokens (SPEC §9.3); falls back to `secretKey`. */
  machineSecretKey?: string;
  /** How long a Backend API verdict on an opaque machine token is reused; `0` turns that cache off. */
  machineTokenCacheTtlInMs?: number;
  /** Most Backend API machine-token verifications in flight at once per authenticator. */
  machineVerifyConcurrency?: number;
  cacheStore?: CacheStore;
  treatPendingAsSignedOut?: boolean;
  /**
   * Browser sessions (SPEC §12, with a publishable key only). Default true; false never answers a
   * 307 and never resolves a handshake: what would redirect is signed out with the same reason.
   */
  handshake?: boolean;
  /** `CLERK_PROXY_URL`: the Frontend API base when a proxy serves it (absolute, or a path). */
  proxyUrl?: string;
  /** `CLERK_IS_SATELLITE`: satellite domains are not supported yet; true is a ConfigurationError. */
  isSatellite?: boolean;
  /** `CLERK_DOMAIN`: a satellite's domain; ignored without `isSatellite` (Clerk). */
  domain?: string;
  logger?: Logger;
  debug?: boolean;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
}

export interface ResolvedOptions {
  secretKey: string | undefined;
  publishableKey: string | undefined;
  jwtKey: string | undefined;
  jwksUrl: string | undefined;
  apiUrl: string;
  apiVersion: string;
  authorizedParties: readonly string[];
  audience: readonly string[] | undefined;
  issuer: IssuerOption | undefined;
  /** Undefined: the default of §2.1, by key source (see keys/algorithm-policy.ts). */
  algorithms: readonly SupportedAlgorithm[] | undefined;
  clockSkewInMs: number;
  jwksCacheTtlInMs: number;
  jwksCooldownInMs: number;
  jwksTimeoutInMs: number;
  jwksStaleIfErrorInMs: number;
  sessionCookieName: string;
  signInUrl: string | undefined;
  excludedRoutes: readonly RoutePattern[];
  rejectAmbiguousPaths: boolean;
  tokenCacheMax: number;
  lookupCacheTtlInMs: number;
  lookupNotFoundTtlInMs: number;
  apiTimeoutInMs: number;
  /** The accepted types, each once, in the order of TOKEN_TYPES (`'any'` is all four). */
  acceptsToken: readonly TokenType[];
  machineSecretKey: string | undefined;
  machineTokenCacheTtlInMs: number;
  machineVerifyConcurrency: number;
  cacheStore: CacheStore | undefined;
  treatPendingAsSignedOut: boolean;
  handshake: boolean;
  /** Normalized: an absolute base or a path, without trailing slashes. */
  proxyUrl: string | undefined;
  /** Always false: true is refused at construction until satellites are supported. */
  isSatellite: false;
  domain: string | undefined;
  logger: Logger | undefined;
  fetch: typeof globalThis.fetch;
  now: () => number;
}
