import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import type { JwtHeader } from './decode-jwt.js';

/** Clerk's header `cat` for session tokens; other categories (e.g. machine tokens) are not sessions. */
export const SESSION_TOKEN_CATEGORY = 'cl_B7d4PD111AAA';

/** Steps 2–4: header shape, token category, and the algorithm allow-list. Returns the alg. */
export function checkHeader(header: JwtHeader, algorithms: ReadonlySet<string>): string {
  if (header.typ !== undefined && (typeof header.typ !== 'string' || header.typ.toUpperCase() !== 'JWT')) {
    throw new TokenVerificationError(Reason.TokenInvalid, 'The token header "typ" must be "JWT".');
  }
  if (header.crit !== undefined) {
    throw new TokenVerificationError(
      Reason.TokenInvalid,
      'The token header has "crit" extensions, which are not supported.',
    );
  }
  if (header.b64 !== undefined && header.b64 !== true) {
    throw new TokenVerificationError(
      Reason.TokenInvalid,
      'Unencoded payloads ("b64": false) are not supported.',
    );
  }
  if (header.cat !== undefined && header.cat !== SESSION_TOKEN_CATEGORY) {
    throw new TokenVerificationError(
      Reason.TokenTypeMismatch,
      'The token is not a session token (header "cat").',
    );
  }
  const alg = header.alg;
  if (typeof alg !== 'string' || !algorithms.has(alg)) {
    throw new TokenVerificationError(
      Reason.TokenInvalidAlgorithm,
      `The token algorithm ${typeof alg === 'string' ? JSON.stringify(alg.slice(0, 32)) : '(missing)'} is not allowed. Allowed: ${[...algorithms].join(', ')}.`,
    );
  }
  return alg;
}
