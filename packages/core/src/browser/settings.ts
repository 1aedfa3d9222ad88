import { ConfigurationError } from '../errors.js';
import { cookieSuffixFromPublishableKey, frontendApiFromPublishableKey } from '../keys/publishable-key.js';
import { type EnvReader, processEnv } from '../util/env.js';
import { isLoopbackHostname } from '../util/loopback.js';
import { type BrowserCookieNames, browserCookieNames } from './cookie-names.js';

/** The options of SPEC §12.1, as an app gives them (each falls back to its env variable). */
export interface BrowserOptions {
  /** Default true; false never answers a 307 and never resolves a handshake. */
  handshake?: boolean | undefined;
  /** `CLERK_PROXY_URL`: the Frontend API base when a proxy serves it (absolute, or a path). */
  proxyUrl?: string | undefined;
  /** `CLERK_IS_SATELLITE`: satellites are not supported yet; true is a ConfigurationError. */
  isSatellite?: boolean | undefined;
  /** `CLERK_DOMAIN`: ignored without `isSatellite` (Clerk). */
  domain?: string | undefined;
}

/** What the browser layer reads of the resolved options, besides its own. */
export interface BrowserSettingsInput extends BrowserOptions {
  readonly publishableKey: string | undefined;
  readonly secretKey: string | undefined;
  readonly apiUrl: string;
  readonly apiVersion: string;
  readonly apiTimeoutInMs: number;
  readonly sessionCookieName: string;
  readonly clockSkewInMs: number;
}

export type InstanceType = 'development' | 'production';

/** Everything §12 needs per tenant, built once at construction. */
export interface BrowserSettings {
  readonly instance: InstanceType;
  /** The Frontend API host of the publishable key (what a session token's `iss` names). */
  readonly frontendApiHost: string;
  /** The Frontend API base without a trailing slash, or a path to resolve against the public origin. */
  readonly frontendApiBase: string;
  readonly handshake: boolean;
  readonly secretKey: string | undefined;
  readonly apiUrl: string;
  readonly apiVersion: string;
  readonly apiTimeoutInMs: number;
  readonly clockSkewInMs: number;
  readonly cookies: BrowserCookieNames;
}

function invalid(option: string, env: string | undefined, expected: string): ConfigurationError {
  const name = env === undefined ? `${option} (an option only; no env variable)` : `${option} (${env})`;
  return new ConfigurationError('invalid-option', `${name} must be ${expected}.`);
}

const TRUE = /^(1|true|yes)$/i;
const FALSE = /^(0|false|no|)$/i;

function booleanOption(
  option: string,
  envName: string | undefined,
  value: unknown,
  fromEnv: string | undefined,
): boolean | undefined {
  if (value !== undefined && value !== null) {
    if (typeof value !== 'boolean') throw invalid(option, envName, 'true or false');
    return value;
  }
  if (fromEnv === undefined) return undefined;
  if (TRUE.test(fromEnv.trim())) return true;
  if (FALSE.test(fromEnv.trim())) return false;
  throw invalid(option, envName, 'true or false');
}

const PROXY_URL =
  'a path starting with one "/" or an absolute https: URL without credentials, query or fragment (http: only for loopback hosts)';

/** An absolute base without trailing slashes, or a path (resolved per request against the public origin). */
function proxyBase(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid('proxyUrl', 'CLERK_PROXY_URL', PROXY_URL);
  if (value.startsWith('/')) {
    if (value.startsWith('//') || value.includes('\\') || /[?#\s]/.test(value)) {
      throw invalid('proxyUrl', 'CLERK_PROXY_URL', PROXY_URL);
    }
    return value.replace(/\/+$/, '');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('proxyUrl', 'CLERK_PROXY_URL', PROXY_URL);
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHostname(url.hostname));
  if (!secure || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw invalid('proxyUrl', 'CLERK_PROXY_URL', PROXY_URL);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** `https://<host>`; `http://` for a loopback host (ours: Clerk always uses https). */
function frontendApiOrigin(host: string): string {
  return `${isLoopbackHostname(new URL(`https://${host}`).hostname) ? 'http' : 'https'}://${host}`;
}

/**
 * SPEC §12.1: the browser settings of a tenant, or undefined without a publishable key (then none of
 * §12 applies). Throws a ConfigurationError for options that cannot work, at construction.
 */
export function resolveBrowserSettings(
  input: BrowserSettingsInput,
  env: EnvReader = processEnv,
): BrowserSettings | undefined {
  const isSatellite = booleanOption(
    'isSatellite',
    'CLERK_IS_SATELLITE',
    input.isSatellite,
    env('CLERK_IS_SATELLITE'),
  );
  if (isSatellite === true) {
    throw new ConfigurationError(
      'invalid-option',
      'isSatellite (CLERK_IS_SATELLITE): satellite domains are not supported yet; leave it unset or false.',
    );
  }
  const handshake = booleanOption('handshake', undefined, input.handshake, undefined) ?? true;
  const proxy = proxyBase(input.proxyUrl ?? env('CLERK_PROXY_URL'));
  const { publishableKey } = input;
  if (!publishableKey) return undefined;
  const frontendApiHost = frontendApiFromPublishableKey(publishableKey);
  return Object.freeze({
    instance: publishableKey.startsWith('pk_live_') ? 'production' : 'development',
    frontendApiHost,
    frontendApiBase: proxy ?? frontendApiOrigin(frontendApiHost),
    handshake,
    secretKey: input.secretKey || undefined,
    apiUrl: input.apiUrl.replace(/\/+$/, ''),
    apiVersion: input.apiVersion,
    apiTimeoutInMs: input.apiTimeoutInMs,
    clockSkewInMs: input.clockSkewInMs,
    cookies: browserCookieNames(input.sessionCookieName, cookieSuffixFromPublishableKey(publishableKey)),
  });
}
