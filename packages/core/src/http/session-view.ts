import { type AuthObject, signedOutAuthObject } from '../auth/auth-object.js';
import { TokenVerificationErrorReason as Reason } from '../errors.js';
import type { RequestState } from '../request-state.js';
import { type MachineTokenType, TOKEN_TYPES } from '../token/token-type.js';

/** The session view of a request signed in with each machine type: built once, frozen, shared. */
const MACHINE_SIGNED_IN_VIEW = new Map<string, AuthObject>(
  TOKEN_TYPES.filter((type): type is MachineTokenType => type !== 'session_token').map((type) => [
    type,
    signedOutAuthObject(
      Reason.TokenTypeMismatch,
      `The request is signed in with a ${type}, not a session: ask getAuth for it with acceptsToken.`,
    ),
  ]),
);

/**
 * The session view of a request state (Clerk's `getAuth()` without `acceptsToken`, and `req.auth`):
 * a request signed in with a machine token reads as signed out here. A session state costs one compare.
 */
export function sessionAuthOf(state: RequestState): AuthObject {
  const { auth } = state;
  if (auth.tokenType === 'session_token') return auth;
  return MACHINE_SIGNED_IN_VIEW.get(auth.tokenType)!;
}
