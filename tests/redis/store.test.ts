// createRedisStore against a real redis-server, through node-redis and through ioredis (SPEC §11).
import { createServer, type Server, type Socket } from 'node:net';
import { ConfigurationError } from '@sessionguard/core';
import { createRedisStore, type RedisClientLike } from '@sessionguard/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS, type ConnectedClient, connectClient } from './clients.js';
import { freePort, type RedisServer, redisAvailable, startRedisServer } from './redis-server.js';

describe.skipIf(!redisAvailable).each(CLIENT_KINDS)('createRedisStore over %s', (kind) => {
  let redis: RedisServer;
  let connected: ConnectedClient;

  beforeAll(async () => {
    redis = await startRedisServer();
    connected = await connectClient(kind, redis.port);
  });
  afterAll(async () => {
    await connected?.close();
    await redis?.stop();
  });

  it('stores JSON under the prefixed key with the TTL set in Redis, and reads it back', async () => {
    const store = createRedisStore(connected.client, { prefix: 'app1:' });
    const value = { found: { id: 'user_1', first_name: 'Ada' }, expiresAt: 123 };
    await store.set('users/user_1', value, 60_000);
    expect(await store.get('users/user_1')).toEqual(value);
    expect(JSON.parse((await connected.get('app1:users/user_1')) ?? 'null')).toEqual(value);
    const ttl = await connected.pttl('app1:users/user_1');
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await connected.get('users/user_1')).toBeNull();
  });

  it('the default prefix is sessionguard:, and two prefixes do not see each other', async () => {
    const defaults = createRedisStore(connected.client);
    const other = createRedisStore(connected.client, { prefix: 'other:' });
    await defaults.set('k', { n: 1 }, 1_000);
    expect(await connected.get('sessionguard:k')).toBe('{"n":1}');
    expect(await other.get('k')).toBeUndefined();
  });

  it('delete removes the entry; a missing key reads as undefined', async () => {
    const store = createRedisStore(connected.client);
    await store.set('gone', { n: 1 }, 1_000);
    await store.delete('gone');
    expect(await store.get('gone')).toBeUndefined();
    expect(await connected.get('sessionguard:gone')).toBeNull();
  });

  it('a value that is not JSON (another writer) reads as a miss, not an error', async () => {
    await connected.rawSet('sessionguard:junk', '{not json');
    expect(await createRedisStore(connected.client).get('junk')).toBeUndefined();
  });

  it('setIfAbsent sets a missing key (true, PX set) and leaves a present one alone (false)', async () => {
    const store = createRedisStore(connected.client, { prefix: 'claims:' });
    expect(await store.setIfAbsent?.('webhook:a', { expiresAt: 1 }, 60_000)).toBe(true);
    expect(await store.setIfAbsent?.('webhook:a', { expiresAt: 2 }, 60_000)).toBe(false);
    // The first value stands, under the prefixed key, with its TTL in Redis.
    expect(await connected.get('claims:webhook:a')).toBe('{"expiresAt":1}');
    const ttl = await connected.pttl('claims:webhook:a');
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // Gone (deleted, or expired by Redis itself), the key can be set again.
    await store.delete('webhook:a');
    expect(await store.setIfAbsent?.('webhook:a', { expiresAt: 3 }, 30)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await store.setIfAbsent?.('webhook:a', { expiresAt: 4 }, 60_000)).toBe(true);
  });

  it('setIfAbsent is atomic: of 20 concurrent claims over two connections, exactly one wins', async () => {
    const second = await connectClient(kind, redis.port);
    try {
      const stores = [createRedisStore(connected.client), createRedisStore(second.client)];
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) => stores[i % 2]?.setIfAbsent?.('webhook:race', { i }, 60_000)),
      );
      expect(claims.filter((claimed) => claimed === true)).toHaveLength(1);
      expect(claims.filter((claimed) => claimed === false)).toHaveLength(19);
    } finally {
      await second.close();
    }
  });

  it('setIfAbsent refuses a TTL that is not positive and a value JSON cannot hold (nothing written)', async () => {
    const store = createRedisStore(connected.client);
    await expect(store.setIfAbsent?.('bad', { n: 1 }, 0)).rejects.toThrow(RangeError);
    await expect(store.setIfAbsent?.('bad', { n: 1 }, Number.NaN)).rejects.toThrow(RangeError);
    await expect(store.setIfAbsent?.('bad', undefined, 1_000)).rejects.toThrow(TypeError);
    expect(await connected.get('sessionguard:bad')).toBeNull();
  });

  it('a TTL that is not positive writes nothing (Redis would refuse PX 0)', async () => {
    const store = createRedisStore(connected.client);
    await store.set('zero', { n: 1 }, 0);
    await store.set('nan', { n: 1 }, Number.NaN);
    expect(await store.get('zero')).toBeUndefined();
    expect(await store.get('nan')).toBeUndefined();
  });
});

