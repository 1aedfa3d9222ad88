import { cookieSuffix, createTestIssuer, type HandshakeFault, type TestIssuer } from '@sessionguard/testing';
import {
  applySetCookies,
  type CookieJar,
  cookieHeaderOf,
  getManual,
  jarOf,
} from '../testing/browser-helpers.js';

/**
 * What every oracle case is built from: one test issuer per instance, playing Clerk's Frontend API
 * and Backend API, and the real clock (Clerk's SDK has no clock option, so both sides read Date.now).
 */
export type Instance = 'development' | 'production';

/** The app both SDKs guard; the issuer may send browsers back to it. */
export const APP = 'http://localhost:3000';

export interface World {
  readonly issuer: TestIssuer;
  readonly instance: Instance;
  /** Clerk's cookie suffix of the issuer's publishable key. */
  readonly suffix: string;
  /** Whole seconds, now. */
  now(): number;
  /** A session token of `user_oracle` (its own `sid` when given), issued `age` seconds ago, living `life` seconds. */
  mint(options?: {
    age?: number;
    life?: number;
    sid?: string;
    claims?: Record<string, unknown>;
    header?: Record<string, unknown>;
    keyId?: string;
  }): Promise<string>;
  /** A key the issuer can sign with but does not publish. */
  readonly unpublishedKid: string;
  /** An M2M token in JWT form (a machine JWT) and an opaque one. */
  readonly machineJwt: string;
  readonly machineOpaque: string;
  /** A new signed-in browser's cookies (`browserCookies`), as a jar. */
  browser(options?: { userId?: string; age?: number; suffixed?: boolean }): CookieJar;
  /**
   * A browser sent through the issuer's `/v1/client/handshake` (fetch, redirect: 'manual'): the URL it
   * comes back to and its cookies after the answer (production: the transport cookie in the jar).
   */
  handshake(
    jar: CookieJar,
    options: { transport: 'token' | 'nonce'; page?: string; fault?: HandshakeFault },
  ): Promise<{ back: string; jar: CookieJar }>;
}

export const USER = 'user_oracle';

export async function createWorld(instance: Instance): Promise<World & { close(): Promise<void> }> {
  const issuer = await createTestIssuer({ instance, refreshCookie: true });
  issuer.allowOrigin(APP);
  issuer.addUser({ id: USER });
  const unpublishedKid = await issuer.addKey({ publish: false });
  const machineJwt = (await issuer.createM2MToken({ machineId: 'mch_oracle', format: 'jwt' })).token;
  const machineOpaque = (await issuer.createM2MToken({ machineId: 'mch_oracle' })).token;
  const now = (): number => Math.floor(Date.now() / 1000);

  const world: World & { close(): Promise<void> } = {
    issuer,
    instance,
    suffix: cookieSuffix(issuer.publishableKey),
    now,
    unpublishedKid,
    machineJwt,
    machineOpaque,
    mint: ({ age = 10, life = 600, sid, claims, header, keyId } = {}) =>
      issuer.mintSessionToken({
        userId: USER,
        issuedAt: now() - age,
        expiresInSeconds: life,
        ...(sid === undefined ? {} : { sessionId: sid }),
        ...(claims === undefined ? {} : { claims }),
        ...(header === undefined ? {} : { header }),
        ...(keyId === undefined ? {} : { keyId }),
      }),
    browser: ({ userId = USER, age = 0, suffixed = false } = {}) =>
      jarOf(issuer.browserCookies({ userId, issuedAt: now() - age, suffixed })),
    async handshake(jar, { transport, page = `${APP}/account`, fault = false }) {
      const url = new URL('/v1/client/handshake', issuer.url);
      url.searchParams.set('redirect_url', page);
      url.searchParams.set('suffixed_cookies', 'false');
      url.searchParams.set('format', 'nonce');
      const devBrowser = jar.get('__clerk_db_jwt');
      if (instance === 'development' && devBrowser) url.searchParams.set('__clerk_db_jwt', devBrowser);
      issuer.handshakeTransport(transport);
      issuer.setHandshakeFault(fault);
      try {
        const answer = await getManual(url.href, { cookie: cookieHeaderOf(jar) });
        if (answer.status !== 307) throw new Error(`the issuer's handshake answered ${answer.status}`);
        return {
          back: answer.headers.get('location') ?? '',
          jar: applySetCookies(new Map(jar), answer.headers.getSetCookie()),
        };
      } finally {
        issuer.handshakeTransport('token');
        if (fault !== 'payload-down') issuer.setHandshakeFault(false);
      }
    },
    close: () => issuer.close(),
  };
  return world;
}
