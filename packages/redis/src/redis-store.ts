import { type CacheStore, ConfigurationError, type Logger } from '@sessionguard/core';
import { commandsFor, type RedisClientLike } from './clients.js';
import { withDeadline } from './deadline.js';
import { createFaultLog } from './fault-log.js';

export interface RedisStoreOptions {
  /** Prepended to every key the core hands the store. Default `sessionguard:`. */
  prefix?: string;
  /**
   * A read that has not answered by then is a miss; a write is given up; a webhook-id claim fails
   * (the delivery is refused with 503, SPEC §11). Each is logged. Default 50.
   */
  timeoutInMs?: number;
  /** Where the first fault of a burst is logged (never a key or a value). */
  logger?: Logger;
}

export const DEFAULT_PREFIX = 'sessionguard:';
export const DEFAULT_TIMEOUT_IN_MS = 50;

function invalid(option: string, expected: string): ConfigurationError {
  // These options have no environment variable: say so, as every other option names its variable.
  return new ConfigurationError(
    'invalid-option',
    `createRedisStore: \`${option}\` (no environment variable) must be ${expected}.`,
  );
}

/** JSON from Redis that does not parse (another writer, a truncated value) is a miss, not a crash. */
function parse(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What `bounded` resolves with when Redis failed or was late, told apart from every reply. */
const NO_ANSWER: unique symbol = Symbol('no answer');

/** The claim could not be made: the replay guard refuses the delivery with 503 (SPEC §11). */
export class ClaimUnavailableError extends Error {
  override readonly name = 'ClaimUnavailableError';
}

// One listener per client, however many stores share it.
const listened = new WeakSet<object>();

/**
 * A CacheStore (SPEC §11) over a connected node-redis or ioredis client. Values are JSON with the
 * TTL set in Redis (PX); a store that fails or is slow never fails a request: it reads as a miss
 * (SPEC §11). A webhook-id claim (`setIfAbsent`) is the exception: it rejects, and the delivery is
 * refused with 503 until Redis answers.
 */
export function createRedisStore(client: RedisClientLike, options: RedisStoreOptions = {}): CacheStore {
  const commands = commandsFor(client);
  if (!commands) {
    throw invalid('client', 'a connected client of the `redis` package (createClient()) or of `ioredis`');
  }
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== 'string') throw invalid('prefix', 'a string');
  const timeoutInMs = options.timeoutInMs ?? DEFAULT_TIMEOUT_IN_MS;
  if (typeof timeoutInMs !== 'number' || !Number.isFinite(timeoutInMs) || timeoutInMs <= 0) {
    throw invalid('timeoutInMs', 'a positive number of milliseconds');
  }
  const faults = createFaultLog(options.logger);
  // node-redis throws an 'error' event nobody listens to, which ends the process when Redis dies:
  // the store listens (and logs the burst), so handing it a client cannot take the process down.
  if (commands.onError !== undefined && !listened.has(client)) {
    listened.add(client);
    commands.onError((error) => faults.fault('connection', { kind: 'error', error }));
  }

  const bounded = <T, F>(operation: string, run: () => Promise<T>, fallback: F) =>
    withDeadline(run, timeoutInMs, fallback, (fault) => faults.fault(operation, fault), faults.success);

  // Compare-and-delete of an unconfirmed claim, queued behind the SET on the same connection.
  const release = (fullKey: string, text: string): void => {
    try {
      commands.releaseIfEquals?.(fullKey, text)?.catch(() => {});
    } catch {
      // A client that throws at once (closed) holds no queued claim either.
    }
  };

  return {
    async get(key) {
      return parse(await bounded('get', () => commands.get(prefix + key), null));
    },
    // A write is awaited while Redis answers: until Redis has it, another instance's read misses
    // (a command can still sit in this client's buffer when the response has gone), and asks the
    // Backend API again. While Redis is failing it is issued and not awaited, so an outage costs a
    // lookup one timeout (its read), not two.
    async set(key, value, ttlInMs) {
      if (!Number.isFinite(ttlInMs) || ttlInMs <= 0) return;
      const text = JSON.stringify(value);
      if (text === undefined) return;
      const written = bounded(
        'set',
        () => commands.setWithTtl(prefix + key, text, Math.ceil(ttlInMs)),
        undefined,
      );
      if (!faults.failing) await written;
    },
    async delete(key) {
      void bounded('delete', () => commands.del(prefix + key), undefined);
    },
    // Awaited, unlike set: the answer is the point. OK is a claim, nil "already present"; no answer
    // within timeoutInMs, an error or any other reply cannot prove the id new (SPEC §11): reject.
    async setIfAbsent(key, value, ttlInMs) {
      if (!Number.isFinite(ttlInMs) || ttlInMs <= 0) {
        throw new RangeError('setIfAbsent needs a finite TTL above 0 ms.');
      }
      const text = JSON.stringify(value);
      if (text === undefined) throw new TypeError('setIfAbsent needs a value that JSON can hold.');
      const fullKey = prefix + key;
      const reply = await bounded(
        'setIfAbsent',
        () => commands.setIfAbsentWithTtl(fullKey, text, Math.ceil(ttlInMs)),
        NO_ANSWER,
      );
      if (reply === 'OK') return true;
      if (reply === null) return false;
      if (reply !== NO_ANSWER) faults.fault('setIfAbsent', { kind: 'unexpected-reply' });
      // The SET may still run (queued in the client or in a stopped Redis) or may have run unseen:
      // undo it behind it on the same connection, only while the key holds this attempt's value, so
      // that Svix's retry of the delivery refused now is not taken for a replay.
      release(fullKey, text);
      throw new ClaimUnavailableError('Redis did not confirm the claim.');
    },
  };
}
