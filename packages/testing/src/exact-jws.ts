import { constants, type KeyObject, sign } from 'node:crypto';
import type { SigningAlgorithm } from './algorithms.js';
import type { SigningKey } from './keys.js';

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/** node:crypto's arguments for a JWS algorithm: ECDSA as raw r‖s, a PSS salt as long as the hash. */
function signatureOf(alg: SigningAlgorithm, data: Buffer, key: KeyObject): Buffer {
  if (alg === 'EdDSA') return sign(null, data, key);
  const bits = Number(alg.slice(2));
  const hash = `sha${bits}`;
  if (alg.startsWith('ES')) return sign(hash, data, { key, dsaEncoding: 'ieee-p1363' });
  if (alg.startsWith('PS')) {
    return sign(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: bits / 8 });
  }
  return sign(hash, data, key);
}

/**
 * A compact JWS over exactly this header and payload text, signed with `key`'s own algorithm whatever
 * the header says. jose signs every token it would accept itself (see token-signer.ts); this signs the
 * rest, which hostile-input tests need with a real signature: a header that lies (alg 'none', another
 * algorithm), a `crit` nobody understands, a payload with duplicate keys, a key under 2048 bits.
 * Synchronous, because `signJwt` is.
 */
export function signExactly(key: SigningKey, header: Record<string, unknown>, payloadText: string): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(payloadText)}`;
  const signature = signatureOf(key.alg, Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${base64url(signature)}`;
}
