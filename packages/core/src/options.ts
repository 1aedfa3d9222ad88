import { ConfigurationError } from './errors.js';
import {
  isSupportedAlgorithm,
  SUPPORTED_ALGORITHMS,
  type SupportedAlgorithm,
} from './keys/supported-algorithms.js';
import type { RoutePattern } from './routes/route-matcher.js';
import { type AcceptsToken, TOKEN_TYPES, type TokenType } from './token/token-type.js';
import type { CacheStore } from './types/cache-store.js';
import type { IssuerOption } from './types/issuer-option.js';
import type { Logger } from './types/logger.js';
import { type EnvReader, processEnv } from './util/env.js';
import { isLoopbackHostname } from './util/loopback.js';

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
  logger: Logger | undefined;
  fetch: typeof globalThis.fetch;
  now: () => number;
}

/** The env variable of each option that has one (SPEC §2.1); the rest are options only. */
const ENV_VARIABLES = {
  secretKey: 'CLERK_SECRET_KEY',
  publishableKey: 'CLERK_PUBLISHABLE_KEY',
  jwtKey: 'CLERK_JWT_KEY',
  jwksUrl: 'CLERK_JWKS_URL',
  apiUrl: 'CLERK_API_URL',
  apiVersion: 'CLERK_API_VERSION',
  authorizedParties: 'CLERK_AUTHORIZED_PARTIES',
  signInUrl: 'CLERK_SIGN_IN_URL',
  machineSecretKey: 'CLERK_MACHINE_SECRET_KEY',
  debug: 'CLERK_DEBUG',
} as const;

type EnvOption = keyof typeof ENV_VARIABLES;

/** How messages name an option: with its env variable, or saying it has none. */
function optionLabel(name: string): string {
  const env = (ENV_VARIABLES as Record<string, string | undefined>)[name];
  return env === undefined ? `${name} (an option only; no env variable)` : `${name} (${env})`;
}

function invalidOption(name: string, expected: string, got?: string): ConfigurationError {
  return new ConfigurationError(
    'invalid-option',
    `Option ${optionLabel(name)} must be ${expected}${got === undefined ? '' : `; got ${got}`}.`,
  );
}

/** A short, safe description of a value that is not what was expected (never a string's content). */
function kindOf(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : `a ${typeof value}`;
}

/** A string option, else its env variable; blank counts as unset. Keys are never echoed. */
function stringOption(name: string, value: unknown, envValue?: string): string | undefined {
  if (value !== undefined && typeof value !== 'string') throw invalidOption(name, 'a string', kindOf(value));
  const trimmed = (value ?? envValue)?.trim();
  return trimmed ? trimmed : undefined;
}

function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidOption(name, 'true or false', kindOf(value));
  return value;
}

function commaList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** A list of strings, or one string read as a comma list; empty entries are dropped. */
function stringList(name: string, value: unknown, expected: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return commaList(value);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalidOption(name, expected, kindOf(value));
  }
  return value.filter((item) => item.length > 0);
}

/** `''`, `[]` and a list of only empty strings leave the audience unset (Clerk). */
function audienceList(value: unknown): readonly string[] | undefined {
  const list = stringList(
    'audience',
    typeof value === 'string' ? [value] : value,
    'a string or a list of strings',
  );
  return list === undefined || list.length === 0 ? undefined : Object.freeze(list);
}

interface NumberRule {
  /** Zero is refused (a timeout of 0 can never succeed). */
  positive?: boolean;
  integer?: boolean;
  unit?: string;
}

/** Every number option: finite and not negative (SPEC §2.1), with the option's own extra rule. */
function numberOption(name: string, value: unknown, fallback: number, rule: NumberRule = {}): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (rule.positive === true && value === 0) ||
    (rule.integer === true && !Number.isInteger(value))
  ) {
    const kind = `${rule.positive ? 'positive' : 'non-negative'} finite ${rule.integer ? 'integer' : 'number'}`;
    throw invalidOption(name, `a ${kind}${rule.unit ? ` of ${rule.unit}` : ''}`, kindOf(value));
  }
  return value;
}

const MS = { unit: 'milliseconds' } as const;

function tokenCacheMax(value: unknown): number {
  if (value === false) return 0;
  if (value === undefined) return 10_000;
  if (typeof value !== 'object' || value === null) {
    throw invalidOption('tokenCache', 'false or { max: <entries> }', kindOf(value));
  }
  return Math.floor(numberOption('tokenCache.max', (value as TokenCacheOptions).max, 10_000));
}

const HTTPS_URL =
  'an absolute https: URL without credentials (http: only for loopback hosts: 127.0.0.0/8, localhost, [::1])';

/** jwksUrl / apiUrl: a key set or a secret key must never travel in clear text to another host. */
function endpointUrl(name: 'jwksUrl' | 'apiUrl', value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidOption(name, HTTPS_URL, 'a value that is not an absolute URL');
  }
  const scheme = url.protocol.slice(0, 16);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHostname(url.hostname))) {
    throw invalidOption(name, HTTPS_URL, url.protocol === 'http:' ? 'http: to a non-loopback host' : scheme);
  }
  if (url.username !== '' || url.password !== '')
    throw invalidOption(name, HTTPS_URL, 'a URL with credentials');
  return value;
}

const ACCEPTS_TOKEN = `'any', one of ${TOKEN_TYPES.map((type) => `'${type}'`).join(', ')}, or a non-empty list of them`;

