import type { CacheStore } from './backend-api/cache-store.js';
import { ConfigurationError } from './errors.js';
import type { RoutePattern } from './routes/route-matcher.js';

export type IssuerOption = string | readonly string[] | ((iss: string) => boolean);

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
}

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
  authorizedParties?: readonly string[];
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
  tokenCache?: TokenCacheOptions | false;
  lookupCacheTtlInMs?: number;
  /** How long a Backend API 404 is remembered. */
  lookupNotFoundTtlInMs?: number;
  /** One Backend API request. */
  apiTimeoutInMs?: number;
  cacheStore?: CacheStore;
  treatPendingAsSignedOut?: boolean;
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
  tokenCacheMax: number;
  lookupCacheTtlInMs: number;
  lookupNotFoundTtlInMs: number;
  apiTimeoutInMs: number;
  cacheStore: CacheStore | undefined;
  treatPendingAsSignedOut: boolean;
  logger: Logger | undefined;
  fetch: typeof globalThis.fetch;
  now: () => number;
}

type Env = Record<string, string | undefined>;

function readEnv(): Env {
  // Workers and browsers have no process; options must then be passed explicitly.
  const processLike = (globalThis as { process?: { env?: Env } }).process;
  return processLike?.env ?? {};
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function commaList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

function duration(name: string, value: number | undefined, fallback: number, allowZero = true): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ConfigurationError(
      'invalid-option',
      `Option ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of milliseconds.`,
    );
  }
  return value;
}

const FORBIDDEN_ALGORITHM = /^(none|HS\d+)$/i;
export const SUPPORTED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
/** The JWS algorithms sessionguard verifies: asymmetric only. */
export type SupportedAlgorithm = (typeof SUPPORTED_ALGORITHMS)[number];

const SUPPORTED_ALGORITHM_SET: ReadonlySet<unknown> = new Set(SUPPORTED_ALGORITHMS);

/** Also on the verification path (a key's algorithm per token): a set lookup. */
export function isSupportedAlgorithm(value: unknown): value is SupportedAlgorithm {
  return SUPPORTED_ALGORITHM_SET.has(value);
}

const ALGORITHMS_EXPECTED = `a non-empty list of ${SUPPORTED_ALGORITHMS.join(', ')} (none and HS* are always refused)`;

function algorithmList(
  value: readonly SupportedAlgorithm[] | undefined,
): readonly SupportedAlgorithm[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigurationError(
      'invalid-option',
      `Option algorithms (no environment variable) must be ${ALGORITHMS_EXPECTED}.`,
    );
  }
  // A misspelt name (RS265) would leave the algorithm meant unlisted without a word: refuse the list.
  const unknown = (value as readonly unknown[]).filter(
    (alg) => !isSupportedAlgorithm(alg) && !(typeof alg === 'string' && FORBIDDEN_ALGORITHM.test(alg)),
  );
  if (unknown.length > 0) {
    const names = unknown.map((alg) =>
      typeof alg === 'string' ? JSON.stringify(alg.slice(0, 32)) : typeof alg,
    );
    throw new ConfigurationError(
      'invalid-option',
      `Option algorithms (no environment variable) lists unknown algorithm ${names.join(', ')}; it expects ${ALGORITHMS_EXPECTED}.`,
    );
  }
  // none and HS* are refused whatever is listed: a public key must never double as an HMAC secret.
  const usable = value.filter(isSupportedAlgorithm);
  if (usable.length === 0) {
    throw new ConfigurationError(
      'invalid-option',
      `Option algorithms (no environment variable) lists no usable algorithm; it expects ${ALGORITHMS_EXPECTED}.`,
    );
  }
  return Object.freeze(usable);
}

export function resolveOptions(options: AuthOptions = {}, env: Env = readEnv()): ResolvedOptions {
  const audience = options.audience;
  const debugFlag = options.debug ?? /^(1|true|yes)$/i.test(env.CLERK_DEBUG ?? '');
  const logger = options.logger ?? (debugFlag ? consoleLogger : undefined);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new ConfigurationError('invalid-option', 'No fetch implementation: pass the fetch option.');
  }

  return {
    secretKey: nonEmpty(options.secretKey ?? env.CLERK_SECRET_KEY),
    publishableKey: nonEmpty(options.publishableKey ?? env.CLERK_PUBLISHABLE_KEY),
    jwtKey: nonEmpty(options.jwtKey ?? env.CLERK_JWT_KEY),
    jwksUrl: nonEmpty(options.jwksUrl ?? env.CLERK_JWKS_URL),
    apiUrl: (nonEmpty(options.apiUrl ?? env.CLERK_API_URL) ?? 'https://api.clerk.com').replace(/\/+$/, ''),
    apiVersion: nonEmpty(options.apiVersion ?? env.CLERK_API_VERSION) ?? 'v1',
    authorizedParties: Object.freeze([
      ...(options.authorizedParties ?? commaList(env.CLERK_AUTHORIZED_PARTIES) ?? []),
    ]),
    audience:
      audience === undefined
        ? undefined
        : Object.freeze(typeof audience === 'string' ? [audience] : [...audience]),
    issuer: options.issuer,
    algorithms: algorithmList(options.algorithms),
    clockSkewInMs: duration('clockSkewInMs', options.clockSkewInMs, 5_000),
    jwksCacheTtlInMs: duration('jwksCacheTtlInMs', options.jwksCacheTtlInMs, 300_000),
    jwksCooldownInMs: duration('jwksCooldownInMs', options.jwksCooldownInMs, 30_000),
    jwksTimeoutInMs: duration('jwksTimeoutInMs', options.jwksTimeoutInMs, 5_000, false),
    jwksStaleIfErrorInMs: duration('jwksStaleIfErrorInMs', options.jwksStaleIfErrorInMs, 86_400_000),
    sessionCookieName: nonEmpty(options.sessionCookieName) ?? '__session',
    signInUrl: nonEmpty(options.signInUrl ?? env.CLERK_SIGN_IN_URL),
    excludedRoutes: Object.freeze([...(options.excludedRoutes ?? [])]),
    tokenCacheMax:
      options.tokenCache === false ? 0 : Math.max(0, Math.floor(options.tokenCache?.max ?? 10_000)),
    lookupCacheTtlInMs: duration('lookupCacheTtlInMs', options.lookupCacheTtlInMs, 60_000),
    lookupNotFoundTtlInMs: duration('lookupNotFoundTtlInMs', options.lookupNotFoundTtlInMs, 5_000),
    apiTimeoutInMs: duration('apiTimeoutInMs', options.apiTimeoutInMs, 5_000, false),
    cacheStore: options.cacheStore,
    treatPendingAsSignedOut: options.treatPendingAsSignedOut ?? true,
    logger,
    fetch: fetchImpl,
    now: options.now ?? Date.now,
  };
}

const consoleLogger: Logger = {
  debug(message, data) {
    console.debug(`[sessionguard] ${message}`, data ?? '');
  },
};
