import type { CryptoPlatform } from '../crypto/platform.js';
import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import { type DecodedJwt, decodeJwt } from './decode-jwt.js';
import { checkHeaderShape } from './header-checks.js';
import { jwtTokenType, M2M_TOKEN_CATEGORY } from './token-type.js';

/**
 * SPEC §9.3 steps 1–3 for a JWT verified as a machine token (M2M JWT or RFC 9068 access token):
 * decoded, header shape checked, and its type must be a machine's; an M2M JWT's `cat`, when
 * present, must be the M2M category.
 */
export function decodeMachineJwt(token: string, platform: CryptoPlatform): DecodedJwt {
  const decoded = decodeJwt(token, platform);
  checkHeaderShape(decoded.header);
  const type = jwtTokenType(decoded.header, decoded.payload);
  if (type === 'session_token') {
    throw new TokenVerificationError(
      Reason.TokenTypeMismatch,
      'The token is a session token, not a machine token (acceptsToken).',
    );
  }
  const category = decoded.header.cat;
  if (type === 'm2m_token' && category !== undefined && category !== M2M_TOKEN_CATEGORY) {
    throw new TokenVerificationError(
      Reason.TokenTypeMismatch,
      'The token is not an M2M token: its header "cat" is not the M2M category.',
    );
  }
  return decoded;
}
