import { type CacheStore, ConfigurationError, type Logger } from '@sessionguard/core';
import { commandsFor, type RedisClientLike } from './clients.js';
import { withDeadline } from './deadline.js';
import { createFaultLog } from './fault-log.js';

export interface RedisStoreOptions {
  /** Prepended to every key the core hands the store. Default `sessionguard:`. */
  prefix?: string;
  /**
   * A read or a claim that has not answered by then is a miss (a claim then reads as "absent"); a
   * write is given up. Each is logged. Default 50.
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

/**
 * A CacheStore (SPEC §11) over a connected node-redis or ioredis client. Values are JSON with the
 * TTL set in Redis (PX); a store that fails or is slow never fails a request: it reads as a miss
 * (SPEC §11), a claim (`setIfAbsent`, webhook ids) included.
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

  const bounded = <T, F>(operation: string, run: () => Promise<T>, fallback: F) =>
    withDeadline(run, timeoutInMs, fallback, (fault) => faults.fault(operation, fault), faults.success);

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
    // Awaited, unlike set: the answer is the point. With Redis down or late the claim is a miss, as
    // SPEC §11 says of every store fault: "absent", so the delivery goes on (signature and timestamp
    // still checked) and replay protection is off for as long as Redis is away (logged).
    async setIfAbsent(key, value, ttlInMs) {
      if (!Number.isFinite(ttlInMs) || ttlInMs <= 0) {
        throw new RangeError('setIfAbsent needs a finite TTL above 0 ms.');
      }
      const text = JSON.stringify(value);
      if (text === undefined) throw new TypeError('setIfAbsent needs a value that JSON can hold.');
      const reply = await bounded(
        'setIfAbsent',
        () => commands.setIfAbsentWithTtl(prefix + key, text, Math.ceil(ttlInMs)),
        NO_ANSWER,
      );
      if (reply === null) return false;
      if (reply !== 'OK' && reply !== NO_ANSWER) faults.fault('setIfAbsent', { kind: 'unexpected-reply' });
      // OK; or no answer, or one that is neither OK nor nil (a proxy, a mocked client): a miss.
      return true;
    },
  };
}
