import { ConfigurationError } from '@sessionguard/core';
import { resolveBrowserSettings } from '@sessionguard/core/internal/browser/settings.js';
import { resolveOptions } from '@sessionguard/core/internal/options.js';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../core/helpers.js';
import { APP_HOST, browserRequest, cookies, harness, run } from './harness.js';

// SPEC §12.4, byte for byte: the Location and its query order, the headers, the redirect-count
// cookie, and the loop guard.

let issuer: TestIssuer;
let expired: string;
const clock = new FakeClock();
const REASON = 'session-token-expired-refresh-non-eligible-no-refresh-cookie';

beforeAll(async () => {
  issuer = await createTestIssuer();
  expired = await issuer.mintSessionToken({
    userId: 'user_1',
    issuedAt: clock.seconds - 120,
    expiresInSeconds: 60,
  });
});
afterAll(() => issuer.close());

const enc = encodeURIComponent;

describe('SPEC §12.4: the handshake redirect', () => {
  it('development, behind a TLS proxy: Location, headers and Set-Cookie exactly', async () => {
    const h = harness(issuer, 'development', {}, clock);
    const cookie = cookies({
      __session: expired,
      __client_uat: String(clock.seconds - 130),
      __clerk_db_jwt: 'dvb_1',
    });
    const path = '/shop/cart?q=a%20b&__clerk_handshake=stale&x=1+2&__clerk_help=1&__dev_session=old';
    const state = await run(
      h,
      browserRequest('navigation', cookie, path, {
        'x-forwarded-proto': 'https, http',
        'x-forwarded-host': 'shop.example.com',
      }),
    );
    const redirectUrl = 'https://shop.example.com/shop/cart?q=a%20b&x=1+2';
    expect(state.location).toBe(
      `${issuer.url}/v1/client/handshake?redirect_url=${enc(redirectUrl).replace(/%20/g, '+')}` +
        `&__clerk_api_version=2026-05-12&suffixed_cookies=false&__clerk_hs_reason=${REASON}` +
        `&format=nonce&__session=${expired}&__clerk_db_jwt=dvb_1`,
    );
    expect(new URL(state.location ?? '').searchParams.get('redirect_url')).toBe(redirectUrl);
    expect(state.status).toBe('handshake');
    expect(state.reason).toBe(REASON);
    // The stale `__clerk_handshake` in the query was a (failed) resolution first: it is named.
    expect(state.headers).toEqual({
      'x-clerk-auth-status': 'handshake',
      'x-clerk-auth-reason': REASON,
      'x-clerk-auth-message': 'handshake-token-invalid',
      'cache-control': 'no-store',
    });
    expect(state.setCookie).toEqual([
      '__clerk_redirect_count=1; Max-Age=2; Path=/; HttpOnly; Secure; SameSite=Lax',
    ]);
    expect(state.token).toBeNull();
    expect(state.auth.isAuthenticated).toBe(false);
  });

  it('production, plain http: no dev browser, no Secure, the counter goes up by one', async () => {
    const h = harness(issuer, 'production', {}, clock);
    const cookie = cookies({
      __session: expired,
      __client_uat: String(clock.seconds - 130),
      __clerk_db_jwt: 'dvb_1',
      __clerk_redirect_count: '2',
    });
    const state = await run(h, browserRequest('navigation', cookie, '/p'));
    expect(state.location).toBe(
      `${issuer.url}/v1/client/handshake?redirect_url=${enc(`http://${APP_HOST}/p`)}` +
        `&__clerk_api_version=2026-05-12&suffixed_cookies=false&__clerk_hs_reason=${REASON}&format=nonce&__session=${expired}`,
    );
    expect(state.setCookie).toEqual(['__clerk_redirect_count=3; Max-Age=2; Path=/; HttpOnly; SameSite=Lax']);
  });

  it('no format=nonce without a secret key (ours); no __session when there is none', async () => {
    const h = harness(issuer, 'production', { secretKey: undefined }, clock);
    const state = await run(h, browserRequest('navigation', cookies({ __client_uat: '5' }), '/'));
    expect(state.location).toBe(
      `${issuer.url}/v1/client/handshake?redirect_url=${enc(`http://${APP_HOST}/`)}` +
        '&__clerk_api_version=2026-05-12&suffixed_cookies=false&__clerk_hs_reason=client-uat-but-no-session-token',
    );
  });

  it('a proxyUrl is the Frontend API base: a path against the public origin, or absolute', async () => {
    const cookie = cookies({ __client_uat: '5' });
    const relative = await run(
      harness(issuer, 'production', { proxyUrl: '/__clerk/' }, clock),
      browserRequest('navigation', cookie, '/'),
    );
    expect(
      relative.location?.startsWith(`http://${APP_HOST}/__clerk/v1/client/handshake?redirect_url=`),
    ).toBe(true);
    const absolute = await run(
      harness(issuer, 'production', { proxyUrl: 'https://proxy.example.com/fapi' }, clock),
      browserRequest('navigation', cookie, '/'),
    );
    expect(
      absolute.location?.startsWith('https://proxy.example.com/fapi/v1/client/handshake?redirect_url='),
    ).toBe(true);
  });

  it('the loop guard stops at 3 and above (ours: Clerk only at exactly 3), with one log line', async () => {
    const h = harness(issuer, 'production', {}, clock);
    for (const count of ['3', '4', '99']) {
      const cookie = cookies({
        __session: expired,
        __client_uat: String(clock.seconds - 130),
        __clerk_redirect_count: count,
      });
      const state = await run(h, browserRequest('navigation', cookie, '/p'));
      expect(state.status).toBe('signed-out');
      expect(state.reason).toBe(REASON);
      expect(state.location ?? null).toBeNull();
      expect(state.setCookie).toEqual([]);
      expect(state.headers).toEqual({
        'x-clerk-auth-status': 'signed-out',
        'x-clerk-auth-reason': REASON,
        'x-clerk-auth-message': 'handshake-loop-stopped',
      });
    }
    expect(h.warnings).toHaveLength(3);
    expect(h.warnings[0]).toMatch(/keys are not of the same instance.*drops Set-Cookie/);
    expect(h.warnings[0]).not.toContain(expired);
  });

  it('handshake: false never redirects: the same reason, signed out', async () => {
    const h = harness(issuer, 'development', { handshake: false }, clock);
    const state = await run(h, browserRequest('navigation', cookies({ __client_uat: '5' })));
    expect(state).toMatchObject({
      status: 'signed-out',
      reason: 'dev-browser-missing',
      location: null,
      setCookie: [],
    });
  });

  it('only a navigation is redirected: sec-fetch-dest iframe, or text/html without sec-fetch-dest', async () => {
    const h = harness(issuer, 'production', {}, clock);
    const cookie = cookies({ __client_uat: '5' });
    const iframe = { host: APP_HOST, cookie, 'sec-fetch-dest': 'iframe' };
    expect((await h.session.authenticateCookies({ method: 'GET', url: '/', headers: iframe })).status).toBe(
      'handshake',
    );
    const old = { host: APP_HOST, cookie, accept: 'text/html' };
    expect((await h.session.authenticateCookies({ method: 'GET', url: '/', headers: old })).status).toBe(
      'handshake',
    );
    const image = { host: APP_HOST, cookie, 'sec-fetch-dest': 'image', accept: 'text/html' };
    expect((await h.session.authenticateCookies({ method: 'GET', url: '/', headers: image })).status).toBe(
      'signed-out',
    );
    const head = { host: APP_HOST, cookie, 'sec-fetch-dest': 'document' };
    expect((await h.session.authenticateCookies({ method: 'HEAD', url: '/', headers: head })).status).toBe(
      'signed-out',
    );
  });
});

