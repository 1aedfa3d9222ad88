/**
 * The commands the store needs, over whichever client it was given. Detected by shape, so
 * neither client package is imported here (both are optional peers).
 */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  setWithTtl(key: string, value: string, ttlInMs: number): Promise<unknown>;
  /** `SET key value PX ttl NX`: Redis answers `OK` when it set the key, nil when the key was there. */
  setIfAbsentWithTtl(key: string, value: string, ttlInMs: number): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

/** What `createClient()` of the `redis` package (node-redis v4 and later) returns. */
export interface NodeRedisClientLike {
  isOpen: boolean;
  get(key: string): Promise<unknown>;
  // `NX: true` rather than v5's `condition: 'NX'`: node-redis 4 to 6 all read it.
  set(key: string, value: string, options: { PX: number; NX?: true }): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

/** What `new Redis()` of `ioredis` returns (also `Cluster`). */
export interface IoRedisClientLike {
  status: string;
  get(key: string): Promise<unknown>;
  set(key: string, value: string, mode: 'PX', ttlInMs: number): Promise<unknown>;
  set(key: string, value: string, mode: 'PX', ttlInMs: number, condition: 'NX'): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

export type RedisClientLike = NodeRedisClientLike | IoRedisClientLike;

function hasCommands(client: object): boolean {
  const record = client as Record<string, unknown>;
  return ['get', 'set', 'del'].every((name) => typeof record[name] === 'function');
}

/** A reply that is not a string (a RESP3 buffer map, a mocked client) reads as a miss. */
function asText(reply: unknown): string | null {
  return typeof reply === 'string' ? reply : null;
}

/** undefined when the value is neither client: the caller names the option in its error. */
export function commandsFor(client: unknown): RedisCommands | undefined {
  if (typeof client !== 'object' || client === null || !hasCommands(client)) return undefined;
  if (typeof (client as { isOpen?: unknown }).isOpen === 'boolean') {
    const node = client as NodeRedisClientLike;
    return {
      get: async (key) => asText(await node.get(key)),
      setWithTtl: (key, value, ttlInMs) => node.set(key, value, { PX: ttlInMs }),
      setIfAbsentWithTtl: (key, value, ttlInMs) => node.set(key, value, { PX: ttlInMs, NX: true }),
      del: (key) => node.del(key),
    };
  }
  if (typeof (client as { status?: unknown }).status === 'string') {
    const io = client as IoRedisClientLike;
    return {
      get: async (key) => asText(await io.get(key)),
      setWithTtl: (key, value, ttlInMs) => io.set(key, value, 'PX', ttlInMs),
      setIfAbsentWithTtl: (key, value, ttlInMs) => io.set(key, value, 'PX', ttlInMs, 'NX'),
      del: (key) => io.del(key),
    };
  }
  return undefined;
}
