import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import type { SessionClaims } from '../types/session-claims.js';

/** Step 14: a pending session has not finished its sign-in tasks (Clerk treats it as signed out). */
export function checkSessionStatus(claims: SessionClaims, treatPendingAsSignedOut: boolean): void {
  if (treatPendingAsSignedOut && claims.sts === 'pending') {
    throw new TokenVerificationError(
      Reason.SessionPending,
      'The session is pending: it has unfinished sign-in tasks.',
    );
  }
}
