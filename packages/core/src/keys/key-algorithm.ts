import type { KeyInfo } from '../crypto/platform.js';

const EC_CURVE_BY_ALG: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

/** A key signs with one family only: RS/PS need RSA, ESxxx its own curve, EdDSA an Edwards curve. */
export function keyFitsAlgorithm(info: KeyInfo, alg: string): boolean {
  if (info.alg !== undefined && info.alg !== alg) return false;
  switch (alg.slice(0, 2)) {
    case 'RS':
    case 'PS':
      return info.kty === 'RSA';
    case 'ES':
      return info.kty === 'EC' && info.crv === EC_CURVE_BY_ALG[alg];
    case 'Ed':
      return info.kty === 'OKP' && info.crv === 'Ed25519';
    default:
      return false;
  }
}
