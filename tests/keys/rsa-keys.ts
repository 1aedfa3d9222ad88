// RSA public keys built byte by byte, for the keys no key generator will make (e = 1, an even
// exponent, an even or ROCA-shaped modulus), and the one token such a key makes trivial to forge.
import { createHash, generateKeyPairSync } from 'node:crypto';

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

/** A DER INTEGER of an unsigned big-endian value (a 0x00 in front when the top bit is set). */
function derUnsigned(value: Buffer): Buffer {
  return tlv(0x02, value[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
}

const RSA_ALGORITHM = tlv(
  0x30,
  Buffer.concat([tlv(0x06, Buffer.from('2a864886f70d010101', 'hex')), Buffer.from([5, 0])]),
);

export function rsaSpkiPem(modulus: Buffer, exponent: Buffer): string {
  const rsaKey = tlv(0x30, Buffer.concat([derUnsigned(modulus), derUnsigned(exponent)]));
  const spki = tlv(
    0x30,
    Buffer.concat([RSA_ALGORITHM, tlv(0x03, Buffer.concat([Buffer.from([0]), rsaKey]))]),
  );
  const lines = spki.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

export function rsaJwk(modulus: Buffer, exponent: Buffer, kid: string): Record<string, unknown> {
  return {
    kty: 'RSA',
    kid,
    use: 'sig',
    alg: 'RS256',
    n: modulus.toString('base64url'),
    e: exponent.toString('base64url'),
  };
}

/** The modulus of a real 2048-bit key: only the exponent next to it is wrong. */
export function realModulus(): Buffer {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return Buffer.from(String(publicKey.export({ format: 'jwk' }).n), 'base64url');
}

/** 65537^128: 2049 bits, odd, and a power of 65537 modulo every prime, which is the ROCA fingerprint. */
export function rocaShapedModulus(): Buffer {
  let value = 1n;
  for (let i = 0; i < 128; i++) value *= 65537n;
  return Buffer.from(value.toString(16).padStart(2 * Math.ceil(value.toString(16).length / 2), '0'), 'hex');
}

const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * With e = 1, s^e mod n = s: a "signature" that is the padded encoding EMSA-PKCS1-v1_5 of the
 * token's own hash verifies, and anyone can make it. No private key is involved.
 */
export function forgeWithExponentOne(modulus: Buffer, kid: string | undefined, sub: string): string {
  const header = kid === undefined ? { alg: 'RS256', typ: 'JWT' } : { alg: 'RS256', typ: 'JWT', kid };
  const now = Math.floor(Date.now() / 1000);
  const signingInput = `${b64(header)}.${b64({ sub, iat: now, nbf: now, exp: now + 600 })}`;
  const digest = createHash('sha256').update(signingInput).digest();
  const k = modulus.length;
  const encoded = Buffer.alloc(k, 0xff);
  encoded[0] = 0x00;
  encoded[1] = 0x01;
  const tail = Buffer.concat([Buffer.from([0]), SHA256_DIGEST_INFO, digest]);
  tail.copy(encoded, k - tail.length);
  return `${signingInput}.${encoded.toString('base64url')}`;
}
