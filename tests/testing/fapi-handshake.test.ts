import { cookieSuffix, createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieSuffixFromPublishableKey } from '../../packages/core/dist/keys/publishable-key.js';
import {
  applySetCookies,
  cookieOf,
  directivesOf,
  directiveValue,
  getManual,
  handshakeUrl,
  jarOf,
} from './browser-helpers.js';
import { decodeJwt, fetchJwks, verifiesWithJwk } from './helpers.js';

const APP = 'http://127.0.0.1:3999';
const PAGE = `${APP}/account?x=a%20b&y=1#top`;

interface ClerkErrors {
  errors: Array<{ code: string }>;
}

/** Cookie names of the directives, in order. */
const namesOf = (directives: string[]) => directives.map((directive) => cookieOf(directive).name);

describe('test issuer options (SPEC §12.7)', () => {
  it('instance picks pk_test_/sk_test_ or pk_live_/sk_live_; bad options throw, naming the option', async () => {
    const development = await createTestIssuer();
    const production = await createTestIssuer({ instance: 'production' });
    try {
      expect(development.instance).toBe('development');
      expect(development.publishableKey).toBe(
        `pk_test_${Buffer.from(`${development.host}$`).toString('base64')}`,
      );
      expect(development.secretKey).toMatch(/^sk_test_/);
      expect(production.publishableKey).toBe(
        `pk_live_${Buffer.from(`${production.host}$`).toString('base64')}`,
      );
      expect(production.secretKey).toMatch(/^sk_live_/);
      expect(development.signInUrl).toBe(`${development.url}/sign-in`);
      // The suffix is the core's (and, by the Clerk oracle test, Clerk's).
      for (const key of [development.publishableKey, production.publishableKey]) {
        expect(cookieSuffix(key)).toBe(cookieSuffixFromPublishableKey(key));
      }
    } finally {
      await Promise.all([development.close(), production.close()]);
    }
    const bad = [
      [{ instance: 'staging' as 'production' }, /instance/],
      [{ sessionLifetimeInSeconds: 0 }, /sessionLifetimeInSeconds/],
      [{ sessionLifetimeInSeconds: 1.5 }, /sessionLifetimeInSeconds/],
      [{ refreshCookie: 'yes' as unknown as boolean }, /refreshCookie/],
    ] as const;
    for (const [options, message] of bad) await expect(createTestIssuer(options)).rejects.toThrow(message);
  });
});

