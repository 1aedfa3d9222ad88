import type { CryptoPlatform, KeyInfo } from '../crypto/platform.js';
import type { Logger } from '../types/logger.js';
import { decodeBase64UrlToBytes, isBase64Url } from '../util/base64.js';
import { keyFitsAlgorithm } from './key-algorithm.js';
import { bitLength, ecKeyProblem, isEcCurve, okpKeyProblem, rsaKeyProblem } from './key-policy.js';
import type { VerificationKey } from './key-source.js';

export interface ParsedKeySet {
  keys: Map<string, VerificationKey>;
  /** Identity of the usable keys' public material: equal fingerprints mean an unchanged set. */
  fingerprint: string;
  /** How many keys this parse had to import (unchanged keys are carried over from `previous`). */
  imported: number;
}

type Jwk = Record<string, unknown>;

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

/** Describes a JWK we are willing to verify with, or undefined for one we ignore (§4.2). */
export function describeJwk(jwk: Jwk): KeyInfo | undefined {
  const assessed = assessJwk(jwk);
  return typeof assessed === 'string' ? undefined : assessed;
}

/** The key a JWK describes, or why it is left out of the set (for the debug log; never key material). */
export function assessJwk(jwk: Jwk): KeyInfo | string {
  const info = assessJwkMaterial(jwk);
  // A key published for one algorithm (RFC 7517 §4.4) that it cannot perform is malformed.
  if (typeof info !== 'string' && info.alg !== undefined && !keyFitsAlgorithm(info, info.alg)) {
    return `published for ${JSON.stringify(info.alg.slice(0, 16))}, which it cannot perform`;
  }
  return info;
}

function assessJwkMaterial(jwk: Jwk): KeyInfo | string {
  if (jwk.use !== undefined && jwk.use !== 'sig') return 'not a signing key (use)';
  if (PRIVATE_MEMBERS.some((name) => jwk[name] !== undefined)) return 'published with private members';
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify'))
    return 'not a verification key (key_ops)';
  const alg = typeof jwk.alg === 'string' ? jwk.alg : undefined;
  if (jwk.alg !== undefined && alg === undefined) return 'an "alg" that is not a string';
  switch (jwk.kty) {
    case 'RSA': {
      const n = base64UrlField(jwk, 'n');
      const e = base64UrlField(jwk, 'e');
      if (!n || !e) return 'an RSA key without base64url "n" and "e"';
      return rsaKeyProblem(n, e) ?? { kty: 'RSA', crv: undefined, modulusBits: bitLength(n), alg };
    }
    case 'EC': {
      if (!isEcCurve(jwk.crv)) return 'an EC key on no supported curve (P-256, P-384, P-521)';
      const x = base64UrlField(jwk, 'x');
      const y = base64UrlField(jwk, 'y');
      if (!x || !y) return 'an EC key without base64url "x" and "y"';
      return ecKeyProblem(jwk.crv, x, y) ?? { kty: 'EC', crv: jwk.crv, modulusBits: undefined, alg };
    }
    case 'OKP':
      return (
        okpKeyProblem(jwk.crv, base64UrlField(jwk, 'x')) ?? {
          kty: 'OKP',
          crv: 'Ed25519',
          modulusBits: undefined,
          alg,
        }
      );
    default:
      return 'a key type other than RSA, EC and OKP';
  }
}

function publicPart(jwk: Jwk, info: KeyInfo): Jwk {
  const members = PUBLIC_MEMBERS[info.kty] ?? [];
  const out: Jwk = {};
  for (const name of members) out[name] = jwk[name];
  return out;
}

/**
 * Turns a JWKS document into usable keys. Keys that break the key policy, are for encryption, are
 * malformed, or share a `kid` with another key are left out (with a debug log). `previous` lets
 * unchanged keys keep their imported form.
 */
export function parseKeySet(
  document: unknown,
  platform: CryptoPlatform,
  previous?: ParsedKeySet,
  logger?: Logger,
): ParsedKeySet {
  // A kid is public (it is in every token); the log names it and the rule, never key material.
  const leaveOut = (kid: string, reason: string) =>
    logger?.debug('jwks key left out', { kid: kid.slice(0, 64), reason });
  const list = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new Error('the key set has no "keys" array');

  const candidates = new Map<string, { jwk: Jwk; info: KeyInfo } | null>();
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const jwk = entry as Jwk;
    const kid = jwk.kid;
    if (typeof kid !== 'string' || kid.length === 0) continue;
    const info = assessJwk(jwk);
    if (typeof info === 'string') {
      leaveOut(kid, info);
      continue;
    }
    // Two keys under one kid: we cannot know which is meant, so neither is used.
    candidates.set(kid, candidates.has(kid) ? null : { jwk: publicPart(jwk, info), info });
  }

  const keys = new Map<string, VerificationKey>();
  const fingerprintParts: string[] = [];
  let imported = 0;
  for (const [kid, candidate] of candidates) {
    if (!candidate) {
      leaveOut(kid, 'two keys share this kid');
      continue;
    }
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
        leaveOut(kid, 'the platform could not import it');
        continue;
      }
    }
    fingerprintParts.push(material);
  }
  if (keys.size === 0) throw new Error('the key set has no usable signing key');
  return { keys, fingerprint: fingerprintParts.sort().join('\n'), imported };
}
