import { createHash } from 'node:crypto';

/** Cookie and query names of Clerk's browser protocol (SPEC §12). */
export const COOKIE = {
  session: '__session',
  clientUat: '__client_uat',
  devBrowser: '__clerk_db_jwt',
  refresh: '__refresh',
  handshake: '__clerk_handshake',
  handshakeNonce: '__clerk_handshake_nonce',
  /** The Frontend API's own cookie naming the browser's client (production). */
  client: '__client',
} as const;

/** Ten years, as Clerk gives `__client_uat`. */
const CLIENT_UAT_MAX_AGE = 315_360_000;
const EXPIRED = 'Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0';

/** Clerk's per-instance cookie suffix: the first 8 characters of base64url(SHA-1(publishable key)). */
export function cookieSuffix(publishableKey: string): string {
  return createHash('sha1').update(publishableKey).digest('base64url').slice(0, 8);
}

/** The `name=value` pairs of a `Cookie` header; the first of two same-named cookies wins, as browsers send the most specific first. */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(at + 1).trim());
  }
  return cookies;
}

/** Attributes every cookie the issuer hands an app carries: `Path=/`, and `Secure` only on https. */
export interface CookieScope {
  secure: boolean;
}

function attributes(scope: CookieScope, extra: string): string {
  return `Path=/${scope.secure ? '; Secure' : ''}; SameSite=Lax${extra}`;
}

export function setCookie(name: string, value: string, scope: CookieScope, extra = ''): string {
  return `${name}=${value}; ${attributes(scope, extra)}`;
}

export function clearCookie(name: string, scope: CookieScope): string {
  return `${name}=; ${attributes(scope, `; ${EXPIRED}`)}`;
}

export function setClientUat(name: string, value: number, scope: CookieScope): string {
  return setCookie(name, String(value), scope, `; Max-Age=${CLIENT_UAT_MAX_AGE}`);
}
