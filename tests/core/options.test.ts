import { generateKeyPairSync } from 'node:crypto';
import { ConfigurationError, createAuthenticator } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const ENV_NAMES = [
  'CLERK_SECRET_KEY',
  'CLERK_PUBLISHABLE_KEY',
  'CLERK_JWT_KEY',
  'CLERK_JWKS_URL',
  'CLERK_API_URL',
  'CLERK_API_VERSION',
  'CLERK_AUTHORIZED_PARTIES',
  'CLERK_SIGN_IN_URL',
  'CLERK_DEBUG',
];

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());
afterEach(() => {
  for (const name of ENV_NAMES) delete process.env[name];
});

describe('option, else environment variable, else default', () => {
  it('uses the defaults of SPEC §2.1', () => {
    const { options } = createAuthenticator({ jwksUrl: issuer.jwksUrl });
    expect(options).toMatchObject({
      apiUrl: 'https://api.clerk.com',
      apiVersion: 'v1',
      authorizedParties: [],
      audience: undefined,
      issuer: undefined,
      algorithms: undefined, // by key source (§2.1): with jwksUrl, each key's own algorithm
      clockSkewInMs: 5000,
      jwksCacheTtlInMs: 300_000,
      jwksCooldownInMs: 30_000,
      jwksTimeoutInMs: 5000,
      jwksStaleIfErrorInMs: 86_400_000,
      sessionCookieName: '__session',
      signInUrl: undefined,
      excludedRoutes: [],
      tokenCacheMax: 10_000,
      lookupCacheTtlInMs: 60_000,
      treatPendingAsSignedOut: true,
      logger: undefined,
    });
    expect(options.fetch).toBe(globalThis.fetch);
    expect(options.now).toBe(Date.now);
  });

  it('reads every environment variable when the option is absent', () => {
    process.env.CLERK_SECRET_KEY = 'sk_test_env';
    process.env.CLERK_PUBLISHABLE_KEY = issuer.publishableKey;
    process.env.CLERK_JWT_KEY = issuer.publicKeyPem;
    process.env.CLERK_JWKS_URL = issuer.jwksUrl;
    process.env.CLERK_API_URL = 'https://api.example.test/';
    process.env.CLERK_API_VERSION = 'v2';
    process.env.CLERK_AUTHORIZED_PARTIES = 'https://a.test, https://b.test';
    process.env.CLERK_SIGN_IN_URL = 'https://a.test/sign-in';
    process.env.CLERK_DEBUG = 'true';
    const { options } = createAuthenticator();
    expect(options).toMatchObject({
      secretKey: 'sk_test_env',
      publishableKey: issuer.publishableKey,
      jwtKey: issuer.publicKeyPem.trim(),
      jwksUrl: issuer.jwksUrl,
      apiUrl: 'https://api.example.test',
      apiVersion: 'v2',
      authorizedParties: ['https://a.test', 'https://b.test'],
      signInUrl: 'https://a.test/sign-in',
    });
    expect(options.logger).toBeDefined();
  });

  it('prefers the option over the environment variable', () => {
    process.env.CLERK_JWKS_URL = 'https://env.test/jwks';
    process.env.CLERK_API_VERSION = 'v9';
    process.env.CLERK_AUTHORIZED_PARTIES = 'https://env.test';
    process.env.CLERK_SIGN_IN_URL = 'https://env.test/sign-in';
    const { options } = createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      apiVersion: 'v1',
      authorizedParties: ['https://opt.test'],
      signInUrl: '/sign-in',
      debug: false,
    });
    expect(options.jwksUrl).toBe(issuer.jwksUrl);
    expect(options.apiVersion).toBe('v1');
    expect(options.authorizedParties).toEqual(['https://opt.test']);
    expect(options.signInUrl).toBe('/sign-in');
    expect(options.logger).toBeUndefined();
  });

  it('takes every option that has no environment variable', () => {
    const now = () => 0;
    const fetchImpl: typeof fetch = (...args) => fetch(...args);
    const { options } = createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      audience: 'api',
      issuer: ['https://iss.test'],
      // @ts-expect-error: none and HS* are not supported names; at run time they are dropped
      algorithms: ['RS256', 'ES256', 'HS256', 'none'],
      clockSkewInMs: 0,
      jwksCacheTtlInMs: 1,
      jwksCooldownInMs: 2,
      jwksTimeoutInMs: 3,
      jwksStaleIfErrorInMs: 4,
      sessionCookieName: '__s',
      excludedRoutes: ['/health'],
      tokenCache: false,
      lookupCacheTtlInMs: 5,
      treatPendingAsSignedOut: false,
      fetch: fetchImpl,
      now,
    });
    expect(options).toMatchObject({
      audience: ['api'],
      issuer: ['https://iss.test'],
      algorithms: ['RS256', 'ES256'],
      clockSkewInMs: 0,
      jwksCacheTtlInMs: 1,
      jwksCooldownInMs: 2,
      jwksTimeoutInMs: 3,
      jwksStaleIfErrorInMs: 4,
      sessionCookieName: '__s',
      excludedRoutes: ['/health'],
      tokenCacheMax: 0,
      lookupCacheTtlInMs: 5,
      treatPendingAsSignedOut: false,
    });
    expect(options.fetch).toBe(fetchImpl);
    expect(options.now).toBe(now);
  });
});

