/**
 * Freezes a parsed JSON value and everything in it (SPEC §5): verified claims are kept with their
 * token and read again by the time checks of every later request with it, so what a handler writes
 * must reach nothing. JSON has no cycles; a stack rather than recursion, so no nesting depth can
 * overflow the call stack. A frozen object is taken as frozen all the way down (as this leaves it).
 * Returns the same value, now frozen.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const pending: object[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    Object.freeze(next);
    for (const key in next) {
      const child = (next as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) pending.push(child);
    }
  }
  return value;
}
