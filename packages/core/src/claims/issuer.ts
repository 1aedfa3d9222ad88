import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import type { IssuerOption } from '../types/issuer-option.js';
import type { SessionClaims } from '../types/session-claims.js';

/** Step 10: when an issuer is configured, `iss` is required and must match it. */
export function checkIssuer(claims: SessionClaims, issuer: IssuerOption | undefined): void {
  if (issuer === undefined) return;
  const iss = claims.iss;
  const ok =
    typeof iss === 'string' &&
    (typeof issuer === 'function'
      ? issuer(iss) === true
      : typeof issuer === 'string'
        ? iss === issuer
        : issuer.includes(iss));
  if (!ok) {
    throw new TokenVerificationError(
      Reason.TokenInvalidIssuer,
      `Invalid JWT issuer claim (iss) ${JSON.stringify(typeof iss === 'string' ? iss.slice(0, 200) : (iss ?? null))}.`,
    );
  }
}
