// The session path: a token that is a JWT (or unknown) and a call that accepts session tokens, to
// a request state (SPEC §3, §4). Built once per authenticator. A browser-session layer (SPEC §12:
// cookies, __client_uat, the handshake) wraps authenticateSession; the machine path is not involved.

import type { CryptoPlatform } from '../crypto/platform.js';
import type { RequestState } from '../request-state.js';
import { classifyToken } from '../token/classify-token.js';
import type { ExtractedToken } from '../token/extract-token.js';
import type { RequestLike } from '../token/request-like.js';
import { isPromise, type MaybePromise } from '../types/maybe-promise.js';
import type { SessionClaims } from '../types/session-claims.js';
import type { TokenVerifier, Verification } from '../verify/token-verifier.js';
import { asVerificationError, type FailureOf } from './failures.js';
import { type SignedInStates, signedOutState } from './states.js';

/** A token that was found (not the "no token" outcomes of extraction). */
export type FoundToken = Extract<ExtractedToken, { token: string }>;

export interface SessionPath {
  /**
   * The state of a request whose token (found in `extracted`) is to be verified as a session
   * token. A cached token is answered now, without a promise; never throws, never rejects.
   */
  authenticateSession(request: RequestLike, extracted: FoundToken): MaybePromise<RequestState>;
  /** The claims of a session token; rejects with TokenVerificationError. */
  verifyToken(token: string): Promise<SessionClaims>;
}

function claimsOf(verification: Verification): SessionClaims {
  return verification.claims;
}

export function createSessionPath(
  verifier: TokenVerifier,
  states: SignedInStates,
  failureOf: FailureOf,
  platform: CryptoPlatform,
): SessionPath {
  /** `token` names the presented token's type on the state; only read when there is a failure. */
  function failed(error: unknown, token: string): RequestState {
    const { reason, message } = failureOf(error);
    return signedOutState(reason, message, classifyToken(token, platform) ?? null);
  }

  // A cached token is answered without awaiting anything: the verifier answers it synchronously.
  function verifySession(token: string): MaybePromise<RequestState> {
    try {
      const result = verifier.verifyEntry(token);
      if (isPromise(result)) {
        return result.then(
          (entry) => {
            try {
              return states.session(entry);
            } catch (error) {
              return failed(error, token);
            }
          },
          (error: unknown) => failed(error, token),
        );
      }
      return states.session(result);
    } catch (error) {
      return failed(error, token);
    }
  }

  return {
    authenticateSession(_request, extracted) {
      return verifySession(extracted.token);
    },
    // Not async: one resolved promise around the eager answer; errors still arrive as rejections.
    verifyToken(token) {
      try {
        const result = verifier.verifyEntry(token);
        if (isPromise(result)) return result.then(claimsOf, asVerificationError);
        return Promise.resolve(result.claims);
      } catch (error) {
        return asVerificationError(error);
      }
    },
  };
}
