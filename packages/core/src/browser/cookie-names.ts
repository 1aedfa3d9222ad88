/** A cookie that comes plain or suffixed with the instance's suffix (SPEC §12.2). */
export interface CookiePair {
  readonly plain: string;
  readonly suffixed: string;
}

/** Every cookie SPEC §12 reads, named once per tenant. */
export interface BrowserCookieNames {
  readonly session: CookiePair;
  readonly clientUat: CookiePair;
  readonly devBrowser: CookiePair;
  /** Always read suffixed; the plain name is our fallback. */
  readonly refresh: CookiePair;
  /** Never suffixed. */
  readonly handshake: string;
  readonly handshakeNonce: string;
  readonly redirectCount: string;
}

/** Query parameters of the handshake flow (Clerk's names). */
export const HANDSHAKE_PARAM = '__clerk_handshake';
export const HANDSHAKE_NONCE_PARAM = '__clerk_handshake_nonce';
export const HANDSHAKE_HELP_PARAM = '__clerk_help';
export const DEV_BROWSER_PARAM = '__clerk_db_jwt';
export const LEGACY_DEV_BROWSER_PARAM = '__dev_session';

function pair(plain: string, suffix: string): CookiePair {
  return Object.freeze({ plain, suffixed: `${plain}_${suffix}` });
}

export function browserCookieNames(sessionCookieName: string, suffix: string): BrowserCookieNames {
  return Object.freeze({
    session: pair(sessionCookieName, suffix),
    clientUat: pair('__client_uat', suffix),
    devBrowser: pair(DEV_BROWSER_PARAM, suffix),
    refresh: pair('__refresh', suffix),
    handshake: HANDSHAKE_PARAM,
    handshakeNonce: HANDSHAKE_NONCE_PARAM,
    redirectCount: '__clerk_redirect_count',
  });
}
