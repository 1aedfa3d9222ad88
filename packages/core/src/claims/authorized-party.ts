import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import type { SessionClaims } from '../types/session-claims.js';

/** Step 9: with authorized parties configured, `azp` is required and must be one of them, exactly. */
export function checkAuthorizedParty(claims: SessionClaims, authorizedParties: readonly string[]): void {
  if (authorizedParties.length === 0) return;
  const azp = claims.azp;
  if (typeof azp !== 'string' || !authorizedParties.includes(azp)) {
    throw new TokenVerificationError(
      Reason.TokenInvalidAuthorizedParties,
      `Invalid JWT Authorized party claim (azp) ${JSON.stringify(azp ?? null)}. Expected one of: ${authorizedParties.join(', ')}.`,
    );
  }
}
