import type { SessionClaims } from '../claims/session-claims.js';
import type { CryptoPlatform } from '../crypto/platform.js';
import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';

export const MAX_TOKEN_LENGTH = 16 * 1024;

export interface JwtHeader {
  alg?: unknown;
  kid?: unknown;
  typ?: unknown;
  cat?: unknown;
  crit?: unknown;
  b64?: unknown;
  [name: string]: unknown;
}

export interface DecodedJwt {
  header: JwtHeader;
  payload: SessionClaims;
  /** `header.payload`, exactly as signed. */
  signingInput: string;
  signatureSegment: string;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;
// An empty signature is well-formed (an unsecured JWS); the alg and signature checks refuse it.
const SIGNATURE_SEGMENT = /^[A-Za-z0-9_-]*$/;
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The last character of an unpadded segment must leave its unused bits zero (RFC 4648 §3.5). Decoders
 * ignore those bits, so without this check one signature has several spellings and a signed token could
 * be altered (a different string, the same bytes) and still verify.
 */
function isCanonical(segment: string): boolean {
  const rest = segment.length % 4;
  if (rest === 0) return true;
  const last = BASE64URL_ALPHABET.indexOf(segment.charAt(segment.length - 1));
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

function invalid(message: string): TokenVerificationError {
  return new TokenVerificationError(Reason.TokenInvalid, message);
}

function decodeObject(segment: string, part: string, platform: CryptoPlatform): Record<string, unknown> {
  let value: unknown;
  try {
    value = platform.decodeJsonSegment(segment);
  } catch {
    throw invalid(`The token's ${part} is not base64url-encoded JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`The token's ${part} is not a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/** Step 1: three base64url parts whose header and payload are JSON objects. */
export function decodeJwt(token: string, platform: CryptoPlatform): DecodedJwt {
  if (token.length > MAX_TOKEN_LENGTH)
    throw invalid(`The token is longer than ${MAX_TOKEN_LENGTH} characters.`);
  const firstDot = token.indexOf('.');
  const secondDot = token.indexOf('.', firstDot + 1);
  if (firstDot <= 0 || secondDot <= firstDot + 1 || token.indexOf('.', secondDot + 1) !== -1) {
    throw invalid('The token is not a JWT: it must have three dot-separated parts.');
  }
  const headerSegment = token.slice(0, firstDot);
  const payloadSegment = token.slice(firstDot + 1, secondDot);
  const signatureSegment = token.slice(secondDot + 1);
  if (
    !SEGMENT.test(headerSegment) ||
    !SEGMENT.test(payloadSegment) ||
    !SIGNATURE_SEGMENT.test(signatureSegment) ||
    headerSegment.length % 4 === 1 ||
    payloadSegment.length % 4 === 1 ||
    signatureSegment.length % 4 === 1 ||
    !isCanonical(headerSegment) ||
    !isCanonical(payloadSegment) ||
    !isCanonical(signatureSegment)
  ) {
    throw invalid('The token is not a JWT: its parts must be unpadded base64url.');
  }
  return {
    header: decodeObject(headerSegment, 'header', platform),
    payload: decodeObject(payloadSegment, 'payload', platform) as SessionClaims,
    signingInput: token.slice(0, secondDot),
    signatureSegment,
  };
}
