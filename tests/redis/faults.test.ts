// Redis stopped under a bounded request loop, then restarted (SPEC §11): no 500, no request slower
// than timeoutInMs plus the Backend API call, never signed in on an expired entry, and the store is
// used again once Redis is back. A real Express app over HTTP on 127.0.0.1, a real redis-server.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthenticator } from '@sessionguard/core';
import { clerkMiddleware, getAuth } from '@sessionguard/express';
import { createRedisStore } from '@sessionguard/redis';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../backend-api/helpers.js';
import { CLIENT_KINDS, type ConnectedClient, connectClient } from './clients.js';
import { type RedisServer, redisAvailable, startRedisServer } from './redis-server.js';

const TIMEOUT_IN_MS = 50;
// A Backend API call to the test issuer on loopback, on a machine whose cores are shared: generous.
const BACKEND_CALL_BUDGET_IN_MS = 300;
const LOOP = 20;

describe.skipIf(!redisAvailable).each(CLIENT_KINDS)('Redis faults under load (%s)', (kind) => {
  let redis: RedisServer;
  let issuer: TestIssuer;
  let connected: ConnectedClient;
  let server: Server;
  let url: string;
  const clock = fakeClock();
  const lines: string[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    issuer = await createTestIssuer();
    issuer.addUser({ id: 'user_f', first_name: 'Barbara' });
    connected = await connectClient(kind, redis.port);
    const authenticator = createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      secretKey: issuer.secretKey,
      apiUrl: issuer.url,
      now: clock.now,
      cacheStore: createRedisStore(connected.client, {
        timeoutInMs: TIMEOUT_IN_MS,
        logger: { debug: (message) => lines.push(message) },
      }),
    });
    const app = express();
    app.use(clerkMiddleware(authenticator));
    app.get('/me', async (req, res) => {
      const auth = getAuth(req);
      if (!auth.isAuthenticated) return void res.status(401).json({ reason: auth.reason });
      res.json({ firstName: (await auth.getUser())?.firstName });
    });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/me`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await connected?.close();
    await issuer?.close();
    await redis?.stop();
  });

  /** A token issued at the fake clock's now, which the tests move ahead. */
  const mint = (expiresInSeconds: number) =>
    issuer.mintSessionToken({
      userId: 'user_f',
      expiresInSeconds,
      issuedAt: Math.floor(clock.now() / 1000),
    });

  async function timedRequest(token: string) {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = await response.json();
    return { status: response.status, body, elapsed: performance.now() - started };
  }

  it('Redis down: every request answers 200 within the bound; back up: the store is used again', async () => {
    const token = await mint(3_600);
    issuer.resetStats();
    for (let i = 0; i < 5; i += 1) expect((await timedRequest(token)).body).toEqual({ firstName: 'Barbara' });
    expect(issuer.stats.apiRequests).toBe(1);

    await redis.stop();
    lines.length = 0;
    issuer.resetStats();
    for (let i = 0; i < LOOP; i += 1) {
      const { status, body, elapsed } = await timedRequest(token);
      expect(status).toBe(200);
      expect(body).toEqual({ firstName: 'Barbara' });
      expect(elapsed).toBeLessThan(TIMEOUT_IN_MS + BACKEND_CALL_BUDGET_IN_MS);
    }
    // Each was a miss and a direct Backend API call; the outage was logged once, not per request.
    expect(issuer.stats.apiRequests).toBe(LOOP);
    expect(lines.filter((line) => line.includes('unavailable'))).toHaveLength(1);

    await redis.start();
    // The client reconnects on its own schedule: a bounded loop until a request is a hit again.
    let reused = false;
    for (let i = 0; i < 100 && !reused; i += 1) {
      issuer.resetStats();
      const { status } = await timedRequest(token);
      expect(status).toBe(200);
      if (issuer.stats.apiRequests === 0) reused = true;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(reused).toBe(true);
    issuer.resetStats();
    for (let i = 0; i < LOOP; i += 1) expect((await timedRequest(token)).status).toBe(200);
    expect(issuer.stats.apiRequests).toBe(0);
    expect(lines).toContain('redis store answers again');
  });

  it('an entry past its TTL on the `now` clock is not used, though Redis still holds it', async () => {
    const token = await mint(3_600);
    await timedRequest(token);
    issuer.resetStats();
    clock.advance(60_001); // lookupCacheTtlInMs; Redis's own PX runs on the real clock
    expect((await timedRequest(token)).body).toEqual({ firstName: 'Barbara' });
    expect(issuer.stats.apiRequests).toBe(1);
  });

  it('a token past its expiry is refused although its user is cached in Redis', async () => {
    const token = await mint(60);
    expect((await timedRequest(token)).status).toBe(200);
    clock.advance(60_000 + 10_000); // past exp and the default clock skew (5 s)
    const { status, body } = await timedRequest(token);
    expect(status).toBe(401);
    expect(body).toEqual({ reason: 'token-expired' });
  });
});
