// AuthOptions to ResolvedOptions: each option, else its env variable, else its default (SPEC §2.1).

import { ConfigurationError } from './errors.js';
import { authorizedPartiesOption } from './options/authorized-parties.js';
import { envBooleanOption, proxyUrlOption, satelliteOption } from './options/browser-options.js';
import { acceptedTypes, algorithmList } from './options/enum-options.js';
import { ENV_VARIABLES, type EnvOption } from './options/option-errors.js';
import type { AuthOptions, ResolvedOptions } from './options/types.js';
import { endpointUrl } from './options/url-options.js';
import {
  audienceList,
  booleanOption,
  MS,
  numberOption,
  stringOption,
  tokenCacheMax,
} from './options/value-options.js';
import type { Logger } from './types/logger.js';
import { type EnvReader, processEnv } from './util/env.js';

export { acceptedTypes } from './options/enum-options.js';
export type { AuthOptions, ResolvedOptions, TokenCacheOptions } from './options/types.js';

/** SPEC §2.1: an option given as null is not given (`publishableKey: null` is no publishable key). */
function givenOptions(options: AuthOptions): AuthOptions {
  const entries = Object.entries(options);
  if (!entries.some(([, value]) => value === null)) return options;
  return Object.fromEntries(entries.filter(([, value]) => value !== null)) as AuthOptions;
}

export function resolveOptions(input: AuthOptions = {}, env: EnvReader = processEnv): ResolvedOptions {
  const options = givenOptions(input);
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
    authorizedParties: authorizedPartiesOption(options.authorizedParties, fromEnv('authorizedParties')),
    audience: audienceList(options.audience),
    issuer: options.issuer,
    algorithms: algorithmList(options.algorithms),
    clockSkewInMs: numberOption('clockSkewInMs', options.clockSkewInMs, 5_000, MS),
    jwksCacheTtlInMs: numberOption('jwksCacheTtlInMs', options.jwksCacheTtlInMs, 300_000, MS),
    jwksCooldownInMs: numberOption('jwksCooldownInMs', options.jwksCooldownInMs, 10_000, MS),
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
    handshake: booleanOption('handshake', options.handshake, true),
    proxyUrl: proxyUrlOption(text('proxyUrl')),
    isSatellite: satelliteOption(
      envBooleanOption('isSatellite', options.isSatellite, fromEnv('isSatellite')),
    ),
    domain: text('domain'),
    logger,
    fetch: fetchImpl,
    now: options.now ?? Date.now,
  };
}

const consoleLogger: Logger = {
  debug(message, data) {
    console.debug(`[sessionguard] ${message}`, data ?? '');
  },
  warn(message, data) {
    console.warn(`[sessionguard] ${message}`, data ?? '');
  },
};
