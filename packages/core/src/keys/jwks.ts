import type { CryptoPlatform, KeyInfo } from '../crypto/platform.js';
import { decodeBase64UrlToBytes, isBase64Url } from '../util/base64.js';
import { keyFitsAlgorithm } from './key-algorithm.js';
import type { VerificationKey } from './key-source.js';
import { hasRocaFingerprint } from './roca.js';
import { MIN_RSA_BITS } from './spki.js';

export interface ParsedKeySet {
  keys: Map<string, VerificationKey>;
  /** Identity of the usable keys' public material: equal fingerprints mean an unchanged set. */
  fingerprint: string;
  /** How many keys this parse had to import (unchanged keys are carried over from `previous`). */
  imported: number;
}

type Jwk = Record<string, unknown>;

// The NIST curves y^2 = x^3 - 3x + b over GF(p), with their coordinate size: a published point must
// be on its curve (node:crypto checks that at import, WebCrypto only at first use; we check for both).
const EC_CURVES: Record<string, { bytes: number; p: bigint; b: bigint }> = {
  'P-256': {
    bytes: 32,
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  'P-384': {
    bytes: 48,
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  'P-521': {
    bytes: 66,
    p: 2n ** 521n - 1n,
    b: 0x51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
};
/** Private members: a key set that publishes them has leaked its signing key, which is then worthless. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const PUBLIC_MEMBERS: Record<string, readonly string[]> = {
  RSA: ['kty', 'n', 'e'],
  EC: ['kty', 'crv', 'x', 'y'],
  OKP: ['kty', 'crv', 'x'],
};

function base64UrlField(jwk: Jwk, name: string): Uint8Array | undefined {
  const value = jwk[name];
  if (typeof value !== 'string' || value.length === 0 || !isBase64Url(value)) return undefined;
  return decodeBase64UrlToBytes(value);
}

function bigIntOf(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function isPointOnCurve(crv: string, xBytes: Uint8Array, yBytes: Uint8Array): boolean {
  const curve = EC_CURVES[crv];
  if (!curve || xBytes.length !== curve.bytes || yBytes.length !== curve.bytes) return false;
  const { p, b } = curve;
  const x = bigIntOf(xBytes);
  const y = bigIntOf(yBytes);
  if (x >= p || y >= p) return false;
  return (y * y - (x * x * x - 3n * x + b)) % p === 0n;
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return i === bytes.length ? 0 : (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

/** Describes a JWK we are willing to verify with, or undefined for one we ignore (§4.2). */
export function describeJwk(jwk: Jwk): KeyInfo | undefined {
  const info = describeJwkMaterial(jwk);
  // A key published for one algorithm (RFC 7517 §4.4) that it cannot perform is malformed.
  if (info?.alg !== undefined && !keyFitsAlgorithm(info, info.alg)) return undefined;
  return info;
}

function describeJwkMaterial(jwk: Jwk): KeyInfo | undefined {
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined;
  if (PRIVATE_MEMBERS.some((name) => jwk[name] !== undefined)) return undefined;
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) return undefined;
  const alg = typeof jwk.alg === 'string' ? jwk.alg : undefined;
  if (jwk.alg !== undefined && alg === undefined) return undefined;
  switch (jwk.kty) {
    case 'RSA': {
      const n = base64UrlField(jwk, 'n');
      const e = base64UrlField(jwk, 'e');
      if (!n || !e) return undefined;
      const modulusBits = bitLength(n);
      // Weak moduli and degenerate exponents (e = 1, even e) cannot give a meaningful signature.
      const lastByte = e[e.length - 1] ?? 0;
      if (modulusBits < MIN_RSA_BITS || bitLength(e) < 2 || (lastByte & 1) === 0) return undefined;
      if (hasRocaFingerprint(n)) return undefined;
      return { kty: 'RSA', crv: undefined, modulusBits, alg };
    }
    case 'EC': {
      if (typeof jwk.crv !== 'string' || !Object.hasOwn(EC_CURVES, jwk.crv)) return undefined;
      const x = base64UrlField(jwk, 'x');
      const y = base64UrlField(jwk, 'y');
      if (!x || !y || !isPointOnCurve(jwk.crv, x, y)) return undefined;
      return { kty: 'EC', crv: jwk.crv, modulusBits: undefined, alg };
    }
    case 'OKP': {
      if (jwk.crv !== 'Ed25519' || base64UrlField(jwk, 'x')?.length !== 32) return undefined;
      return { kty: 'OKP', crv: 'Ed25519', modulusBits: undefined, alg };
    }
    default:
      return undefined;
  }
}

function publicPart(jwk: Jwk, info: KeyInfo): Jwk {
  const members = PUBLIC_MEMBERS[info.kty] ?? [];
  const out: Jwk = {};
  for (const name of members) out[name] = jwk[name];
  return out;
}

/**
 * Turns a JWKS document into usable keys. Keys that are weak, for encryption, malformed, or that share
 * a `kid` with another key are dropped. `previous` lets unchanged keys keep their imported form.
 */
export function parseKeySet(
  document: unknown,
  platform: CryptoPlatform,
  previous?: ParsedKeySet,
): ParsedKeySet {
  const list = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new Error('the key set has no "keys" array');

  const candidates = new Map<string, { jwk: Jwk; info: KeyInfo } | null>();
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const jwk = entry as Jwk;
    const kid = jwk.kid;
    if (typeof kid !== 'string' || kid.length === 0) continue;
    const info = describeJwk(jwk);
    if (!info) continue;
    // Two keys under one kid: we cannot know which is meant, so neither is used.
    candidates.set(kid, candidates.has(kid) ? null : { jwk: publicPart(jwk, info), info });
  }

  const keys = new Map<string, VerificationKey>();
  const fingerprintParts: string[] = [];
  let imported = 0;
  for (const [kid, candidate] of candidates) {
    if (!candidate) continue;
    const material = JSON.stringify([kid, candidate.jwk, candidate.info.alg ?? null]);
    const reused = previous?.keys.get(kid);
    if (reused && previous?.fingerprint.includes(material)) {
      keys.set(kid, reused);
    } else {
      try {
        const check = platform.createSignatureCheck({ format: 'jwk', jwk: candidate.jwk }, candidate.info);
        keys.set(kid, { kid, info: candidate.info, check });
        imported++;
      } catch {
        continue;
      }
    }
    fingerprintParts.push(material);
  }
  if (keys.size === 0) throw new Error('the key set has no usable signing key');
  return { keys, fingerprint: fingerprintParts.sort().join('\n'), imported };
}
