import { BrowserSessionReason, TokenVerificationErrorReason as Reason } from '../errors.js';
import type { RequestState } from '../request-state.js';
import { type RequestLike, readHeader } from '../token/request-like.js';

// SPEC §12.3 steps 2, 3 and 5 are decided before (or without) a session cookie.
const BROWSER_BEFORE_SESSION: ReadonlySet<string> = new Set([
  BrowserSessionReason.DevBrowserSync,
  BrowserSessionReason.DevBrowserMissing,
  BrowserSessionReason.SessionTokenAndUatMissing,
  BrowserSessionReason.ClientUatButNoSessionToken,
]);

/**
 * Whether the signed-out request carried a token, for RFC 6750's challenge (SPEC §6): not for
 * `session-token-missing` or an excluded route; for a browser step decided before the session
 * cookie, only when the state names a token type or an Authorization header came.
 */
export function tokenWasSent(state: RequestState, request: RequestLike): boolean {
  const reason = state.reason ?? Reason.SessionTokenMissing;
  if (reason === Reason.SessionTokenMissing || reason === Reason.RouteExcluded) return false;
  if (!BROWSER_BEFORE_SESSION.has(reason)) return true;
  return state.tokenType !== null || readHeader(request, 'authorization') !== undefined;
}
