import type { TestIssuer } from '@sessionguard/testing';
import { decodeJwt } from './helpers.js';

/** A browser's cookies for one site, as a test keeps them: name → value. */
export type CookieJar = Map<string, string>;

export function jarOf(cookieHeader: string): CookieJar {
  const jar: CookieJar = new Map();
  for (const pair of cookieHeader.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  return jar;
}

export function cookieHeaderOf(jar: CookieJar): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** Applies `Set-Cookie` values as a browser would: an empty value or `Max-Age=0` deletes the cookie. */
export function applySetCookies(jar: CookieJar, setCookies: readonly string[]): CookieJar {
  for (const directive of setCookies) {
    const [pair = ''] = directive.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    if (value === '' || /;\s*Max-Age=0(;|$)/i.test(directive)) jar.delete(name);
    else jar.set(name, value);
  }
  return jar;
}

/** The name and value of a `Set-Cookie` directive. */
export function cookieOf(directive: string): { name: string; value: string } {
  const [pair = ''] = directive.split(';');
  const at = pair.indexOf('=');
  return { name: pair.slice(0, at), value: pair.slice(at + 1) };
}

/** The value of the first directive setting `name`. */
export function directiveValue(directives: readonly string[], name: string): string | undefined {
  return directives.map(cookieOf).find((cookie) => cookie.name === name)?.value;
}

/** A GET that does not follow redirects. */
export function getManual(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { redirect: 'manual', headers });
}

/** The directives a handshake token carries (the tests decode by hand, trusting no JWT library). */
export function directivesOf(handshakeToken: string): string[] {
  const { payload } = decodeJwt(handshakeToken);
  const list = payload.handshake;
  if (!Array.isArray(list)) throw new Error('handshake token without a handshake claim');
  return list as string[];
}

/** The handshake URL as Clerk's SDK builds it (the query order of SPEC §12.4). */
export function handshakeUrl(
  issuer: TestIssuer,
  redirectUrl: string,
  extra: Record<string, string> = {},
): string {
  const url = new URL('/v1/client/handshake', issuer.url);
  url.searchParams.set('redirect_url', redirectUrl);
  url.searchParams.set('__clerk_api_version', '2026-05-12');
  url.searchParams.set('suffixed_cookies', 'false');
  url.searchParams.set('__clerk_hs_reason', 'session-token-expired-refresh-non-eligible-no-refresh-cookie');
  for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
  return url.href;
}
