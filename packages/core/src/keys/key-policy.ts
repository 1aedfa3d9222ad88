import { hasRocaFingerprint } from './roca.js';

// The one key policy of SPEC §4.2, for a PEM `jwtKey` and every JWK alike, on every platform. Each
// check answers with why a key is refused (a phrase for a message or a debug log), or undefined.
// It runs once per key import, never per request, and never on a platform's say-so: WebCrypto checks
// an EC point only at first use, and OpenSSL accepts an RSA exponent of 1.

export const MIN_RSA_BITS = 2048;

/** The curves we verify with: ECDSA curves by name, EdDSA only on Ed25519. */
export type EcCurve = 'P-256' | 'P-384' | 'P-521';

// The NIST curves y^2 = x^3 - 3x + b over GF(p), with their coordinate size in bytes.
const EC_CURVES: Record<EcCurve, { bytes: number; p: bigint; b: bigint }> = {
  'P-256': {
    bytes: 32,
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  'P-384': {
    bytes: 48,
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  'P-521': {
    bytes: 66,
    p: 2n ** 521n - 1n,
    b: 0x51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
};

export const ED25519_KEY_BYTES = 32;

export function isEcCurve(value: unknown): value is EcCurve {
  return typeof value === 'string' && Object.hasOwn(EC_CURVES, value);
}

/** Bytes of one coordinate of a point on `crv`. */
export function ecCoordinateBytes(crv: EcCurve): number {
  return EC_CURVES[crv].bytes;
}

/** Bits of a big-endian unsigned integer, leading zero bytes not counted. */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return i === bytes.length ? 0 : (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

function bigIntOf(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function isOdd(bytes: Uint8Array): boolean {
  return ((bytes[bytes.length - 1] ?? 0) & 1) === 1;
}

/**
 * RSA: a modulus of at least 2048 bits, odd and without the ROCA fingerprint (CVE-2017-15361); a public
 * exponent odd and at least 3. With e = 1 every "signature" is its own padded message: anyone can sign.
 */
export function rsaKeyProblem(modulus: Uint8Array, exponent: Uint8Array): string | undefined {
  const modulusBits = bitLength(modulus);
  if (modulusBits < MIN_RSA_BITS) {
    return `an RSA modulus of ${modulusBits} bits (at least ${MIN_RSA_BITS} are required)`;
  }
  if (!isOdd(modulus)) return 'an even RSA modulus';
  if (bitLength(exponent) < 2 || !isOdd(exponent)) {
    return 'an RSA public exponent that is not odd and at least 3';
  }
  if (hasRocaFingerprint(modulus)) return 'an RSA modulus with the ROCA fingerprint (CVE-2017-15361)';
  return undefined;
}

/** EC: both coordinates of the curve's size, below p, and the point on the curve. */
export function ecKeyProblem(crv: EcCurve, xBytes: Uint8Array, yBytes: Uint8Array): string | undefined {
  const { bytes, p, b } = EC_CURVES[crv];
  if (xBytes.length !== bytes || yBytes.length !== bytes) {
    return `an EC point whose coordinates are not ${bytes} bytes long (${crv})`;
  }
  const x = bigIntOf(xBytes);
  const y = bigIntOf(yBytes);
  if (x >= p || y >= p || (y * y - (x * x * x - 3n * x + b)) % p !== 0n) {
    return `an EC point that is not on ${crv}`;
  }
  return undefined;
}

/** OKP: only Ed25519, with a key of its size. */
export function okpKeyProblem(crv: unknown, x: Uint8Array | undefined): string | undefined {
  if (crv !== 'Ed25519')
    return `an OKP key on ${typeof crv === 'string' ? crv.slice(0, 16) : 'no curve'} (only Ed25519)`;
  if (x?.length !== ED25519_KEY_BYTES) return `an Ed25519 key that is not ${ED25519_KEY_BYTES} bytes long`;
  return undefined;
}
