import { type RequestLike, readHeader, requestMethod, requestUrl } from '../token/request-like.js';
import { usesSuffixedCookies } from './cookie-choice.js';
import type { CookieJar } from './cookie-jar.js';
import { DEV_BROWSER_PARAM, HANDSHAKE_NONCE_PARAM, HANDSHAKE_PARAM } from './cookie-names.js';
import type { BrowserDeps } from './deps.js';
import { isNavigation } from './navigation.js';
import { publicUrl } from './public-url.js';
import type { BrowserSettings } from './settings.js';
import { createTokenPeek, type TokenPeek } from './token-peek.js';

/** Where a handshake token or nonce came from. */
export type Transport = { kind: 'token' | 'nonce'; value: string; source: 'cookie' | 'query' };

/** One request as SPEC §12 reads it: built once, every rule reads the same values. */
export interface BrowserRequest {
  readonly request: RequestLike;
  readonly method: string;
  readonly navigation: boolean;
  readonly jar: CookieJar;
  /** SPEC §12.2's choice, also sent as `suffixed_cookies`. */
  readonly suffixed: boolean;
  /** The chosen session cookie, when one was sent. */
  readonly sessionCookie: string | undefined;
  /** The chosen `__client_uat`, raw (undefined when absent) and as Clerk reads it (an integer, 0 when not one). */
  readonly clientUatRaw: string | undefined;
  readonly clientUat: number;
  readonly refreshToken: string | undefined;
  readonly redirectCount: number;
  readonly peek: TokenPeek;
  readonly nowMs: number;
  /** The public URL (SPEC §12.1), parsed on first use; undefined when the request gives no origin. */
  url(): URL | undefined;
  /** A query parameter of the public URL (first value), null when absent. */
  query(name: string): string | null;
  /** The dev browser token: the query parameter first, then the chosen cookie (development only). */
  devBrowser(): string | undefined;
  /** The handshake transport: nonce before token; query only on development (ours). */
  transport(): Transport | undefined;
}

function clientUatNumber(raw: string | undefined): number {
  const parsed = Number.parseInt(raw ?? '', 10);
  return Number.isNaN(parsed) ? 0 : parsed;
}

/** Builds the request view, or names a cookie sent twice with two values (token-ambiguous). */
export function readBrowserRequest(
  request: RequestLike,
  settings: BrowserSettings,
  deps: Pick<BrowserDeps, 'platform' | 'knownClaims'>,
  nowMs: number,
): BrowserRequest | { ambiguous: string } {
  const jarOrAmbiguous = settings.readCookies(readHeader(request, 'cookie'));
  if ('ambiguous' in jarOrAmbiguous) return jarOrAmbiguous;
  const jar = jarOrAmbiguous;
  const peek = createTokenPeek(deps.platform, deps.knownClaims);
  const suffixed = usesSuffixedCookies(jar, {
    instance: settings.instance,
    frontendApiHost: settings.frontendApiHost,
    frontendApiIssuers: settings.frontendApiIssuers,
    nowMs,
    peek,
  });
  const method = requestMethod(request);
  const clientUatRaw = suffixed ? jar.clientUatSuffixed : jar.clientUat;
  let parsedUrl: URL | undefined | null = null;
  let params: URLSearchParams | undefined;
  const url = (): URL | undefined => {
    if (parsedUrl === null) parsedUrl = publicUrl(request);
    return parsedUrl;
  };
  // Without a `?` in the request's URL the public URL has no query either: most navigations build no URL.
  const hasQuery = requestUrl(request).includes('?');
  const query = (name: string): string | null => {
    if (!hasQuery) return null;
    const current = url();
    if (current === undefined || current.search.length <= 1) return null;
    params ??= new URLSearchParams(current.search);
    return params.get(name);
  };
  const development = settings.instance === 'development';
  return {
    request,
    method,
    navigation: isNavigation(method, request),
    jar,
    suffixed,
    sessionCookie: suffixed ? jar.sessionSuffixed : jar.session,
    clientUatRaw,
    clientUat: clientUatNumber(clientUatRaw),
    refreshToken: jar.refreshSuffixed ?? jar.refresh,
    redirectCount: Number(jar.redirectCount) || 0,
    peek,
    nowMs,
    url,
    query,
    devBrowser: () =>
      (development ? query(DEV_BROWSER_PARAM) || undefined : undefined) ??
      (suffixed ? jar.devBrowserSuffixed : jar.devBrowser),
    transport(): Transport | undefined {
      const nonceQuery = development ? query(HANDSHAKE_NONCE_PARAM) : null;
      if (nonceQuery) return { kind: 'nonce', value: nonceQuery, source: 'query' };
      if (jar.handshakeNonce !== undefined)
        return { kind: 'nonce', value: jar.handshakeNonce, source: 'cookie' };
      const tokenQuery = development ? query(HANDSHAKE_PARAM) : null;
      if (tokenQuery) return { kind: 'token', value: tokenQuery, source: 'query' };
      if (jar.handshake !== undefined) return { kind: 'token', value: jar.handshake, source: 'cookie' };
      return undefined;
    },
  };
}
