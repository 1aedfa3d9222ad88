// Two app processes (Express over node-redis, Fastify over ioredis) behind one real Redis: what
// one instance records, the other uses (SPEC §11).
import { fileURLToPath } from 'node:url';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, type Running, startServer } from '../demo/processes.js';
import { type RedisServer, redisAvailable, startRedisServer } from './redis-server.js';

const instanceApp = fileURLToPath(new URL('./apps/instance.mjs', import.meta.url));

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

  it('what the instances wrote to Redis holds no token, secret key or signing secret', async () => {
    const token = await issuer.mintSessionToken({ userId: 'user_shared' });
    await fetch(`${instances.express}/me`, { headers: { authorization: `Bearer ${token}` } });
    const raw = await createClient({ url: redis.url }).connect();
    try {
      const keys = await raw.keys('*');
      expect(keys.length).toBeGreaterThanOrEqual(3); // the user and two webhook ids
      expect(keys.every((key) => key.startsWith('sessionguard:'))).toBe(true);
      const dump = JSON.stringify([keys, await raw.mGet(keys)]);
      for (const secret of [token, issuer.secretKey, issuer.webhookSigningSecret.slice(6)])
        expect(dump).not.toContain(secret);
    } finally {
      raw.destroy();
    }
  });
});
