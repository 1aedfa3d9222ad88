import { constants, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto';

/** The digest and key arguments `crypto.verify` takes for one JWS `alg`. */
export interface NodeVerifyArgs {
  digest: string | null;
  key: KeyObject | VerifyKeyObjectInput;
}

/** Built once per key and alg (RFC 7518 §3): nothing here runs per request. */
export function verifyArgsFor(alg: string, key: KeyObject): NodeVerifyArgs {
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
