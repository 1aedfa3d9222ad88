import { type AuthObject, signedOutAuthObject } from '../auth/auth-object.js';
import { TokenVerificationErrorReason as Reason } from '../errors.js';
import type { RequestState } from '../request-state.js';

/**
 * The session view of a request state (Clerk's `getAuth()` without `acceptsToken`, and `req.auth`):
 * a request signed in with a machine token reads as signed out here. A session state costs one compare.
 */
export function sessionAuthOf(state: RequestState): AuthObject {
  const { auth } = state;
  if (auth.tokenType === 'session_token') return auth;
  return signedOutAuthObject(
    Reason.TokenTypeMismatch,
    `The request is signed in with a ${auth.tokenType}, not a session: ask getAuth for it with acceptsToken.`,
  );
}
