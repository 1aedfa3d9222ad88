import type { CryptoPlatform } from '../crypto/platform.js';
import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import type { KeySource, VerificationKey } from '../keys/key-source.js';
import { type DecodedJwt, decodeJwt } from '../token/decode-jwt.js';
import { checkHeaderShape } from '../token/header-checks.js';
import { IGNORE_TOKEN_CATEGORY, SESSION_TOKEN_CATEGORY } from '../token/token-type.js';
import { isPromise, type MaybePromise } from '../types/maybe-promise.js';

const HANDSHAKE_ALGORITHMS: ReadonlySet<string> = new Set(['RS256', 'RS384', 'RS512']);

function refused(message: string): TokenVerificationError {
  return new TokenVerificationError(Reason.TokenInvalid, `Handshake token: ${message}`);
}

function checkSigned(decoded: DecodedJwt, alg: string, key: VerificationKey): MaybePromise<void> {
  if (key.info.kty !== 'RSA') throw refused(`the key it names is ${key.info.kty}, not RSA.`);
  const valid = key.check(alg, decoded.signingInput, decoded.signatureSegment);
  if (valid === true) return;
  if (valid === false) throw refused('the signature is invalid.');
  return valid.then((ok) => {
    if (!ok) throw refused('the signature is invalid.');
  });
}

function directivesOf(decoded: DecodedJwt, nowMs: number, clockSkewInMs: number): string[] {
  const { exp, handshake } = decoded.payload as { exp?: unknown; handshake?: unknown };
  // Ours: Clerk checks no time claim of a handshake token, so a captured one works for ever.
  if (exp !== undefined && (typeof exp !== 'number' || exp * 1000 <= nowMs - clockSkewInMs)) {
    throw refused('it has expired.');
  }
  if (!Array.isArray(handshake) || !handshake.every((entry) => typeof entry === 'string')) {
    throw refused('its "handshake" claim is not a list of strings.');
  }
  return handshake;
}

/**
 * SPEC §12.5: the directives of a handshake JWT, verified with the instance's keys: `typ` absent or
 * JWT, `alg` RS256/384/512, `cat` absent or a session's (a JWT template's token could carry an
 * author-controlled `handshake` claim), the signature, and (ours) `exp` when present. Throws a
 * TokenVerificationError; never echoes the token.
 */
export function verifyHandshakeToken(
  token: string,
  keys: KeySource,
  platform: CryptoPlatform,
  nowMs: number,
  clockSkewInMs: number,
): MaybePromise<string[]> {
  const decoded = decodeJwt(token, platform);
  const { header } = decoded;
  checkHeaderShape(header);
  if (header.typ !== undefined && header.typ !== 'JWT') throw refused('its "typ" is not JWT.');
  const alg = header.alg;
  if (typeof alg !== 'string' || !HANDSHAKE_ALGORITHMS.has(alg))
    throw refused('its algorithm is not RS256/384/512.');
  if (
    header.cat !== undefined &&
    header.cat !== SESSION_TOKEN_CATEGORY &&
    header.cat !== IGNORE_TOKEN_CATEGORY
  ) {
    throw refused('its "cat" is not the session category.');
  }
  const key = keys.getKey(header.kid);
  const signed = isPromise(key)
    ? key.then((found) => checkSigned(decoded, alg, found))
    : checkSigned(decoded, alg, key);
  if (isPromise(signed)) return signed.then(() => directivesOf(decoded, nowMs, clockSkewInMs));
  return directivesOf(decoded, nowMs, clockSkewInMs);
}
