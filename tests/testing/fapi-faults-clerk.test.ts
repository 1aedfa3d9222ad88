import type { ClerkClient } from '@clerk/backend';
import { createTestIssuer, type HandshakeFault, type TestIssuer } from '@sessionguard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { applySetCookies, type CookieJar, cookieHeaderOf, getManual, jarOf } from './browser-helpers.js';
import { clerkClientFor } from './helpers.js';

/**
 * What Clerk's own SDK makes of each `setHandshakeFault` (SPEC §12.5–12.7): the faults are the
 * failures Clerk's users meet, and Clerk's answers are the ones SPEC §12.5 "(ours)" improves on.
 */
const APP = 'http://localhost:3000';
const PAGE = `${APP}/account`;

const navigation = (url: string, jar: CookieJar): Request =>
  new Request(url, {
    headers: { cookie: cookieHeaderOf(jar), accept: 'text/html', 'sec-fetch-dest': 'document' },
  });

describe("Clerk's authenticateRequest under the issuer's handshake faults", () => {
  const issuers: Record<'development' | 'production', TestIssuer | undefined> = {
    development: undefined,
    production: undefined,
  };
  const clients = new Map<TestIssuer, ClerkClient>();

  beforeAll(async () => {
    for (const instance of ['development', 'production'] as const) {
      const issuer = await createTestIssuer({ instance });
      issuer.allowOrigin(APP);
      issuers[instance] = issuer;
      clients.set(issuer, clerkClientFor(issuer));
    }
    vi.spyOn(console, 'error').mockImplementation(() => undefined); // Clerk logs each failed resolution
  });
  afterEach(() => {
    for (const issuer of Object.values(issuers)) {
      issuer?.setHandshakeFault(false);
      issuer?.handshakeTransport('token');
    }
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await Promise.all(Object.values(issuers).map((issuer) => issuer?.close()));
  });

  /** An expired browser goes through the handshake under `fault`; what Clerk makes of the way back. */
  async function roundTrip(instance: 'development' | 'production', fault: HandshakeFault) {
    const issuer = issuers[instance] as TestIssuer;
    const clerk = clients.get(issuer) as ClerkClient;
    const authenticate = (request: Request) => clerk.authenticateRequest(request, { proxyUrl: issuer.url });
    const jar = jarOf(
      issuer.browserCookies({ userId: 'user_1', issuedAt: Math.floor(Date.now() / 1000) - 120 }),
    );
    const state = await authenticate(navigation(PAGE, jar));
    expect(state.status).toBe('handshake');
    issuer.setHandshakeFault(fault);
    const answer = await getManual(state.headers.get('location') ?? '', { cookie: cookieHeaderOf(jar) });
    expect(answer.status).toBe(307);
    applySetCookies(jar, answer.headers.getSetCookie());
    return authenticate(navigation(answer.headers.get('location') ?? '', jar));
  }

  it('production, wrong-key or expired-payload: Clerk drops the directives and hands off again', async () => {
    for (const fault of ['wrong-key', 'expired-payload'] as const) {
      const state = await roundTrip('production', fault);
      expect(state.status).toBe('handshake');
      expect(state.reason).toBe('session-token-expired-refresh-non-eligible-no-refresh-cookie');
    }
  });

  it('production, strip-set-cookie: no transport cookie arrives, so Clerk hands off again (the loop of a proxy that drops Set-Cookie)', async () => {
    const state = await roundTrip('production', 'strip-set-cookie');
    expect(state.status).toBe('handshake');
  });

  it('production, payload-down with the nonce transport: Clerk signs the user out (session-token-missing)', async () => {
    issuers.production?.handshakeTransport('nonce');
    const state = await roundTrip('production', 'payload-down');
    expect(state.status).toBe('signed-out');
    expect(state.reason).toBe('session-token-missing');
  });

  it('development, wrong-key: the handshake token does not verify and Clerk throws (an adapter answers 500)', async () => {
    await expect(roundTrip('development', 'wrong-key')).rejects.toThrow(
      /Handshake token verification failed/,
    );
  });

  it('development, expired-payload: past the 24 h skew retry, Clerk drops the directives and hands off again', async () => {
    const state = await roundTrip('development', 'expired-payload');
    expect(state.status).toBe('handshake');
  });
});
