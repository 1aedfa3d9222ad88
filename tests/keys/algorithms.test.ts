// SPEC §2.1 `algorithms`: typed as the union of supported names, an unknown name refused at
// construction, none and HS* never accepted, and defaults by key source: RS256 for Clerk's keys,
// the key's own algorithm for jwtKey and jwksUrl. Type checks run under tsc -p tests/tsconfig.json.
import { constants, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import * as nodeEntry from '@sessionguard/core';
import {
  type AuthOptions,
  ConfigurationError,
  SUPPORTED_ALGORITHMS,
  type SupportedAlgorithm,
} from '@sessionguard/core';
import * as webEntry from '@sessionguard/core/internal/index.js';
import { createTestIssuer, type SigningAlgorithm, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { bearer } from '../core/helpers.js';

const ENTRIES = [
  { name: 'node:crypto entry', entry: nodeEntry },
  { name: 'WebCrypto default build', entry: webEntry },
] as const;

function configurationError(create: () => unknown): ConfigurationError {
  try {
    create();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError at construction');
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('the algorithms option', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  afterAll(() => issuer.close());

  it('is typed as the union of the supported names', () => {
    expectTypeOf<NonNullable<AuthOptions['algorithms']>>().toEqualTypeOf<readonly SupportedAlgorithm[]>();
    expectTypeOf<SupportedAlgorithm>().toEqualTypeOf<
      'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA'
    >();
    expect([...SUPPORTED_ALGORITHMS]).toEqual([
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
    ]);
    // A misspelt name does not type-check (tsc fails on an unused @ts-expect-error) ...
    const misspelt = () =>
      // @ts-expect-error: 'RS265' is not a supported algorithm
      nodeEntry.createAuthenticator({ jwksUrl: issuer.jwksUrl, algorithms: ['RS265'] });
    // ... nor does HMAC, which a public key must never double as the secret of.
    // @ts-expect-error: HS256 is not a supported algorithm
    const hmac: AuthOptions = { algorithms: ['HS256'] };
    expect(hmac.algorithms).toEqual(['HS256']);
    // ... and at run time (plain JavaScript) the same mistake fails at construction.
    expect(configurationError(misspelt).code).toBe('invalid-option');
  });

  it.each([[['RS265']], [['RS265', 'RS256']], [['RS256', 'es256']], [['EdDSA', 'Ed25519']], [['RS256', 42]]])(
    'refuses %j at construction, naming the unknown name and listing the supported ones',
    (algorithms) => {
      const error = configurationError(() =>
        nodeEntry.createAuthenticator({
          jwksUrl: issuer.jwksUrl,
          algorithms: algorithms as unknown as SupportedAlgorithm[],
        }),
      );
      expect(error.code).toBe('invalid-option');
      expect(error.message).toMatch(/^Option algorithms/);
      expect(error.message).toContain(SUPPORTED_ALGORITHMS.join(', '));
      const unknown = algorithms.find((alg) => !(SUPPORTED_ALGORITHMS as readonly unknown[]).includes(alg));
      expect(error.message).toContain(typeof unknown === 'string' ? `"${unknown}"` : 'number');
    },
  );

  it.each([[[]], [['none']], [['HS256', 'HS512']], ['RS256']])(
    'refuses %j: nothing usable is listed',
    (algorithms) => {
      const error = configurationError(() =>
        nodeEntry.createAuthenticator({
          jwksUrl: issuer.jwksUrl,
          algorithms: algorithms as unknown as SupportedAlgorithm[],
        }),
      );
      expect(error.code).toBe('invalid-option');
      expect(error.message).toContain(SUPPORTED_ALGORITHMS.join(', '));
    },
  );

  it('never accepts none or HS*, even when listed next to a usable name', async () => {
    const authenticator = nodeEntry.createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      algorithms: ['RS256', 'HS256', 'none'] as unknown as SupportedAlgorithm[],
    });
    const [, payload] = (await issuer.mintSessionToken({ userId: 'u' })).split('.');
    for (const alg of ['none', 'HS256', 'NONE']) {
      const token = `${b64({ alg, typ: 'JWT', kid: issuer.currentKid })}.${payload}.AAAA`;
      expect((await authenticator.authenticateRequest(bearer(token))).reason, alg).toBe(
        'token-invalid-algorithm',
      );
    }
    expect(
      (await authenticator.authenticateRequest(bearer(await issuer.mintSessionToken({ userId: 'u' }))))
        .status,
    ).toBe('signed-in');
  });
});

/** Every family default of §2.1, and an algorithm of the wrong family or size for that key. */
const KEY_DEFAULTS: Array<{ alg: SigningAlgorithm; wrong: SupportedAlgorithm[] }> = [
  { alg: 'RS256', wrong: ['RS384', 'PS256', 'ES256'] },
  { alg: 'ES256', wrong: ['ES384', 'RS256', 'EdDSA'] },
  { alg: 'ES384', wrong: ['ES256', 'ES512'] },
  { alg: 'ES512', wrong: ['ES256', 'ES384'] },
  { alg: 'EdDSA', wrong: ['ES256', 'RS256'] },
];

describe.each(ENTRIES)('defaults by key, on the $name', ({ entry }) => {
  const issuers = new Map<SigningAlgorithm, TestIssuer>();
  beforeAll(async () => {
    for (const { alg } of KEY_DEFAULTS) issuers.set(alg, await createTestIssuer({ alg }));
    issuers.set('PS256', await createTestIssuer({ alg: 'PS256' }));
  });
  afterAll(() => Promise.all([...issuers.values()].map((issuer) => issuer.close())));

  describe.each(['jwtKey', 'jwksUrl'] as const)('%s with no algorithms option', (source) => {
    const optionsFor = (issuer: TestIssuer): AuthOptions =>
      source === 'jwtKey' ? { jwtKey: issuer.publicKeyPem } : { jwksUrl: issuer.jwksUrl };

    it.each(KEY_DEFAULTS)(
      'a $alg key verifies its tokens; a token naming another alg still fails',
      async ({ alg, wrong }) => {
        const issuer = issuers.get(alg)!;
        const authenticator = entry.createAuthenticator(optionsFor(issuer));
        const valid = await issuer.mintSessionToken({ userId: 'user_default' });
        const state = await authenticator.authenticateRequest(bearer(valid));
        expect(state.status).toBe('signed-in');
        expect(state.auth.userId).toBe('user_default');
        for (const other of wrong) {
          // Signed by the issuer's key, whatever the header says: the header's alg is not the key's.
          const lying = await issuer.mintSessionToken({ userId: 'user_default', header: { alg: other } });
          const refused = await authenticator.authenticateRequest(bearer(lying));
          expect(refused.reason, `${alg} key, alg ${other}`).toBe('token-invalid-algorithm');
        }
      },
    );
  });

  it('jwksUrl: a key published for PS256 verifies PS256 (its alg), and not RS256', async () => {
    const issuer = issuers.get('PS256')!;
    const authenticator = entry.createAuthenticator({ jwksUrl: issuer.jwksUrl });
    expect(
      (await authenticator.authenticateRequest(bearer(await issuer.mintSessionToken({ userId: 'u' }))))
        .status,
    ).toBe('signed-in');
    const rs = await issuer.mintSessionToken({ userId: 'u', header: { alg: 'RS256' } });
    expect((await authenticator.authenticateRequest(bearer(rs))).reason).toBe('token-invalid-algorithm');
  });

  it('jwtKey: an RSA PEM says nothing of PSS, so a PS256 token needs algorithms: ["PS256"]', async () => {
    const issuer = issuers.get('PS256')!;
    const token = await issuer.mintSessionToken({ userId: 'u' });
    const byKey = entry.createAuthenticator({ jwtKey: issuer.publicKeyPem });
    expect((await byKey.authenticateRequest(bearer(token))).reason).toBe('token-invalid-algorithm');
    const listed = entry.createAuthenticator({ jwtKey: issuer.publicKeyPem, algorithms: ['PS256'] });
    expect((await listed.authenticateRequest(bearer(token))).status).toBe('signed-in');
  });

  it('secretKey and publishableKey: RS256 (Clerk signs RS256), so an ES256 key set needs algorithms', async () => {
    const issuer = issuers.get('ES256')!;
    const token = await issuer.mintSessionToken({ userId: 'u' });
    for (const options of [
      { secretKey: issuer.secretKey, apiUrl: issuer.url },
      { publishableKey: issuer.publishableKey },
    ]) {
      expect((await entry.createAuthenticator(options).authenticateRequest(bearer(token))).reason).toBe(
        'token-invalid-algorithm',
      );
      const listed = entry.createAuthenticator({ ...options, algorithms: ['ES256'] });
      expect((await listed.authenticateRequest(bearer(token))).status).toBe('signed-in');
    }
  });
});

describe('jwksUrl: a key with no alg takes its family default', () => {
  let issuer: TestIssuer;
  let rsa: KeyObject;
  let ec: KeyObject;
  beforeAll(async () => {
    issuer = await createTestIssuer();
    const rsaPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ecPair = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    rsa = rsaPair.privateKey;
    ec = ecPair.privateKey;
    issuer.addPublishedJwk({ ...rsaPair.publicKey.export({ format: 'jwk' }), kid: 'rsa_no_alg', use: 'sig' });
    issuer.addPublishedJwk({ ...ecPair.publicKey.export({ format: 'jwk' }), kid: 'ec_no_alg' });
  });
  afterAll(() => issuer.close());

  function signed(
    alg: string,
    kid: string,
    key: KeyObject,
    options: Parameters<typeof sign>[2] = key,
  ): string {
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64({ alg, kid, typ: 'JWT' })}.${b64({ sub: 'user_no_alg', iat: now, exp: now + 60 })}`;
    const digest = alg === 'RS256' || alg === 'PS256' ? 'sha256' : 'sha384';
    return `${input}.${sign(digest, Buffer.from(input), options).toString('base64url')}`;
  }

  it.each(ENTRIES)('on the $name: RSA → RS256 only, P-384 → ES384 only', async ({ entry }) => {
    const authenticator = entry.createAuthenticator({ jwksUrl: issuer.jwksUrl });
    const verdict = async (token: string) => (await authenticator.authenticateRequest(bearer(token))).reason;
    expect(await verdict(signed('RS256', 'rsa_no_alg', rsa))).toBeNull();
    expect(
      await verdict(signed('ES384', 'ec_no_alg', ec, { key: ec, dsaEncoding: 'ieee-p1363' })),
    ).toBeNull();
    // A valid PSS signature by the same RSA key: a family default is one algorithm, not the family.
    const pss = signed('PS256', 'rsa_no_alg', rsa, {
      key: rsa,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    });
    expect(await verdict(pss)).toBe('token-invalid-algorithm');
    const listed = entry.createAuthenticator({ jwksUrl: issuer.jwksUrl, algorithms: ['PS256'] });
    expect((await listed.authenticateRequest(bearer(pss))).status).toBe('signed-in');
  });
});