describe.skipIf(!redisAvailable)(
  'createRedisStore: a Redis that accepts connections and never answers',
  () => {
    let silent: Server;
    let port: number;
    const sockets: Socket[] = [];

    beforeAll(async () => {
      port = await freePort();
      // Reads everything, writes nothing: the client connects and every command waits forever.
      silent = createServer((socket) => {
        sockets.push(socket);
        socket.on('data', () => {});
        socket.on('error', () => {});
      });
      await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    /** A store (timeoutInMs 40) over a client of `kind` connected to the server that never answers. */
    async function silentStore(kind: (typeof CLIENT_KINDS)[number]) {
      const connected = await connectClient(kind, port, false);
      const lines: Array<{ message: string; data: Record<string, unknown> | undefined }> = [];
      const store = createRedisStore(connected.client, {
        timeoutInMs: 40,
        logger: { debug: (message, data) => lines.push({ message, data }) },
      });
      return { connected, lines, store };
    }

    /** Runs a store operation on the silent server: it must be cut at timeoutInMs (40), not sooner. */
    async function cutAtTimeout<T>(operation: () => T | Promise<T>): Promise<T> {
      const started = performance.now();
      const result = await operation();
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(35);
      expect(elapsed).toBeLessThan(40 + 400);
      return result;
    }

    it.each(CLIENT_KINDS)(
      '%s: get is cut at timeoutInMs (a miss), set and delete resolve, one log line',
      async (kind) => {
        const { connected, lines, store } = await silentStore(kind);
        try {
          expect(await cutAtTimeout(() => store.get('users/user_1'))).toBeUndefined();

          await store.set('users/user_1', { secret: 'sk_test_value' }, 1_000);
          await store.delete('users/user_1');
          for (let i = 0; i < 5; i += 1) expect(await store.get(`k${i}`)).toBeUndefined();
          // The burst is logged once, with no key and no value.
          expect(lines).toHaveLength(1);
          expect(lines[0]?.message).toBe('redis store unavailable');
          expect(lines[0]?.data).toEqual({ operation: 'get', fault: 'timeout' });
          expect(JSON.stringify(lines)).not.toMatch(/user_1|sk_test/);
        } finally {
          await connected.close();
        }
      },
    );

    // Awaited while Redis answers, so the instance that reads the key next finds it there; not
    // awaited once Redis has failed, so an outage costs a lookup one timeout (its read), not two.
    it.each(CLIENT_KINDS)(
      '%s: a first set waits for Redis (cut at timeoutInMs); once that failed, the next set does not wait',
      async (kind) => {
        const { connected, lines, store } = await silentStore(kind);
        try {
          await cutAtTimeout(() => store.set('users/user_1', { n: 1 }, 1_000));
          expect(lines[0]?.data).toEqual({ operation: 'set', fault: 'timeout' });

          const started = performance.now();
          await store.set('users/user_2', { n: 2 }, 1_000);
          expect(performance.now() - started).toBeLessThan(35); // not waited for: an awaited one takes 40
        } finally {
          await connected.close();
        }
      },
    );

    it.each(CLIENT_KINDS)(
      '%s: a setIfAbsent claim is cut at timeoutInMs and rejects (the delivery is 503, SPEC §11), logged',
      async (kind) => {
        const { connected, lines, store } = await silentStore(kind);
        try {
          const claimed = await cutAtTimeout(() =>
            Promise.resolve(store.setIfAbsent?.('webhook:x', { expiresAt: 1 }, 1_000)).then(
              () => 'claimed',
              (error: Error) => error.name,
            ),
          );
          expect(claimed).toBe('ClaimUnavailableError');
          expect(JSON.stringify(lines)).not.toContain('webhook:x');
          expect(lines).toHaveLength(1);
          expect(lines[0]?.data).toEqual({ operation: 'setIfAbsent', fault: 'timeout' });
        } finally {
          await connected.close();
        }
      },
    );
  },
);

describe("createRedisStore: a reply that is not Redis's", () => {
  it('a claim answered with neither OK nor nil (a proxy, a mocked client) rejects, logged, and is undone', async () => {
    const released: unknown[][] = [];
    const odd = {
      isOpen: true,
      get: async () => null,
      set: async () => 'QUEUED',
      del: async () => 1,
      eval: async (...args: unknown[]) => {
        released.push(args);
        return 1;
      },
    };
    const lines: Array<Record<string, unknown> | undefined> = [];
    const store = createRedisStore(odd, { logger: { debug: (_message, data) => lines.push(data) } });
    await expect(store.setIfAbsent?.('webhook:y', { expiresAt: 1 }, 1_000)).rejects.toThrow(
      'did not confirm',
    );
    expect(lines).toEqual([{ operation: 'setIfAbsent', fault: 'unexpected-reply' }]);
    // Deleted only if the key still holds this attempt's value.
    expect(released).toHaveLength(1);
    expect(released[0]?.[1]).toEqual({ keys: ['sessionguard:webhook:y'], arguments: ['{"expiresAt":1}'] });
  });
});

describe('createRedisStore: configuration', () => {
  const client = { isOpen: true, get: async () => null, set: async () => 'OK', del: async () => 1 };

  it.each([
    ['client', null, {}],
    ['client', { get() {}, set() {} }, {}],
    ['client', { get() {}, set() {}, del() {} }, {}],
    ['timeoutInMs', client, { timeoutInMs: 0 }],
    ['timeoutInMs', client, { timeoutInMs: Number.POSITIVE_INFINITY }],
    ['prefix', client, { prefix: 1 }],
  ])('a bad %s fails at construction, naming it', (option, value, options) => {
    const build = () => createRedisStore(value as RedisClientLike, options as { prefix?: string });
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(`\`${option}\``);
  });
});
