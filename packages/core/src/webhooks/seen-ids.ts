import type { CacheStore } from '../types/cache-store.js';

/** Ids kept by the default (in-memory) replay store: a few MB at most. */
export const DEFAULT_MAX_SEEN_IDS = 50_000;

/** The default store is full of ids still inside their window: it cannot take one more. */
export class SeenIdsFullError extends Error {
  override readonly name = 'SeenIdsFullError';
}

interface Seen {
  value: unknown;
  /** Real time (Date.now), as a store's own TTL is: the guard's `now` option may be a fake clock. */
  until: number;
}

/**
 * The default replay store (SPEC §10): it keeps every id for its whole TTL and never evicts one to
 * make room, since a forgotten id is a replay that passes. When it is full of live ids a claim
 * throws, which the replay guard answers with 503: Svix retries once ids have expired.
 */
export function createSeenIdsStore(maxIds = DEFAULT_MAX_SEEN_IDS): CacheStore {
  const seen = new Map<string, Seen>();
  // When the last sweep freed nothing, none can be freed before this time: skip sweeping till then.
  let nothingExpiresBefore = 0;

  const live = (key: string, at: number): Seen | undefined => {
    const entry = seen.get(key);
    if (entry !== undefined && entry.until <= at) {
      seen.delete(key);
      return undefined;
    }
    return entry;
  };

  const makeRoom = (at: number): void => {
    if (seen.size < maxIds) return;
    if (at >= nothingExpiresBefore) {
      let earliest = Number.POSITIVE_INFINITY;
      for (const [key, entry] of seen) {
        if (entry.until <= at) seen.delete(key);
        else earliest = Math.min(earliest, entry.until);
      }
      nothingExpiresBefore = earliest;
    }
    if (seen.size >= maxIds) throw new SeenIdsFullError('The webhook id store is full.');
  };

  const put = (key: string, value: unknown, ttlInMs: number, at: number): void => {
    if (!Number.isFinite(ttlInMs) || ttlInMs <= 0) {
      throw new RangeError('The webhook id store needs a finite TTL above 0 ms.');
    }
    makeRoom(at);
    seen.set(key, { value, until: at + ttlInMs });
  };

  return {
    get: (key) => live(key, Date.now())?.value,
    set: (key, value, ttlInMs) => {
      const at = Date.now();
      if (live(key, at) === undefined) put(key, value, ttlInMs, at);
      else seen.set(key, { value, until: at + ttlInMs });
    },
    delete: (key) => {
      seen.delete(key);
    },
    // One synchronous step: two claims of one key in this process cannot both see it absent.
    setIfAbsent: (key, value, ttlInMs) => {
      const at = Date.now();
      if (live(key, at) !== undefined) return false;
      put(key, value, ttlInMs, at);
      return true;
    },
  };
}
