import type { RequestLike } from '@sessionguard/core';

export function bearer(token: string): RequestLike {
  return { headers: { authorization: `Bearer ${token}` } };
}

/** A clock the test moves by hand (the `now` option). */
export function fakeClock(start = Date.now()): { now: () => number; advance(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
  };
}

export function randomApiKeyLike(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `ak_${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
