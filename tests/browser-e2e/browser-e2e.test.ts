// SPEC §12 in a real browser: Debian's Chromium signs in through the test issuer's Frontend API,
// lets its 2-second session expire, and comes back through exactly one handshake, on a
// server-rendered app per adapter, for a development and a production instance.
// The issuer and the app both listen on 127.0.0.1: cookies are not isolated by port, so they share
// host-only cookies as a production app and `clerk.<its domain>` share the registrable domain's.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cookieSuffix, createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../demo/chromium.js';
import { type Framework, type RunningApp, startApp } from './apps.js';

const available = chromiumAvailable('browser e2e test');

const FRAMEWORKS: readonly Framework[] = ['express', 'fastify', 'hono'];
const INSTANCES = ['development', 'production'] as const;
const OUTPUT = fileURLToPath(new URL('./output/', import.meta.url));
const HANDSHAKE_PATH = '/v1/client/handshake';
const TRANSPORT_COOKIES = { token: '__clerk_handshake', nonce: '__clerk_handshake_nonce' } as const;
type Transport = keyof typeof TRANSPORT_COOKIES;

/** One HTTP response the page saw: navigations, their redirects, and the page's own fetches. */
interface Hop {
  at: 'app' | 'issuer';
  path: string;
  status: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function decodePayload(token: string): { exp?: number } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

describe.skipIf(!available)('a real browser through the handshake (SPEC §12)', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  describe.each(INSTANCES)('%s instance', (instance) => {
    let issuer: TestIssuer;

    beforeAll(async () => {
      issuer = await createTestIssuer({ instance, sessionLifetimeInSeconds: 2 });
    });

    afterAll(async () => {
      await issuer?.close();
    });

    describe.each(FRAMEWORKS)('%s', (framework) => {
      const userId = `user_${framework}_${instance}`;
      let app: RunningApp;
      let context: BrowserContext;
      let page: Page;
      let hops: Hop[] = [];
      let logged: string[] = [];

      beforeEach(async () => {
        app = await startApp[framework]({
          publishableKey: issuer.publishableKey,
          secretKey: issuer.secretKey,
          apiUrl: issuer.url,
          clockSkewInMs: 0,
          logger: {
            debug: (message) => logged.push(message),
            warn: (message) => logged.push(message),
          },
        });
        logged = [];
        issuer.allowOrigin(app.origin);
        context = await browser.newContext();
        page = await context.newPage();
        hops = [];
        page.on('response', (response: Response) => {
          const url = new URL(response.url());
          const at = url.origin === app.origin ? 'app' : url.origin === issuer.url ? 'issuer' : null;
          if (at !== null) hops.push({ at, path: url.pathname + url.search, status: response.status() });
        });
      }, 30_000);

      afterEach(async () => {
        await context?.close();
        await app?.close();
      });

      /** The responses of one page load (every redirect on its way), and the handshakes it cost. */
      async function load(action: () => Promise<unknown>) {
        hops = [];
        const before = issuer.stats.handshakes;
        const response = (await action()) as Response | null;
        await page.waitForLoadState('load');
        const authMessage = (await response?.allHeaders())?.['x-clerk-auth-message'];
        return { hops: hops.map(describeHop), handshakes: issuer.stats.handshakes - before, authMessage };
      }

      /**
       * `app 307 /`, `issuer 307 /v1/client/handshake (<why>)`: of the query, only the handshake
       * transport on the app and the reason the app gave for sending the browser to the issuer.
       */
      function describeHop({ at, path, status }: Hop): string {
        const [pathname, query = ''] = path.split('?');
        const params = new URLSearchParams(query);
        const transport = Object.values(TRANSPORT_COOKIES).find((name) => params.has(name));
        const reason = params.get('__clerk_hs_reason');
        const shown =
          at === 'app' && transport
            ? `${pathname}?${transport}`
            : reason
              ? `${pathname} (${reason})`
              : pathname;
        return `${at} ${status} ${shown}`;
      }

      const who = () => page.getByTestId('who').textContent();
      const shot = (step: string) =>
        page.screenshot({ path: `${OUTPUT}${framework}-${instance}-${step}.png` });

      async function cookie(name: string): Promise<string | undefined> {
        const cookies = await context.cookies(app.origin);
        return cookies.find((c) => c.name === name)?.value;
      }

      /** Until the session cookie the browser holds has expired (its own `exp`, no skew). */
      async function untilSessionExpires() {
        const session = await cookie('__session');
        expect(session).toBeDefined();
        const exp = decodePayload(session ?? '').exp ?? 0;
        await sleep(Math.max(0, exp * 1000 - Date.now()) + 200);
      }

      async function fetchMe() {
        hops = [];
        const answer = await page.evaluate(async () => {
          const response = await fetch('/api/me');
          return { status: response.status, redirected: response.redirected, body: await response.text() };
        });
        return { ...answer, hops: hops.map(describeHop) };
      }

      /** After every load: no handshake transport left behind, in the address bar or the jar. */
      async function expectNoTransportLeft() {
        expect(new URL(page.url()).search).toBe('');
        const names = (await context.cookies(app.origin)).map((c) => c.name);
        for (const name of Object.values(TRANSPORT_COOKIES)) expect(names).not.toContain(name);
      }

      /**
       * The app's development resolution: a 307 from the URL carrying the transport to the clean
       * one (production resolves on the same request, the transport being a cookie).
       */
      const resolutionHop = (transport: Transport) =>
        instance === 'development' ? [`app 307 /?${TRANSPORT_COOKIES[transport]}`] : [];

      /** The redirects of one handshake the app starts for `reason`, from its page back to it. */
      const handshakeHops = (reason: string, transport: Transport = 'token') => [
        'app 307 /',
        `issuer 307 ${HANDSHAKE_PATH} (${reason})`,
        ...resolutionHop(transport),
        'app 200 /',
      ];
      const EXPIRED = 'session-token-expired-refresh-non-eligible-no-refresh-cookie';

      /**
       * Sign in, expire, reload through one handshake, fetch (200, then 401 expired), sign out at the
       * issuer, reload: the whole story, with the issuer handing back its directives by `transport`.
       */
      async function walkThrough(transport: Transport) {
        // Sign in at the Frontend API: it sends the browser through the handshake to the app.
        const signInUrl = `${issuer.signInUrl}?user_id=${userId}&redirect_url=${encodeURIComponent(`${app.origin}/`)}`;
        const signIn = await load(() => page.goto(signInUrl));
        expect(signIn.hops).toEqual([
          'issuer 307 /sign-in',
          `issuer 307 ${HANDSHAKE_PATH}`,
          ...resolutionHop(transport),
          'app 200 /',
        ]);
        expect(signIn.handshakes).toBe(1);
        expect(await who()).toBe(userId);
        await expectNoTransportLeft();
        await shot(`1-signed-in-${transport}`);

        // The session expires; a reload goes through exactly one handshake and stays signed in.
        await untilSessionExpires();
        const reload = await load(() => page.reload());
        expect(reload.hops).toEqual(handshakeHops(EXPIRED, transport));
        expect(reload.handshakes).toBe(1);
        expect(await who()).toBe(userId);
        await expectNoTransportLeft();
        await shot(`2-after-handshake-${transport}`);

        // The fresh cookie works for the page's own API call.
        const fresh = await fetchMe();
        expect(fresh).toMatchObject({ status: 200, redirected: false, hops: ['app 200 /api/me'] });
        expect(JSON.parse(fresh.body)).toEqual({ userId });

        // An API call with an expired cookie is a 401 with the handshake's reason, never a 307.
        await untilSessionExpires();
        const before = issuer.stats.handshakes;
        const expired = await fetchMe();
        expect(expired).toMatchObject({ status: 401, redirected: false, hops: ['app 401 /api/me'] });
        expect(JSON.parse(expired.body)).toEqual({
          error: 'unauthenticated',
          reason: EXPIRED,
        });
        expect(issuer.stats.handshakes).toBe(before);

        // Signed out at the Frontend API: the next page goes through one handshake and is signed out.
        issuer.signOut(userId);
        const signedOut = await load(() => page.reload());
        expect(signedOut.hops).toEqual(handshakeHops(EXPIRED, transport));
        expect(signedOut.handshakes).toBe(1);
        expect(await who()).toBe('signed out');
        await expectNoTransportLeft();
        const jar = await context.cookies(app.origin);
        const uat = jar.filter((c) => c.name.startsWith('__client_uat'));
        expect(uat.map((c) => c.name).sort()).toEqual([
          '__client_uat',
          `__client_uat_${cookieSuffix(issuer.publishableKey)}`,
        ]);
        for (const c of uat) expect(c.value).toBe('0');
        expect(jar.filter((c) => c.name.startsWith('__session'))).toEqual([]);
        await shot(`3-signed-out-${transport}`);

        // Signed out is stable: no handshake, no redirect, and the API says why.
        const again = await load(() => page.reload());
        expect(again).toEqual({ hops: ['app 200 /'], handshakes: 0 });
        expect(await who()).toBe('signed out');
        const api = await fetchMe();
        expect(api).toMatchObject({ status: 401, redirected: false, hops: ['app 401 /api/me'] });
        expect(JSON.parse(api.body)).toEqual({
          error: 'unauthenticated',
          reason: 'session-token-and-uat-missing',
        });
      }

      it('signs in, comes back signed in through one handshake after expiry, and sees the sign-out', async () => {
        const before = issuer.stats.handshakePayloads;
        await walkThrough('token');
        expect(issuer.stats.handshakePayloads).toBe(before);
      }, 60_000);

      // The nonce transport on one adapter: what the adapter does is the same for both.
      if (framework === 'express')
        it('does the same with the nonce transport', async () => {
          issuer.handshakeTransport('nonce');
          try {
            const before = issuer.stats.handshakePayloads;
            await walkThrough('nonce');
            // One nonce exchanged per resolution: the sign-in, the expired session, the sign-out.
            expect(issuer.stats.handshakePayloads - before).toBe(3);
          } finally {
            issuer.handshakeTransport('token');
          }
        }, 60_000);

      // A proxy that drops Set-Cookie loses production's transport cookie: the loop guard ends it.
      if (instance === 'production')
        it('stops a handshake loop after three rounds when a proxy drops Set-Cookie', async () => {
          const signInUrl = `${issuer.signInUrl}?user_id=${userId}&redirect_url=${encodeURIComponent(`${app.origin}/`)}`;
          await load(() => page.goto(signInUrl));
          expect(await who()).toBe(userId);
          await untilSessionExpires();
          issuer.setHandshakeFault('strip-set-cookie');
          try {
            const round = ['app 307 /', `issuer 307 ${HANDSHAKE_PATH} (${EXPIRED})`];
            const looped = await load(() => page.reload());
            expect(looped.hops).toEqual([...round, ...round, ...round, 'app 200 /']);
            expect(looped.handshakes).toBe(3);
            expect(looped.authMessage).toBe('handshake-loop-stopped');
            expect(await who()).toBe('signed out');
            expect(
              logged.filter((line) => line.includes('handshake redirect loop was stopped')),
            ).toHaveLength(1);
            await shot('4-loop-stopped');
          } finally {
            issuer.setHandshakeFault(false);
          }
        }, 60_000);

      it('a new browser is signed out after at most one handshake, and stays so without a loop', async () => {
        const first = await load(() => page.goto(`${app.origin}/`));
        if (instance === 'development') {
          // No dev browser yet: one handshake fetches one (signed out), as Clerk's backend does.
          expect(first.hops).toEqual(handshakeHops('dev-browser-missing'));
          expect(first.handshakes).toBe(1);
        } else {
          expect(first).toEqual({ hops: ['app 200 /'], handshakes: 0 });
        }
        expect(await who()).toBe('signed out');
        await expectNoTransportLeft();
        await shot('0-new-browser');

        for (let i = 0; i < 3; i++) {
          const again = await load(() => page.reload());
          expect(again).toEqual({ hops: ['app 200 /'], handshakes: 0 });
          expect(await who()).toBe('signed out');
        }
      }, 60_000);
    });
  });
});
