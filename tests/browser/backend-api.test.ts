import { forwardedHeaders } from '@sessionguard/core/internal/browser/refresh.js';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../core/helpers.js';
import { APP_HOST, browserRequest, cookies, type Harness, harness, run, suffixOf } from './harness.js';

// SPEC §12.5's nonce and §12.6's refresh against the test issuer's Backend API over HTTP (§12.7).

const ORIGIN = `http://${APP_HOST}`;
const clock = new FakeClock();

function merge(header: string, setCookies: readonly string[]): string {
  const jar = new Map(
    header
      .split('; ')
      .filter(Boolean)
      .map((pair) => pair.split(/=(.*)/s, 2) as [string, string]),
  );
  for (const directive of setCookies) {
    const [pair = '', ...attributes] = directive.split(';');
    const [name = '', value = ''] = pair.split(/=(.*)/s, 2);
    const deleted =
      value === '' ||
      attributes.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
    if (deleted) jar.delete(name.trim());
    else jar.set(name.trim(), value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** Follows the app's handshake redirect to the issuer, as a browser would: what comes back to the app. */
async function followToIssuer(location: string, cookie: string): Promise<{ url: URL; setCookie: string[] }> {
  const answer = await fetch(location, { headers: { cookie }, redirect: 'manual' });
  expect(answer.status).toBe(307);
  return { url: new URL(answer.headers.get('location') ?? ''), setCookie: answer.headers.getSetCookie() };
}

describe('SPEC §12.5: a stale nonce costs a fetch() no Backend API call (ours)', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  afterAll(() => issuer.close());

  it('100 fetch() requests carrying a stale nonce: 0 handshake_payload calls', async () => {
    const h = harness(issuer, 'production', {}, clock);
    const session = await issuer.mintSessionToken({ userId: 'user_1', issuedAt: clock.seconds - 10 });
    const cookie = cookies({
      __clerk_handshake_nonce: 'n_stale',
      __session: session,
      __client_uat: String(clock.seconds - 20),
    });
    await run(h, browserRequest('fetch', cookie)); // the key set is loaded once
    const before = issuer.stats.apiRequests;
    const payloadCalls = () => issuer.requests.filter((r) => r.path.includes('handshake_payload')).length;
    for (let i = 0; i < 100; i++) {
      const state = await run(h, browserRequest('fetch', cookie));
      expect(state.status).toBe('signed-in');
    }
    expect(payloadCalls()).toBe(0);
    expect(issuer.stats.apiRequests).toBe(before);
    // A navigation does resolve it (and counts one call).
    await run(h, browserRequest('navigation', cookie));
    expect(payloadCalls()).toBe(1);
  });
});

describe('SPEC §12.6: refresh failures that need no refresh endpoint', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  afterAll(() => issuer.close());

  it('no answer from the Backend API: fetch-error; a token without sid: expired-session-token-missing-sid-claim', async () => {
    // Keys from the PEM, so that only the refresh needs the (closed) Backend API port.
    const h = harness(
      issuer,
      'production',
      { jwtKey: issuer.publicKeyPem, apiUrl: 'http://127.0.0.1:9' },
      clock,
    );
    const refresh = `__refresh_${suffixOf(issuer, 'production')}`;
    const expired = (claims: Record<string, unknown> = {}) =>
      issuer.mintSessionToken({
        userId: 'user_1',
        issuedAt: clock.seconds - 120,
        expiresInSeconds: 60,
        claims,
      });
    const reasonOf = async (token: string) =>
      (
        await run(
          h,
          browserRequest('fetch', cookies({ __session: token, __client_uat: '1', [refresh]: 'rt_1' })),
        )
      ).reason;
    expect(await reasonOf(await expired())).toBe('session-token-expired-refresh-fetch-error');
    expect(await reasonOf(await expired({ sid: undefined }))).toBe(
      'session-token-expired-refresh-expired-session-token-missing-sid-claim',
    );
    expect(await reasonOf(await expired({ sid: '../users/user_1' }))).toBe(
      'session-token-expired-refresh-expired-session-token-missing-sid-claim',
    );
  });

  it('request_headers never carry cookie or authorization (ours)', () => {
    const headers = {
      cookie: '__session=secret',
      authorization: 'Bearer secret',
      'Proxy-Authorization': 'Basic secret',
      'user-agent': 'ua',
      accept: ['text/html', 'application/xhtml+xml'],
      'x-forwarded-for': '203.0.113.1',
    };
    expect(forwardedHeaders({ headers })).toEqual({
      'user-agent': ['ua'],
      accept: ['text/html', 'application/xhtml+xml'],
      'x-forwarded-for': ['203.0.113.1'],
    });
    const web = new Headers({ cookie: 'a=b', authorization: 'Bearer x', 'sec-fetch-dest': 'document' });
    expect(forwardedHeaders({ headers: web })).toEqual({ 'sec-fetch-dest': ['document'] });
  });
});

describe('SPEC §12.5: the nonce transport against the issuer', () => {
  for (const instance of ['production', 'development'] as const) {
    it(`${instance}: redirect → issuer → nonce → one handshake_payload call → signed in`, async () => {
      const issuer = await createTestIssuer({ instance });
      try {
        issuer.allowOrigin(ORIGIN);
        issuer.handshakeTransport('nonce');
        const h: Harness = harness(issuer, instance, {}, clock);
        const browser = issuer.browserCookies({
          userId: 'user_1',
          issuedAt: clock.seconds - 120,
          expiresInSeconds: 60,
        });
        const first = await run(h, browserRequest('navigation', browser, '/p?x=1'));
        expect(first.status).toBe('handshake');
        expect(new URL(first.location ?? '').searchParams.get('format')).toBe('nonce');
        const back = await followToIssuer(first.location ?? '', browser);
        const cookie = merge(browser, back.setCookie);
        const payloads = issuer.stats.handshakePayloads;
        const second = await run(
          h,
          browserRequest('navigation', cookie, `${back.url.pathname}${back.url.search}`),
        );
        expect(issuer.stats.handshakePayloads).toBe(payloads + 1);
        expect(second.status).toBe('signed-in');
        expect(second.auth).toMatchObject({ isAuthenticated: true, userId: 'user_1' });
        expect(second.setCookie?.some((c) => c.startsWith('__session'))).toBe(true);
        expect(second.headers['cache-control']).toBe('private, no-store');
        expect(second.location ?? null).toBe(instance === 'development' ? `${ORIGIN}/p?x=1` : null);
        // Spent: the same nonce again is refused by the issuer, and the request falls through.
        const again = await run(
          h,
          browserRequest('navigation', cookie, `${back.url.pathname}${back.url.search}`),
        );
        expect(again.headers['x-clerk-auth-message']).toBe('handshake-payload-unavailable');
      } finally {
        await issuer.close();
      }
    });
  }
});

describe('SPEC §12.6: refresh against the issuer', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({
      instance: 'production',
      refreshCookie: true,
      sessionLifetimeInSeconds: 1,
    });
    issuer.allowOrigin(ORIGIN);
  });
  afterEach(() => issuer.setOutage(false));
  afterAll(() => issuer.close());

  /** A browser signed in through a real handshake, whose session has since expired (1 s lifetime). */
  async function expiredBrowser(h: Harness): Promise<string> {
    const browser = issuer.browserCookies({ userId: 'user_1' });
    const first = await run(
      h,
      browserRequest('navigation', browser.replace(/__session=[^;]*(; )?/, ''), '/p'),
    );
    const back = await followToIssuer(first.location ?? '', browser);
    const resolved = await run(h, browserRequest('navigation', merge(browser, back.setCookie), '/p'));
    const cookie = merge(merge(browser, back.setCookie), resolved.setCookie ?? []);
    expect(cookie).toContain(`__refresh_${suffixOf(issuer, 'production')}=`);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    return cookie;
  }

  it('a GET with an expired cookie and the refresh cookie is signed in with the new cookies; a spent refresh token is its code', async () => {
    const live = new FakeClock();
    const h = harness(issuer, 'production', { clockSkewInMs: 0, now: () => Date.now() }, live);
    const cookie = await expiredBrowser(h);
    const refreshes = issuer.stats.sessionRefreshes;
    const state = await run(h, browserRequest('fetch', cookie, '/api/me'));
    expect(issuer.stats.sessionRefreshes).toBe(refreshes + 1);
    expect(state.status).toBe('signed-in');
    expect(state.setCookie?.some((c) => c.startsWith('__session'))).toBe(true);
    expect(state.headers['cache-control']).toBe('private, no-store');
    const spent = await run(h, browserRequest('fetch', cookie, '/api/me'));
    expect(spent.status).toBe('signed-out');
    expect(spent.reason).toMatch(/^session-token-expired-refresh-[a-z_]+$/);
    expect(spent.reason).not.toBe('session-token-expired-refresh-fetch-error');
  });

  it('a refresh is bounded by apiTimeoutInMs: a silent Backend API is fetch-error', async () => {
    const h = harness(issuer, 'production', { clockSkewInMs: 0, apiTimeoutInMs: 300, now: () => Date.now() });
    const cookie = await expiredBrowser(h);
    issuer.setOutage('timeout');
    const state = await run(h, browserRequest('fetch', cookie, '/api/me'));
    expect(state.reason).toBe('session-token-expired-refresh-fetch-error');
  });
});
