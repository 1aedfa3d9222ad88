import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
// Not exported by the package (it is the verifier's own bookkeeping): the unit under test, from source.
import { VerifiedTokenCache } from '../../packages/core/src/verify/verified-token-cache.js';

const HEADER = 'eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18xIn0';
const PAYLOAD = 'eyJzdWIiOiJ1c2VyXzEifQ';

/** A token-shaped string whose 43-character signature part depends on `seed` (as SHA-256 would). */
function signature(seed: string): string {
  return createHash('sha256').update(seed).digest('base64url');
}

function token(seed: string | number, payload = PAYLOAD): string {
  return `${HEADER}.${payload}.${signature(String(seed))}`;
}

function tokens(count: number, prefix = 't'): string[] {
  return Array.from({ length: count }, (_, index) => token(`${prefix}${index}`));
}

/** The tokens of `list` the cache answers for under `generation` (a lookup counts as a use). */
function cached(cache: VerifiedTokenCache<never>, list: string[], generation = 1): string[] {
  return list.filter((entry) => cache.get(entry, generation) !== undefined);
}

describe('VerifiedTokenCache: fill', () => {
  it('answers a token it holds with its record, and nothing for one it never saw', () => {
    const cache = new VerifiedTokenCache<never>(64);
    const [first, second, unseen] = tokens(3);
    expect(cache.size).toBe(0);
    expect(cache.get(first!, 1)).toBeUndefined();

    cache.set(first!, 'ins_1', 1);
    cache.set(second!, 'ins_2', 1);
    expect(cache.size).toBe(2);
    expect(cache.get(first!, 1)).toMatchObject({ token: first, kid: 'ins_1', generation: 1 });
    expect(cache.get(second!, 1)).toMatchObject({ token: second, kid: 'ins_2', generation: 1 });
    expect(cache.get(unseen!, 1)).toBeUndefined();
  });

  it('setting a token it holds replaces that record instead of taking a second entry', () => {
    const cache = new VerifiedTokenCache<never>(64);
    const entry = token('again');
    cache.set(entry, 'ins_old', 1);
    const before = cache.get(entry, 1);
    cache.set(entry, 'ins_new', 1);
    expect(cache.size).toBe(1);
    const after = cache.get(entry, 1);
    expect(after).not.toBe(before);
    expect(after).toMatchObject({ kid: 'ins_new' });
  });

  it('delete drops only that token; deleting a token it does not hold changes nothing', () => {
    const cache = new VerifiedTokenCache<never>(64);
    const [kept, dropped, unseen] = tokens(3);
    cache.set(kept!, 'ins_1', 1);
    cache.set(dropped!, 'ins_1', 1);
    cache.delete(dropped!);
    cache.delete(unseen!);
    cache.delete(dropped!);
    expect(cache.size).toBe(1);
    expect(cached(cache, [kept!, dropped!, unseen!])).toEqual([kept]);
  });

  for (const max of [1, 3, 4, 5, 64, 100, 1000]) {
    it(`holds at most max = ${max} entries, and size counts exactly the tokens it answers for`, () => {
      const cache = new VerifiedTokenCache<never>(max);
      const list = tokens(3 * max + 50, `m${max}-`);
      for (const entry of list) {
        cache.set(entry, 'ins_1', 1);
        // The token just stored is the newest of its set: always there right after.
        expect(cache.get(entry, 1)).toBeDefined();
      }
      expect(cache.size).toBeLessThanOrEqual(max);
      expect(cache.size).toBeGreaterThan(0);
      expect(cached(cache, list)).toHaveLength(cache.size);
    });
  }
});

describe('VerifiedTokenCache: grow', () => {
  it('starts with 16 sets of 4 (64 entries) and grows instead of evicting while below max', () => {
    const cache = new VerifiedTokenCache<never>(65_536);
    const list = tokens(500, 'grow');
    const first = list[0]!;
    cache.set(first, 'ins_1', 1);
    const record = cache.get(first, 1);
    for (const entry of list.slice(1)) cache.set(entry, 'ins_1', 1);
    // 500 tokens do not fit 64 entries: the table grew, and evicted none of them on the way.
    expect(cache.size).toBe(500);
    expect(cached(cache, list)).toEqual(list);
    // Growing moves the records, it does not rebuild them.
    expect(cache.get(first, 1)).toBe(record);
  });

  it('without room to grow (max = 64 = the initial table) a stream of new tokens evicts', () => {
    const cache = new VerifiedTokenCache<never>(64);
    const list = tokens(500, 'full');
    for (const entry of list) cache.set(entry, 'ins_1', 1);
    expect(cache.size).toBeLessThanOrEqual(64);
    expect(cached(cache, list).length).toBeLessThan(500);
  });

  it('a token in use stays while a flood of new tokens comes and goes, through growth and eviction', () => {
    const cache = new VerifiedTokenCache<never>(100); // 25 sets: the last growth step is not a doubling
    const hot = token('hot');
    cache.set(hot, 'ins_1', 1);
    for (const entry of tokens(2000, 'flood')) {
      cache.set(entry, 'ins_1', 1);
      expect(cache.get(hot, 1)?.token).toBe(hot);
    }
    expect(cache.size).toBeLessThanOrEqual(100);
  });
});

