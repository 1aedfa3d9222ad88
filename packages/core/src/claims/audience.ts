import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import type { SessionClaims } from '../types/session-claims.js';

/** Step 8: when an audience is configured, `aud` (string or list) must name one of it. */
export function checkAudience(claims: SessionClaims, audience: readonly string[] | undefined): void {
  if (audience === undefined) return;
  const aud = claims.aud;
  const tokenAudiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!tokenAudiences.some((value) => typeof value === 'string' && audience.includes(value))) {
    throw new TokenVerificationError(
      Reason.TokenInvalidAudience,
      `Invalid JWT audience claim (aud) ${JSON.stringify(aud ?? null)}. Expected one of: ${audience.join(', ')}.`,
    );
  }
}
