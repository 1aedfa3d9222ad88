import { type AuthObject, signedOutAuthObject } from '../auth/auth-object.js';
import { TokenVerificationErrorReason as Reason } from '../errors.js';
import {
  type InvalidTokenAuth,
  invalidTokenAuth,
  type MachineAuthObject,
  type UnauthenticatedMachineAuth,
  unauthenticatedMachineAuth,
} from '../machine/machine-auth.js';
import type { AuthOfType, RequestState } from '../request-state.js';
import type { AcceptsToken, TokenType } from '../token/token-type.js';

/**
 * What `getAuth(req, { acceptsToken })` answers (SPEC §9.2), typed by `acceptsToken`: only objects
 * of an accepted type, or the invalid-token object of a list that does not match.
 */
export type AuthForAccepted<A extends AcceptsToken> = A extends 'any'
  ? AuthObject | MachineAuthObject | UnauthenticatedMachineAuth
  : A extends readonly TokenType[]
    ? AuthOfType<A[number]> | InvalidTokenAuth
    : A extends TokenType
      ? AuthOfType<A>
      : never;

function describe(reason: string | null): { reason: string; message: string } {
  return reason === null
    ? {
        reason: Reason.TokenTypeMismatch,
        message: 'The token is not of a type accepted here (acceptsToken).',
      }
    : {
        reason,
        message: 'The request is not signed in with a token of a type accepted here (acceptsToken).',
      };
}

/**
 * Clerk's getAuthObjectForAcceptedToken: `'any'` → the attached object; a list without the
 * token's type → an invalid-token object; one type that does not match → the signed-out object
 * of that type; a match → the object.
 */
export function authForAccepted<const A extends AcceptsToken>(
  state: RequestState,
  acceptsToken: A,
): AuthForAccepted<A>;
export function authForAccepted(
  state: RequestState,
  acceptsToken: AcceptsToken,
): AuthObject | MachineAuthObject | UnauthenticatedMachineAuth | InvalidTokenAuth {
  const { auth } = state;
  if (acceptsToken === 'any') return auth;
  const matches = (type: TokenType): boolean => auth.tokenType === type;
  if (typeof acceptsToken !== 'string') {
    if (acceptsToken.some(matches)) return auth;
    const { reason, message } = describe(state.reason);
    return invalidTokenAuth(reason, message);
  }
  if (matches(acceptsToken)) return auth;
  const { reason, message } = describe(state.reason);
  if (acceptsToken === 'session_token') return signedOutAuthObject(reason, message);
  return unauthenticatedMachineAuth(acceptsToken, reason, message);
}
