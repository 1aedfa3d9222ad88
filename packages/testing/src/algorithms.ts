/** Every JWS algorithm the test issuer can sign with (all asymmetric: a verifier never shares a secret). */
export const SIGNING_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

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
