import type { RequestState } from '@sessionguard/core';
import { signedInAuthObject } from '@sessionguard/core/internal/auth/auth-object.js';
import { createBackendApi } from '@sessionguard/core/internal/backend-api/lookups.js';
import { createBrowserSession } from '@sessionguard/core/internal/browser/browser-session.js';
import type { SessionVerification } from '@sessionguard/core/internal/browser/deps.js';
import {
  type BrowserSettings,
  resolveBrowserSettings,
} from '@sessionguard/core/internal/browser/settings.js';
import { nodePlatform } from '@sessionguard/core/internal/crypto/node-platform.js';
import { chooseKeySource } from '@sessionguard/core/internal/keys/choose-key-source.js';
import { cookieSuffixFromPublishableKey } from '@sessionguard/core/internal/keys/publishable-key.js';
import { type AuthOptions, resolveOptions } from '@sessionguard/core/internal/options.js';
import { TokenVerifier } from '@sessionguard/core/internal/verify/token-verifier.js';
import type { TestIssuer } from '@sessionguard/testing';
import { FakeClock } from '../core/helpers.js';

export type Instance = 'development' | 'production';

/** The publishable key of the issuer's host for either instance (`pk_test_` / `pk_live_`). */
export function publishableKeyOf(issuer: TestIssuer, instance: Instance): string {
  const prefix = instance === 'production' ? 'pk_live_' : 'pk_test_';
  return `${prefix}${Buffer.from(`${issuer.host}$`).toString('base64')}`;
}

export function suffixOf(issuer: TestIssuer, instance: Instance): string {
  return cookieSuffixFromPublishableKey(publishableKeyOf(issuer, instance));
}

export interface Harness {
  readonly session: ReturnType<typeof createBrowserSession>;
  readonly settings: BrowserSettings;
  readonly clock: FakeClock;
  readonly warnings: string[];
}

/**
 * The browser layer wired as the authenticator will wire it, from real parts only: the options
 * resolved as the authenticator resolves them, the issuer's keys over HTTP, the §4.1 verifier and
 * the signed-in auth object. Only the clock is fake.
 */
export function harness(
  issuer: TestIssuer,
  instance: Instance,
  extra: AuthOptions & { handshake?: boolean; proxyUrl?: string } = {},
  clock = new FakeClock(),
): Harness {
  const { handshake, proxyUrl, ...rest } = extra;
  const options = resolveOptions(
    {
      publishableKey: publishableKeyOf(issuer, instance),
      secretKey: issuer.secretKey,
      apiUrl: issuer.url,
      now: clock.now,
      ...rest,
    },
    () => undefined,
  );
  const settings = resolveBrowserSettings({ ...options, handshake, proxyUrl });
  if (settings === undefined) throw new Error('no browser settings');
  const keys = chooseKeySource(options, nodePlatform);
  const verifier = new TokenVerifier(options, keys, nodePlatform);
  const relaxed = new TokenVerifier(
    { ...options, clockSkewInMs: 86_400_000, tokenCacheMax: 0 },
    keys,
    nodePlatform,
  );
  const { lookups } = createBackendApi(options);
  const warnings: string[] = [];
  const session = createBrowserSession(settings, {
    verifySession: (token, opts) =>
      opts?.clockSkewInMs === undefined ? verifier.verifyEntry(token) : relaxed.verifyEntry(token),
    knownClaims: (token) => verifier.knownClaims(token),
    signedIn: (verification: SessionVerification): RequestState => ({
      status: 'signed-in',
      reason: null,
      auth: signedInAuthObject(verification.token, verification.claims, lookups),
      tokenType: 'session_token',
      token: verification.token,
      headers: {},
      location: null,
      setCookie: [],
    }),
    keys,
    platform: nodePlatform,
    fetch: options.fetch,
    now: clock.now,
    warn: (line) => warnings.push(line),
  });
  return { session, settings, clock, warnings };
}

export const APP_HOST = 'app.example.test';

/** A browser navigation (GET, sec-fetch-dest document) or a fetch() (sec-fetch-dest empty). */
export function browserRequest(
  kind: 'navigation' | 'fetch' | 'post',
  cookie: string,
  path = '/page?a=1',
  headers: Record<string, string> = {},
): { method: string; url: string; headers: Record<string, string> } {
  const base: Record<string, string> = { host: APP_HOST, ...headers };
  if (cookie !== '') base.cookie = cookie;
  if (kind === 'navigation') {
    base['sec-fetch-dest'] = 'document';
    base.accept = 'text/html,application/xhtml+xml';
  } else {
    base['sec-fetch-dest'] = 'empty';
    base.accept = '*/*';
  }
  return { method: kind === 'post' ? 'POST' : 'GET', url: path, headers: base };
}

export async function run(h: Harness, request: ReturnType<typeof browserRequest>): Promise<RequestState> {
  return h.session.authenticateCookies(request);
}

export function cookies(pairs: Record<string, string | undefined>): string {
  return Object.entries(pairs)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}

/** The query of a handshake Location, as a map. */
export function handshakeQuery(state: RequestState): URLSearchParams {
  if (state.location == null) throw new Error(`no location: ${state.status}/${state.reason}`);
  return new URL(state.location).searchParams;
}