describe('VerifiedTokenCache: eviction within a set (least recently used of 4)', () => {
  // max = 4 gives one set of 4 ways: every token competes for the same four entries.
  it('evicts the entry used least recently, counting lookups as uses', () => {
    const cache = new VerifiedTokenCache<never>(4);
    const [t1, t2, t3, t4, t5, t6] = tokens(6, 'lru');
    for (const entry of [t1!, t2!, t3!, t4!]) cache.set(entry, 'ins_1', 1);
    expect(cache.get(t1!, 1)).toBeDefined(); // t1 is now the newest; t2 the oldest

    cache.set(t5!, 'ins_1', 1);
    expect(cache.size).toBe(4);
    expect(cache.get(t2!, 1)).toBeUndefined();
    // Use order from oldest: t3, t4, t1, t5. Touch t3 so that t4 is the oldest.
    expect(cache.get(t3!, 1)).toBeDefined();

    cache.set(t6!, 'ins_1', 1);
    expect(cache.size).toBe(4);
    expect(cached(cache, [t1!, t2!, t3!, t4!, t5!, t6!])).toEqual([t1, t3, t5, t6]);
  });

  it('max = 1 keeps only the newest token', () => {
    const cache = new VerifiedTokenCache<never>(1);
    const [older, newer] = tokens(2, 'one');
    cache.set(older!, 'ins_1', 1);
    cache.set(newer!, 'ins_1', 1);
    expect(cache.size).toBe(1);
    expect(cached(cache, [older!, newer!])).toEqual([newer]);
  });
});

describe('VerifiedTokenCache: key-set change', () => {
  it('a record made under another key-set generation is a miss, and is dropped', () => {
    const cache = new VerifiedTokenCache<never>(64);
    const [entry, other] = tokens(2, 'gen');
    cache.set(entry!, 'ins_1', 1);
    cache.set(other!, 'ins_1', 1);

    expect(cache.get(entry!, 2)).toBeUndefined();
    expect(cache.size).toBe(1);
    // Dropped, not kept for its old generation: the signature must be checked again under the new keys.
    expect(cache.get(entry!, 1)).toBeUndefined();
    expect(cache.get(other!, 1)).toBeDefined();

    cache.set(entry!, 'ins_1', 2);
    expect(cache.get(entry!, 2)).toMatchObject({ token: entry, generation: 2 });
    expect(cache.size).toBe(2);
  });
});

describe('VerifiedTokenCache: fingerprint collisions and exact matches', () => {
  // The slot key reads the length and the last characters (the signature's end): tokens of the same
  // length that differ only before those characters, or only in the final one, share a fingerprint.
  const sharedSignature = signature('shared');
  const genuine = `${HEADER}.${PAYLOAD}.${sharedSignature}`;
  /** Another payload of the same length carrying the genuine token's signature (a forgery). */
  const forged = `${HEADER}.${'eyJzdWIiOiJ1c2VyXzIifQ'}.${sharedSignature}`;
  const lastCharacterChanged = `${genuine.slice(0, -1)}${genuine.endsWith('A') ? 'B' : 'A'}`;

  for (const [name, colliding] of [
    ['a forged token reusing the signature', forged],
    ['a token differing only in its final character', lastCharacterChanged],
  ] as const) {
    it(`${name}: a miss, never the other token's record`, () => {
      expect(colliding).toHaveLength(genuine.length);
      expect(colliding).not.toBe(genuine);
      const cache = new VerifiedTokenCache<never>(64);
      cache.set(genuine, 'ins_1', 1);

      expect(cache.get(colliding, 1)).toBeUndefined();
      cache.delete(colliding);
      expect(cache.get(genuine, 1)).toMatchObject({ token: genuine });
      expect(cache.size).toBe(1);

      // They really share the slot: the newer one takes it over, and then the older one misses.
      cache.set(colliding, 'ins_2', 1);
      expect(cache.size).toBe(1);
      expect(cache.get(genuine, 1)).toBeUndefined();
      expect(cache.get(colliding, 1)).toMatchObject({ token: colliding, kid: 'ins_2' });
    });
  }

  it('a hit needs the whole token: a copy of it answers, a prefix or an extension does not', () => {
    const cache = new VerifiedTokenCache<never>(64);
    cache.set(genuine, 'ins_1', 1);
    const copy = [...genuine].join(''); // equal, but another string object, as each request brings
    expect(cache.get(copy, 1)?.token).toBe(genuine);
    for (const near of [genuine.slice(0, -1), `${genuine}A`, `x${genuine.slice(1)}`, '', '.']) {
      expect(cache.get(near, 1), near).toBeUndefined();
    }
    expect(cache.size).toBe(1);
  });
});