for (const instance of ['development', 'production'] as const) {
  describe(`GET /v1/client/handshake, ${instance}`, () => {
    let issuer: TestIssuer;
    const development = instance === 'development';

    /** The handshake for a browser with these cookies (which name its client on the issuer). */
    async function handshake(cookie: string, redirect = PAGE, extra: Record<string, string> = {}) {
      const jar = jarOf(cookie);
      const devBrowser = jar.get('__clerk_db_jwt');
      const query = { ...(development && devBrowser ? { __clerk_db_jwt: devBrowser } : {}), ...extra };
      return getManual(handshakeUrl(issuer, redirect, query), { cookie });
    }

    /** The directives of a token-transport answer, from the query (development) or the cookie (production). */
    function directivesIn(answer: Response): string[] {
      if (development) {
        const location = answer.headers.get('location') ?? '';
        return directivesOf(new URL(location).searchParams.get('__clerk_handshake') ?? '');
      }
      const transport = answer.headers.getSetCookie().map(cookieOf);
      expect(transport.map((cookie) => cookie.name)).toEqual(['__clerk_handshake']);
      return directivesOf(transport[0]?.value ?? '');
    }

    beforeAll(async () => {
      issuer = await createTestIssuer({ instance });
      issuer.allowOrigin(APP);
      issuer.allowOrigin('https://app.example.test');
    });
    afterAll(() => issuer.close());

    it('refuses a redirect_url that is missing, not absolute, or on an origin it was not told to allow', async () => {
      const before = issuer.stats.handshakes;
      const targets = [
        `${issuer.url}/v1/client/handshake`,
        handshakeUrl(issuer, '/account'),
        handshakeUrl(issuer, 'http://127.0.0.1:4000/account'),
        handshakeUrl(issuer, 'javascript:alert(1)'),
      ];
      for (const target of targets) {
        const answer = await getManual(target);
        expect(answer.status).toBe(400);
        expect(answer.headers.get('content-type')).toBe('application/json');
        expect(((await answer.json()) as ClerkErrors).errors[0]?.code).toBe('invalid_handshake');
      }
      expect(issuer.stats.handshakes).toBe(before + targets.length);
      expect(() => issuer.allowOrigin('not a url')).toThrow(/allowOrigin/);
    });

    it('signed in: 307 back with a token whose directives set __session, __client_uat (and the dev browser)', async () => {
      const cookie = issuer.browserCookies({
        userId: 'user_1',
        issuedAt: Math.floor(Date.now() / 1000) - 120,
      });
      const clientUat = jarOf(cookie).get('__client_uat');
      const answer = await handshake(cookie);
      expect(answer.status).toBe(307);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const location = answer.headers.get('location') ?? '';
      if (development) {
        // The app's URL byte for byte (encoding and fragment kept), the token added to its query.
        expect(location).toMatch(
          /^http:\/\/127\.0\.0\.1:3999\/account\?x=a%20b&y=1&__clerk_handshake=[^&#]+#top$/,
        );
        expect(answer.headers.getSetCookie()).toEqual([]);
      } else {
        expect(location).toBe(PAGE);
        const [transport = ''] = answer.headers.getSetCookie();
        expect(transport).toMatch(/^__clerk_handshake=[^;]+; Path=\/; SameSite=Lax; HttpOnly$/);
      }
      const token = development
        ? (new URL(location).searchParams.get('__clerk_handshake') ?? '')
        : cookieOf(answer.headers.getSetCookie()[0] ?? '').value;
      const { header } = decodeJwt(token);
      expect(header).toEqual({ alg: 'RS256', kid: issuer.currentKid, typ: 'JWT', cat: 'cl_B7d4PD111AAA' });
      const jwk = (await fetchJwks(issuer.jwksUrl)).keys.find((key) => key.kid === header.kid);
      expect(jwk && verifiesWithJwk(token, jwk)).toBe(true);

      const directives = directivesIn(answer);
      expect(namesOf(directives)).toEqual([
        ...(development ? ['__clerk_db_jwt'] : ['__clerk_handshake', '__clerk_handshake_nonce']),
        '__client_uat',
        '__session',
      ]);
      for (const directive of directives) {
        expect(directive).toContain('; Path=/');
        expect(directive).not.toContain('Secure');
      }
      if (development)
        expect(directiveValue(directives, '__clerk_db_jwt')).toBe(jarOf(cookie).get('__clerk_db_jwt'));
      else
        for (const name of ['__clerk_handshake', '__clerk_handshake_nonce']) {
          expect(directives.find((d) => cookieOf(d).name === name)).toMatch(
            /Expires=Thu, 01 Jan 1970 00:00:00 GMT/,
          );
        }
      expect(directiveValue(directives, '__client_uat')).toBe(clientUat);
      const session = decodeJwt(directiveValue(directives, '__session') ?? '').payload;
      expect(session).toMatchObject({ sub: 'user_1', iss: issuer.url, azp: APP });
      expect(Number(session.exp) - Number(session.iat)).toBe(60);
      expect(Number(session.exp)).toBeGreaterThan(Date.now() / 1000);
    });

    it('suffixed_cookies=true adds the suffixed names; an https redirect_url makes every directive Secure', async () => {
      const suffix = cookieSuffix(issuer.publishableKey);
      const cookie = issuer.browserCookies({ userId: 'user_1' });
      const answer = await handshake(cookie, 'https://app.example.test/', { suffixed_cookies: 'true' });
      const directives = directivesIn(answer);
      for (const base of ['__client_uat', '__session', ...(development ? ['__clerk_db_jwt'] : [])]) {
        expect(namesOf(directives)).toContain(base);
        expect(namesOf(directives)).toContain(`${base}_${suffix}`);
      }
      for (const directive of directives) expect(directive).toContain('; Secure');
      expect(namesOf(directives).at(-1)).toBe(`__session_${suffix}`);
    });

    it('signed out (no session for the client): clears __session and __refresh_*, sets __client_uat=0, keeps the dev browser', async () => {
      const cookie = issuer.browserCookies({ userId: 'user_gone' });
      issuer.signOut('user_gone');
      const directives = directivesIn(await handshake(cookie));
      const suffix = cookieSuffix(issuer.publishableKey);
      expect(namesOf(directives)).toEqual([
        ...(development ? ['__clerk_db_jwt'] : ['__clerk_handshake', '__clerk_handshake_nonce']),
        `__refresh_${suffix}`,
        '__client_uat',
        '__session',
      ]);
      expect(directiveValue(directives, '__client_uat')).toBe('0');
      expect(directiveValue(directives, '__session')).toBe('');
      expect(directiveValue(directives, `__refresh_${suffix}`)).toBe('');
      if (development)
        expect(directiveValue(directives, '__clerk_db_jwt')).toBe(jarOf(cookie).get('__clerk_db_jwt'));
    });

    it(
      development
        ? 'an unknown or missing dev browser gets a new one, signed out'
        : 'a browser without a known __client cookie is signed out',
      async () => {
        for (const cookie of ['', development ? '__clerk_db_jwt=dvb_unknown' : '__client=unknown']) {
          const directives = directivesIn(await handshake(cookie));
          expect(directiveValue(directives, '__client_uat')).toBe('0');
          const devBrowser = directiveValue(directives, '__clerk_db_jwt');
          if (development) expect(devBrowser).toMatch(/^dvb_[0-9a-f]{40}$/);
          else expect(devBrowser).toBeUndefined();
        }
      },
    );

    it("nonce transport only when asked format=nonce while handshakeTransport('nonce') is set", async () => {
      const cookie = issuer.browserCookies({ userId: 'user_1' });
      const nonceOf = (answer: Response) =>
        development
          ? new URL(answer.headers.get('location') ?? '').searchParams.get('__clerk_handshake_nonce')
          : (answer.headers
              .getSetCookie()
              .map(cookieOf)
              .find((c) => c.name === '__clerk_handshake_nonce')?.value ?? null);
      // Token by default, even when the SDK offers a nonce.
      expect(nonceOf(await handshake(cookie, PAGE, { format: 'nonce' }))).toBeNull();
      issuer.handshakeTransport('nonce');
      try {
        expect(nonceOf(await handshake(cookie))).toBeNull(); // not asked
        const answer = await handshake(cookie, PAGE, { format: 'nonce' });
        const nonce = nonceOf(answer);
        expect(nonce).toMatch(/^[0-9a-f]{48}$/);
        if (!development) {
          expect(answer.headers.getSetCookie()).toEqual([
            `__clerk_handshake_nonce=${nonce}; Path=/; SameSite=Lax; HttpOnly`,
          ]);
        }
      } finally {
        issuer.handshakeTransport('token');
      }
      expect(nonceOf(await handshake(cookie, PAGE, { format: 'nonce' }))).toBeNull();
      expect(() => issuer.handshakeTransport('query' as 'token')).toThrow(/handshakeTransport/);
    });

    it('strip-set-cookie: the redirect comes without any Set-Cookie (the production transport is lost)', async () => {
      const cookie = issuer.browserCookies({ userId: 'user_1' });
      issuer.setHandshakeFault('strip-set-cookie');
      try {
        const answer = await handshake(cookie);
        expect(answer.status).toBe(307);
        expect(answer.headers.getSetCookie()).toEqual([]);
        expect(answer.headers.get('location')?.includes('__clerk_handshake=')).toBe(development);
      } finally {
        issuer.setHandshakeFault(false);
      }
    });
  });
}

describe('browser sign-in through signInUrl', () => {
  for (const instance of ['development', 'production'] as const) {
    it(`${instance}: signs the user in on the FAPI origin and goes back through the handshake`, async () => {
      const issuer = await createTestIssuer({ instance });
      try {
        const signIn = (query: string, cookie = '') => getManual(`${issuer.signInUrl}?${query}`, { cookie });
        expect((await signIn(`user_id=user_1&redirect_url=${encodeURIComponent(PAGE)}`)).status).toBe(400);
        issuer.allowOrigin(APP);

        const form = await signIn(`redirect_url=${encodeURIComponent(PAGE)}`);
        expect(form.status).toBe(200);
        expect(await form.text()).toContain('name="user_id"');

        const answer = await signIn(`user_id=user_new&redirect_url=${encodeURIComponent(PAGE)}`);
        expect(answer.status).toBe(307);
        const next = new URL(answer.headers.get('location') ?? '');
        expect(`${next.origin}${next.pathname}`).toBe(`${issuer.url}/v1/client/handshake`);
        expect(next.searchParams.get('redirect_url')).toBe(PAGE);
        const fapiJar = applySetCookies(new Map(), answer.headers.getSetCookie());
        if (instance === 'development') {
          expect(next.searchParams.get('__clerk_db_jwt')).toMatch(/^dvb_/);
          expect(fapiJar.size).toBe(0);
        } else {
          expect([...fapiJar.keys()]).toEqual(['__client']);
          expect(answer.headers.getSetCookie()[0]).toContain('HttpOnly');
        }
        const cookie = [...fapiJar].map(([name, value]) => `${name}=${value}`).join('; ');
        const back = await getManual(next.href, { cookie });
        expect(back.status).toBe(307);
        const token =
          instance === 'development'
            ? new URL(back.headers.get('location') ?? '').searchParams.get('__clerk_handshake')
            : cookieOf(back.headers.getSetCookie()[0] ?? '').value;
        const session = directiveValue(directivesOf(token ?? ''), '__session');
        expect(decodeJwt(session ?? '').payload.sub).toBe('user_new');
        // The user was added to the Backend API.
        const user = await fetch(`${issuer.url}/v1/users/user_new`, {
          headers: { authorization: `Bearer ${issuer.secretKey}` },
        });
        expect(user.status).toBe(200);

        // Signed out at the issuer: the same browser's next handshake clears the app's cookies.
        issuer.signOut('user_new');
        const again = await getManual(next.href, { cookie });
        const cleared =
          instance === 'development'
            ? new URL(again.headers.get('location') ?? '').searchParams.get('__clerk_handshake')
            : cookieOf(again.headers.getSetCookie()[0] ?? '').value;
        expect(directiveValue(directivesOf(cleared ?? ''), '__client_uat')).toBe('0');
      } finally {
        await issuer.close();
      }
    });
  }
});
