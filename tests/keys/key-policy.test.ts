// SPEC §4.2: one key policy for a PEM jwtKey and every JWK, on both crypto platforms (the node entry
// and the WebCrypto default build). A PEM that breaks it fails at construction; a JWK is left out.
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import * as nodeEntry from '@sessionguard/core';
import { ConfigurationError, type Logger } from '@sessionguard/core';
import * as webEntry from '@sessionguard/core/internal/index.js';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../core/helpers.js';
import { forgeWithExponentOne, realModulus, rocaShapedModulus, rsaJwk, rsaSpkiPem } from './rsa-keys.js';

const ENTRIES = [
  { name: 'node:crypto entry', entry: nodeEntry, runtime: 'node' },
  { name: 'WebCrypto default build', entry: webEntry, runtime: 'webcrypto' },
] as const;

const noNetwork: typeof fetch = () => Promise.reject(new Error('network used'));
const modulus = realModulus();
const e = (value: number) => Buffer.from(value.toString(16).padStart(value > 0xff ? 6 : 2, '0'), 'hex');
const evenModulus = Buffer.from(modulus);
evenModulus[evenModulus.length - 1]! &= 0xfe;
const weakModulus = Buffer.from(
  String(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }).n),
  'base64url',
);

/** The PEM of a fresh key on `crv` with one coordinate of its point replaced (x, y: its last bytes). */
function ecPem(
  crv: 'P-256' | 'P-384' | 'P-521',
  coordinate: 'x' | 'y',
  replace: (value: string) => string,
): string {
  const der = generateKeyPairSync('ec', { namedCurve: crv }).publicKey.export({
    format: 'der',
    type: 'spki',
  });
  const size = crv === 'P-256' ? 32 : crv === 'P-384' ? 48 : 66;
  const start = der.length - (coordinate === 'x' ? 2 : 1) * size;
  Buffer.from(replace(der.subarray(start, start + size).toString('base64url')), 'base64url').copy(der, start);
  return `-----BEGIN PUBLIC KEY-----\n${der.toString('base64')}\n-----END PUBLIC KEY-----\n`;
}

function flipLastByte(value: string): string {
  const bytes = Buffer.from(value, 'base64url');
  bytes[bytes.length - 1]! ^= 0x01;
  return bytes.toString('base64url');
}

const P256_P = 'ffffffff00000001000000000000000000000000ffffffffffffffffffffffff';

/** PEMs that break the policy, and what the message must say about each. */
const BAD_PEMS: Array<[string, string, RegExp]> = [
  ['RSA e = 1', rsaSpkiPem(modulus, e(1)), /exponent/],
  ['RSA e = 2 (even)', rsaSpkiPem(modulus, e(2)), /exponent/],
  ['RSA e = 65538 (even)', rsaSpkiPem(modulus, e(65538)), /exponent/],
  ['RSA 1024 bits', rsaSpkiPem(weakModulus, e(65537)), /1024 bits.*2048/],
  ['RSA even modulus', rsaSpkiPem(evenModulus, e(65537)), /even RSA modulus/],
  ['RSA ROCA fingerprint', rsaSpkiPem(rocaShapedModulus(), e(65537)), /ROCA/],
  ['EC P-256 point off the curve', ecPem('P-256', 'y', flipLastByte), /not on P-256/],
  ['EC P-384 point off the curve', ecPem('P-384', 'y', flipLastByte), /not on P-384/],
  ['EC P-521 point off the curve', ecPem('P-521', 'x', flipLastByte), /not on P-521/],
  [
    'EC x = p (not below the field prime)',
    ecPem('P-256', 'x', () => Buffer.from(P256_P, 'hex').toString('base64url')),
    /not on P-256/,
  ],
];

function constructionError(create: () => unknown): ConfigurationError {
  try {
    create();
  } catch (error) {
    if (error instanceof ConfigurationError || (error as Error).name === 'ConfigurationError')
      return error as ConfigurationError;
    throw error;
  }
  throw new Error('expected a ConfigurationError at construction');
}

