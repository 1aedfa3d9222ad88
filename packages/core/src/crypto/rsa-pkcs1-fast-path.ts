import * as nodeCrypto from 'node:crypto';
import { constants, type KeyObject, publicDecrypt } from 'node:crypto';
import type { BoundSignatureCheck } from './platform.js';
import { scratch } from './scratch.js';

/** DER DigestInfo prefixes of EMSA-PKCS1-v1_5 (RFC 8017 §9.2 note 1). */
const PKCS1_DIGESTS: Record<string, { hash: string; length: number; prefix: string }> = {
  RS256: { hash: 'sha256', length: 32, prefix: '3031300d060960864801650304020105000420' },
  RS384: { hash: 'sha384', length: 48, prefix: '3041300d060960864801650304020205000430' },
  RS512: { hash: 'sha512', length: 64, prefix: '3051300d060960864801650304020305000440' },
};

type OneShotHash = (algorithm: string, data: Buffer, outputEncoding: 'latin1') => string;
const oneShotHash = (nodeCrypto as unknown as { hash?: OneShotHash }).hash;
const runtime = globalThis as { process?: { versions?: Record<string, string | undefined> }; Deno?: unknown };

/**
 * Whether this runtime takes the fast path: only Node itself (not Bun or Deno through the `node`
 * condition), whose OpenSSL we know, and with the one-shot `crypto.hash` (Node 20.12+).
 */
export const RSA_PKCS1_FAST_PATH: boolean =
  typeof oneShotHash === 'function' &&
  typeof runtime.process?.versions?.node === 'string' &&
  runtime.process.versions.bun === undefined &&
  runtime.Deno === undefined;

/**
 * RS256/384/512 by "encode and compare" (RFC 8017 §8.2.2): the raw RSA public operation, then a
 * byte-for-byte comparison with the one valid encoding EMSA-PKCS1-v1_5(SHA-x(signing input)). The
 * same answers as `crypto.verify` (which also rejects a signature that is not exactly k bytes or not
 * below the modulus), with less per-call work: one signature check is most of a first-sight request.
 * `undefined` when the alg is not RS*, the key is not RSA, or the runtime is not Node: then the caller
 * uses `crypto.verify`. The returned check may throw on bytes the key cannot take (caller: false).
 */
export function rsaPkcs1Check(alg: string, keyObject: KeyObject): BoundSignatureCheck | undefined {
  const digest = PKCS1_DIGESTS[alg];
  const modulusBits = keyObject.asymmetricKeyDetails?.modulusLength;
  if (!RSA_PKCS1_FAST_PATH || digest === undefined || keyObject.asymmetricKeyType !== 'rsa' || !modulusBits) {
    return undefined;
  }
  const hash = oneShotHash as OneShotHash;
  const k = Math.ceil(modulusBits / 8);
  const digestAt = k - digest.length;
  // 0x00 0x01 0xff…0xff 0x00 DigestInfo-prefix, then the digest itself (compared separately).
  const prefix = Buffer.from(digest.prefix, 'hex');
  const expected = Buffer.alloc(digestAt, 0xff);
  expected[0] = 0x00;
  expected[1] = 0x01;
  expected[digestAt - prefix.length - 1] = 0x00;
  prefix.copy(expected, digestAt - prefix.length);
  const raw = { key: keyObject, padding: constants.RSA_NO_PADDING };
  // k bytes are exactly this many unpadded base64url characters; any other length is not a signature.
  const signatureChars = Math.ceil((k * 4) / 3);
  // This check's own scratch for the signature bytes: read by publicDecrypt before it returns.
  const signature = Buffer.alloc(k);
  return (signingInput, signatureSegment) => {
    if (signatureSegment.length !== signatureChars || signature.write(signatureSegment, 'base64url') !== k) {
      return false;
    }
    const block = publicDecrypt(raw, signature); // throws when the signature is not below the modulus
    if (block.length !== k || block.compare(expected, 0, digestAt, 0, digestAt) !== 0) return false;
    // Digests compared as latin1 strings: node:crypto returns one at half the cost of a Buffer.
    return (
      block.toString('latin1', digestAt, k) === hash(digest.hash, scratch.latin1(signingInput), 'latin1')
    );
  };
}
