import type { CryptoPlatform } from '../crypto/platform.js';
import { decodeJwt } from './decode-jwt.js';
import { jwtTokenType, opaqueTokenType, type TokenType } from './token-type.js';

/** The type of a presented token (SPEC §9.1), or undefined when it is neither opaque nor a JWT. Calls nothing. */
export function classifyToken(token: string, platform: CryptoPlatform): TokenType | undefined {
  const opaque = opaqueTokenType(token);
  if (opaque !== undefined) return opaque;
  try {
    const { header, payload } = decodeJwt(token, platform);
    return jwtTokenType(header, payload);
  } catch {
    return undefined;
  }
}
