import { generateKeyPairSync } from 'node:crypto';
import { type AuthOptions, ConfigurationError, createAuthenticator } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from './helpers.js';

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
  'CLERK_MACHINE_SECRET_KEY',
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
      jwksCooldownInMs: 10_000,
      jwksTimeoutInMs: 5000,
      jwksStaleIfErrorInMs: 86_400_000,
      sessionCookieName: '__session',
      signInUrl: undefined,
      excludedRoutes: [],
      tokenCacheMax: 10_000,
      lookupCacheTtlInMs: 60_000,
      acceptsToken: ['session_token'],
      machineSecretKey: undefined,
      machineTokenCacheTtlInMs: 10_000,
      machineVerifyConcurrency: 32,
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
    process.env.CLERK_MACHINE_SECRET_KEY = 'ak_machine_env';
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
      machineSecretKey: 'ak_machine_env',
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
    ['a host without a dot', `pk_test_${btoa('localhost$')}`],
    ['a bare word', `pk_live_${btoa('clerk$')}`],
    ['an empty label', `pk_test_${btoa('clerk..example.com$')}`],
    ['a leading dot', `pk_test_${btoa('.example.com$')}`],
    ['only dots', `pk_test_${btoa('...$')}`],
    ['a port out of range', `pk_test_${btoa('clerk.example.com:99999$')}`],
    ['a $ inside', `pk_test_${btoa('clerk.example.com$x$')}`],
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

function configurationErrorOf(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw new Error(`expected a ConfigurationError, got ${String(error)}`);
  }
  throw new Error('expected a ConfigurationError, nothing was thrown');
}

// Deliberately wrong values that TypeScript would refuse, as plain JavaScript or a JSON config passes them.
const untyped = (options: Record<string, unknown>): AuthOptions => options as AuthOptions;

