// Webhook replay protection over a real redis-server that stalls (SPEC §10, §11): while Redis cannot
// answer a claim in timeoutInMs (SIGSTOP, killed, busy) the delivery is 503
// `webhook-replay-check-unavailable`, never accepted unchecked; Svix's retry of it is accepted once
// Redis answers, even though the refused attempt's claim ran late (queued during SIGSTOP, run after
// SIGCONT); a replay of an accepted delivery stays refused through all of it.
import { verifyWebhook, type WebhookOptions } from '@sessionguard/core';
import { createRedisStore, type RedisClientLike } from '@sessionguard/redis';
import { createTestIssuer, type SignedWebhook, type TestIssuer } from '@sessionguard/testing';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refusal, userUpdated } from '../webhooks/helpers.js';
import { CLIENT_KINDS, type ConnectedClient, connectClient } from './clients.js';
import { type RedisServer, redisAvailable, startRedisServer } from './redis-server.js';

const TIMEOUT_IN_MS = 50;
const BUSY_300_MS =
  "local t = redis.call('TIME') local start = t[1] * 1000000 + t[2] " +
  "repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] - start > 300000 return 1";
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!redisAvailable).each(CLIENT_KINDS)('webhook claims on a stalling Redis (%s)', (kind) => {
  let redis: RedisServer;
  let issuer: TestIssuer;
  // Two instances of an app: each its own client and store over the one Redis.
  let one: ConnectedClient;
  let two: ConnectedClient;
  let atOne: WebhookOptions;
  let atTwo: WebhookOptions;

  beforeAll(async () => {
    redis = await startRedisServer();
    issuer = await createTestIssuer();
  });
  afterAll(async () => {
    await issuer?.close();
    await redis?.stop();
  });
  beforeEach(async () => {
    one = await connectClient(kind, redis.port);
    two = await connectClient(kind, redis.port);
    const options = (client: RedisClientLike): WebhookOptions => ({
      signingSecret: issuer.webhookSigningSecret,
      cacheStore: createRedisStore(client, { timeoutInMs: TIMEOUT_IN_MS }),
    });
    atOne = options(one.client);
    atTwo = options(two.client);
  });
  afterEach(async () => {
    redis.resume();
    await one.close();
    await two.close();
  });

  /** Waits until a client's queue has drained: a command sent now answers after every earlier one. */
  const drained = async (client: ConnectedClient) => {
    for (let i = 0; i < 200; i += 1) {
      if (
        await client.get('drain-probe').then(
          () => true,
          () => false,
        )
      )
        return;
      await pause(25);
    }
    throw new Error('Redis did not answer again');
  };

  async function unavailable(delivery: SignedWebhook, options: WebhookOptions) {
    const started = performance.now();
    const error = await refusal(() => verifyWebhook(delivery, options));
    expect(error.reason).toBe('webhook-replay-check-unavailable');
    expect(error.status).toBe(503);
    expect(error.retryAfterSeconds).toBe(5);
    // Cut at timeoutInMs, not left hanging (generous bound for a loaded machine).
    expect(performance.now() - started).toBeLessThan(TIMEOUT_IN_MS + 1_000);
  }

  it('SIGSTOP: 503; after SIGCONT the late claim is undone and the retry, at the other instance, is accepted', async () => {
    const delivery = issuer.signWebhook(userUpdated());
    redis.pause();
    await unavailable(delivery, atOne);
    redis.resume();
    await drained(one); // the late SET NX has run, and the compare-and-delete queued behind it
    expect((await verifyWebhook(delivery, atTwo)).type).toBe('user.updated');
    // Accepted once: a replay now is refused, at either instance.
    expect((await refusal(() => verifyWebhook(delivery, atOne))).reason).toBe('webhook-replayed');
    expect((await refusal(() => verifyWebhook(delivery, atTwo))).reason).toBe('webhook-replayed');
  });

  it('SIGSTOP: a replay of an accepted delivery is 503 while stalled, and still refused after SIGCONT', async () => {
    const delivery = issuer.signWebhook(userUpdated());
    await verifyWebhook(delivery, atOne);
    redis.pause();
    await unavailable(delivery, atOne);
    await unavailable(delivery, atTwo);
    redis.resume();
    await drained(one);
    await drained(two);
    // The stalled attempts undid only their own claims (none landed): the accepted one stands.
    expect((await refusal(() => verifyWebhook(delivery, atTwo))).reason).toBe('webhook-replayed');
  });

  it('busy (answering later than timeoutInMs): 503, then the retry is accepted once Redis answers', async () => {
    const delivery = issuer.signWebhook(userUpdated());
    // A script that runs for 300 ms blocks the server: the claim is carried out, and answered, late.
    const blocker = createClient({ socket: { host: '127.0.0.1', port: redis.port } });
    blocker.on('error', () => {});
    await blocker.connect();
    try {
      const busy = blocker.eval(BUSY_300_MS);
      await pause(20);
      await unavailable(delivery, atOne);
      await busy;
    } finally {
      blocker.destroy();
    }
    await drained(one);
    expect((await verifyWebhook(delivery, atTwo)).type).toBe('user.updated');
    expect((await refusal(() => verifyWebhook(delivery, atOne))).reason).toBe('webhook-replayed');
  });

  it('killed: 503 while it is away; restarted, the retry is accepted, and replays are refused again', async () => {
    const delivery = issuer.signWebhook(userUpdated());
    await redis.kill();
    await unavailable(delivery, atOne);
    await unavailable(delivery, atTwo);
    await redis.start();
    await drained(one);
    await drained(two);
    expect((await verifyWebhook(delivery, atTwo)).type).toBe('user.updated');
    expect((await refusal(() => verifyWebhook(delivery, atOne))).reason).toBe('webhook-replayed');
  });

  it('without the compare-and-delete (a client with no EVAL) the late claim would refuse the retry', async () => {
    // The control that shows the late claim really lands: a wrapper without eval cannot undo it.
    const raw = createClient({ socket: { host: '127.0.0.1', port: redis.port } });
    raw.on('error', () => {});
    await raw.connect();
    try {
      const noEval = {
        get isOpen() {
          return raw.isOpen;
        },
        get: (key: string) => raw.get(key),
        set: (key: string, value: string, options: { PX: number; NX?: true }) => raw.set(key, value, options),
        del: (key: string) => raw.del(key),
      };
      const withoutRelease: WebhookOptions = {
        signingSecret: issuer.webhookSigningSecret,
        cacheStore: createRedisStore(noEval, { timeoutInMs: TIMEOUT_IN_MS }),
      };
      const delivery = issuer.signWebhook(userUpdated());
      redis.pause();
      await unavailable(delivery, withoutRelease);
      redis.resume();
      await raw.get('drain-probe');
      expect((await refusal(() => verifyWebhook(delivery, atTwo))).reason).toBe('webhook-replayed');
    } finally {
      raw.destroy();
    }
  });
});
