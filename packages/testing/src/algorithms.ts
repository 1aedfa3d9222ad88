import { SUPPORTED_ALGORITHMS, type SupportedAlgorithm } from '@sessionguard/core';

/**
 * Every JWS algorithm the test issuer signs with: exactly those the verifier supports (all
 * asymmetric: a verifier never shares a secret), so the two lists cannot drift apart.
 */
export const SIGNING_ALGORITHMS: readonly SupportedAlgorithm[] = SUPPORTED_ALGORITHMS;

export type SigningAlgorithm = SupportedAlgorithm;

export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return typeof value === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

/** Fails early with a readable message instead of a cryptic error from jose later. */
export function assertSigningAlgorithm(value: unknown): SigningAlgorithm {
  if (!isSigningAlgorithm(value)) {
    throw new TypeError(
      `Unsupported signing algorithm ${JSON.stringify(value)}; use one of ${SIGNING_ALGORITHMS.join(', ')}`,
    );
  }
  return value;
}

/** RSA algorithms (RS* and PS*), the only ones whose key size is a choice. */
export function isRsaAlgorithm(alg: SigningAlgorithm): boolean {
  return alg.startsWith('RS') || alg.startsWith('PS');
}
