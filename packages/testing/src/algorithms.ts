/** Every JWS algorithm the test issuer can sign with (all asymmetric: a verifier never shares a secret). */
export type SigningAlgorithm =
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA';

export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = [
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
];

export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return typeof value === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

/** Fails early with a readable message instead of a cryptic node:crypto error later. */
export function assertSigningAlgorithm(value: unknown): SigningAlgorithm {
  if (!isSigningAlgorithm(value)) {
    throw new TypeError(
      `Unsupported signing algorithm ${JSON.stringify(value)}; use one of ${SIGNING_ALGORITHMS.join(', ')}`,
    );
  }
  return value;
}

export type KeyFamily =
  | { kind: 'rsa' }
  | { kind: 'ec'; namedCurve: 'P-256' | 'P-384' | 'P-521' }
  | { kind: 'ed25519' };

export function keyFamilyOf(alg: SigningAlgorithm): KeyFamily {
  switch (alg) {
    case 'ES256':
      return { kind: 'ec', namedCurve: 'P-256' };
    case 'ES384':
      return { kind: 'ec', namedCurve: 'P-384' };
    case 'ES512':
      return { kind: 'ec', namedCurve: 'P-521' };
    case 'EdDSA':
      return { kind: 'ed25519' };
    default:
      return { kind: 'rsa' };
  }
}

/** Hash name for node:crypto sign(); null for EdDSA, whose hash is built into the scheme. */
export function digestOf(alg: SigningAlgorithm): 'sha256' | 'sha384' | 'sha512' | null {
  if (alg === 'EdDSA') return null;
  const bits = alg.slice(2);
  return bits === '384' ? 'sha384' : bits === '512' ? 'sha512' : 'sha256';
}
