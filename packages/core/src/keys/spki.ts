import type { KeyInfo } from '../crypto/platform.js';
import { ConfigurationError } from '../errors.js';
import { decodeBase64ToBytes } from '../util/base64.js';
import {
  bitLength,
  type EcCurve,
  ecCoordinateBytes,
  ecKeyProblem,
  okpKeyProblem,
  rsaKeyProblem,
} from './key-policy.js';

// A minimal DER walk over SubjectPublicKeyInfo: enough to know the key type, curve and RSA size
// synchronously, at construction, on every runtime. The bytes are then imported by the platform.

const OID_RSA = '2a864886f70d010101';
const OID_EC = '2a8648ce3d0201';
const OID_ED25519 = '2b6570';
const CURVES: Record<string, EcCurve> = {
  '2a8648ce3d030107': 'P-256',
  '2b81040022': 'P-384',
  '2b81040023': 'P-521',
};

class DerReader {
  constructor(
    private readonly bytes: Uint8Array,
    private offset = 0,
    private readonly end = bytes.length,
  ) {}

  read(expectedTag: number): DerReader {
    const tag = this.bytes[this.offset];
    if (tag !== expectedTag) throw new Error('unexpected DER tag');
    let length = this.bytes[this.offset + 1] ?? 0;
    let start = this.offset + 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4) throw new Error('bad DER length');
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (this.bytes[start + i] ?? 0);
      start += count;
    }
    if (start + length > this.end) throw new Error('DER length past end');
    this.offset = start + length;
    return new DerReader(this.bytes, start, start + length);
  }

  peekTag(): number | undefined {
    return this.offset < this.end ? this.bytes[this.offset] : undefined;
  }

  rest(): Uint8Array {
    return this.bytes.subarray(this.offset, this.end);
  }

  hex(): string {
    let out = '';
    for (const byte of this.rest()) out += byte.toString(16).padStart(2, '0');
    return out;
  }

  atEnd(): boolean {
    return this.offset === this.end;
  }
}

/** A DER INTEGER's content as an unsigned big-endian number; a negative one is not a key. */
function positiveInteger(reader: DerReader): Uint8Array {
  const value = reader.read(0x02).rest();
  if (value.length === 0 || (value[0]! & 0x80) !== 0) throw new Error('a negative or empty RSA integer');
  return value;
}

/**
 * Reads a DER SPKI: the key it holds, or why the key policy (§4.2) refuses that key. Throws a plain
 * Error on anything it does not understand.
 */
export function assessSpki(der: Uint8Array): KeyInfo | string {
  const outer = new DerReader(der);
  const spki = outer.read(0x30);
  if (!outer.atEnd()) throw new Error('trailing bytes after SPKI');
  const algorithm = spki.read(0x30);
  const oid = algorithm.read(0x06).hex();
  const keyBits = spki.read(0x03).rest();
  if (keyBits[0] !== 0) throw new Error('unused bits in key');
  const key = keyBits.subarray(1);

  if (oid === OID_RSA) {
    const rsaKey = new DerReader(key);
    const rsa = rsaKey.read(0x30);
    const modulus = positiveInteger(rsa);
    const exponent = positiveInteger(rsa);
    if (!rsa.atEnd() || !rsaKey.atEnd()) throw new Error('trailing bytes after the RSA key');
    return (
      rsaKeyProblem(modulus, exponent) ?? {
        kty: 'RSA',
        crv: undefined,
        modulusBits: bitLength(modulus),
        alg: undefined,
      }
    );
  }
  if (oid === OID_EC) {
    const crv = algorithm.peekTag() === 0x06 ? CURVES[algorithm.read(0x06).hex()] : undefined;
    if (!crv) throw new Error('unsupported EC curve');
    // SEC 1 §2.3.3: 0x04, then x and y. Compressed points (0x02/0x03) are not taken.
    const size = ecCoordinateBytes(crv);
    if (key[0] !== 0x04 || key.length !== 1 + 2 * size) throw new Error('not an uncompressed EC point');
    return (
      ecKeyProblem(crv, key.subarray(1, 1 + size), key.subarray(1 + size)) ?? {
        kty: 'EC',
        crv,
        modulusBits: undefined,
        alg: undefined,
      }
    );
  }
  if (oid === OID_ED25519) {
    return (
      okpKeyProblem('Ed25519', key) ?? { kty: 'OKP', crv: 'Ed25519', modulusBits: undefined, alg: undefined }
    );
  }
  throw new Error('unsupported key algorithm');
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/** PEM (or bare base64 DER) SPKI → DER bytes and key description, validated at construction. */
export function parsePublicKeyPem(pem: string): { der: Uint8Array; info: KeyInfo } {
  const fail = (detail: string): never => {
    throw new ConfigurationError(
      'invalid-jwt-key',
      `The PEM public key (jwtKey / CLERK_JWT_KEY) could not be used: ${detail}. Expected an SPKI "-----BEGIN PUBLIC KEY-----" block with an RSA (2048 bits or more), EC P-256/P-384/P-521 or Ed25519 key.`,
    );
  };
  // Env files often carry the PEM with literal "\n" sequences.
  const text = pem.replace(/\\n/g, '\n').trim();
  let body = text;
  const block = PEM_BLOCK.exec(text);
  if (block) {
    if (block[1] !== 'PUBLIC KEY') {
      return fail(
        block[1]?.includes('PRIVATE')
          ? 'it is a private key, not a public key'
          : `a "${block[1]}" block is not SPKI`,
      );
    }
    body = block[2] ?? '';
  } else if (text.includes('-----')) {
    return fail('the PEM armour is malformed');
  }
  const base64 = body.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return fail('the body is not base64');
  let der: Uint8Array;
  let assessed: KeyInfo | string;
  try {
    der = decodeBase64ToBytes(base64);
    assessed = assessSpki(der);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (typeof assessed === 'string') {
    throw new ConfigurationError(
      'weak-jwt-key',
      `The PEM public key (jwtKey / CLERK_JWT_KEY) breaks the key policy: it is ${assessed}. Expected an RSA key of at least 2048 bits with an odd public exponent of at least 3 and no ROCA fingerprint, an EC point on P-256, P-384 or P-521, or an Ed25519 key.`,
    );
  }
  return { der, info: assessed };
}
