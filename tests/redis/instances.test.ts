// Two app processes (Express over node-redis, Fastify over ioredis) behind one real Redis: what
// one instance records (a user lookup, an API-key verdict, a webhook id), the other uses (SPEC §11).
// The verdict TTL is real and short: Redis expires the entry by its PX TTL on the real clock, which
// an injected `now` in the processes would not move, so the revocation test waits it out.
import { fileURLToPath } from 'node:url';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, type Running, startServer } from '../demo/processes.js';
import { type RedisServer, redisAvailable, startRedisServer } from './redis-server.js';

const instanceApp = fileURLToPath(new URL('./apps/instance.mjs', import.meta.url));
const VERDICT_TTL_IN_MS = 4_000;
// Long enough that a loaded machine does not turn a slow Redis read into a miss (a miss by design
// past the deadline, which tests/redis/faults.test.ts checks); these tests are about sharing.
const REDIS_TIMEOUT_IN_MS = 1_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

describe.skipIf(!redisAvailable)('many instances, one Redis: Express and Fastify processes', () => {
  let redis: RedisServer;
  let issuer: TestIssuer;
  const instances: Record<'express' | 'fastify', string> = { express: '', fastify: '' };
  const running: Running[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    issuer = await createTestIssuer();
    issuer.addUser({ id: 'user_shared', first_name: 'Grace' });
    for (const framework of ['express', 'fastify'] as const) {
      const server = await startServer(process.execPath, [instanceApp, framework], {
        cwd: fileURLToPath(new URL('./', import.meta.url)),
        env: cleanEnv({
          REDIS_URL: redis.url,
          ISSUER_URL: issuer.url,
          CLERK_JWKS_URL: issuer.jwksUrl,
          CLERK_SECRET_KEY: issuer.secretKey,
          CLERK_WEBHOOK_SIGNING_SECRET: issuer.webhookSigningSecret,
          MACHINE_TOKEN_CACHE_TTL_IN_MS: String(VERDICT_TTL_IN_MS),
          REDIS_TIMEOUT_IN_MS: String(REDIS_TIMEOUT_IN_MS),
        }),
        ready: /listening on (\d+)/,
      });
      running.push(server);
      instances[framework] = `http://127.0.0.1:${server.ready[1]}`;
    }
  }, 30_000);

  afterAll(async () => {
    await Promise.all(running.map((server) => server.stop()));
    await issuer?.close();
    await redis?.stop();
  });

  it('a user looked up by one instance is read from Redis by the other: 1 Backend API call in all', async () => {
    issuer.resetStats();
    const token = await issuer.mintSessionToken({ userId: 'user_shared' });
    const headers = { authorization: `Bearer ${token}` };
    for (const url of [instances.express, instances.fastify, instances.express, instances.fastify]) {
      const response = await fetch(`${url}/me`, { headers });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ userId: 'user_shared', firstName: 'Grace' });
    }
    expect(issuer.stats.apiRequests).toBe(1);
  });

  /** What the instances logged (a store fault, say), for a failure message. */
  const stderrs = () => running.map((server) => server.stderr().trim()).join(' | ') || 'none';

  /** The API-key route of an instance: its status and body. */
  async function withApiKey(url: string, secret: string) {
    const response = await fetch(`${url}/machine`, { headers: { authorization: `Bearer ${secret}` } });
    return { status: response.status, body: await response.json() };
  }

  it('an API key verified by one instance is taken from Redis by the other: 1 verification in all', async () => {
    const key = issuer.createApiKey({ subject: 'user_shared', name: 'shared' });
    issuer.resetStats();
    for (const url of [instances.express, instances.fastify, instances.express, instances.fastify]) {
      expect(await withApiKey(url, key.secret)).toEqual({
        status: 200,
        body: { id: key.id, subject: 'user_shared' },
      });
    }
    expect(issuer.stats.machineVerifications).toBe(1);
  });

  it('a revoked API key is accepted by both until the verdict TTL has passed, then refused by both', async () => {
    const key = issuer.createApiKey({ subject: 'user_shared', name: 'revoked later' });
    issuer.resetStats();
    expect((await withApiKey(instances.express, key.secret)).status).toBe(200);
    const verifiedAt = performance.now();
    issuer.revokeApiKey(key.id);
    // Within the TTL the shared verdict stands, on both instances: no new verification.
    for (const url of [instances.fastify, instances.express]) {
      const { status } = await withApiKey(url, key.secret);
      const elapsed = Math.round(performance.now() - verifiedAt);
      expect(status, `${url}, ${elapsed} ms after the first verification; stderr: ${stderrs()}`).toBe(200);
    }
    expect(issuer.stats.machineVerifications).toBe(1);

    await pause(verifiedAt + VERDICT_TTL_IN_MS + 100 - performance.now());
    for (const url of [instances.fastify, instances.express]) {
      expect(await withApiKey(url, key.secret)).toEqual({ status: 401, body: { reason: 'token-invalid' } });
    }
    // The first instance asked again (the issuer answered 404); the second read that verdict from Redis.
    expect(issuer.stats.machineVerifications).toBe(2);
  });

  it('one webhook id delivered to both instances at the same moment is accepted by exactly one', async () => {
    // Ten rounds: a get-then-set check lets both through in most of them (two Redis round trips race).
    for (let round = 0; round < 10; round += 1) {
      const delivery = issuer.signWebhook({ type: 'user.updated', data: { id: 'user_shared' } });
      const answers = await Promise.all(
        [instances.express, instances.fastify].map(async (url) => {
          const response = await fetch(`${url}/webhooks`, {
            method: 'POST',
            headers: delivery.headers,
            body: delivery.body,
          });
          return { status: response.status, body: await response.json() };
        }),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([200, 400]);
      expect(answers.find((answer) => answer.status === 400)?.body).toEqual({ reason: 'webhook-replayed' });
    }
  });

  it('a webhook id delivered to one instance is refused as replayed by the other', async () => {
    const delivery = issuer.signWebhook({ type: 'user.updated', data: { id: 'user_shared' } });
    const send = (url: string) =>
      fetch(`${url}/webhooks`, { method: 'POST', headers: delivery.headers, body: delivery.body });

    const first = await send(instances.express);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ id: 'user_shared' });

    const replay = await send(instances.fastify);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toEqual({ reason: 'webhook-replayed' });

    // A new delivery (another id) to the second instance still passes: it is the id that is shared.
    const fresh = issuer.signWebhook({ type: 'user.updated', data: { id: 'user_shared' } });
    const other = await fetch(`${instances.fastify}/webhooks`, {
      method: 'POST',
      headers: fresh.headers,
      body: fresh.body,
    });
    expect(other.status).toBe(200);
  });

  it('what the instances wrote to Redis holds no token, API key, secret key or signing secret', async () => {
    const token = await issuer.mintSessionToken({ userId: 'user_shared' });
    await fetch(`${instances.express}/me`, { headers: { authorization: `Bearer ${token}` } });
    const key = issuer.createApiKey({ subject: 'user_shared', name: 'kept as a hash' });
    expect((await withApiKey(instances.fastify, key.secret)).status).toBe(200);
    const raw = await createClient({ url: redis.url }).connect();
    try {
      const keys = await raw.keys('*');
      expect(keys.length).toBeGreaterThanOrEqual(4); // the user, an API-key verdict, webhook ids
      expect(keys.every((name) => name.startsWith('sessionguard:'))).toBe(true);
      expect(keys.some((name) => /:machine:api_key:[0-9a-f]{64}$/.test(name))).toBe(true);
      const dump = JSON.stringify([keys, await raw.mGet(keys)]);
      for (const secret of [token, key.secret, issuer.secretKey, issuer.webhookSigningSecret.slice(6)])
        expect(dump).not.toContain(secret);
    } finally {
      raw.destroy();
    }
  });
});
