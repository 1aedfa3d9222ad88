import { BrowserSessionReason } from '../errors.js';
import type { RequestState } from '../request-state.js';
import { classifyToken } from '../token/classify-token.js';
import { isPromise, type MaybePromise } from '../types/maybe-promise.js';
import type { BrowserRequest } from './browser-request.js';
import { DEV_BROWSER_PARAM } from './cookie-names.js';
import { asVerificationError, type BrowserDeps, type SessionVerification } from './deps.js';
import { type Carried, handshakeOrSignedOut } from './handshake-redirect.js';
import type { BrowserSettings } from './settings.js';
import { browserSignedOut, withExtras } from './states.js';
import { afterVerificationFailure } from './token-failure.js';
import { sessionTokenClaims } from './token-peek.js';

const NO_EXTRAS = Object.freeze({});

function carriedExtras(carried: Carried) {
  if (carried.setCookie.length === 0 && carried.authMessage === undefined) return NO_EXTRAS;
  return {
    ...(carried.setCookie.length === 0 ? {} : { setCookie: carried.setCookie }),
    ...(carried.authMessage === undefined ? {} : { authMessage: carried.authMessage }),
  };
}

/**
 * SPEC §12.3 steps 2–9: the cookie path of a request without a token in its Authorization header
 * (step 1, the handshake resolution, runs before it). `carried` is what a failed resolution hands on.
 */
export function cookiePath<V extends SessionVerification>(
  request: BrowserRequest,
  settings: BrowserSettings,
  deps: BrowserDeps<V>,
  carried: Carried,
): MaybePromise<RequestState> {
  const session = request.sessionCookie;
  const warn = deps.warn ?? console.warn;
  const handshake = (reason: string, message: string): RequestState =>
    handshakeOrSignedOut(
      request,
      settings,
      { reason, message, tokenType: session === undefined ? null : 'session_token', sessionToken: session },
      carried,
      warn,
    );
  const signedOut = (reason: string, message: string, tokenType: RequestState['tokenType']): RequestState =>
    browserSignedOut(reason, message, tokenType, carriedExtras(carried));

  if (settings.instance === 'development') {
    if (request.query(DEV_BROWSER_PARAM) !== null) {
      return handshake(
        BrowserSessionReason.DevBrowserSync,
        'A dev browser token arrived in the URL: sync it.',
      );
    }
    if (request.devBrowser() === undefined) {
      return handshake(
        BrowserSessionReason.DevBrowserMissing,
        'No dev browser token (development instance).',
      );
    }
  }
  const hasClient = request.clientUat !== 0;
  if (!hasClient && session === undefined) {
    return signedOut(
      BrowserSessionReason.SessionTokenAndUatMissing,
      'No session cookie and no active client.',
      null,
    );
  }
  if (!hasClient) {
    return handshake(
      BrowserSessionReason.SessionTokenButNoClientUat,
      'A session cookie, but __client_uat says signed out.',
    );
  }
  if (session === undefined) {
    return handshake(
      BrowserSessionReason.ClientUatButNoSessionToken,
      '__client_uat says signed in, but no session cookie.',
    );
  }
  let iat: unknown;
  try {
    iat = sessionTokenClaims(session, deps.platform, deps.knownClaims).iat;
  } catch (error) {
    const { reason, message } = asVerificationError(error);
    return signedOut(reason, message, classifyToken(session, deps.platform) ?? null);
  }
  if (typeof iat === 'number' && iat < request.clientUat) {
    return handshake(
      BrowserSessionReason.SessionTokenIatBeforeClientUat,
      'The session cookie is older than the client (signed in or switched elsewhere).',
    );
  }
  const onFailure = (error: unknown): MaybePromise<RequestState> =>
    afterVerificationFailure(request, settings, deps, asVerificationError(error), session, carried);
  const onVerified = (verification: V): RequestState =>
    withExtras(deps.signedIn(verification), carriedExtras(carried));
  let verified: MaybePromise<V>;
  try {
    verified = deps.verifySession(session);
  } catch (error) {
    return onFailure(error);
  }
  return isPromise(verified) ? verified.then(onVerified, onFailure) : onVerified(verified);
}
