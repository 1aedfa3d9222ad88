import { constants, createPublicKey, type KeyObject, type VerifyKeyObjectInput, verify } from 'node:crypto';
import type { CryptoPlatform, KeyInfo, PublicKeyMaterial, SignatureCheck } from './platform.js';

type NodeVerifyArgs = { digest: string | null; key: KeyObject | VerifyKeyObjectInput };

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

function importKey(material: PublicKeyMaterial): KeyObject {
  if (material.format === 'spki') {
    return createPublicKey({ key: Buffer.from(material.der), format: 'der', type: 'spki' });
  }
  return createPublicKey({ key: material.jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
}

export const nodePlatform: CryptoPlatform = {
  name: 'node',

  decodeJsonSegment(segment: string): unknown {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  },

  createSignatureCheck(material: PublicKeyMaterial, _info: KeyInfo): SignatureCheck {
    const keyObject = importKey(material);
    const argsByAlg = new Map<string, NodeVerifyArgs>();
    return (alg, signingInput, signatureSegment) => {
      let args = argsByAlg.get(alg);
      if (args === undefined) {
        args = verifyArgsFor(alg, keyObject);
        argsByAlg.set(alg, args);
      }
      try {
        return verify(
          args.digest,
          Buffer.from(signingInput, 'latin1'),
          args.key,
          Buffer.from(signatureSegment, 'base64url'),
        );
      } catch {
        // Malformed signature bytes for this key type: not a valid signature.
        return false;
      }
    };
  },
};
