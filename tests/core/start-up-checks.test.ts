// Issue 24 item 8 (SPEC §2.1, §3.2): what is refused at start-up, what is read two ways, and the one
// warning an infrastructure failure earns.
import { type AuthOptions, ConfigurationError, createAuthenticator } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { bearer, expectSignedOut } from './helpers.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());
beforeEach(() => issuer.setOutage(false));
afterEach(() => {
  delete process.env.CLERK_SECRET_KEY;
  delete process.env.CLERK_AUTHORIZED_PARTIES;
  vi.restoreAllMocks();
});

function configurationErrorOf(build: () => unknown): ConfigurationError {
  try {
    build();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

const untyped = (options: Record<string, unknown>) => options as AuthOptions;

describe('a session cookie reached only after a comma is token-ambiguous (SPEC §3.2)', () => {
  const app = () => createAuthenticator({ jwksUrl: issuer.jwksUrl });

  it('in one Cookie header, Node-style and as a WHATWG Request', async () => {
    const token = await issuer.mintSessionToken({ userId: 'user_1' });
    const cookie = `theme=dark,__session=${token}`;
    expectSignedOut(await app().authenticateRequest({ headers: { cookie } }), 'token-ambiguous', token);
    const request = new Request('http://app.test/', { headers: { cookie } });
    expectSignedOut(await app().authenticateRequest(request), 'token-ambiguous', token);
    const spaced = { headers: { cookie: `theme=dark, __session=${token}` } };
    expectSignedOut(await app().authenticateRequest(spaced), 'token-ambiguous', token);
  });

  it('in a Headers object, and with a publishable key (suffixed names) as well', async () => {
    const token = await issuer.mintSessionToken({ userId: 'user_1' });
    const headers = new Headers({ cookie: `theme=dark,__session=${token}` });
    expectSignedOut(await app().authenticateRequest({ headers }), 'token-ambiguous', token);
    const named = createAuthenticator({ jwksUrl: issuer.jwksUrl, publishableKey: issuer.publishableKey });
    // With a publishable key the browser cookies of SPEC §12 (a development instance: its dev browser).
    const browser = `__session=${token}; __clerk_db_jwt=dvb_1; __client_uat=1`;
    expect((await named.authenticateRequest({ headers: { cookie: browser } })).status).toBe('signed-in');
    // Whatever the suffix, a plain cookie after a comma is ambiguous with a publishable key as well.
    expectSignedOut(
      await named.authenticateRequest({ headers: { cookie: `theme=dark,${browser}` } }),
      'token-ambiguous',
      token,
    );
  });

  it('after a semicolon, or first, it is read as before', async () => {
    const token = await issuer.mintSessionToken({ userId: 'user_1' });
    for (const cookie of [
      `theme=dark; __session=${token}`,
      `__session=${token}; theme=dark`,
      `theme=dark;__session=${token}`,
    ]) {
      expect((await app().authenticateRequest({ headers: { cookie } })).status).toBe('signed-in');
    }
    // A comma inside another cookie's value before ours does not matter: the name follows a ";".
    const state = await app().authenticateRequest({ headers: { cookie: `a=x,y; __session=${token}` } });
    expect(state.status).toBe('signed-in');
  });
});

describe('authorizedParties entries are origins (SPEC §2.1)', () => {
  const build = (authorizedParties: unknown) =>
    createAuthenticator(untyped({ jwksUrl: issuer.jwksUrl, authorizedParties }));

  it.each([
    ['http://localhost:3000/', "did you mean 'http://localhost:3000'?"],
    ['https://app.test/dashboard', "did you mean 'https://app.test'?"],
    ['HTTPS://App.Test', "did you mean 'https://app.test'?"],
    ['https://app.test:443', "did you mean 'https://app.test'?"],
    ['localhost:3000', "did you mean 'http://localhost:3000' or 'https://localhost:3000'?"],
    ['app.test/', "did you mean 'http://app.test' or 'https://app.test'?"],
  ])('refuses %s and shows the corrected value', (entry, fix) => {
    for (const value of [[entry], entry, ['https://ok.test', entry]]) {
      const error = configurationErrorOf(() => build(value));
      expect(error.code).toBe('invalid-option');
      expect(error.message).toContain('authorizedParties (CLERK_AUTHORIZED_PARTIES)');
      expect(error.message).toContain(JSON.stringify(entry));
      expect(error.message).toContain(fix);
    }
  });

  it('checks the env variable the same way', () => {
    process.env.CLERK_AUTHORIZED_PARTIES = 'https://ok.test, http://localhost:3000/';
    const error = configurationErrorOf(() => createAuthenticator({ jwksUrl: issuer.jwksUrl }));
    expect(error.message).toContain("did you mean 'http://localhost:3000'?");
  });

  it.each([[''], ' ', ',', [['']], [['https://ok.test', '']], [[' ']]])(
    'refuses an empty entry (%j), which would turn the azp check off',
    (value) => {
      const error = configurationErrorOf(() => build(value));
      expect(error.code).toBe('invalid-option');
      expect(error.message).toContain('authorizedParties (CLERK_AUTHORIZED_PARTIES)');
    },
  );

  it('accepts origins and plain client ids (the azp of other issuers), and checks azp against them', async () => {
    const app = build(['https://app.test', 'http://localhost:3000', 'capacitor://localhost', 'orders-web']);
    expect(app.options.authorizedParties).toEqual([
      'https://app.test',
      'http://localhost:3000',
      'capacitor://localhost',
      'orders-web',
    ]);
    const good = await issuer.mintSessionToken({ userId: 'user_1', azp: 'http://localhost:3000' });
    const slashed = await issuer.mintSessionToken({ userId: 'user_1', azp: 'http://localhost:3000/' });
    expect((await app.authenticateRequest(bearer(good))).status).toBe('signed-in');
    expectSignedOut(await app.authenticateRequest(bearer(slashed)), 'token-invalid-authorized-parties');
  });
});

describe('an option given as null or undefined is not given (SPEC §2.1)', () => {
  it('publishableKey: null is no publishable key', async () => {
    const app = createAuthenticator(untyped({ jwksUrl: issuer.jwksUrl, publishableKey: null }));
    expect(app.options.publishableKey).toBeUndefined();
    const token = await issuer.mintSessionToken({ userId: 'user_1' });
    expect((await app.authenticateRequest(bearer(token))).status).toBe('signed-in');
  });

  it('null and undefined fall back to the env variable, else the default', () => {
    process.env.CLERK_SECRET_KEY = issuer.secretKey;
    const options = untyped({
      jwksUrl: issuer.jwksUrl,
      secretKey: null,
      apiUrl: undefined,
      authorizedParties: null,
      clockSkewInMs: null,
      tokenCache: null,
      treatPendingAsSignedOut: null,
      acceptsToken: null,
      logger: null,
      fetch: null,
      now: null,
    });
    const resolved = createAuthenticator(options).options;
    expect(resolved.secretKey).toBe(issuer.secretKey);
    expect(resolved.apiUrl).toBe('https://api.clerk.com');
    expect(resolved.authorizedParties).toEqual([]);
    expect(resolved.clockSkewInMs).toBe(5_000);
    expect(resolved.tokenCacheMax).toBe(10_000);
    expect(resolved.treatPendingAsSignedOut).toBe(true);
    expect(resolved.acceptsToken).toEqual(['session_token']);
    expect(resolved.fetch).toBe(globalThis.fetch);
    expect(resolved.now).toBe(Date.now);
  });
});

describe('infrastructure failures are logged once per authenticator at warn (SPEC §2.1)', () => {
  it('a key set that never loaded: one console.warn when no logger is given, with no token', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    issuer.setOutage('error');
    const app = createAuthenticator({ jwksUrl: issuer.jwksUrl, jwksTimeoutInMs: 500 });
    const token = await issuer.mintSessionToken({ userId: 'user_1' });
    for (let i = 0; i < 5; i++) {
      expectSignedOut(await app.authenticateRequest(bearer(token)), 'jwk-remote-failed-to-load', token);
    }
    expect(warn).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).toContain('jwk-remote-failed-to-load');
    expect(logged).not.toContain(token);
    // Another authenticator warns once of its own.
    const other = createAuthenticator({ jwksUrl: issuer.jwksUrl, jwksTimeoutInMs: 500 });
    await other.authenticateRequest(bearer(token));
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('a refused secret key: through logger.warn when the logger has one, never the secret', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const warnings: unknown[][] = [];
    const wrongSecret = `sk_test_${'x'.repeat(40)}`;
    const app = createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      secretKey: wrongSecret,
      apiUrl: issuer.url,
      acceptsToken: 'api_key',
      logger: { debug: () => {}, warn: (...args) => warnings.push(args) },
    });
    const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k' });
    for (let i = 0; i < 5; i++) {
      expectSignedOut(await app.authenticateRequest(bearer(secret)), 'secret-key-invalid', secret);
    }
    expect(warnings).toHaveLength(1);
    const logged = JSON.stringify(warnings);
    expect(logged).toContain('secret-key-invalid');
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain(wrongSecret);
    expect(warn).not.toHaveBeenCalled();
  });

  it('a logger without warn (debug only) still warns, on the console; a bad token is no warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const app = createAuthenticator({ jwksUrl: issuer.jwksUrl, logger: { debug: () => {} } });
    expectSignedOut(await app.authenticateRequest(bearer('a.b.c')), 'token-invalid');
    expect(warn).not.toHaveBeenCalled();
    issuer.setOutage('error');
    const token = await issuer.mintSessionToken({ userId: 'user_1' });
    await app.authenticateRequest(bearer(token));
    await app.authenticateRequest(bearer(token));
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
