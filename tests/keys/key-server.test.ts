// SPEC §4.2, a key server left alone: with no usable key set, a failed fetch is retried only after
// a backoff (1 s doubling up to jwksCooldownInMs, reset by a success); a key set body over 1 MiB is a
// failed fetch, read no further than the limit; jwksTimeoutInMs covers the whole body.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuthOptions, createAuthenticator, type RequestState } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, FakeClock } from '../core/helpers.js';

const MIB = 1024 * 1024;

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());
afterEach(() => {
  issuer.setOutage(false);
  issuer.resetStats();
});

function message(state: RequestState): string {
  return state.auth.isAuthenticated ? '' : state.auth.message;
}

describe('cold-start backoff', () => {
  it('200 requests in one second against a failing key server cause at most 2 fetches, each failing at once', async () => {
    issuer.setOutage('error');
    const authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl });
    const token = await issuer.mintSessionToken({ userId: 'u', expiresInSeconds: 600 });
    const started = Date.now();
    const states: RequestState[] = [];
    for (let i = 0; i < 200; i++) {
      const due = started + i * 5; // spread over one (real) second
      if (Date.now() < due) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      states.push(await authenticator.authenticateRequest(bearer(token)));
    }
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(states.every((state) => state.reason === 'jwk-remote-failed-to-load')).toBe(true);
    expect(issuer.stats.jwksRequests).toBeGreaterThanOrEqual(1);
    expect(issuer.stats.jwksRequests).toBeLessThanOrEqual(2);
  });

  it('concurrent requests during the first failing fetch share it, and the ones after it do not fetch', async () => {
    issuer.setOutage('error');
    const clock = new FakeClock();
    const authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl, now: clock.now });
    const token = await issuer.mintSessionToken({ userId: 'u', issuedAt: clock.seconds });
    const first = await Promise.all(
      Array.from({ length: 50 }, () => authenticator.authenticateRequest(bearer(token))),
    );
    const after = await Promise.all(
      Array.from({ length: 50 }, () => authenticator.authenticateRequest(bearer(token))),
    );
    expect([...first, ...after].every((state) => state.reason === 'jwk-remote-failed-to-load')).toBe(true);
    expect(issuer.stats.jwksRequests).toBe(1);
  });

  it('starts at 1 s, doubles up to jwksCooldownInMs, and a success resets it', async () => {
    issuer.setOutage('error');
    const clock = new FakeClock();
    const options: AuthOptions = {
      jwksUrl: issuer.jwksUrl,
      now: clock.now,
      jwksCooldownInMs: 5_000,
      jwksCacheTtlInMs: 60_000,
      jwksStaleIfErrorInMs: 0, // once the set is past its TTL nothing is usable: the backoff applies again
    };
    const authenticator = createAuthenticator(options);
    const token = await issuer.mintSessionToken({
      userId: 'u',
      issuedAt: clock.seconds,
      expiresInSeconds: 3_600,
    });
    const fetchesAfter = async (ms: number): Promise<number> => {
      clock.advance(ms);
      await authenticator.authenticateRequest(bearer(token));
      return issuer.stats.jwksRequests;
    };

    expect(await fetchesAfter(0)).toBe(1);
    // Each step: one millisecond short of the backoff asks nothing, the backoff itself asks once.
    const steps = [1_000, 2_000, 4_000, 5_000, 5_000];
    for (const [i, step] of steps.entries()) {
      expect(await fetchesAfter(step - 1), `step ${i}: ${step} ms`).toBe(1 + i);
      expect(await fetchesAfter(1), `step ${i}: ${step} ms`).toBe(2 + i);
    }

    issuer.setOutage(false);
    clock.advance(5_000);
    expect((await authenticator.authenticateRequest(bearer(token))).status).toBe('signed-in');
    const afterSuccess = issuer.stats.jwksRequests;

    issuer.setOutage('error');
    expect(await fetchesAfter(60_000)).toBe(afterSuccess + 1);
    expect(await fetchesAfter(999)).toBe(afterSuccess + 1);
    expect(await fetchesAfter(1)).toBe(afterSuccess + 2); // 1 s again, not 5 s
  });
});