describe.each(ENTRIES)('PEM jwtKey on the $name', ({ entry, runtime }) => {
  it('is the platform the test means', () => {
    expect(entry.cryptoRuntime).toBe(runtime);
  });

  it('refuses a forgery with an e = 1 key: the key itself, at construction', async () => {
    const pem = rsaSpkiPem(modulus, e(1));
    const forged = forgeWithExponentOne(modulus, undefined, 'user_forged');
    const [signingInput, signature] = [
      forged.slice(0, forged.lastIndexOf('.')),
      forged.slice(forged.lastIndexOf('.') + 1),
    ];
    // The forgery is real: node:crypto itself takes the key and calls the padded hash a valid signature.
    expect(
      verify('sha256', Buffer.from(signingInput), createPublicKey(pem), Buffer.from(signature, 'base64url')),
    ).toBe(true);

    const error = constructionError(() => entry.createAuthenticator({ jwtKey: pem, fetch: noNetwork }));
    expect(error.code).toBe('weak-jwt-key');
    expect(error.message).toMatch(/jwtKey \/ CLERK_JWT_KEY/);
    expect(error.message).toMatch(/public exponent/);
    expect(error.message).not.toContain(pem.split('\n')[1]);
    // verifyToken builds its authenticator from the same options: the forgery is refused there too.
    await expect(
      (async () => entry.verifyToken(forged, { jwtKey: pem, fetch: noNetwork }))(),
    ).rejects.toThrow(/public exponent/);
  });

  it.each(BAD_PEMS)('refuses %s at construction, naming jwtKey / CLERK_JWT_KEY', (_, pem, detail) => {
    const error = constructionError(() => entry.createAuthenticator({ jwtKey: pem, fetch: noNetwork }));
    expect(error.code).toBe('weak-jwt-key');
    expect(error.message).toMatch(/jwtKey \/ CLERK_JWT_KEY/);
    expect(error.message).toMatch(detail);
    expect(error.message).toMatch(/Expected an RSA key of at least 2048 bits/);
  });

  it('refuses an Ed448 key (OKP only Ed25519) and a private key', () => {
    const ed448 = generateKeyPairSync('ed448').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(constructionError(() => entry.createAuthenticator({ jwtKey: ed448 })).code).toBe(
      'invalid-jwt-key',
    );
    const privatePem = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(constructionError(() => entry.createAuthenticator({ jwtKey: privatePem })).message).toMatch(
      /private key/,
    );
  });

  it('accepts e = 3 and the ROCA-free, odd, 2048-bit modulus next to a good exponent', async () => {
    for (const exponent of [3, 65537]) {
      expect(() =>
        entry.createAuthenticator({ jwtKey: rsaSpkiPem(modulus, e(exponent)), fetch: noNetwork }),
      ).not.toThrow();
    }
  });
});

describe.each(ENTRIES)('JWKS keys on the $name', ({ entry }) => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
    const published: Array<[string, Record<string, unknown>]> = [
      ['k_e1', rsaJwk(modulus, e(1), 'k_e1')],
      ['k_e2', rsaJwk(modulus, e(2), 'k_e2')],
      ['k_1024', rsaJwk(weakModulus, e(65537), 'k_1024')],
      ['k_even_n', rsaJwk(evenModulus, e(65537), 'k_even_n')],
      ['k_roca', rsaJwk(rocaShapedModulus(), e(65537), 'k_roca')],
    ];
    for (const [, jwk] of published) issuer.addPublishedJwk(jwk);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    issuer.addPublishedJwk({ ...ec, y: flipLastByte(String(ec.y)), kid: 'k_off_curve', alg: 'ES256' });
    const ed448 = generateKeyPairSync('ed448').publicKey.export({ format: 'jwk' });
    issuer.addPublishedJwk({ ...ed448, kid: 'k_ed448' });
    const withPrivate = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      format: 'jwk',
    });
    issuer.addPublishedJwk({ ...withPrivate, kid: 'k_private', alg: 'RS256' });
  });
  afterAll(() => issuer.close());

  it.each([
    ['k_e1', /exponent/],
    ['k_e2', /exponent/],
    ['k_1024', /1024 bits/],
    ['k_even_n', /even RSA modulus/],
    ['k_roca', /ROCA/],
    ['k_off_curve', /not on P-256/],
    ['k_ed448', /only Ed25519/],
    ['k_private', /private members/],
  ])(
    'leaves %s out of the set, with a debug log that names the rule and no key material',
    async (kid, rule) => {
      const logs: Array<[string, Record<string, unknown> | undefined]> = [];
      const logger: Logger = { debug: (message, data) => logs.push([message, data]) };
      const authenticator = entry.createAuthenticator({ jwksUrl: issuer.jwksUrl, logger });
      const token = await issuer.mintSessionToken({ userId: 'user_1', header: { kid } });
      expect((await authenticator.authenticateRequest(bearer(token))).reason).toBe('jwk-kid-mismatch');
      const leftOut = logs.filter(([message, data]) => message === 'jwks key left out' && data?.kid === kid);
      expect(leftOut).toHaveLength(1);
      expect(String(leftOut[0]![1]?.reason)).toMatch(rule);
      const logged = JSON.stringify(logs);
      expect(logged).not.toContain(modulus.toString('base64url').slice(0, 40));
      // The good key of the same set still verifies.
      expect(
        (await authenticator.authenticateRequest(bearer(await issuer.mintSessionToken({ userId: 'u' }))))
          .status,
      ).toBe('signed-in');
    },
  );

  it('the e = 1 forgery over JWKS names a key that is not in the set', async () => {
    const forged = forgeWithExponentOne(modulus, 'k_e1', 'user_forged');
    const state = await entry
      .createAuthenticator({ jwksUrl: issuer.jwksUrl })
      .authenticateRequest(bearer(forged));
    expect(state.status).toBe('signed-out');
    expect(state.reason).toBe('jwk-kid-mismatch');
  });
});
