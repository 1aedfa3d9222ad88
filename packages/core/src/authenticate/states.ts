// The request states an authenticator hands out, built in one place: signed out (with a reason),
// signed in with a session, signed in with a machine token. The signed-in ones are frozen and kept
// per verification or verdict, so a repeat request builds none.

import { signedInAuthObject } from '../auth/auth-object.js';
import type { Lookups } from '../backend-api/types.js';
import { TokenVerificationErrorReason as Reason } from '../errors.js';
import { type MachineAuthObject, unauthenticatedMachineAuth } from '../machine/machine-auth.js';
import { NO_SET_COOKIE, type RequestState, signedOutState } from '../request-state.js';
import { type MachineTokenType, TOKEN_TYPE_NAMES, type TokenType } from '../token/token-type.js';
import { remember } from '../util/remember.js';
import type { Verification } from '../verify/token-verifier.js';
import type { Failure } from './failures.js';

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** A token of a type the call does not accept: signed out, and no verification was made. */
export function mismatchState(type: TokenType, accepts: readonly TokenType[]): RequestState {
  return signedOutState(
    Reason.TokenTypeMismatch,
    `The token is ${TOKEN_TYPE_NAMES[type]}, which is not accepted here (acceptsToken: ${accepts.join(', ')}).`,
    type,
  );
}

/** An accepted machine type that did not verify: Clerk's unauthenticated object of that type. */
export function machineFailedState(failure: Failure, type: MachineTokenType): RequestState {
  return {
    ...signedOutState(failure.reason, failure.message, type),
    auth: unauthenticatedMachineAuth(type, failure.reason, failure.message),
  };
}

/** Signed-in states, each built once per kept verification or machine verdict. */
export interface SignedInStates {
  session(verification: Verification): RequestState;
  machine(auth: MachineAuthObject, token: string): RequestState;
}

export function createSignedInStates(lookups: Lookups): SignedInStates {
  // The signed-in state of each kept verification (a cached token, from its first repeat on): built
  // once, then a repeat request costs one WeakMap lookup. It goes when the cache entry goes.
  const sessionStates = new WeakMap<Verification, RequestState>();
  // A machine verdict in use hands back the same auth object, so its repeats build no state.
  const machineStates = new WeakMap<MachineAuthObject, RequestState>();

  function sessionState(verification: Verification): RequestState {
    return Object.freeze({
      status: 'signed-in',
      reason: null,
      auth: signedInAuthObject(verification.token, verification.claims, lookups),
      tokenType: 'session_token',
      token: verification.token,
      headers: NO_HEADERS,
      location: null,
      setCookie: NO_SET_COOKIE,
    });
  }

  return {
    session(verification) {
      // A first sight is kept nowhere: no WeakMap entry for an object that is about to die.
      if (!verification.kept) return sessionState(verification);
      return (
        sessionStates.get(verification) ?? remember(sessionStates, verification, sessionState(verification))
      );
    },
    machine(auth, token) {
      return (
        machineStates.get(auth) ??
        remember(
          machineStates,
          auth,
          Object.freeze({
            status: 'signed-in',
            reason: null,
            auth,
            tokenType: auth.tokenType,
            token,
            headers: NO_HEADERS,
            location: null,
            setCookie: NO_SET_COOKIE,
          }),
        )
      );
    },
  };
}
