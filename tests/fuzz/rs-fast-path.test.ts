// The RS256/384/512 fast path of the node platform ("encode and compare" over the raw RSA operation,
// crypto/rsa-pkcs1-fast-path.ts) checked against the plain way: for every generated case, that
// module's check, our node verifier, crypto.verify and jose.jwtVerify give the same verdict; and the
// WebCrypto platform gives jose's verdict too. Cases:
// valid tokens, mutated signatures, signatures of the wrong length or not below the modulus, a
// signature by another key, a header alg that is not the digest signed, and e = 3 keys.
import { generateKeyPair, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { nodePlatform } from '@sessionguard/core/internal/crypto/node-platform.js';
import type {
  BoundSignatureCheck,
  CryptoPlatform,
  SignatureCheck,
} from '@sessionguard/core/internal/crypto/platform.js';
import {
  RSA_PKCS1_FAST_PATH,
  rsaPkcs1Check,
} from '@sessionguard/core/internal/crypto/rsa-pkcs1-fast-path.js';
import { webCryptoPlatform } from '@sessionguard/core/internal/crypto/webcrypto-platform.js';
import fc from 'fast-check';
import { importSPKI, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';

const NUM_RUNS = 10_000;
const ALGS = ['RS256', 'RS384', 'RS512'] as const;
type Alg = (typeof ALGS)[number];
const DIGEST: Record<Alg, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };
const TOKENS_PER_ALG = 6;

interface TestKey {
  name: string;
  publicKey: KeyObject;
  modulus: bigint;
  k: number;
  /** Valid tokens per alg, signed in advance: signing is the slow part, verifying is what is tested. */
  tokens: Record<Alg, string[]>;
  /** Tokens whose header names one RS alg while the signature is over another digest. */
  crossed: string[];
  ours: Record<CryptoPlatform['name'], SignatureCheck>;
  /** The fast path module's own check per alg, used directly. */
  fast: Record<Alg, BoundSignatureCheck>;
  jose: Record<Alg, CryptoKey>;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function generate(
  modulusLength: number,
  publicExponent: number,
): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength, publicExponent }, (error, publicKey, privateKey) =>
      error ? reject(error) : resolve({ publicKey, privateKey }),
    ),
  );
}

function signToken(privateKey: KeyObject, headerAlg: Alg, digestAlg: Alg, n: number): string {
  const input = `${b64({ alg: headerAlg, typ: 'JWT' })}.${b64({ sub: `user_${n}`, n })}`;
  return `${input}.${sign(DIGEST[digestAlg], Buffer.from(input), privateKey).toString('base64url')}`;
}

async function makeKey(name: string, modulusLength: number, publicExponent: number): Promise<TestKey> {
  const { publicKey, privateKey } = await generate(modulusLength, publicExponent);
  const modulus = BigInt(
    `0x${Buffer.from(String(publicKey.export({ format: 'jwk' }).n), 'base64url').toString('hex')}`,
  );
  const der = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  const info = { kty: 'RSA', crv: undefined, modulusBits: modulusLength, alg: undefined } as const;
  const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const tokens = {} as Record<Alg, string[]>;
  const jose = {} as Record<Alg, CryptoKey>;
  const fast = {} as Record<Alg, BoundSignatureCheck>;
  for (const alg of ALGS) {
    const check = rsaPkcs1Check(alg, publicKey);
    if (check === undefined) throw new Error(`no fast path for ${alg} on ${name}`);
    fast[alg] = check;
    tokens[alg] = Array.from({ length: TOKENS_PER_ALG }, (_, i) => signToken(privateKey, alg, alg, i));
    jose[alg] = (await importSPKI(pem, alg)) as CryptoKey;
  }
  return {
    name,
    publicKey,
    modulus,
    k: Math.ceil(modulusLength / 8),
    tokens,
    crossed: [signToken(privateKey, 'RS256', 'RS384', 0), signToken(privateKey, 'RS512', 'RS256', 1)],
    ours: {
      node: nodePlatform.createSignatureCheck({ format: 'spki', der }, info),
      webcrypto: webCryptoPlatform.createSignatureCheck({ format: 'spki', der }, info),
    },
    fast,
    jose,
  };
}

const keys: TestKey[] = [];
beforeAll(async () => {
  keys.push(
    ...(await Promise.all([
      makeKey('RSA 2048, e = 65537', 2048, 65537),
      makeKey('RSA 3072, e = 65537', 3072, 65537),
      makeKey('RSA 2048, e = 3', 2048, 3),
      makeKey('RSA 2048, e = 3 (second key)', 2048, 3),
    ])),
  );
}, 60_000);

