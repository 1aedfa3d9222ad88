/** A pluggable store for Backend API lookups (e.g. Redis shared by many instances). Sync or async. */
export interface CacheStore {
  get(key: string): unknown | Promise<unknown>;
  set(key: string, value: unknown, ttlInMs: number): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}
