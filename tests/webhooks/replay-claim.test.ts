/**
 * SPEC §10 replay protection as one atomic claim: the memory store's `setIfAbsent`, and the replay
 * guard using a store's `setIfAbsent` when it has one (falling back to get then set without it).
 * Deliveries are signed by the real test issuer at the real time; the Redis store's claim is tested
 * against a real redis-server in tests/redis/store.test.ts and across two processes in
 * tests/redis/instances.test.ts.
 */
import { type CacheStore, ConfigurationError, verifyWebhook, type WebhookOptions } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../packages/core/dist/backend-api/lookup-cache.js';
import { refusal, userUpdated } from './helpers.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());

describe('the memory store: setIfAbsent', () => {
  it('sets a missing key (true) and leaves a present one alone (false)', () => {
    const store = createMemoryStore();
    expect(store.setIfAbsent?.('webhook:a', { n: 1 }, 60_000)).toBe(true);
    expect(store.setIfAbsent?.('webhook:a', { n: 2 }, 60_000)).toBe(false);
    expect(store.get('webhook:a')).toEqual({ n: 1 });
    // An entry written by set counts as present too.
    store.set('webhook:b', { n: 3 }, 60_000);
    expect(store.setIfAbsent?.('webhook:b', { n: 4 }, 60_000)).toBe(false);
  });

  it('the key is absent again once deleted, or once its TTL has passed (real time: no expiresAt here)', async () => {
    const store = createMemoryStore();
    expect(store.setIfAbsent?.('webhook:a', { n: 1 }, 60_000)).toBe(true);
    store.delete('webhook:a');
    expect(store.setIfAbsent?.('webhook:a', { n: 2 }, 30)).toBe(true);
    expect(store.setIfAbsent?.('webhook:a', { n: 3 }, 30)).toBe(false);
    await pause(80);
    expect(store.get('webhook:a')).toBeUndefined();
    expect(store.setIfAbsent?.('webhook:a', { n: 4 }, 60_000)).toBe(true);
  });

  it('refuses a value that is not an object and a TTL that is not a positive number', () => {
    const store = createMemoryStore();
    expect(() => store.setIfAbsent?.('k', 'text', 1_000)).toThrow(TypeError);
    expect(() => store.setIfAbsent?.('k', { n: 1 }, 0)).toThrow(RangeError);
    expect(() => store.setIfAbsent?.('k', { n: 1 }, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(store.get('k')).toBeUndefined();
  });
});

/**
 * A store of the app's own over the network, as far as timing goes: every call answers after a
 * pause. Its setIfAbsent checks and sets in one step after the pause (what SET NX does in Redis).
 */
function slowStore(options: { atomic: boolean }) {
  const entries = new Map<string, unknown>();
  const calls: string[] = [];
  const store: CacheStore = {
    get: async (key) => {
      calls.push('get');
      await pause(5);
      return entries.get(key);
    },
    set: async (key, value) => {
      calls.push('set');
      await pause(5);
      entries.set(key, value);
    },
    delete: async (key) => {
      await pause(5);
      entries.delete(key);
    },
  };
  const ttls: number[] = [];
  if (options.atomic) {
    store.setIfAbsent = async (key, value, ttlInMs) => {
      calls.push('setIfAbsent');
      ttls.push(ttlInMs);
      await pause(5);
      if (entries.has(key)) return false;
      entries.set(key, value);
      return true;
    };
  }
  return { store, entries, calls, ttls };
}

const optionsWith = (cacheStore: CacheStore): WebhookOptions => ({
  signingSecret: issuer.webhookSigningSecret,
  cacheStore,
});

async function deliverTwiceAtOnce(first: WebhookOptions, second: WebhookOptions) {
  const delivery = issuer.signWebhook(userUpdated());
  const results = await Promise.allSettled([verifyWebhook(delivery, first), verifyWebhook(delivery, second)]);
  return results.map((result) => result.status).sort();
}

describe('the replay guard claims an id with the store’s setIfAbsent', () => {
  it('two concurrent copies through an async store: exactly one accepted, with one claim each and no get', async () => {
    const { store, calls, entries, ttls } = slowStore({ atomic: true });
    // Two verifiers (two instances) sharing the store.
    expect(await deliverTwiceAtOnce(optionsWith(store), optionsWith(store))).toEqual([
      'fulfilled',
      'rejected',
    ]);
    expect(calls).toEqual(['setIfAbsent', 'setIfAbsent']);
    const [key] = [...entries.keys()];
    expect(key).toMatch(/^webhook:[0-9a-f]{64}$/);
    // Kept while the delivery's timestamp could pass the 300 s tolerance (plus a second).
    for (const ttl of ttls) {
      expect(ttl).toBeGreaterThan(299_000);
      expect(ttl).toBeLessThanOrEqual(301_000);
    }
  });

  it('without setIfAbsent, the same async store gets get then set, which both copies pass (the race the claim closes)', async () => {
    const { store, calls } = slowStore({ atomic: false });
    expect(await deliverTwiceAtOnce(optionsWith(store), optionsWith(store))).toEqual([
      'fulfilled',
      'fulfilled',
    ]);
    expect(calls.sort()).toEqual(['get', 'get', 'set', 'set']);
  });

  it('false is a replay; a rejection, a throw or anything but true or false is 503 (the store cannot prove it new)', async () => {
    const answering = (answer: () => unknown): CacheStore => ({
      get: () => undefined,
      set: () => {},
      delete: () => {},
      setIfAbsent: answer as () => Promise<boolean>,
    });
    const seen = await refusal(() =>
      verifyWebhook(issuer.signWebhook(userUpdated()), optionsWith(answering(async () => false))),
    );
    expect(seen.reason).toBe('webhook-replayed');
    expect(seen.status).toBe(400);
    expect(seen.retryAfterSeconds).toBeUndefined();
    expect(seen.message).toContain('already delivered');

    const odd = [
      () => Promise.reject(new Error('store down')),
      () => {
        throw new Error('store down');
      },
      async () => 'OK',
      async () => 1,
      async () => undefined,
      async () => null,
      () => 'true',
    ];
    for (const answer of odd) {
      const error = await refusal(() =>
        verifyWebhook(issuer.signWebhook(userUpdated()), optionsWith(answering(answer))),
      );
      expect(error.reason).toBe('webhook-replay-check-unavailable');
      expect(error.status).toBe(503);
      expect(error.retryAfterSeconds).toBe(5);
      expect(error.message).toContain('could not be checked');
    }
  });

  it('each claim stores a value unique to its attempt (a store can undo only its own claim)', async () => {
    const { store, entries } = slowStore({ atomic: true });
    const values: unknown[] = [];
    const claim = store.setIfAbsent?.bind(store);
    store.setIfAbsent = (key, value, ttl) => {
      values.push(value);
      return claim?.(key, value, ttl) ?? false;
    };
    const delivery = issuer.signWebhook(userUpdated());
    await verifyWebhook(delivery, optionsWith(store));
    await refusal(() => verifyWebhook(delivery, optionsWith(store)));
    expect(values).toHaveLength(2);
    expect(values[0]).not.toEqual(values[1]);
    expect(entries.size).toBe(1);
  });

  it('the default store (in memory) claims atomically too: the second copy is refused', async () => {
    const options = { signingSecret: issuer.webhookSigningSecret };
    const delivery = issuer.signWebhook(userUpdated());
    await verifyWebhook(delivery, options);
    expect((await refusal(() => verifyWebhook(delivery, options))).reason).toBe('webhook-replayed');
  });

  it('a cacheStore whose setIfAbsent is not a function fails as a configuration error naming cacheStore', async () => {
    const store = { ...slowStore({ atomic: false }).store, setIfAbsent: 'yes' } as unknown as CacheStore;
    const error = await verifyWebhook(issuer.signWebhook(userUpdated()), optionsWith(store)).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('cacheStore');
    expect((error as Error).message).toContain('setIfAbsent');
  });
});
