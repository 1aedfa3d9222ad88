import type { MaybePromise } from './maybe-promise.js';
/** A pluggable store for Backend API lookups (e.g. Redis shared by many instances). Sync or async. */
export interface CacheStore {
  get(key: string): MaybePromise<unknown>;
  set(key: string, value: unknown, ttlInMs: number): MaybePromise<void>;
  delete(key: string): MaybePromise<void>;
}
