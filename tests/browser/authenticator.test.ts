import { type AuthOptions, createAuthenticator, type RequestState } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// SPEC §12 wired: requests through createAuthenticator(...).authenticateRequest, against the real
// test issuer playing the Frontend API (its browser cookies, its handshake, its sign-in).

const APP = 'http://127.0.0.1:9';

let development: TestIssuer;
let production: TestIssuer;

beforeAll(async () => {
  [development, production] = await Promise.all([
    createTestIssuer(),
    createTestIssuer({ instance: 'production' }),
  ]);
  for (const issuer of [development, production]) issuer.allowOrigin(APP);
});
afterAll(() => Promise.all([development.close(), production.close()]));

function app(issuer: TestIssuer, extra: AuthOptions = {}) {
  return createAuthenticator({
    publishableKey: issuer.publishableKey,
    secretKey: issuer.secretKey,
    apiUrl: issuer.url,
    ...extra,
  });
}

type Kind = 'navigation' | 'fetch' | 'post';

function request(
  kind: Kind,
  cookie: string | undefined,
  path = '/page?a=1',
  extra: Record<string, string> = {},
) {
  const headers: Record<string, string> = { host: '127.0.0.1:9', ...extra };
  if (cookie !== undefined) headers.cookie = cookie;
  if (kind === 'navigation') {
    headers['sec-fetch-dest'] = 'document';
    headers.accept = 'text/html';
  } else {
    headers['sec-fetch-dest'] = 'empty';
    headers.accept = 'application/json';
  }
  return { method: kind === 'post' ? 'POST' : 'GET', url: path, headers };
}

/** A session cookie set that expired a minute ago (the browser was away). */
function expiredCookies(issuer: TestIssuer, userId = 'user_1'): string {
  return issuer.browserCookies({
    userId,
    issuedAt: Math.floor(Date.now() / 1000) - 120,
    expiresInSeconds: 60,
  });
}

/** The `name=value` part of Set-Cookie values, as a browser sends them back. */
function cookieHeader(setCookie: readonly string[], previous = ''): string {
  const jar = new Map<string, string>();
  for (const pair of previous.split('; ').filter(Boolean)) jar.set(pair.split('=')[0]!, pair);
  for (const line of setCookie) {
    const pair = line.split(';')[0]!;
    const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
    if (value === '' || /Max-Age=0/i.test(line)) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()].join('; ');
}

function expectPlain(state: RequestState): void {
  expect(state.location).toBeNull();
  expect(state.setCookie).toEqual([]);
  expect(Object.isFrozen(state.setCookie)).toBe(true);
}

describe('SPEC §12.1: without a publishable key nothing changes', () => {
  const plain = () => createAuthenticator({ jwksUrl: development.jwksUrl });

  it('__session is the plain token carrier of §3: __client_uat, navigations and the dev browser play no part', async () => {
    const token = await development.mintSessionToken({ userId: 'user_1' });
    const authenticator = plain();
    for (const cookie of [`__session=${token}`, `__session=${token}; __client_uat=0`]) {
      for (const kind of ['navigation', 'fetch', 'post'] as const) {
        const state = await authenticator.authenticateRequest(request(kind, cookie));
        expect(state).toMatchObject({ status: 'signed-in', token, reason: null });
        expectPlain(state);
      }
    }
    const none = await authenticator.authenticateRequest(request('navigation', undefined));
    expect(none).toMatchObject({ status: 'signed-out', reason: 'session-token-missing' });
    expectPlain(none);
  });

  it('an expired cookie on a navigation is signed out token-expired, never a handshake', async () => {
    const expired = await development.mintSessionToken({
      userId: 'user_1',
      issuedAt: Math.floor(Date.now() / 1000) - 120,
      expiresInSeconds: 60,
    });
    const state = await plain().authenticateRequest(request('navigation', `__session=${expired}`));
    expect(state).toMatchObject({ status: 'signed-out', reason: 'token-expired' });
    expectPlain(state);
  });
});

