import type { CryptoPlatform } from '../crypto/platform.js';
import { decodeJwt } from '../token/decode-jwt.js';
import { decodeSessionToken } from '../token/session-token.js';
import type { SessionClaims } from '../types/session-claims.js';
import type { KnownClaims } from './deps.js';

/**
 * The claims of a token, unverified, for the decisions §12 takes before verification (which cookie
 * set, `iat` against `__client_uat`, the session id of a refresh): undefined when it does not decode.
 * One per request, so a token read by several rules is decoded once.
 */
export type TokenPeek = (token: string | undefined) => SessionClaims | undefined;

// Known claims first: a token the verifier verified before (the very same string) decoded then, and
// its claims are a pure function of the string; so the repeat request of a signed-in browser decodes
// nothing. A token never verified, tampered with or not, is decoded as ever.

/** `decodeJwt(token).payload`, or undefined when it throws; from `known` when it holds the token. */
export function createTokenPeek(platform: CryptoPlatform, known?: KnownClaims): TokenPeek {
  let lastToken: string | undefined;
  let lastClaims: SessionClaims | undefined;
  let secondToken: string | undefined;
  let secondClaims: SessionClaims | undefined;
  return (token) => {
    if (token === undefined) return undefined;
    if (token === lastToken) return lastClaims;
    if (token === secondToken) return secondClaims;
    let claims = known?.(token);
    if (claims === undefined) {
      try {
        claims = decodeJwt(token, platform).payload;
      } catch {
        claims = undefined;
      }
    }
    secondToken = lastToken;
    secondClaims = lastClaims;
    lastToken = token;
    lastClaims = claims;
    return claims;
  };
}

/**
 * `decodeSessionToken(token).payload`, throwing as it throws; from `known` when it holds the token
 * (the session verifier decoded it with decodeSessionToken, which then passed).
 */
export function sessionTokenClaims(
  token: string,
  platform: CryptoPlatform,
  known?: KnownClaims,
): SessionClaims {
  return known?.(token) ?? decodeSessionToken(token, platform).payload;
}

/** A numeric claim, else 0 (Clerk: `payload.iat || 0`). */
export function numericClaim(claims: SessionClaims | undefined, name: 'iat' | 'exp'): number {
  const value = claims?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
