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
   * which two instances can both pass. A store that cannot answer (down, too slow) treats that as
   * a miss, as for every other call (SPEC §11): it answers true and the delivery goes on. One that
   * throws or rejects makes the replay guard refuse the delivery (it cannot prove the id is new).
   */
  setIfAbsent?(key: string, value: unknown, ttlInMs: number): MaybePromise<boolean>;
}
