/**
 * An answer now, or a promise of it. The hot path answers synchronously whenever it can (a cached
 * token, a key at hand, node:crypto), so no microtask runs before the route; only what must wait
 * gives a promise.
 */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Tells the two kinds of MaybePromise apart. A plain type guard, not a callback helper, so that a
 * caller on the hot path allocates no closure for the synchronous answer.
 */
export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return value instanceof Promise;
}