describe('SPEC §2.1: start-up validation names the option, its env variable and what it expects', () => {
  it('reads authorizedParties given as a string as a comma list, like CLERK_AUTHORIZED_PARTIES', async () => {
    const authenticator = createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      authorizedParties: 'https://a.test, https://b.test,,',
    });
    expect(authenticator.options.authorizedParties).toEqual(['https://a.test', 'https://b.test']);
    const ok = await issuer.mintSessionToken({ userId: 'user_1', azp: 'https://b.test' });
    const other = await issuer.mintSessionToken({ userId: 'user_1', azp: 'h' });
    expect((await authenticator.authenticateRequest(bearer(ok))).status).toBe('signed-in');
    expect((await authenticator.authenticateRequest(bearer(other))).reason).toBe(
      'token-invalid-authorized-parties',
    );
  });

  it('refuses an authorizedParties list with something other than strings', () => {
    const error = configurationErrorOf(() =>
      createAuthenticator(untyped({ jwksUrl: issuer.jwksUrl, authorizedParties: ['https://a.test', 42] })),
    );
    expect(error.code).toBe('invalid-option');
    expect(error.message).toContain('authorizedParties (CLERK_AUTHORIZED_PARTIES)');
    expect(error.message).toContain('comma-separated');
  });

  it.each([
    ['a relative path', '/jwks'],
    ['not a URL', 'nope'],
    ['ftp:', 'ftp://keys.example.com/jwks.json'],
    ['file:', 'file:///etc/jwks.json'],
    ['javascript:', 'javascript:alert(1)'],
    ['http: to a public host', 'http://keys.example.com/jwks.json'],
    ['http: to a private address', 'http://10.0.0.1/jwks.json'],
    ['http: to a name that only starts like loopback', 'http://127.0.0.1.evil.test/jwks.json'],
    ['credentials in the URL', 'https://user:secret@keys.example.com/jwks.json'],
  ])('refuses jwksUrl and apiUrl as %s', (_, url) => {
    const jwks = configurationErrorOf(() => createAuthenticator({ jwksUrl: url }));
    expect(jwks.code).toBe('invalid-option');
    expect(jwks.message).toContain('jwksUrl (CLERK_JWKS_URL)');
    expect(jwks.message).toContain('absolute https: URL');
    expect(jwks.message).toContain('127.0.0.0/8, localhost, [::1]');
    expect(jwks.message).not.toContain('secret');
    const api = configurationErrorOf(() => createAuthenticator({ jwksUrl: issuer.jwksUrl, apiUrl: url }));
    expect(api.message).toContain('apiUrl (CLERK_API_URL)');
    expect(api.message).not.toContain('secret');
  });

  it('refuses a bad CLERK_JWKS_URL / CLERK_API_URL from the environment at construction', () => {
    process.env.CLERK_JWKS_URL = 'ftp://keys.example.com/jwks.json';
    expect(configurationErrorOf(() => createAuthenticator()).message).toContain('CLERK_JWKS_URL');
    process.env.CLERK_JWKS_URL = issuer.jwksUrl;
    process.env.CLERK_API_URL = 'nope';
    expect(configurationErrorOf(() => createAuthenticator()).message).toContain('CLERK_API_URL');
  });

  it.each([
    'https://keys.example.com/jwks.json',
    'http://127.0.0.1:9/jwks.json',
    'http://127.45.6.7/jwks.json',
    'http://localhost:3000/jwks.json',
    'http://LOCALHOST/jwks.json',
    'http://[::1]:3000/jwks.json',
  ])('accepts %s', (url) => {
    expect(createAuthenticator({ jwksUrl: url, apiUrl: url }).options.jwksUrl).toBe(url);
  });

  const NUMBER_OPTIONS = [
    'clockSkewInMs',
    'jwksCacheTtlInMs',
    'jwksCooldownInMs',
    'jwksTimeoutInMs',
    'jwksStaleIfErrorInMs',
    'lookupCacheTtlInMs',
    'lookupNotFoundTtlInMs',
    'apiTimeoutInMs',
    'machineTokenCacheTtlInMs',
    'machineVerifyConcurrency',
  ] as const;

  it.each(
    NUMBER_OPTIONS.flatMap((name) =>
      [-1, -0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '5000'].map(
        (value) => [name, value] as const,
      ),
    ),
  )('refuses %s = %s', (name, value) => {
    const error = configurationErrorOf(() =>
      createAuthenticator(untyped({ jwksUrl: issuer.jwksUrl, [name]: value })),
    );
    expect(error.code).toBe('invalid-option');
    expect(error.message).toContain(`${name} (an option only; no env variable)`);
    expect(error.message).toMatch(/must be a (non-negative|positive) finite (number|integer)/);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '10'])('refuses tokenCache.max = %s', (max) => {
    const error = configurationErrorOf(() =>
      createAuthenticator(untyped({ jwksUrl: issuer.jwksUrl, tokenCache: { max } })),
    );
    expect(error.message).toContain('tokenCache.max');
    expect(error.message).toContain('non-negative finite number');
    expect(() => createAuthenticator(untyped({ jwksUrl: issuer.jwksUrl, tokenCache: 5 }))).toThrow(
      /tokenCache/,
    );
  });

  it('refuses zero where zero cannot work, and a fractional concurrency; takes zero elsewhere', () => {
    for (const name of ['jwksTimeoutInMs', 'apiTimeoutInMs', 'machineVerifyConcurrency'] as const) {
      expect(
        configurationErrorOf(() => createAuthenticator({ jwksUrl: issuer.jwksUrl, [name]: 0 })).message,
      ).toContain('positive');
    }
    expect(
      configurationErrorOf(() =>
        createAuthenticator({ jwksUrl: issuer.jwksUrl, machineVerifyConcurrency: 1.5 }),
      ).message,
    ).toContain('positive finite integer');
    const { options } = createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      clockSkewInMs: 0,
      machineTokenCacheTtlInMs: 0,
      machineVerifyConcurrency: 1,
      tokenCache: { max: 0 },
    });
    expect(options).toMatchObject({
      clockSkewInMs: 0,
      machineTokenCacheTtlInMs: 0,
      machineVerifyConcurrency: 1,
      tokenCacheMax: 0,
    });
  });

  it.each([
    ['an unknown type', 'session'],
    ['an unknown type in a list', ['api_key', 'bogus']],
    ["'any' inside a list", ['any']],
    ['an empty list', []],
    ['a number', 1],
  ])('refuses acceptsToken as %s, listing the types', (_, acceptsToken) => {
    const error = configurationErrorOf(() =>
      createAuthenticator(untyped({ jwksUrl: issuer.jwksUrl, acceptsToken })),
    );
    expect(error.code).toBe('invalid-option');
    expect(error.message).toContain('acceptsToken (an option only; no env variable)');
    for (const type of ['any', 'session_token', 'api_key', 'm2m_token', 'oauth_token']) {
      expect(error.message).toContain(`'${type}'`);
    }
  });

  it.each([
    ['session_token', ['session_token']],
    ['any', ['session_token', 'api_key', 'm2m_token', 'oauth_token']],
    [
      ['oauth_token', 'api_key', 'oauth_token'],
      ['api_key', 'oauth_token'],
    ],
  ] as const)('takes acceptsToken %j as %j', (acceptsToken, expected) => {
    expect(createAuthenticator({ jwksUrl: issuer.jwksUrl, acceptsToken }).options.acceptsToken).toEqual(
      expected,
    );
  });

  it('refuses a key given as something other than a string without echoing it', () => {
    const error = configurationErrorOf(() =>
      createAuthenticator(untyped({ secretKey: { key: 'sk_test_x' } })),
    );
    expect(error.message).toContain('secretKey (CLERK_SECRET_KEY) must be a string');
    expect(error.message).not.toContain('sk_test_x');
  });

  it.each([
    ['an empty string', ''],
    ['an empty list', []],
    ['a list of only empty strings', ['', '']],
  ])('leaves audience unset when it is %s: a token without aud signs in', async (_, audience) => {
    const authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl, audience });
    expect(authenticator.options.audience).toBeUndefined();
    const token = await issuer.mintSessionToken({ userId: 'user_1' });
    expect((await authenticator.authenticateRequest(bearer(token))).status).toBe('signed-in');
  });

  it('drops empty entries from an audience list and still requires the rest', async () => {
    const authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl, audience: ['', 'api'] });
    expect(authenticator.options.audience).toEqual(['api']);
    const token = await issuer.mintSessionToken({ userId: 'user_1' });
    expect((await authenticator.authenticateRequest(bearer(token))).reason).toBe('token-invalid-audience');
  });
});

describe('SPEC §2.1: reading the environment never throws', () => {
  it('counts every env variable unset when process.env refuses access (Deno without --allow-env)', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(process, 'env');
    if (descriptor === undefined) throw new Error('process.env has no descriptor');
    process.env.CLERK_SECRET_KEY = 'sk_test_would_win';
    const refusing = new Proxy(
      {},
      {
        get(_, name) {
          throw new Error(`NotCapable: Requires env access to "${String(name)}", run again with --allow-env`);
        },
      },
    );
    Object.defineProperty(process, 'env', { ...descriptor, value: refusing });
    try {
      const authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl });
      expect(authenticator.options.secretKey).toBeUndefined();
      expect(authenticator.options.logger).toBeUndefined();
      const token = await issuer.mintSessionToken({ userId: 'user_env' });
      expect((await authenticator.authenticateRequest(bearer(token))).auth.userId).toBe('user_env');
      expect(configurationErrorOf(() => createAuthenticator()).code).toBe('missing-key-source');
    } finally {
      Object.defineProperty(process, 'env', descriptor);
    }
  });
});