describe('SPEC §12: a publishable key, through authenticateRequest', () => {
  for (const instance of ['development', 'production'] as const) {
    const issuerOf = () => (instance === 'production' ? production : development);

    it(`${instance}: a signed-in browser's cookies sign in, and a cached token is answered without a promise`, async () => {
      const authenticator = app(issuerOf());
      const cookie = issuerOf().browserCookies({ userId: 'user_1' });
      const state = await authenticator.authenticateRequest(request('navigation', cookie));
      expect(state).toMatchObject({ status: 'signed-in', auth: { userId: 'user_1' } });
      expectPlain(state);
      const again = authenticator.authenticateRequestEagerly?.(request('fetch', cookie));
      expect(again).not.toBeInstanceOf(Promise);
      expect(again).toMatchObject({ status: 'signed-in', token: state.token });
      // From its first repeat on, a cached token's state is the same frozen object: nothing is built.
      expect(authenticator.authenticateRequestEagerly?.(request('navigation', cookie))).toBe(again);
    });

    it(`${instance}: an expired cookie is a handshake on a navigation, signed out with the same reason on a fetch or a POST`, async () => {
      const authenticator = app(issuerOf());
      const cookie = expiredCookies(issuerOf());
      const reason = 'session-token-expired-refresh-non-eligible-no-refresh-cookie';
      const navigation = await authenticator.authenticateRequest(request('navigation', cookie));
      expect(navigation).toMatchObject({ status: 'handshake', reason, auth: { isAuthenticated: false } });
      expect(navigation.location).toMatch(
        new RegExp(
          `^${issuerOf().url}/v1/client/handshake\\?redirect_url=${encodeURIComponent(`${APP}/page?a=1`).replace(/[.?]/g, '\\$&')}&`,
        ),
      );
      expect(navigation.headers).toMatchObject({
        'cache-control': 'no-store',
        'x-clerk-auth-status': 'handshake',
        'x-clerk-auth-reason': reason,
      });
      expect(navigation.setCookie).toEqual([
        expect.stringMatching(/^__clerk_redirect_count=1; Max-Age=2; Path=\/; HttpOnly; SameSite=Lax$/),
      ]);
      const fetched = await authenticator.authenticateRequest(request('fetch', cookie));
      expect(fetched).toMatchObject({ status: 'signed-out', reason, location: null });
      const posted = await authenticator.authenticateRequest(request('post', cookie));
      expect(posted).toMatchObject({
        status: 'signed-out',
        reason: 'session-token-expired-refresh-non-eligible-non-get',
        location: null,
      });
    });

    it(`${instance}: handshake: false signs a navigation out with the reason the redirect would have had`, async () => {
      const state = await app(issuerOf(), { handshake: false }).authenticateRequest(
        request('navigation', expiredCookies(issuerOf())),
      );
      expect(state).toMatchObject({
        status: 'signed-out',
        reason: 'session-token-expired-refresh-non-eligible-no-refresh-cookie',
        location: null,
      });
    });
  }

  it('an expired Bearer token is signed out with the handshake reason (SPEC §12.3, the Bearer rule), never a redirect on a fetch', async () => {
    const expired = await production.mintSessionToken({
      userId: 'user_1',
      issuedAt: Math.floor(Date.now() / 1000) - 120,
      expiresInSeconds: 60,
    });
    const state = await app(production).authenticateRequest(
      request('fetch', undefined, '/api', { authorization: `Bearer ${expired}` }),
    );
    expect(state).toMatchObject({
      status: 'signed-out',
      reason: 'session-token-expired-refresh-non-eligible-no-refresh-cookie',
      location: null,
    });
    const fresh = await production.mintSessionToken({ userId: 'user_1' });
    const bearer = await app(production).authenticateRequest(
      request('fetch', undefined, '/api', { authorization: `Bearer ${fresh}` }),
    );
    expect(bearer).toMatchObject({ status: 'signed-in', token: fresh });
    expectPlain(bearer);
  });

  it('excludedRoutes and acceptsToken decide before the browser layer, as before', async () => {
    const cookie = expiredCookies(development);
    const excluded = await app(development, { excludedRoutes: ['/page'] }).authenticateRequest(
      request('navigation', cookie, '/page'),
    );
    expect(excluded).toMatchObject({ status: 'signed-out', reason: 'route-excluded', location: null });
    const machineOnly = await app(development, { acceptsToken: 'api_key' }).authenticateRequest(
      request('navigation', development.browserCookies({ userId: 'user_1' })),
    );
    expect(machineOnly).toMatchObject({
      status: 'signed-out',
      reason: 'token-type-mismatch',
      location: null,
    });
  });

  it('isSatellite is refused at construction; CLERK_IS_SATELLITE too', () => {
    expect(() => app(development, { isSatellite: true })).toThrow(/not supported yet/);
    process.env.CLERK_IS_SATELLITE = 'true';
    try {
      expect(() => app(development)).toThrow(/isSatellite \(CLERK_IS_SATELLITE\)/);
    } finally {
      delete process.env.CLERK_IS_SATELLITE;
    }
    expect(app(development, { domain: 'example.com' }).options.domain).toBe('example.com');
  });
});

