import * as nodeCrypto from 'node:crypto';
import {
  constants,
  createPublicKey,
  type KeyObject,
  publicDecrypt,
  type VerifyKeyObjectInput,
  verify,
} from 'node:crypto';
import type { CryptoPlatform, KeyInfo, PublicKeyMaterial, SignatureCheck } from './platform.js';

type NodeVerifyArgs = { digest: string | null; key: KeyObject | VerifyKeyObjectInput };
type Check = (signingInput: string, signatureSegment: string) => boolean;

function verifyArgsFor(alg: string, key: KeyObject): NodeVerifyArgs {
  const digest = alg === 'EdDSA' ? null : `sha${alg.slice(2)}`;
  switch (alg.slice(0, 2)) {
    case 'PS':
      return {
        digest,
        key: { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
      };
    case 'ES':
      // JWS carries r||s (IEEE P1363), not DER.
      return { digest, key: { key, dsaEncoding: 'ieee-p1363' } };
    default:
      return { digest, key };
  }
}

/**
 * Scratch bytes for one call at a time. Every use below is synchronous and done before the call
 * returns (node:crypto's one-shot functions and JSON.parse read their input at once), so one buffer
 * per purpose serves every call, and a first sight allocates no Buffer for its payload or signing
 * input. Anything longer than a session token may be takes the allocating path.
 */
const SCRATCH_BYTES = 16 * 1024;
let jsonScratch: Buffer | undefined;
let signedScratch: Buffer | undefined;
/** A view of `signedScratch` of the last length used: tokens from one issuer mostly share a length. */
let signedView: Buffer = Buffer.alloc(0);

/** The signing input's bytes as crypto.verify would read them (latin1), usually in `signedScratch`. */
function signedBytes(signingInput: string): Buffer {
  if (signingInput.length > SCRATCH_BYTES) return Buffer.from(signingInput, 'latin1');
  signedScratch ??= Buffer.alloc(SCRATCH_BYTES);
  const length = signedScratch.write(signingInput, 'latin1');
  if (signedView.length !== length) signedView = signedScratch.subarray(0, length);
  return signedView;
}

function verifyCheck(alg: string, keyObject: KeyObject): Check {
  const args = verifyArgsFor(alg, keyObject);
  return (signingInput, signatureSegment) =>
    verify(args.digest, signedBytes(signingInput), args.key, Buffer.from(signatureSegment, 'base64url'));
}

/** DER DigestInfo prefixes of EMSA-PKCS1-v1_5 (RFC 8017 §9.2 note 1). */
const PKCS1_DIGESTS: Record<string, { hash: string; length: number; prefix: string }> = {
  RS256: { hash: 'sha256', length: 32, prefix: '3031300d060960864801650304020105000420' },
  RS384: { hash: 'sha384', length: 48, prefix: '3041300d060960864801650304020205000430' },
  RS512: { hash: 'sha512', length: 64, prefix: '3051300d060960864801650304020305000440' },
};

type OneShotHash = (algorithm: string, data: Buffer, outputEncoding: 'latin1') => string;
const oneShotHash = (nodeCrypto as unknown as { hash?: OneShotHash }).hash;
const runtime = globalThis as { process?: { versions?: Record<string, string | undefined> }; Deno?: unknown };
/** Only on Node itself (not Bun or Deno through the `node` condition), whose OpenSSL we know. */
const PKCS1_FAST_PATH =
  typeof oneShotHash === 'function' &&
  typeof runtime.process?.versions?.node === 'string' &&
  runtime.process.versions.bun === undefined &&
  runtime.Deno === undefined;

/**
 * RS256/384/512 by "encode and compare" (RFC 8017 §8.2.2): the raw RSA public operation, then a
 * byte-for-byte comparison with the one valid encoding EMSA-PKCS1-v1_5(SHA-x(signing input)). The
 * same answers as `crypto.verify` (which also rejects a signature that is not exactly k bytes or not
 * below the modulus), with less per-call work: one signature check is most of a first-sight request.
 */
function pkcs1Check(alg: string, keyObject: KeyObject): Check | undefined {
  const digest = PKCS1_DIGESTS[alg];
  const modulusBits = keyObject.asymmetricKeyDetails?.modulusLength;
  if (!PKCS1_FAST_PATH || digest === undefined || keyObject.asymmetricKeyType !== 'rsa' || !modulusBits) {
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
  const signature = Buffer.alloc(k); // scratch, as above: read by publicDecrypt before it returns
  return (signingInput, signatureSegment) => {
    if (signatureSegment.length !== signatureChars || signature.write(signatureSegment, 'base64url') !== k) {
      return false;
    }
    const block = publicDecrypt(raw, signature); // throws when the signature is not below the modulus
    if (block.length !== k || block.compare(expected, 0, digestAt, 0, digestAt) !== 0) return false;
    // Digests compared as latin1 strings: node:crypto returns one at half the cost of a Buffer.
    return block.toString('latin1', digestAt, k) === hash(digest.hash, signedBytes(signingInput), 'latin1');
  };
}

function importKey(material: PublicKeyMaterial): KeyObject {
  if (material.format === 'spki') {
    return createPublicKey({ key: Buffer.from(material.der), format: 'der', type: 'spki' });
  }
  return createPublicKey({ key: material.jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
}

export const nodePlatform: CryptoPlatform = {
  name: 'node',

  decodeJsonSegment(segment: string): unknown {
    // Four characters carry three bytes: a segment this short always fits the scratch.
    if (segment.length > Math.floor(SCRATCH_BYTES / 3) * 4) {
      return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    }
    jsonScratch ??= Buffer.alloc(SCRATCH_BYTES);
    return JSON.parse(jsonScratch.toString('utf8', 0, jsonScratch.write(segment, 'base64url')));
  },

  createSignatureCheck(material: PublicKeyMaterial, _info: KeyInfo): SignatureCheck {
    const keyObject = importKey(material);
    // One check per alg, built on first use and kept with the key: nothing is prepared per request.
    const checksByAlg = new Map<string, Check>();
    return (alg, signingInput, signatureSegment) => {
      let check = checksByAlg.get(alg);
      if (check === undefined) {
        check = pkcs1Check(alg, keyObject) ?? verifyCheck(alg, keyObject);
        checksByAlg.set(alg, check);
      }
      try {
        return check(signingInput, signatureSegment);
      } catch {
        // Malformed signature bytes for this key type: not a valid signature.
        return false;
      }
    };
  },
};
