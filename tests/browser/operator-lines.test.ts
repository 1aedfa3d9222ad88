import { createAuthenticator } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// SPEC §12.4's loop guard logs one line naming the likely cause. A client can send
// `__clerk_redirect_count=3` on every request, so the authenticator writes each such line at most
// once a minute (ours): the guard still stops every loop, the log is not flooded.

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ instance: 'production' });
});
afterAll(() => issuer.close());

describe('operator lines of browser sessions', () => {
  it('a stopped handshake loop is logged once a minute, however many requests trip the guard', async () => {
    const start = Date.now();
    let now = start;
    const lines: string[] = [];
    const authenticator = createAuthenticator({
      publishableKey: issuer.publishableKey,
      secretKey: issuer.secretKey,
      apiUrl: issuer.url,
      now: () => now,
      logger: { debug() {}, warn: (line: string) => lines.push(line) },
    });
    const cookie = `${issuer.browserCookies({
      userId: 'user_loop',
      issuedAt: Math.floor(start / 1000) - 120,
      expiresInSeconds: 60,
    })}; __clerk_redirect_count=3`;
    const request = {
      method: 'GET',
      url: '/page',
      headers: { host: '127.0.0.1:9', cookie, accept: 'text/html', 'sec-fetch-dest': 'document' },
    };
    for (let i = 0; i < 20; i++) {
      const state = await authenticator.authenticateRequest(request);
      expect(state.status).toBe('signed-out');
      expect(state.headers['x-clerk-auth-message']).toBe('handshake-loop-stopped');
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/handshake redirect loop was stopped/);
    now += 59_000;
    await authenticator.authenticateRequest(request);
    expect(lines).toHaveLength(1);
    now += 2_000;
    await authenticator.authenticateRequest(request);
    expect(lines).toHaveLength(2);
  });
});
