// The session path: a token that is a JWT (or unknown) and a call that accepts session tokens, to
// a request state (SPEC §3, §4). Built once per authenticator. With a publishable key the cookies go
// to the browser-session layer instead (SPEC §12; authenticator.ts), which also decides what a
// header token that failed on time alone becomes (`bearerFailure`); the machine path is not involved.

import type { CryptoPlatform } from '../crypto/platform.js';
import { type RequestState, signedOutState } from '../request-state.js';
import { classifyToken } from '../token/classify-token.js';
import type { ExtractedToken, TokenSource } from '../token/extract-token.js';
import type { RequestLike } from '../token/request-like.js';
import { isPromise, type MaybePromise } from '../types/maybe-promise.js';
import type { SessionClaims } from '../types/session-claims.js';
import type { TokenVerifier, Verification } from '../verify/token-verifier.js';
import { asVerificationError, type FailureOf } from './failures.js';
import type { SignedInStates } from './states.js';

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

/**
 * SPEC §12.3's Bearer rule: what a header token that failed verification becomes, or undefined to
 * keep the plain signed-out state (BrowserSession.afterBearerFailure).
 */
export type BearerFailure = (
  request: RequestLike,
  token: string,
  error: unknown,
) => MaybePromise<RequestState> | undefined;

export function createSessionPath(
  verifier: TokenVerifier,
  states: SignedInStates,
  failureOf: FailureOf,
  platform: CryptoPlatform,
  bearerFailure?: BearerFailure,
): SessionPath {
  /** `token` names the presented token's type on the state; only read when there is a failure. */
  function failed(error: unknown, token: string): RequestState {
    const { reason, message } = failureOf(error);
    return signedOutState(reason, message, classifyToken(token, platform) ?? null);
  }

  function verificationFailed(
    request: RequestLike,
    source: TokenSource,
    error: unknown,
    token: string,
  ): MaybePromise<RequestState> {
    const browser = source === 'header' ? bearerFailure?.(request, token, error) : undefined;
    return browser ?? failed(error, token);
  }

  // A cached token is answered without awaiting anything: the verifier answers it synchronously.
  function verifySession(request: RequestLike, { token, source }: FoundToken): MaybePromise<RequestState> {
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
          (error: unknown) => verificationFailed(request, source, error, token),
        );
      }
      return states.session(result);
    } catch (error) {
      return verificationFailed(request, source, error, token);
    }
  }

  return {
    authenticateSession: verifySession,
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