describe('SPEC §12.5 end to end: through the issuer and back', () => {
  /** GET on the issuer without following redirects: its status, Location and Set-Cookie. */
  async function visit(url: string, cookie = '') {
    const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    await response.arrayBuffer();
    return {
      status: response.status,
      location: response.headers.get('location') ?? '',
      setCookie: response.headers.getSetCookie(),
    };
  }

  it('development: an expired session goes through the handshake, comes back with a 307 to the clean URL and its cookies, then signs in', async () => {
    const authenticator = app(development);
    const cookie = expiredCookies(development, 'user_2');
    const first = await authenticator.authenticateRequest(request('navigation', cookie, '/page?a=1'));
    expect(first.status).toBe('handshake');
    const fapi = await visit(first.location!);
    expect(fapi.status).toBe(307);
    const back = new URL(fapi.location);
    expect(back.origin).toBe(APP);
    const resolved = await authenticator.authenticateRequest(
      request('navigation', cookieHeader(first.setCookie, cookie), `${back.pathname}${back.search}`),
    );
    expect(resolved.location).toBe(`${APP}/page?a=1`);
    expect(resolved.headers['cache-control']).toMatch(/no-store/);
    expect(resolved.setCookie.some((line) => line.startsWith('__session'))).toBe(true);
    const after = await authenticator.authenticateRequest(
      request('navigation', cookieHeader(resolved.setCookie, cookie), '/page?a=1'),
    );
    expect(after).toMatchObject({ status: 'signed-in', auth: { userId: 'user_2' }, location: null });
  });

  it('production: a sign-in on the Frontend API comes back with a handshake cookie and is served signed in on the same request', async () => {
    const authenticator = app(production);
    const signIn = await visit(
      `${production.signInUrl}?user_id=user_3&redirect_url=${encodeURIComponent(`${APP}/page`)}`,
    );
    expect(signIn.status).toBe(307);
    const fapi = await visit(signIn.location, cookieHeader(signIn.setCookie));
    expect(fapi.status).toBe(307);
    expect(fapi.location).toBe(`${APP}/page`);
    const state = await authenticator.authenticateRequest(
      request('navigation', cookieHeader(fapi.setCookie), '/page'),
    );
    expect(state).toMatchObject({ status: 'signed-in', auth: { userId: 'user_3' }, location: null });
    expect(state.setCookie.length).toBeGreaterThan(1);
    expect(state.headers['cache-control']).toBe('private, no-store');
  });
});