describe('SPEC §12.1: the options', () => {
  const base = {
    secretKey: undefined,
    apiUrl: 'https://api.clerk.com',
    apiVersion: 'v1',
    apiTimeoutInMs: 5000,
    sessionCookieName: '__session',
    clockSkewInMs: 5000,
  };

  it('without a publishable key none of §12 applies', () => {
    expect(resolveBrowserSettings({ ...base, publishableKey: undefined })).toBeUndefined();
  });

  it('isSatellite (or CLERK_IS_SATELLITE) is a ConfigurationError that says it is not supported yet; domain alone is ignored', () => {
    const publishableKey = 'pk_live_Y2xlcmsuZXhhbXBsZS5jb20k';
    expect(() => resolveBrowserSettings({ ...base, publishableKey, isSatellite: true })).toThrow(
      ConfigurationError,
    );
    expect(() =>
      resolveOptions({ publishableKey }, (name) => (name === 'CLERK_IS_SATELLITE' ? 'true' : undefined)),
    ).toThrow(/not supported yet/);
    const settings = resolveBrowserSettings(
      resolveOptions({ ...base, publishableKey, domain: 'example.com' }),
    );
    expect(settings).toMatchObject({ instance: 'production', frontendApiBase: 'https://clerk.example.com' });
  });

  it('a proxyUrl that is neither a path nor an https URL is refused at construction, naming CLERK_PROXY_URL', () => {
    const publishableKey = 'pk_live_Y2xlcmsuZXhhbXBsZS5jb20k';
    for (const proxyUrl of [
      '//evil.example',
      'http://proxy.example.com',
      'clerk',
      'https://u:p@proxy.example.com',
    ]) {
      expect(() => resolveBrowserSettings({ ...base, publishableKey, proxyUrl })).toThrow(/CLERK_PROXY_URL/);
    }
    const fromEnv = resolveBrowserSettings(
      resolveOptions({ publishableKey }, (name) =>
        name === 'CLERK_PROXY_URL' ? 'https://example.com/__clerk/' : undefined,
      ),
    );
    expect(fromEnv?.frontendApiBase).toBe('https://example.com/__clerk');
  });
});
