import {
  BrowserSessionReason,
  TokenVerificationErrorReason as Reason,
  RefreshFailure,
  type TokenVerificationError,
} from '../errors.js';
import type { RequestState } from '../request-state.js';
import type { MaybePromise } from '../types/maybe-promise.js';
import type { BrowserRequest } from './browser-request.js';
import type { BrowserDeps, SessionVerification } from './deps.js';
import { type Carried, handshakeOrSignedOut } from './handshake-redirect.js';
import { refreshSession } from './refresh.js';
import type { BrowserSettings } from './settings.js';
import { browserSignedOut, withExtras } from './states.js';

function handshakeFor(
  request: BrowserRequest,
  settings: BrowserSettings,
  deps: { warn?: ((line: string) => void) | undefined },
  reason: string,
  error: TokenVerificationError,
  sessionToken: string,
  carried: Carried,
): RequestState {
  return handshakeOrSignedOut(
    request,
    settings,
    { reason, message: error.message, tokenType: 'session_token', sessionToken },
    carried,
    deps.warn ?? console.warn,
  );
}

/**
 * SPEC §12.3 step 8 (and the Bearer rule after it): what a failed verification of `token` becomes.
 * An expired token on a GET with a refresh cookie is refreshed first (§12.6); an expired, not yet
 * valid or future-issued token is a handshake; every other failure is signed out with its reason.
 * `sessionToken` is what a handshake sends along and a refresh trades in: the cookie's, else the
 * header's (Clerk).
 */
export function afterVerificationFailure<V extends SessionVerification>(
  request: BrowserRequest,
  settings: BrowserSettings,
  deps: BrowserDeps<V>,
  error: TokenVerificationError,
  sessionToken: string,
  carried: Carried,
): MaybePromise<RequestState> {
  switch (error.reason) {
    case Reason.TokenExpired:
      break;
    case Reason.TokenNotActiveYet:
      return handshakeFor(
        request,
        settings,
        deps,
        BrowserSessionReason.SessionTokenNbf,
        error,
        sessionToken,
        carried,
      );
    case Reason.TokenIatInTheFuture: {
      const reason = BrowserSessionReason.SessionTokenIatInTheFuture;
      return handshakeFor(request, settings, deps, reason, error, sessionToken, carried);
    }
    default:
      return browserSignedOut(error.reason, error.message, 'session_token', {
        setCookie: carried.setCookie,
        ...(carried.authMessage === undefined ? {} : { authMessage: carried.authMessage }),
      });
  }
  const expired = (why: string): RequestState =>
    handshakeFor(
      request,
      settings,
      deps,
      `${BrowserSessionReason.SessionTokenExpiredRefresh}${why}`,
      error,
      sessionToken,
      carried,
    );
  if (request.method !== 'GET') return expired(RefreshFailure.NonEligibleNonGet);
  const { refreshToken } = request;
  if (refreshToken === undefined) return expired(RefreshFailure.NonEligibleNoRefreshCookie);
  return refreshSession(request, sessionToken, refreshToken, settings, deps).then((result) => {
    if ('why' in result) return expired(result.why);
    if (carried.setCookie.length === 0 && carried.authMessage === undefined) return result.state;
    return withExtras(result.state, {
      setCookie: [...carried.setCookie, ...(result.state.setCookie ?? [])],
      ...(carried.authMessage === undefined ? {} : { authMessage: carried.authMessage }),
    });
  });
}