function isTokenType(value: unknown): value is TokenType {
  return (TOKEN_TYPES as readonly unknown[]).includes(value);
}

/** One frozen list per single type: `getAuth(req, { acceptsToken: 'api_key' })` per request builds none. */
const ONLY = Object.freeze(
  Object.fromEntries(TOKEN_TYPES.map((type) => [type, Object.freeze([type])])) as Record<
    TokenType,
    readonly TokenType[]
  >,
);
const SESSION_ONLY = ONLY.session_token;
/** Lists this function made: a guard hands its own back per request (runGuard), checked once. */
const normalized = new WeakSet<readonly TokenType[]>([...Object.values(ONLY), TOKEN_TYPES]);

/** `acceptsToken` as the list of types it accepts; throws ConfigurationError naming the option. */
export function acceptedTypes(value: unknown): readonly TokenType[] {
  if (value === undefined) return SESSION_ONLY;
  if (value === 'any') return TOKEN_TYPES;
  if (typeof value === 'string' && isTokenType(value)) return ONLY[value];
  if (Array.isArray(value) && normalized.has(value)) return value;
  const list = Array.isArray(value) ? value : [value];
  const unknownType = list.find((item) => !isTokenType(item));
  if (list.length === 0) throw invalidOption('acceptsToken', ACCEPTS_TOKEN, 'an empty list');
  if (unknownType !== undefined) {
    const got =
      typeof unknownType === 'string' ? JSON.stringify(unknownType.slice(0, 32)) : kindOf(unknownType);
    throw invalidOption('acceptsToken', ACCEPTS_TOKEN, got);
  }
  const types = Object.freeze(TOKEN_TYPES.filter((type) => list.includes(type)));
  normalized.add(types);
  return types;
}

const FORBIDDEN_ALGORITHM = /^(none|HS\d+)$/i;
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

export function resolveOptions(options: AuthOptions = {}, env: EnvReader = processEnv): ResolvedOptions {
  const debugFlag = options.debug ?? /^(1|true|yes)$/i.test(env('CLERK_DEBUG') ?? '');
  const logger = options.logger ?? (debugFlag ? consoleLogger : undefined);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new ConfigurationError('invalid-option', 'No fetch implementation: pass the fetch option.');
  }
  const fromEnv = (name: EnvOption): string | undefined => env(ENV_VARIABLES[name]);
  const text = (name: EnvOption & keyof AuthOptions): string | undefined =>
    stringOption(name, options[name], fromEnv(name));

  return {
    secretKey: text('secretKey'),
    publishableKey: text('publishableKey'),
    jwtKey: text('jwtKey'),
    jwksUrl: endpointUrl('jwksUrl', text('jwksUrl')),
    apiUrl: (endpointUrl('apiUrl', text('apiUrl')) ?? 'https://api.clerk.com').replace(/\/+$/, ''),
    apiVersion: text('apiVersion') ?? 'v1',
    authorizedParties: Object.freeze(
      stringList(
        'authorizedParties',
        options.authorizedParties ?? fromEnv('authorizedParties'),
        'a list of origins, or one string of comma-separated origins',
      ) ?? [],
    ),
    audience: audienceList(options.audience),
    issuer: options.issuer,
    algorithms: algorithmList(options.algorithms),
    clockSkewInMs: numberOption('clockSkewInMs', options.clockSkewInMs, 5_000, MS),
    jwksCacheTtlInMs: numberOption('jwksCacheTtlInMs', options.jwksCacheTtlInMs, 300_000, MS),
    jwksCooldownInMs: numberOption('jwksCooldownInMs', options.jwksCooldownInMs, 30_000, MS),
    jwksTimeoutInMs: numberOption('jwksTimeoutInMs', options.jwksTimeoutInMs, 5_000, {
      ...MS,
      positive: true,
    }),
    jwksStaleIfErrorInMs: numberOption('jwksStaleIfErrorInMs', options.jwksStaleIfErrorInMs, 86_400_000, MS),
    sessionCookieName: stringOption('sessionCookieName', options.sessionCookieName) ?? '__session',
    signInUrl: text('signInUrl'),
    excludedRoutes: Object.freeze([...(options.excludedRoutes ?? [])]),
    rejectAmbiguousPaths: booleanOption('rejectAmbiguousPaths', options.rejectAmbiguousPaths, true),
    tokenCacheMax: tokenCacheMax(options.tokenCache),
    lookupCacheTtlInMs: numberOption('lookupCacheTtlInMs', options.lookupCacheTtlInMs, 60_000, MS),
    lookupNotFoundTtlInMs: numberOption('lookupNotFoundTtlInMs', options.lookupNotFoundTtlInMs, 5_000, MS),
    apiTimeoutInMs: numberOption('apiTimeoutInMs', options.apiTimeoutInMs, 5_000, { ...MS, positive: true }),
    acceptsToken: acceptedTypes(options.acceptsToken),
    machineSecretKey: text('machineSecretKey'),
    machineTokenCacheTtlInMs: numberOption(
      'machineTokenCacheTtlInMs',
      options.machineTokenCacheTtlInMs,
      10_000,
      MS,
    ),
    machineVerifyConcurrency: numberOption('machineVerifyConcurrency', options.machineVerifyConcurrency, 32, {
      positive: true,
      integer: true,
    }),
    cacheStore: options.cacheStore,
    treatPendingAsSignedOut: booleanOption('treatPendingAsSignedOut', options.treatPendingAsSignedOut, true),
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
