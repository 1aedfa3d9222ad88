import { LRUCache } from 'lru-cache';
import type { CacheStore } from '../types/cache-store.js';
import type { Logger } from '../types/logger.js';
import type { MaybePromise } from '../types/maybe-promise.js';
import { type ClerkErrorInfo, isRecord } from './error-body.js';

/** Entries in memory by default; old ones are evicted first. */
export const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * What is stored: Clerk's JSON as received, or the fact of a 404. Plain JSON, so a shared store
 * (Redis) can serialize it, and it stays valid across sessionguard versions that map it differently.
 * `expiresAt` is checked against the `now` option, so a store's own TTL is only for eviction.
 */
export type LookupAnswer =
  | { found: Record<string, unknown> }
  | { notFound: { errors: ClerkErrorInfo['errors']; clerkTraceId?: string } };
export type LookupEntry = LookupAnswer & { expiresAt: number };

export interface LookupCacheOptions {
  store: CacheStore | undefined;
  now: () => number;
  foundTtlInMs: number;
  notFoundTtlInMs: number;
  logger: Logger | undefined;
}

export interface LookupCache {
  /** Synchronous when the store is; a store that fails or holds junk reads as a miss. */
  read(key: string): MaybePromise<LookupEntry | undefined>;
  /**
   * The entry written (its `expiresAt`), or undefined when the TTL keeps nothing. Never rejects: the
   * cache only saves requests, so a failing store must not fail lookups. `maxTtlInMs` shortens the
   * entry's life (an answer that expires sooner than the TTL).
   */
  write(key: string, answer: LookupAnswer, maxTtlInMs?: number): Promise<LookupEntry | undefined>;
}

export function createMemoryStore(max = DEFAULT_MAX_ENTRIES): CacheStore {
  // Expiry is ours (expiresAt against options.now), so the LRU only bounds memory.
  const entries = new LRUCache<string, object>({ max });
  return {
    get: (key) => entries.get(key),
    set: (key, value) => {
      if (typeof value === 'object' && value !== null) entries.set(key, value);
    },
    delete: (key) => {
      entries.delete(key);
    },
    // A claim has no expiresAt of ours to check, so here the TTL is the LRU's (real time). One
    // synchronous step: two claims of one key in this process cannot both see it absent.
    setIfAbsent: (key, value, ttlInMs) => {
      if (typeof value !== 'object' || value === null) {
        throw new TypeError('setIfAbsent stores objects only.');
      }
      if (!Number.isFinite(ttlInMs) || ttlInMs <= 0) {
        throw new RangeError('setIfAbsent needs a finite TTL above 0 ms.');
      }
      if (entries.has(key)) return false;
      entries.set(key, value, { ttl: Math.ceil(ttlInMs) });
      return true;
    },
  };
}

export function createLookupCache(options: LookupCacheOptions): LookupCache {
  const { now, foundTtlInMs, notFoundTtlInMs, logger } = options;
  const store = options.store ?? createMemoryStore();

  const storeFailed = (operation: string, error: unknown): undefined => {
    logger?.debug('lookup cache store failed', {
      operation,
      error: error instanceof Error ? error.name : typeof error,
    });
    return undefined;
  };

  const forget = (key: string): void => {
    try {
      void Promise.resolve(store.delete(key)).catch((error: unknown) => storeFailed('delete', error));
    } catch (error) {
      storeFailed('delete', error);
    }
  };

  const usable = (key: string, value: unknown): LookupEntry | undefined => {
    if (value === undefined || value === null) return undefined;
    const entry = asEntry(value);
    if (entry === undefined || entry.expiresAt <= now()) {
      forget(key);
      return undefined;
    }
    return entry;
  };

  return {
    read(key) {
      let value: unknown;
      try {
        value = store.get(key);
      } catch (error) {
        return storeFailed('get', error);
      }
      if (isThenable(value)) {
        return Promise.resolve(value).then(
          (resolved) => usable(key, resolved),
          (error: unknown) => storeFailed('get', error),
        );
      }
      return usable(key, value);
    },

    async write(key, answer, maxTtlInMs = Number.POSITIVE_INFINITY) {
      const ttlInMs = Math.min('found' in answer ? foundTtlInMs : notFoundTtlInMs, maxTtlInMs);
      if (ttlInMs <= 0) return undefined;
      const entry: LookupEntry = { ...answer, expiresAt: now() + ttlInMs };
      try {
        await store.set(key, entry, ttlInMs);
      } catch (error) {
        storeFailed('set', error);
      }
      return entry;
    },
  };
}

/** A shared store may hold anything (another version's entries, corruption): check the shape. */
function asEntry(value: unknown): LookupEntry | undefined {
  if (!isRecord(value) || typeof value.expiresAt !== 'number') return undefined;
  if (isRecord(value.found) && typeof value.found.id === 'string') {
    return { found: value.found, expiresAt: value.expiresAt };
  }
  if (isRecord(value.notFound)) {
    const errors = (Array.isArray(value.notFound.errors) ? value.notFound.errors : []).filter(
      (detail): detail is ClerkErrorInfo['errors'][number] =>
        isRecord(detail) && typeof detail.code === 'string' && typeof detail.message === 'string',
    );
    const traceId = value.notFound.clerkTraceId;
    return {
      notFound: { errors, ...(typeof traceId === 'string' ? { clerkTraceId: traceId } : {}) },
      expiresAt: value.expiresAt,
    };
  }
  return undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