function bytesOf(value: bigint, length: number): Buffer {
  return Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex');
}

/** What is done to a valid token's signature bytes (k bytes long). */
type Mutation =
  | { kind: 'none' }
  | { kind: 'flip'; bits: number[] }
  | { kind: 'truncate'; by: number }
  | { kind: 'extend'; extra: number[] }
  | { kind: 'leading-zero' }
  | { kind: 'modulus-plus'; delta: number }
  | { kind: 'constant'; value: 'zero' | 'one' | 'modulus-minus-one' | 'all-ff' }
  | { kind: 'random'; bytes: number[] }
  | { kind: 'other-key' }
  | { kind: 'crossed'; index: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'none' }),
  fc.record({
    kind: fc.constant('flip' as const),
    bits: fc.array(fc.nat({ max: 3072 - 1 }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), by: fc.integer({ min: 1, max: 384 }) }),
  fc.record({
    kind: fc.constant('extend' as const),
    extra: fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 8 }),
  }),
  fc.constant<Mutation>({ kind: 'leading-zero' }),
  fc.record({ kind: fc.constant('modulus-plus' as const), delta: fc.nat({ max: 1_000_000 }) }),
  fc.record({
    kind: fc.constant('constant' as const),
    value: fc.constantFrom('zero' as const, 'one' as const, 'modulus-minus-one' as const, 'all-ff' as const),
  }),
  fc.record({
    kind: fc.constant('random' as const),
    bytes: fc.array(fc.nat({ max: 255 }), { minLength: 384, maxLength: 384 }),
  }),
  fc.constant<Mutation>({ kind: 'other-key' }),
  fc.record({ kind: fc.constant('crossed' as const), index: fc.nat({ max: 1 }) }),
);

const testCase = fc.record({
  key: fc.nat({ max: 3 }),
  alg: fc.constantFrom(...ALGS),
  token: fc.nat({ max: TOKENS_PER_ALG - 1 }),
  mutation,
});

/** The token a case stands for, and whether it is one of the valid tokens as signed. */
function build(c: { key: number; alg: Alg; token: number; mutation: Mutation }): {
  key: TestKey;
  alg: Alg;
  token: string;
} {
  const key = keys[c.key]!;
  const original = key.tokens[c.alg][c.token]!;
  const dot = original.lastIndexOf('.');
  const signingInput = original.slice(0, dot);
  const signature = Buffer.from(original.slice(dot + 1), 'base64url');
  const m = c.mutation;
  let bytes: Buffer;
  let input = signingInput;
  let alg = c.alg;
  switch (m.kind) {
    case 'none':
      bytes = signature;
      break;
    case 'flip':
      bytes = Buffer.from(signature);
      for (const bit of m.bits) bytes[(bit >> 3) % key.k]! ^= 1 << (bit & 7);
      break;
    case 'truncate':
      bytes = signature.subarray(0, Math.max(0, key.k - m.by));
      break;
    case 'extend':
      bytes = Buffer.concat([signature, Buffer.from(m.extra)]);
      break;
    case 'leading-zero':
      bytes = Buffer.concat([Buffer.from([0]), signature]);
      break;
    case 'modulus-plus': {
      const value = key.modulus + BigInt(m.delta);
      // k bytes while it fits, else one more (then also the wrong length).
      bytes = bytesOf(value, value < 1n << BigInt(8 * key.k) ? key.k : key.k + 1);
      break;
    }
    case 'constant': {
      const value = {
        zero: 0n,
        one: 1n,
        'modulus-minus-one': key.modulus - 1n,
        'all-ff': (1n << BigInt(8 * key.k)) - 1n,
      }[m.value];
      bytes = bytesOf(value, key.k);
      break;
    }
    case 'random':
      bytes = Buffer.from(m.bytes.slice(0, key.k));
      break;
    case 'other-key': {
      // A valid signature by another key (of the same size where there is one): never valid here.
      const other =
        keys.find((candidate) => candidate !== key && candidate.k === key.k) ??
        keys.find((candidate) => candidate !== key)!;
      const theirs = other.tokens[c.alg][c.token]!;
      bytes = Buffer.from(theirs.slice(theirs.lastIndexOf('.') + 1), 'base64url');
      input = theirs.slice(0, theirs.lastIndexOf('.'));
      break;
    }
    case 'crossed': {
      const crossed = key.crossed[m.index]!;
      input = crossed.slice(0, crossed.lastIndexOf('.'));
      bytes = Buffer.from(crossed.slice(crossed.lastIndexOf('.') + 1), 'base64url');
      alg = JSON.parse(Buffer.from(input.split('.')[0]!, 'base64url').toString()).alg as Alg;
      break;
    }
  }
  return { key, alg, token: `${input}.${bytes.toString('base64url')}` };
}

