import type { CryptoPlatform } from '../crypto/platform.js';
import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import { type DecodedJwt, decodeJwt } from './decode-jwt.js';
import { checkHeaderShape } from './header-checks.js';
import {
  IGNORE_TOKEN_CATEGORY,
  jwtTokenType,
  opaqueTokenType,
  SESSION_TOKEN_CATEGORY,
  TOKEN_TYPE_NAMES,
  type TokenType,
} from './token-type.js';

function notASessionToken(type: TokenType): TokenVerificationError {
  return new TokenVerificationError(
    Reason.TokenTypeMismatch,
    `The token is ${TOKEN_TYPE_NAMES[type]}, not a session token; only session tokens are accepted here (acceptsToken).`,
  );
}

/**
 * SPEC §4.1 steps 1–3 for a token verified as a session token: an opaque machine token is refused
 * before decoding, then the JWT is decoded, its header shape checked, and its type must be a session's.
 */
export function decodeSessionToken(token: string, platform: CryptoPlatform): DecodedJwt {
  const opaque = opaqueTokenType(token);
  if (opaque !== undefined) throw notASessionToken(opaque);
  const decoded = decodeJwt(token, platform);
  checkHeaderShape(decoded.header);
  const type = jwtTokenType(decoded.header, decoded.payload);
  if (type !== 'session_token') throw notASessionToken(type);
  const category = decoded.header.cat;
  if (category !== undefined && category !== SESSION_TOKEN_CATEGORY && category !== IGNORE_TOKEN_CATEGORY) {
    throw new TokenVerificationError(
      Reason.TokenTypeMismatch,
      'The token is not a session token: its header "cat" is not the session category (a JWT template\'s token, say).',
    );
  }
  return decoded;
}
