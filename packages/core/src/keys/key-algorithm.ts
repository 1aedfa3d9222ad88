import type { KeyInfo } from '../crypto/platform.js';
import { isSupportedAlgorithm, type SupportedAlgorithm } from './supported-algorithms.js';

/** The one key family each algorithm signs with: RS/PS need RSA, ESxxx its own curve, EdDSA Ed25519. */
const KEY_OF_ALGORITHM: Record<SupportedAlgorithm, { kty: KeyInfo['kty']; crv: string | undefined }> = {
  RS256: { kty: 'RSA', crv: undefined },
  RS384: { kty: 'RSA', crv: undefined },
  RS512: { kty: 'RSA', crv: undefined },
  PS256: { kty: 'RSA', crv: undefined },
  PS384: { kty: 'RSA', crv: undefined },
  PS512: { kty: 'RSA', crv: undefined },
  ES256: { kty: 'EC', crv: 'P-256' },
  ES384: { kty: 'EC', crv: 'P-384' },
  ES512: { kty: 'EC', crv: 'P-521' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
};

/** Whether the key can perform `alg`, and was published for it when it names an algorithm. */
export function keyFitsAlgorithm(info: KeyInfo, alg: string): boolean {
  if (info.alg !== undefined && info.alg !== alg) return false;
  if (!isSupportedAlgorithm(alg)) return false;
  const family = KEY_OF_ALGORITHM[alg];
  return info.kty === family.kty && (family.crv === undefined || info.crv === family.crv);
}

/**
 * The algorithm a key says it is for (§2.1 default for jwtKey and jwksUrl): its `alg` when it names
 * one, else its family's: RSA → RS256, P-256 → ES256, P-384 → ES384, P-521 → ES512, Ed25519 → EdDSA.
 */
export function algorithmOfKey(info: KeyInfo): SupportedAlgorithm | undefined {
  if (info.alg !== undefined)
    return keyFitsAlgorithm(info, info.alg) ? (info.alg as SupportedAlgorithm) : undefined;
  switch (info.kty) {
    case 'RSA':
      return 'RS256';
    case 'EC':
      return info.crv === 'P-256'
        ? 'ES256'
        : info.crv === 'P-384'
          ? 'ES384'
          : info.crv === 'P-521'
            ? 'ES512'
            : undefined;
    default:
      return info.crv === 'Ed25519' ? 'EdDSA' : undefined;
  }
}
