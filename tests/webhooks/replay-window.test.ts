/**
 * SPEC §10: the default (in-memory) store never forgets an id inside its window; when it is full of
 * live ids a delivery is refused with 503 rather than an old id evicted. Options are read on each
 * call. Deliveries are signed by the real test issuer (and by the Standard Webhooks library for a
 * second secret).
 */
import { randomBytes } from 'node:crypto';
import { verifyWebhook, type WebhookOptions } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeenIdsStore, SeenIdsFullError } from '../../packages/core/dist/webhooks/seen-ids.js';
import { refusal, userUpdated } from './helpers.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the default replay store keeps every id for its window', () => {
  it('full of live ids, it refuses a new claim (throws) and evicts nothing; an expired id makes room', async () => {
    const store = createSeenIdsStore(3);
    for (const key of ['a', 'b']) expect(store.setIfAbsent?.(key, { n: 1 }, 60_000)).toBe(true);
    expect(store.setIfAbsent?.('c', { n: 1 }, 40)).toBe(true);
    expect(() => store.setIfAbsent?.('d', { n: 1 }, 60_000)).toThrow(SeenIdsFullError);
    // Nothing was forgotten to make room: every id is still "already present".
    for (const key of ['a', 'b', 'c']) expect(store.setIfAbsent?.(key, { n: 2 }, 60_000)).toBe(false);
    await pause(80);
    // 'c' has expired: its room is free again, and 'a' and 'b' are still kept.
    expect(store.setIfAbsent?.('d', { n: 1 }, 60_000)).toBe(true);
    expect(store.setIfAbsent?.('a', { n: 3 }, 60_000)).toBe(false);
    expect(() => store.setIfAbsent?.('e', { n: 1 }, 60_000)).toThrow(SeenIdsFullError);
  });

  it('through verifyWebhook, a full store answers 503 and still refuses replays of what it holds', async () => {
    const options: WebhookOptions = {
      signingSecret: issuer.webhookSigningSecret,
      cacheStore: createSeenIdsStore(2),
    };
    const first = issuer.signWebhook(userUpdated());
    await verifyWebhook(first, options);
    await verifyWebhook(issuer.signWebhook(userUpdated()), options);
    const full = await refusal(() => verifyWebhook(issuer.signWebhook(userUpdated()), options));
    expect(full.reason).toBe('webhook-replay-check-unavailable');
    expect(full.status).toBe(503);
    expect(full.retryAfterSeconds).toBe(5);
    expect((await refusal(() => verifyWebhook(first, options))).reason).toBe('webhook-replayed');
  });

  it('the default store: after 10,001 other deliveries a replay of the first is still refused', async () => {
    const options: WebhookOptions = { signingSecret: issuer.webhookSigningSecret };
    const first = issuer.signWebhook(userUpdated());
    await verifyWebhook(first, options);
    for (let i = 0; i < 10_001; i += 1) await verifyWebhook(issuer.signWebhook(userUpdated()), options);
    expect((await refusal(() => verifyWebhook(first, options))).reason).toBe('webhook-replayed');
  }, 60_000);
});

describe('options are read on each call', () => {
  it('a changed signingSecret on a reused options object takes effect at once', async () => {
    const otherSecret = `whsec_${randomBytes(24).toString('base64')}`;
    const options: WebhookOptions = { signingSecret: issuer.webhookSigningSecret };
    expect((await verifyWebhook(issuer.signWebhook(userUpdated()), options)).type).toBe('user.updated');

    options.signingSecret = otherSecret;
    const old = await refusal(() => verifyWebhook(issuer.signWebhook(userUpdated()), options));
    expect(old.reason).toBe('webhook-signature-invalid');
    const id = `msg_${randomBytes(8).toString('hex')}`;
    const body = JSON.stringify(userUpdated());
    const now = new Date();
    const signature = new StandardWebhook(otherSecret).sign(id, now, body);
    const headers = {
      'svix-id': id,
      'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
      'svix-signature': signature,
    };
    expect((await verifyWebhook({ headers, body }, options)).type).toBe('user.updated');
  });

  it('replayProtection, toleranceInSeconds and cacheStore changed on the object take effect at once', async () => {
    const options: WebhookOptions = { signingSecret: issuer.webhookSigningSecret };
    const delivery = issuer.signWebhook(userUpdated());
    await verifyWebhook(delivery, options);
    options.replayProtection = false;
    expect((await verifyWebhook(delivery, options)).type).toBe('user.updated');
    options.replayProtection = true;
    options.cacheStore = createSeenIdsStore(10);
    // A new store has not seen it: accepted once there, then refused.
    await verifyWebhook(delivery, options);
    expect((await refusal(() => verifyWebhook(delivery, options))).reason).toBe('webhook-replayed');

    const old = issuer.signWebhook(userUpdated(), { timestamp: Math.floor(Date.now() / 1000) - 120 });
    options.toleranceInSeconds = 60;
    expect((await refusal(() => verifyWebhook(old, options))).reason).toBe(
      'webhook-timestamp-out-of-tolerance',
    );
  });
});
