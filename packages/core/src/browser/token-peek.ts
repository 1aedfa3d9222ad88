import type { CryptoPlatform } from '../crypto/platform.js';
import { type DecodedJwt, decodeJwt } from '../token/decode-jwt.js';

/**
 * Decodes without verifying, for the decisions §12 takes before verification (which cookie set,
 * `iat` against `__client_uat`, the session id of a refresh): undefined when it does not decode.
 * One per request, so a token read by several rules is decoded once.
 */
export type TokenPeek = (token: string | undefined) => DecodedJwt | undefined;

export function createTokenPeek(platform: CryptoPlatform): TokenPeek {
  let lastToken: string | undefined;
  let lastDecoded: DecodedJwt | undefined;
  let secondToken: string | undefined;
  let secondDecoded: DecodedJwt | undefined;
  return (token) => {
    if (token === undefined) return undefined;
    if (token === lastToken) return lastDecoded;
    if (token === secondToken) return secondDecoded;
    let decoded: DecodedJwt | undefined;
    try {
      decoded = decodeJwt(token, platform);
    } catch {
      decoded = undefined;
    }
    secondToken = lastToken;
    secondDecoded = lastDecoded;
    lastToken = token;
    lastDecoded = decoded;
    return decoded;
  };
}

/** A numeric claim, else 0 (Clerk: `payload.iat || 0`). */
export function numericClaim(decoded: DecodedJwt | undefined, name: 'iat' | 'exp'): number {
  const value = decoded?.payload[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
