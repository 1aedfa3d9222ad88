import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import type { SessionClaims } from '../types/session-claims.js';

/** Step 7: a session always belongs to a user. */
export function checkSubject(claims: SessionClaims): void {
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) {
    throw new TokenVerificationError(
      Reason.TokenVerificationFailed,
      'The token has no subject ("sub" claim).',
    );
  }
}
