import type { CacheStore } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authenticatorFor, fakeClock, signedInAuth } from './helpers.js';

/** Behaves like Redis: async, values serialized to strings, its own TTL on the real clock. */
function asyncStringStore() {
  const data = new Map<string, string>();
  const calls = { get: 0, set: [] as Array<{ key: string; ttlInMs: number }>, delete: 0 };
  const store: CacheStore = {
    async get(key) {
      calls.get += 1;
      const text = data.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    },
    async set(key, value, ttlInMs) {
      calls.set.push({ key, ttlInMs });
      data.set(key, JSON.stringify(value));
    },
    async delete(key) {
      calls.delete += 1;
      data.delete(key);
    },
  };
  return { store, data, calls };
}

describe('Backend API lookups: pluggable cacheStore', () => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    issuer.addUser({ id: 'user_1', first_name: 'Ada' });
  });
  beforeEach(() => {
    issuer.setApiLatency(0);
    issuer.resetStats();
  });
  afterAll(() => issuer.close());

  it('an async store is used: set with the TTL, then read instead of a request', async () => {
    const { store, calls } = asyncStringStore();
    const authenticator = authenticatorFor(issuer, { cacheStore: store });
    expect((await authenticator.users.getUser('user_1')).firstName).toBe('Ada');
    expect(calls.set).toHaveLength(1);
    expect(calls.set[0]?.ttlInMs).toBe(60_000);
    expect(calls.set[0]?.key).toMatch(/^sessionguard:[0-9a-f]{16}:users\/user_1$/);

    expect((await authenticator.users.getUser('user_1')).firstName).toBe('Ada');
    expect(issuer.stats.apiRequests).toBe(1);
    expect(calls.get).toBe(2);
  });

  it('a store shared by two authenticators (two instances) saves the second one its request', async () => {
    const { store } = asyncStringStore();
    await authenticatorFor(issuer, { cacheStore: store }).users.getUser('user_1');
    const other = authenticatorFor(issuer, { cacheStore: store });
    const auth = await signedInAuth(other, issuer, { userId: 'user_1' });
    expect((await auth.getUser())?.firstName).toBe('Ada');
    expect(issuer.stats.apiRequests).toBe(1);
  });

  it('404s are stored with lookupNotFoundTtlInMs', async () => {
    const { store, calls } = asyncStringStore();
    const authenticator = authenticatorFor(issuer, { cacheStore: store, lookupNotFoundTtlInMs: 1_234 });
    const auth = await signedInAuth(authenticator, issuer, { userId: 'user_missing' });
    expect(await auth.getUser()).toBeNull();
    expect(await auth.getUser()).toBeNull();
    expect(issuer.stats.apiRequests).toBe(1);
    expect(calls.set.map((call) => call.ttlInMs)).toEqual([1_234]);
  });

  it('entries expire on the `now` clock even when the store still holds them, and are deleted', async () => {
    const clock = fakeClock();
    const { store, calls, data } = asyncStringStore();
    const authenticator = authenticatorFor(issuer, { cacheStore: store, now: clock.now });
    await authenticator.users.getUser('user_1');
    clock.advance(60_001);
    await authenticator.users.getUser('user_1');
    expect(issuer.stats.apiRequests).toBe(2);
    expect(calls.delete).toBe(1);
    expect(data.size).toBe(1);
  });

  it('concurrent lookups share one store read and one request', async () => {
    issuer.setApiLatency(30);
    const { store, calls } = asyncStringStore();
    const authenticator = authenticatorFor(issuer, { cacheStore: store });
    await Promise.all(Array.from({ length: 50 }, () => authenticator.users.getUser('user_1')));
    expect(issuer.stats.apiRequests).toBe(1);
    expect(calls.get).toBe(1);
  });

  it('a failing store does not fail lookups; junk in the store is ignored', async () => {
    const broken: CacheStore = {
      get: () => Promise.reject(new Error('redis down')),
      set: () => {
        throw new Error('redis down');
      },
      delete: () => undefined,
    };
    expect((await authenticatorFor(issuer, { cacheStore: broken }).users.getUser('user_1')).id).toBe(
      'user_1',
    );

    const junk: CacheStore = {
      get: () => ({ found: 'nope' }),
      set: () => undefined,
      delete: () => undefined,
    };
    expect((await authenticatorFor(issuer, { cacheStore: junk }).users.getUser('user_1')).id).toBe('user_1');
    expect(issuer.stats.apiRequests).toBe(2);
  });

  it('lookupCacheTtlInMs: 0 stores nothing', async () => {
    const { store, calls } = asyncStringStore();
    const authenticator = authenticatorFor(issuer, { cacheStore: store, lookupCacheTtlInMs: 0 });
    await authenticator.users.getUser('user_1');
    await authenticator.users.getUser('user_1');
    expect(calls.set).toHaveLength(0);
    expect(issuer.stats.apiRequests).toBe(2);
  });
});
