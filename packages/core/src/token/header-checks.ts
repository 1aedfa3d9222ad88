import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import type { JwtHeader } from './decode-jwt.js';
import { isAccessTokenTyp } from './token-type.js';

/** Step 2: `typ` is JWT or an access token's, no `crit` extensions, no unencoded payload. */
export function checkHeaderShape(header: JwtHeader): void {
  const typ = header.typ;
  if (
    typ !== undefined &&
    !(typeof typ === 'string' && (typ.toUpperCase() === 'JWT' || isAccessTokenTyp(typ)))
  ) {
    throw new TokenVerificationError(
      Reason.TokenInvalid,
      'The token header "typ" must be "JWT", "at+jwt" or "application/at+jwt".',
    );
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
}

/**
 * Steps 2 and 4: the header's shape, then the algorithm allow-list. Returns the alg. Step 3 (the
 * token's type) sits between them in the verifier: see `decodeSessionToken`, which also runs step 2.
 */
export function checkHeader(header: JwtHeader, algorithms: ReadonlySet<string>): string {
  checkHeaderShape(header);
  const alg = header.alg;
  if (typeof alg !== 'string' || !algorithms.has(alg)) {
    throw new TokenVerificationError(
      Reason.TokenInvalidAlgorithm,
      `The token algorithm ${typeof alg === 'string' ? JSON.stringify(alg.slice(0, 32)) : '(missing)'} is not allowed. Allowed: ${[...algorithms].join(', ')}.`,
    );
  }
  return alg;
}
