import { COOKIE, type CookieScope, clearCookie, setClientUat, setCookie } from './browser-cookies.js';

export interface DirectiveOptions {
  scope: CookieScope;
  /** The instance's cookie suffix. */
  suffix: string;
  /** `suffixed_cookies=true`: the suffixed names too (after the plain ones), as Clerk's front end writes both. */
  suffixed: boolean;
  /** Signed in: the new session cookie, `__client_uat` and, when refresh cookies are on, the refresh token. */
  signedIn?: { sessionToken: string; clientUat: number; refreshToken?: string };
  /** Development: the browser's dev browser token, kept on the app's origin (never cleared). */
  devBrowser?: string;
  /** Production: delete the transport cookies, as Clerk's Frontend API does once they have done their job. */
  deleteTransport?: boolean;
}

/**
 * The `Set-Cookie` directives the Frontend API sends an app (SPEC §12.7). The session cookie comes
 * last, so "the last `__session*` directive" is the new session. Signed out clears the session and
 * refresh cookies and sets `__client_uat=0`.
 */
export function buildDirectives(options: DirectiveOptions): string[] {
  const { scope, suffix, signedIn } = options;
  const names = (base: string): string[] => (options.suffixed ? [base, `${base}_${suffix}`] : [base]);
  const directives: string[] = [];
  if (options.deleteTransport) {
    directives.push(clearCookie(COOKIE.handshake, scope), clearCookie(COOKIE.handshakeNonce, scope));
  }
  if (options.devBrowser !== undefined) {
    for (const name of names(COOKIE.devBrowser)) directives.push(setCookie(name, options.devBrowser, scope));
  }
  const refresh = `${COOKIE.refresh}_${suffix}`;
  if (!signedIn) {
    directives.push(clearCookie(refresh, scope));
    for (const name of names(COOKIE.clientUat)) directives.push(setClientUat(name, 0, scope));
    for (const name of names(COOKIE.session)) directives.push(clearCookie(name, scope));
    return directives;
  }
  if (signedIn.refreshToken !== undefined) {
    directives.push(setCookie(refresh, signedIn.refreshToken, scope, '; HttpOnly'));
  }
  for (const name of names(COOKIE.clientUat)) directives.push(setClientUat(name, signedIn.clientUat, scope));
  for (const name of names(COOKIE.session)) directives.push(setCookie(name, signedIn.sessionToken, scope));
  return directives;
}
