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
  algorithms?: readonly string[];
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
  algorithms: readonly string[];
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

function algorithmList(value: readonly string[] | undefined): readonly string[] {
  if (value === undefined) return ['RS256'];
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigurationError(
      'invalid-option',
      'Option algorithms must be a non-empty list, e.g. ["RS256"].',
    );
  }
  // none and HS* can never be allowed: a public key must not double as an HMAC secret.
  const usable = value.filter(
    (alg) => !FORBIDDEN_ALGORITHM.test(alg) && (SUPPORTED_ALGORITHMS as readonly string[]).includes(alg),
  );
  if (usable.length === 0) {
    throw new ConfigurationError(
      'invalid-option',
      `Option algorithms lists no usable algorithm; supported: ${SUPPORTED_ALGORITHMS.join(', ')} (none and HS* are always refused).`,
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
    rejectAmbiguousPaths: options.rejectAmbiguousPaths !== false,
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
