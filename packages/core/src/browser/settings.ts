import { cookieSuffixFromPublishableKey, frontendApiFromPublishableKey } from '../keys/publishable-key.js';
import { proxyUrlOption, satelliteOption } from '../options/browser-options.js';
import type { AuthOptions } from '../options/types.js';
import { booleanOption } from '../options/value-options.js';
import { isLoopbackHostname } from '../util/loopback.js';
import { type CookieJarReader, createCookieJarReader } from './cookie-jar.js';
import { type BrowserCookieNames, browserCookieNames } from './cookie-names.js';
import { frontendApiIssuers } from './frontend-api-issuer.js';

/**
 * The options of SPEC §12.1, as resolveOptions hands them on (each option, else its env variable:
 * read there, in one place).
 */
export type BrowserOptions = {
  [K in 'handshake' | 'proxyUrl' | 'isSatellite' | 'domain']?: AuthOptions[K] | undefined;
};

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
  /** The usual `iss` spellings of that host (SPEC §12.2 rule 2). */
  readonly frontendApiIssuers: readonly string[];
  /** The Frontend API base without a trailing slash, or a path to resolve against the public origin. */
  readonly frontendApiBase: string;
  readonly handshake: boolean;
  readonly secretKey: string | undefined;
  readonly apiUrl: string;
  readonly apiVersion: string;
  readonly apiTimeoutInMs: number;
  readonly clockSkewInMs: number;
  readonly cookies: BrowserCookieNames;
  /** Reads those cookies of a Cookie header. */
  readonly readCookies: CookieJarReader;
}

/** `https://<host>`; `http://` for a loopback host (ours: Clerk always uses https). */
function frontendApiOrigin(host: string): string {
  return `${isLoopbackHostname(new URL(`https://${host}`).hostname) ? 'http' : 'https'}://${host}`;
}

/**
 * SPEC §12.1: the browser settings of a tenant, or undefined without a publishable key (then none of
 * §12 applies). Throws a ConfigurationError for options that cannot work, at construction.
 */
export function resolveBrowserSettings(input: BrowserSettingsInput): BrowserSettings | undefined {
  // Checked again here for a caller that did not go through resolveOptions (a normalized value reads as itself).
  satelliteOption(input.isSatellite ?? undefined);
  const handshake = booleanOption('handshake', input.handshake ?? undefined, true);
  const proxy = proxyUrlOption(input.proxyUrl);
  const { publishableKey } = input;
  if (!publishableKey) return undefined;
  const frontendApiHost = frontendApiFromPublishableKey(publishableKey);
  const cookies = browserCookieNames(input.sessionCookieName, cookieSuffixFromPublishableKey(publishableKey));
  return Object.freeze({
    instance: publishableKey.startsWith('pk_live_') ? 'production' : 'development',
    frontendApiHost,
    frontendApiIssuers: frontendApiIssuers(frontendApiHost),
    frontendApiBase: proxy ?? frontendApiOrigin(frontendApiHost),
    handshake,
    secretKey: input.secretKey || undefined,
    apiUrl: input.apiUrl.replace(/\/+$/, ''),
    apiVersion: input.apiVersion,
    apiTimeoutInMs: input.apiTimeoutInMs,
    clockSkewInMs: input.clockSkewInMs,
    cookies,
    readCookies: createCookieJarReader(cookies),
  });
}
