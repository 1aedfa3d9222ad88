import type { MaybePromise } from './maybe-promise.js';
/** A pluggable store for Backend API lookups (e.g. Redis shared by many instances). Sync or async. */
export interface CacheStore {
  get(key: string): MaybePromise<unknown>;
  set(key: string, value: unknown, ttlInMs: number): MaybePromise<void>;
  delete(key: string): MaybePromise<void>;
  /**
   * Optional. Sets `key` only if it is absent, as one atomic step for every client of the store
   * (Redis: `SET key value PX ttl NX`): true when this call set it, false when the key was already
   * there. Webhook replay protection claims ids with it, so that of two instances given the same
   * delivery at the same moment exactly one accepts it; without it the check is a get then a set,
   * which two instances can both pass. A store that cannot answer (down, too slow) throws or
   * rejects, as does one that gets an odd reply: the delivery is then refused with 503 (SPEC §10,
   * §11), never accepted unchecked. Each claimed value is unique to its attempt; a store whose claim
   * may still land after it gave up (a queued command) should delete the key afterwards only if it
   * still holds that value, so Svix's retry of the refused delivery is not taken for a replay.
   */
  setIfAbsent?(key: string, value: unknown, ttlInMs: number): MaybePromise<boolean>;
}
