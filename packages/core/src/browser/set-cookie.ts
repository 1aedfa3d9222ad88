import { stringifySetCookie } from 'cookie';
import type { BrowserCookieNames } from './cookie-names.js';

// A Set-Cookie value is written into a response header as is: a CR, LF or NUL would split it
// (tabs too are refused: no cookie directive needs one).
const UNSAFE = /\p{Cc}/u;

/** Directives from the network (a handshake payload, a refresh) that are safe to send as headers. */
export function isSafeDirective(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 8192 && !UNSAFE.test(value);
}

/** The cookie name of a Set-Cookie directive (Clerk's reading: before the first `=` of the first pair). */
export function directiveName(directive: string): string {
  const pair = directive.split(';', 1)[0] ?? '';
  const equals = pair.indexOf('=');
  return (equals === -1 ? pair : pair.slice(0, equals)).trim();
}

/** Its value: after that `=`, up to the first `;`. */
export function directiveValue(directive: string): string {
  const pair = directive.split(';', 1)[0] ?? '';
  const equals = pair.indexOf('=');
  return equals === -1 ? '' : pair.slice(equals + 1).trim();
}

/**
 * The session of a list of directives: the value of the last one whose name starts with the session
 * cookie's name (`__session` and `__session_<suffix>` alike); '' when none sets one (Clerk).
 */
export function sessionFromDirectives(directives: readonly string[], sessionCookieName: string): string {
  let session = '';
  for (const directive of directives) {
    if (directiveName(directive).startsWith(sessionCookieName)) session = directiveValue(directive);
  }
  return session;
}

/** Whether a list of directives sets (or clears) a session cookie: its response must not be cached. */
export function setsSessionCookie(directives: readonly string[], sessionCookieName: string): boolean {
  return directives.some((directive) => directiveName(directive).startsWith(sessionCookieName));
}

/**
 * SPEC §12.4: `__clerk_redirect_count=<n>`, two seconds long, for the whole site (ours: Path=/ and
 * Secure on https; Clerk sets neither).
 */
export function redirectCountCookie(names: BrowserCookieNames, count: number, secure: boolean): string {
  return stringifySetCookie({
    name: names.redirectCount,
    value: String(count),
    path: '/',
    maxAge: 2,
    sameSite: 'lax',
    httpOnly: true,
    ...(secure ? { secure: true } : {}),
  });
}

const IP_HOST = /^(\d{1,3}(\.\d{1,3}){3}|\[.*\])$/;

/**
 * SPEC §12.5 (ours): deletions of the stale handshake cookies. Production's Frontend API
 * (`clerk.<domain>`) sets them on the app's registrable domain, so each also goes out with that
 * `Domain`; the host-only deletion covers the development issuer and loopback hosts.
 */
export function handshakeCookieDeletions(
  names: BrowserCookieNames,
  frontendApiHost: string,
  which: readonly ('token' | 'nonce')[],
  secure: boolean,
): string[] {
  const hostname = frontendApiHost.replace(/:\d+$/, '');
  const labels = hostname.split('.');
  const domain = IP_HOST.test(hostname) || labels.length < 3 ? undefined : labels.slice(1).join('.');
  const deletions: string[] = [];
  for (const kind of which) {
    const name = kind === 'token' ? names.handshake : names.handshakeNonce;
    const base = { name, value: '', path: '/', maxAge: 0, ...(secure ? { secure: true } : {}) };
    deletions.push(stringifySetCookie(base));
    if (domain !== undefined) deletions.push(stringifySetCookie({ ...base, domain }));
  }
  return deletions;
}
