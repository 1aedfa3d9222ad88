import type { CryptoPlatform, KeyInfo } from '../crypto/platform.js';
import { decodeBase64UrlToBytes, isBase64Url } from '../util/base64.js';
import type { VerificationKey } from './key-source.js';
import { MIN_RSA_BITS } from './spki.js';

export interface ParsedKeySet {
  keys: Map<string, VerificationKey>;
  /** Identity of the usable keys' public material: equal fingerprints mean an unchanged set. */
  fingerprint: string;
  /** How many keys this parse had to import (unchanged keys are carried over from `previous`). */
  imported: number;
}

type Jwk = Record<string, unknown>;

const EC_CURVES = new Set(['P-256', 'P-384', 'P-521']);
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

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return i === bytes.length ? 0 : (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

/** Describes a JWK we are willing to verify with, or undefined for one we ignore (§4.2). */
export function describeJwk(jwk: Jwk): KeyInfo | undefined {
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined;
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
      return { kty: 'RSA', crv: undefined, modulusBits, alg };
    }
    case 'EC': {
      if (typeof jwk.crv !== 'string' || !EC_CURVES.has(jwk.crv)) return undefined;
      if (!base64UrlField(jwk, 'x') || !base64UrlField(jwk, 'y')) return undefined;
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