/** A key server of our own on 127.0.0.1 that answers however the test says. */
async function keyServer(answer: (response: ServerResponse, sent: { bytes: number }) => void): Promise<{
  url: string;
  sent: { bytes: number };
  close(): Promise<void>;
}> {
  const sent = { bytes: 0 };
  const server: Server = createServer((_, response) => answer(response, sent));
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    sent,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Writes `total` bytes (or forever) in 64 KiB chunks as fast as the client reads; counts what it wrote. */
function stream(response: ServerResponse, sent: { bytes: number }, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const pump = () => {
    while (sent.bytes < total && !response.destroyed) {
      sent.bytes += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  response.on('close', () => response.removeAllListeners('drain'));
  pump();
}

describe('the key set body', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function verdict(url: string, extra: AuthOptions = {}): Promise<RequestState> {
    const token = await issuer.mintSessionToken({ userId: 'u' });
    return createAuthenticator({ jwksUrl: url, ...extra }).authenticateRequest(bearer(token));
  }

  it('a valid key set just under 1 MiB loads', async () => {
    const jwks = await (await fetch(issuer.jwksUrl)).text();
    const padded = jwks.replace(/}$/, `${' '.repeat(MIB - 16 - jwks.length)}}`);
    expect(padded.length).toBeLessThan(MIB);
    const server = await keyServer((response) => response.end(padded));
    servers.push(server);
    expect((await verdict(server.url)).status).toBe('signed-in');
  });

  it.each([
    ['with a Content-Length of 50 MB', true],
    ['chunked, 50 MB', false],
  ])('a body over 1 MiB (%s) is a failed fetch, not read past the limit', async (_, declared) => {
    const total = 50 * 1000 * 1000;
    const server = await keyServer((response, sent) => {
      response.writeHead(200, declared ? { 'content-length': String(total) } : {});
      stream(response, sent, total);
    });
    servers.push(server);
    const state = await verdict(server.url);
    expect(state.reason).toBe('jwk-remote-failed-to-load');
    expect(message(state)).toMatch(/larger than 1048576 bytes/);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the server see the connection go
    // What the server got out before we stopped: the limit plus socket buffers, nowhere near 50 MB.
    expect(server.sent.bytes).toBeLessThan(8 * MIB);
  });

  it('an endless body is cut at the limit, its memory bounded', async () => {
    const server = await keyServer((response, sent) => stream(response, sent, Number.POSITIVE_INFINITY));
    servers.push(server);
    const state = await verdict(server.url, { jwksTimeoutInMs: 10_000 });
    expect(message(state)).toMatch(/larger than 1048576 bytes/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.sent.bytes).toBeLessThan(8 * MIB);
  });

  /** Headers at once, then one byte every 20 ms forever: under the size limit, never done. */
  function trickle(response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"keys":[');
    const timer = setInterval(() => response.write(' '), 20);
    response.on('close', () => clearInterval(timer));
  }

  it('jwksTimeoutInMs covers the whole body: a body that never ends is cut at the timeout', async () => {
    const server = await keyServer(trickle);
    servers.push(server);
    const started = Date.now();
    const state = await verdict(server.url, { jwksTimeoutInMs: 300 });
    expect(state.reason).toBe('jwk-remote-failed-to-load');
    expect(message(state)).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(300 + 2_000);
  });

  it('the same with a fetch option that drops the signal once the headers are in', async () => {
    const server = await keyServer(trickle);
    servers.push(server);
    const signalless: typeof fetch = (input, init) => fetch(input, { ...init, signal: null });
    const state = await verdict(server.url, { jwksTimeoutInMs: 300, fetch: signalless });
    expect(message(state)).toMatch(/timed out/);
  });
});