async function joseVerdict(token: string, key: CryptoKey, alg: Alg): Promise<boolean> {
  try {
    await jwtVerify(token, key, { algorithms: [alg] });
    return true;
  } catch {
    return false;
  }
}

/** The fast path's verdict as the platform gives it: a throw (signature not below n) is a refusal. */
function fastVerdict(check: BoundSignatureCheck, signingInput: string, segment: string): boolean {
  try {
    return check(signingInput, segment);
  } catch {
    return false;
  }
}

function split(token: string): [string, string] {
  const dot = token.lastIndexOf('.');
  return [token.slice(0, dot), token.slice(dot + 1)];
}

describe('RS* verification: our platforms against the plain way', () => {
  it('the fast path is taken on this runtime for RS* with an RSA key, and only there', () => {
    expect(RSA_PKCS1_FAST_PATH).toBe(true);
    const rsa = keys[0]!.publicKey;
    for (const alg of ALGS) expect(rsaPkcs1Check(alg, rsa), alg).toBeTypeOf('function');
    for (const alg of ['PS256', 'ES256', 'EdDSA', 'HS256', 'none']) {
      expect(rsaPkcs1Check(alg, rsa), alg).toBeUndefined();
    }
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(rsaPkcs1Check('RS256', ec)).toBeUndefined();
  });

  it(`fast path = node platform = crypto.verify = jose.jwtVerify (${NUM_RUNS} runs)`, async () => {
    const seen = { valid: 0, invalid: 0 };
    await fc.assert(
      fc.asyncProperty(testCase, async (c) => {
        const { key, alg, token } = build(c);
        const [signingInput, segment] = split(token);
        const ours = await key.ours.node(alg, signingInput, segment);
        const fast = fastVerdict(key.fast[alg], signingInput, segment);
        const plain = verify(
          DIGEST[alg],
          Buffer.from(signingInput),
          key.publicKey,
          Buffer.from(segment, 'base64url'),
        );
        const jose = await joseVerdict(token, key.jose[alg], alg);
        if (c.mutation.kind === 'none') expect(ours, 'a valid token').toBe(true);
        seen[ours ? 'valid' : 'invalid']++;
        expect({ fast, ours, plain }).toEqual({ fast: jose, ours: jose, plain: jose });
      }),
      { numRuns: NUM_RUNS },
    );
    // The generator reached both verdicts often: the property compared something.
    expect(seen.valid).toBeGreaterThan(NUM_RUNS / 20);
    expect(seen.invalid).toBeGreaterThan(NUM_RUNS / 2);
  }, 120_000);

  it(`WebCrypto platform = jose.jwtVerify (${NUM_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(testCase, async (c) => {
        const { key, alg, token } = build(c);
        const [signingInput, segment] = split(token);
        const ours = await key.ours.webcrypto(alg, signingInput, segment);
        const jose = await joseVerdict(token, key.jose[alg], alg);
        if (c.mutation.kind === 'none') expect(ours, 'a valid token').toBe(true);
        expect(ours).toBe(jose);
      }),
      { numRuns: NUM_RUNS },
    );
  }, 120_000);

  it('the e = 3 keys are e = 3, and a bit flip in every byte position of a signature is refused by all three', async () => {
    const e3 = keys.filter((key) => key.publicKey.asymmetricKeyDetails?.publicExponent === 3n);
    expect(e3).toHaveLength(2);
    for (const key of [keys[0]!, e3[0]!]) {
      const [signingInput, segment] = split(key.tokens.RS256[0]!);
      const signature = Buffer.from(segment, 'base64url');
      for (let i = 0; i < key.k; i++) {
        const flipped = Buffer.from(signature);
        flipped[i]! ^= 0x80;
        const s = flipped.toString('base64url');
        expect(key.ours.node('RS256', signingInput, s)).toBe(false);
        expect(verify('sha256', Buffer.from(signingInput), key.publicKey, flipped)).toBe(false);
      }
    }
  });
});
