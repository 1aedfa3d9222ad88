import type { KeyInfo } from '../crypto/platform.js';
import { ConfigurationError } from '../errors.js';
import { decodeBase64ToBytes } from '../util/base64.js';

// A minimal DER walk over SubjectPublicKeyInfo: enough to know the key type, curve and RSA size
// synchronously, at construction, on every runtime. The bytes are then imported by the platform.

const OID_RSA = '2a864886f70d010101';
const OID_EC = '2a8648ce3d0201';
const OID_ED25519 = '2b6570';
const CURVES: Record<string, string> = {
  '2a8648ce3d030107': 'P-256',
  '2b81040022': 'P-384',
  '2b81040023': 'P-521',
};

export const MIN_RSA_BITS = 2048;

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

function integerBits(value: Uint8Array): number {
  let i = 0;
  while (i < value.length && value[i] === 0) i++;
  if (i === value.length) return 0;
  return (value.length - i - 1) * 8 + (32 - Math.clz32(value[i]!));
}

/** Reads the key type of a DER SPKI. Throws a plain Error on anything it does not understand. */
export function describeSpki(der: Uint8Array): KeyInfo {
  const outer = new DerReader(der);
  const spki = outer.read(0x30);
  if (!outer.atEnd()) throw new Error('trailing bytes after SPKI');
  const algorithm = spki.read(0x30);
  const oid = algorithm.read(0x06).hex();
  const keyBits = spki.read(0x03).rest();
  if (keyBits[0] !== 0) throw new Error('unused bits in key');
  const key = keyBits.subarray(1);

  if (oid === OID_RSA) {
    const rsa = new DerReader(key).read(0x30);
    const modulus = rsa.read(0x02).rest();
    rsa.read(0x02);
    return { kty: 'RSA', crv: undefined, modulusBits: integerBits(modulus), alg: undefined };
  }
  if (oid === OID_EC) {
    const crv = algorithm.peekTag() === 0x06 ? CURVES[algorithm.read(0x06).hex()] : undefined;
    if (!crv) throw new Error('unsupported EC curve');
    return { kty: 'EC', crv, modulusBits: undefined, alg: undefined };
  }
  if (oid === OID_ED25519) {
    if (key.length !== 32) throw new Error('bad Ed25519 key');
    return { kty: 'OKP', crv: 'Ed25519', modulusBits: undefined, alg: undefined };
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
  let info: KeyInfo;
  try {
    der = decodeBase64ToBytes(base64);
    info = describeSpki(der);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (info.kty === 'RSA' && (info.modulusBits ?? 0) < MIN_RSA_BITS) {
    throw new ConfigurationError(
      'weak-jwt-key',
      `The PEM public key (jwtKey / CLERK_JWT_KEY) is an RSA key of ${info.modulusBits} bits; at least ${MIN_RSA_BITS} are required.`,
    );
  }
  return { der, info };
}
