import type { CryptoPlatform } from '../crypto/platform.js';
import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import type { SessionClaims } from '../types/session-claims.js';

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

/**
 * Decoded headers by segment, per platform. Tokens from one issuer key share one header segment, so
 * this saves a base64url + JSON decode per token. The header is a pure function of its segment, and
 * only segments that passed every step-1 check are kept. Small and bounded: a flood of distinct
 * headers only evicts (the oldest first), never grows it.
 */
const headerCaches = new WeakMap<CryptoPlatform, Map<string, JwtHeader>>();
const HEADER_CACHE_MAX = 32;
const HEADER_CACHE_SEGMENT_MAX = 1024;

function headerCacheFor(platform: CryptoPlatform): Map<string, JwtHeader> {
  let cache = headerCaches.get(platform);
  if (cache === undefined) {
    cache = new Map();
    headerCaches.set(platform, cache);
  }
  return cache;
}

function remember(cache: Map<string, JwtHeader>, segment: string, header: JwtHeader): JwtHeader {
  if (segment.length > HEADER_CACHE_SEGMENT_MAX) return header;
  const frozen = Object.freeze(header); // shared by every token with this header: never mutated
  if (cache.size >= HEADER_CACHE_MAX) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(segment, frozen);
  return frozen;
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
  const headerCache = headerCacheFor(platform);
  const knownHeader = headerCache.get(headerSegment); // a known segment passed these checks before
  if (
    (knownHeader === undefined &&
      (!SEGMENT.test(headerSegment) || headerSegment.length % 4 === 1 || !isCanonical(headerSegment))) ||
    !SEGMENT.test(payloadSegment) ||
    !SIGNATURE_SEGMENT.test(signatureSegment) ||
    payloadSegment.length % 4 === 1 ||
    signatureSegment.length % 4 === 1 ||
    !isCanonical(payloadSegment) ||
    !isCanonical(signatureSegment)
  ) {
    throw invalid('The token is not a JWT: its parts must be unpadded base64url.');
  }
  const header = knownHeader ?? decodeObject(headerSegment, 'header', platform);
  const payload = decodeObject(payloadSegment, 'payload', platform) as SessionClaims;
  return {
    header: knownHeader ?? remember(headerCache, headerSegment, header),
    payload,
    signingInput: token.slice(0, secondDot),
    signatureSegment,
  };
}
