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
  /** Deletes `key` only if it still holds `value` (one Lua step); undefined when the client has no EVAL. */
  releaseIfEquals: ((key: string, value: string) => Promise<unknown>) | undefined;
  /** Adds an `'error'` listener; undefined when the client is no event emitter. */
  onError: ((listener: (error: unknown) => void) => void) | undefined;
}

/** Compare-and-delete: removes a claim only while it is still this attempt's own. */
const RELEASE_IF_EQUALS =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

interface Emitter {
  on?(event: 'error', listener: (error: unknown) => void): unknown;
}

/** What `createClient()` of the `redis` package (node-redis v4 and later) returns. */
export interface NodeRedisClientLike {
  isOpen: boolean;
  get(key: string): Promise<unknown>;
  // `NX: true` rather than v5's `condition: 'NX'`: node-redis 4 to 6 all read it.
  set(key: string, value: string, options: { PX: number; NX?: true }): Promise<unknown>;
  del(key: string): Promise<unknown>;
  eval?(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** What `new Redis()` of `ioredis` returns (also `Cluster`). */
export interface IoRedisClientLike {
  status: string;
  get(key: string): Promise<unknown>;
  set(key: string, value: string, mode: 'PX', ttlInMs: number): Promise<unknown>;
  set(key: string, value: string, mode: 'PX', ttlInMs: number, condition: 'NX'): Promise<unknown>;
  del(key: string): Promise<unknown>;
  eval?(script: string, numberOfKeys: number, key: string, value: string): Promise<unknown>;
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

function onErrorOf(client: object): RedisCommands['onError'] {
  const emitter = client as Emitter;
  return typeof emitter.on === 'function' ? (listener) => emitter.on?.('error', listener) : undefined;
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
      releaseIfEquals: node.eval
        ? (key, value) => node.eval!(RELEASE_IF_EQUALS, { keys: [key], arguments: [value] })
        : undefined,
      onError: onErrorOf(client),
    };
  }
  if (typeof (client as { status?: unknown }).status === 'string') {
    const io = client as IoRedisClientLike;
    return {
      get: async (key) => asText(await io.get(key)),
      setWithTtl: (key, value, ttlInMs) => io.set(key, value, 'PX', ttlInMs),
      setIfAbsentWithTtl: (key, value, ttlInMs) => io.set(key, value, 'PX', ttlInMs, 'NX'),
      del: (key) => io.del(key),
      releaseIfEquals: io.eval ? (key, value) => io.eval!(RELEASE_IF_EQUALS, 1, key, value) : undefined,
      onError: onErrorOf(client),
    };
  }
  return undefined;
}
