import type { ClerkClient } from '@clerk/backend';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applySetCookies,
  type CookieJar,
  cookieHeaderOf,
  cookieOf,
  getManual,
  jarOf,
} from './browser-helpers.js';
import { clerkClientFor, decodeJwt } from './helpers.js';

/**
 * Clerk's own `@clerk/backend` is the oracle that the issuer plays the Frontend API right (SPEC §12.7):
 * its `authenticateRequest` sends an expired browser to the issuer, and what the issuer sends back
 * resolves, in Clerk's SDK, to the state Clerk's real Frontend API would give. Clerk always sends the
 * handshake to https://; its `proxyUrl` (the issuer's URL) makes it follow the loopback issuer.
 */
const APP = 'http://localhost:3000';
// No space in the query: Clerk re-encodes it (%20 becomes +), which is not the issuer's doing.
const PAGE = `${APP}/account?tab=profile`;
const EXPIRED_NO_REFRESH = 'session-token-expired-refresh-non-eligible-no-refresh-cookie';

const navigation = (url: string, jar: CookieJar): Request =>
  new Request(url, {
    headers: { cookie: cookieHeaderOf(jar), accept: 'text/html', 'sec-fetch-dest': 'document' },
  });

const expiredCookies = (issuer: TestIssuer, userId: string, suffixed = false): CookieJar =>
  jarOf(issuer.browserCookies({ userId, issuedAt: Math.floor(Date.now() / 1000) - 120, suffixed }));

const sessionOf = (setCookies: string[], name = '__session'): string | undefined =>
  setCookies
    .map(cookieOf)
    .filter((cookie) => cookie.name === name)
    .at(-1)?.value;

