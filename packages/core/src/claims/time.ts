import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import type { SessionClaims } from '../types/session-claims.js';

function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function date(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toUTCString();
}

function malformed(claim: string): TokenVerificationError {
  return new TokenVerificationError(
    Reason.TokenVerificationFailed,
    `Invalid JWT ${claim} claim: it must be a number of seconds since the epoch.`,
  );
}

/** Steps 11–13, run on every request (cached tokens too): `exp`, `nbf`, `iat`, each with the skew. */
export function checkTimes(claims: SessionClaims, nowMs: number, skewMs: number): void {
  const { exp, nbf, iat } = claims;
  if (!isTimestamp(exp)) throw malformed('expiry date (exp)');
  if (exp * 1000 <= nowMs - skewMs) {
    throw new TokenVerificationError(
      Reason.TokenExpired,
      `JWT is expired. Expiry date: ${date(exp * 1000)}, Current date: ${date(nowMs)}.`,
    );
  }
  if (nbf !== undefined) {
    if (!isTimestamp(nbf)) throw malformed('not before (nbf)');
    if (nbf * 1000 > nowMs + skewMs) {
      throw new TokenVerificationError(
        Reason.TokenNotActiveYet,
        `JWT cannot be used prior to not before date claim (nbf). Not before date: ${date(nbf * 1000)}; Current date: ${date(nowMs)}.`,
      );
    }
  }
  if (iat !== undefined) {
    if (!isTimestamp(iat)) throw malformed('issued at (iat)');
    if (iat * 1000 > nowMs + skewMs) {
      throw new TokenVerificationError(
        Reason.TokenIatInTheFuture,
        `JWT issued at date claim (iat) is in the future. Issued at date: ${date(iat * 1000)}; Current date: ${date(nowMs)}.`,
      );
    }
  }
}
