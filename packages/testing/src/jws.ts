import { constants, sign } from 'node:crypto';
import { digestOf, keyFamilyOf } from './algorithms.js';
import type { SigningKey } from './keys.js';

export function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/**
 * Compact JWS signed with `key`'s algorithm, whatever the header claims: hostile-input tests
 * need tokens whose header lies (alg 'none', a foreign kid, …) but whose signature is real.
 */
export function signCompactJws(
  key: SigningKey,
  header: Record<string, unknown>,
  payloadText: string,
): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(payloadText)}`;
  const data = Buffer.from(signingInput);
  const digest = digestOf(key.alg);
  const family = keyFamilyOf(key.alg);
  let signature: Buffer;
  if (family.kind === 'ed25519') {
    signature = sign(null, data, key.privateKey);
  } else if (family.kind === 'ec') {
    // JWS wants the raw r||s form, not node's default DER.
    signature = sign(digest, data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  } else if (key.alg.startsWith('PS')) {
    const saltLength = digest === 'sha512' ? 64 : digest === 'sha384' ? 48 : 32;
    signature = sign(digest, data, {
      key: key.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength,
    });
  } else {
    signature = sign(digest, data, key.privateKey);
  }
  return `${signingInput}.${base64url(signature)}`;
}