describe('ConfigurationError at construction', () => {
  function configurationError(fn: () => unknown): ConfigurationError {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      return error as ConfigurationError;
    }
    throw new Error('expected a ConfigurationError');
  }

  it('names the four key options and their env variables when none is set', () => {
    const error = configurationError(() => createAuthenticator());
    expect(error.code).toBe('missing-key-source');
    for (const name of [
      'jwtKey',
      'CLERK_JWT_KEY',
      'jwksUrl',
      'CLERK_JWKS_URL',
      'secretKey',
      'CLERK_SECRET_KEY',
      'publishableKey',
      'CLERK_PUBLISHABLE_KEY',
    ]) {
      expect(error.message).toContain(name);
    }
  });

  it.each([
    ['no prefix', 'abc'],
    ['not base64', 'pk_test_!!!'],
    ['no trailing $', `pk_test_${btoa('clerk.example.com')}`],
    ['empty host', `pk_test_${btoa('$')}`],
    ['host with a path', `pk_live_${btoa('evil.test/x$')}`],
  ])('refuses a publishable key that does not decode to a host (%s)', (_, publishableKey) => {
    const error = configurationError(() => createAuthenticator({ publishableKey }));
    expect(error.code).toBe('invalid-publishable-key');
    expect(error.message).toContain('CLERK_PUBLISHABLE_KEY');
  });

  it('refuses a malformed publishable key even when another key source wins', () => {
    expect(() => createAuthenticator({ jwksUrl: issuer.jwksUrl, publishableKey: 'pk_test_zzz' })).toThrow(
      ConfigurationError,
    );
  });

  it.each([
    ['garbage', 'not a key'],
    ['broken armour', '-----BEGIN PUBLIC KEY-----\nAAAA'],
    [
      'truncated body',
      '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----',
    ],
    [
      'private key',
      generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
    ],
  ])('refuses a PEM that does not parse (%s) without echoing it', (_, jwtKey) => {
    const error = configurationError(() => createAuthenticator({ jwtKey }));
    expect(error.code).toBe('invalid-jwt-key');
    expect(error.message).toContain('CLERK_JWT_KEY');
    expect(error.message).not.toContain(jwtKey.split('\n')[1] ?? jwtKey);
  });

  it('refuses an RSA key under 2048 bits', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const error = configurationError(() =>
      createAuthenticator({ jwtKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() }),
    );
    expect(error.code).toBe('weak-jwt-key');
    expect(error.message).toMatch(/1024 bits.*2048/);
  });

  it('refuses a malformed secret key, a relative jwksUrl and an algorithm list with nothing usable', () => {
    expect(configurationError(() => createAuthenticator({ secretKey: 'oops' })).code).toBe(
      'invalid-secret-key',
    );
    expect(configurationError(() => createAuthenticator({ jwksUrl: '/jwks' })).code).toBe('invalid-option');
    expect(
      configurationError(() =>
        // @ts-expect-error: none and HS* are not supported names
        createAuthenticator({ jwksUrl: issuer.jwksUrl, algorithms: ['HS256', 'none'] }),
      ).code,
    ).toBe('invalid-option');
  });
});
