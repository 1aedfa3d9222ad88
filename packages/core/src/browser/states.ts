import { signedOutAuthObject } from '../auth/auth-object.js';
import { NO_SET_COOKIE, type RequestState, signedOutState } from '../request-state.js';
import type { TokenType } from '../token/token-type.js';

/** What a browser decision adds to a state: cookies, a redirect, a note in x-clerk-auth-message. */
export interface BrowserExtras {
  readonly setCookie?: readonly string[];
  readonly location?: string | null;
  readonly cacheControl?: string;
  /** A fixed identifier (SPEC §12.4–12.5); never a token, never the auth object's message. */
  readonly authMessage?: string;
}

/** Every response that sets a session cookie (ours). */
export const PRIVATE_NO_STORE = 'private, no-store';
/** A redirect: Chrome caches the 307s of inactive tabs, which loops (Clerk). */
export const NO_STORE = 'no-store';

function debugHeaders(status: string, reason: string, extras: BrowserExtras): Record<string, string> {
  const headers: Record<string, string> = { 'x-clerk-auth-status': status, 'x-clerk-auth-reason': reason };
  if (extras.authMessage !== undefined) headers['x-clerk-auth-message'] = extras.authMessage;
  if (extras.cacheControl !== undefined) headers['cache-control'] = extras.cacheControl;
  return headers;
}

/** Signed out with `reason`; `message` goes to the auth object only (never to a header). */
export function browserSignedOut(
  reason: string,
  message: string,
  tokenType: TokenType | null,
  extras: BrowserExtras = {},
): RequestState {
  return signedOutState(
    reason,
    message,
    tokenType,
    debugHeaders('signed-out', reason, extras),
    extras.location ?? null,
    extras.setCookie ?? NO_SET_COOKIE,
  );
}

/** SPEC §12.4: the browser goes through the Frontend API; its auth is signed out with the reason. */
export function handshakeState(
  reason: string,
  message: string,
  tokenType: TokenType | null,
  location: string,
  setCookie: readonly string[],
  authMessage: string | undefined,
): RequestState {
  return {
    status: 'handshake',
    reason,
    auth: signedOutAuthObject(reason, message),
    tokenType,
    token: null,
    headers: debugHeaders('handshake', reason, { cacheControl: NO_STORE, authMessage }),
    location,
    setCookie,
  };
}

/**
 * A signed-in state (the authenticator's own) with what a refresh or a resolution adds. Without
 * extras it is returned as it is, so a plain signed-in request builds nothing.
 */
export function withExtras(state: RequestState, extras: BrowserExtras): RequestState {
  const { setCookie, location, cacheControl, authMessage } = extras;
  if (
    setCookie === undefined &&
    location == null &&
    cacheControl === undefined &&
    authMessage === undefined
  ) {
    return state;
  }
  const headers = { ...state.headers };
  if (cacheControl !== undefined) headers['cache-control'] = cacheControl;
  if (authMessage !== undefined) headers['x-clerk-auth-message'] = authMessage;
  return {
    ...state,
    headers,
    location: location ?? null,
    setCookie: setCookie ?? state.setCookie ?? NO_SET_COOKIE,
  };
}