for (const instance of ['development', 'production'] as const) {
  describe(`Clerk's authenticateRequest against the issuer's FAPI, ${instance}`, () => {
    let issuer: TestIssuer;
    let clerk: ClerkClient;
    const authenticate = (request: Request, options: { clockSkewInMs?: number } = {}) =>
      clerk.authenticateRequest(request, { proxyUrl: issuer.url, ...options });

    /** Follows Clerk's handshake Location to the issuer; in production the browser's cookies come back as a jar. */
    async function throughIssuer(
      location: string,
      jar: CookieJar,
    ): Promise<{ back: string; jar: CookieJar }> {
      expect(location.startsWith(`${issuer.url}/v1/client/handshake?`)).toBe(true);
      const answer = await getManual(location, { cookie: cookieHeaderOf(jar) });
      expect(answer.status).toBe(307);
      const back = answer.headers.get('location') ?? '';
      return { back, jar: applySetCookies(new Map(jar), answer.headers.getSetCookie()) };
    }

    beforeAll(async () => {
      issuer = await createTestIssuer({ instance });
      issuer.allowOrigin(APP);
      clerk = clerkClientFor(issuer);
    });
    afterAll(() => issuer.close());

    it("a signed-in browser's cookies are signed in, plain or suffixed (the issuer's suffix is Clerk's)", async () => {
      for (const suffixed of [false, true]) {
        const jar = jarOf(issuer.browserCookies({ userId: 'user_in', suffixed }));
        const state = await authenticate(navigation(PAGE, jar));
        expect(state.status).toBe('signed-in');
        expect(state.toAuth()).toMatchObject({ userId: 'user_in' });
      }
    });

    for (const transport of ['token', 'nonce'] as const) {
      it(`an expired cookie: handshake → issuer → back signed in (${transport} transport)`, async () => {
        issuer.handshakeTransport(transport);
        const before = { ...issuer.stats };
        const state = await authenticate(navigation(PAGE, expiredCookies(issuer, 'user_1')));
        expect(state.status).toBe('handshake');
        expect(state.reason).toBe(EXPIRED_NO_REFRESH);
        const location = state.headers.get('location') ?? '';
        expect(new URL(location).searchParams.get('redirect_url')).toBe(PAGE);

        const { back, jar } = await throughIssuer(location, expiredCookies(issuer, 'user_1'));
        const param = transport === 'nonce' ? '__clerk_handshake_nonce' : '__clerk_handshake';
        if (instance === 'development') {
          expect(back.startsWith(`${PAGE}&${param}=`)).toBe(true);
        } else {
          expect(back).toBe(PAGE);
          expect(jar.has(param)).toBe(true);
        }

        const resolved = await authenticate(navigation(back, jar));
        expect(resolved.status).toBe('signed-in');
        expect(resolved.toAuth()).toMatchObject({ userId: 'user_1' });
        const setCookies = resolved.headers.getSetCookie();
        const session = sessionOf(setCookies);
        expect(session && decodeJwt(session).payload.sub).toBe('user_1');
        if (instance === 'development') expect(resolved.headers.get('location')).toBe(PAGE);
        expect(issuer.stats.handshakes).toBe(before.handshakes + 1);
        expect(issuer.stats.handshakePayloads).toBe(
          before.handshakePayloads + (transport === 'nonce' ? 1 : 0),
        );

        // The browser stores the directives: no handshake cookie is left, and the next page is signed in as is.
        applySetCookies(jar, setCookies);
        expect([...jar.keys()].filter((name) => name.includes('handshake'))).toEqual([]);
        const page = new URL(PAGE);
        const next = await authenticate(navigation(page.href, jar));
        expect(next.status).toBe('signed-in');
        expect(next.headers.get('location')).toBeNull();
      });
    }

    it('signed out at the issuer: the handshake hands back a signed-out browser (session-token-missing)', async () => {
      issuer.handshakeTransport('token');
      const jar = expiredCookies(issuer, 'user_out');
      issuer.signOut('user_out');
      const state = await authenticate(navigation(PAGE, jar));
      expect(state.status).toBe('handshake');
      const { back, jar: after } = await throughIssuer(state.headers.get('location') ?? '', jar);
      const resolved = await authenticate(navigation(back, after));
      expect(resolved.status).toBe('signed-out');
      expect(resolved.reason).toBe('session-token-missing');
      applySetCookies(after, resolved.headers.getSetCookie());
      expect(after.get('__client_uat')).toBe('0');
      expect(after.has('__session')).toBe(false);
      // The dev browser is never cleared; signed out stays signed out without another handshake.
      expect(after.has('__clerk_db_jwt')).toBe(instance === 'development');
      const next = await authenticate(navigation(PAGE, after));
      expect(next.status).toBe('signed-out');
      expect(next.reason).toBe('session-token-and-uat-missing');
    });

    it('suffixed cookies: Clerk asks for them and resolves the suffixed directives', async () => {
      const jar = expiredCookies(issuer, 'user_sfx', true);
      const state = await authenticate(navigation(PAGE, jar));
      expect(state.status).toBe('handshake');
      const location = state.headers.get('location') ?? '';
      expect(new URL(location).searchParams.get('suffixed_cookies')).toBe('true');
      const { back, jar: after } = await throughIssuer(location, jar);
      const resolved = await authenticate(navigation(back, after));
      expect(resolved.status).toBe('signed-in');
      const names = resolved.headers.getSetCookie().map((cookie) => cookieOf(cookie).name);
      expect(names.filter((name) => name.startsWith('__session_'))).toHaveLength(1);
    });

    if (instance === 'development') {
      it('no dev browser at all: Clerk hands off (dev-browser-missing) and the issuer makes one', async () => {
        const state = await authenticate(navigation(PAGE, new Map()));
        expect(state.status).toBe('handshake');
        expect(state.reason).toBe('dev-browser-missing');
        const { back, jar } = await throughIssuer(state.headers.get('location') ?? '', new Map());
        const resolved = await authenticate(navigation(back, jar));
        expect(resolved.status).toBe('signed-out');
        expect(resolved.reason).toBe('session-token-missing');
        applySetCookies(jar, resolved.headers.getSetCookie());
        expect(jar.get('__clerk_db_jwt')).toMatch(/^dvb_/);
        expect((await authenticate(navigation(PAGE, jar))).reason).toBe('session-token-and-uat-missing');
      });
    }
  });

  describe(`Clerk's authenticateRequest refreshes through the issuer's Backend API, ${instance}`, () => {
    let issuer: TestIssuer;
    let clerk: ClerkClient;
    const authenticate = (request: Request) =>
      clerk.authenticateRequest(request, { proxyUrl: issuer.url, clockSkewInMs: 0 });

    beforeAll(async () => {
      issuer = await createTestIssuer({ instance, sessionLifetimeInSeconds: 1, refreshCookie: true });
      issuer.allowOrigin(APP);
      clerk = clerkClientFor(issuer);
    });
    afterAll(() => issuer.close());

    it('signs in through signInUrl, refreshes an expired session once, and refuses the spent or ended token', async () => {
      const signIn = await getManual(
        `${issuer.signInUrl}?user_id=user_r&redirect_url=${encodeURIComponent(PAGE)}`,
      );
      expect(signIn.status).toBe(307);
      const browser = applySetCookies(new Map(), signIn.headers.getSetCookie());
      const handshake = await getManual(signIn.headers.get('location') ?? '', {
        cookie: cookieHeaderOf(browser),
      });
      applySetCookies(browser, handshake.headers.getSetCookie());
      const landed = await authenticate(navigation(handshake.headers.get('location') ?? '', browser));
      expect(landed.status).toBe('signed-in');
      applySetCookies(browser, landed.headers.getSetCookie());
      const refreshName = [...browser.keys()].find((name) => name.startsWith('__refresh_'));
      expect(refreshName).toBeDefined();

      await new Promise((resolve) => setTimeout(resolve, 2100)); // the 1 s session expires
      const stale = new Map(browser);
      const before = issuer.stats.sessionRefreshes;
      const refreshed = await authenticate(navigation(PAGE, browser));
      expect(refreshed.status).toBe('signed-in');
      expect(refreshed.toAuth()).toMatchObject({ userId: 'user_r' });
      expect(issuer.stats.sessionRefreshes).toBe(before + 1);
      applySetCookies(browser, refreshed.headers.getSetCookie());
      expect(browser.get(refreshName ?? '')).not.toBe(stale.get(refreshName ?? ''));

      const spent = await authenticate(navigation(PAGE, stale));
      expect(spent.status).toBe('handshake');
      expect(spent.reason).toBe('session-token-expired-refresh-refresh_token_already_used');

      issuer.signOut('user_r');
      stale.set(refreshName ?? '', browser.get(refreshName ?? '') ?? '');
      const ended = await authenticate(navigation(PAGE, stale));
      expect(ended.reason).toBe('session-token-expired-refresh-session_not_active');
    });
  });
}
