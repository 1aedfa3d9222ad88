/**
 * What the cache keeps per token; `Kept` is what its user (the verifier) keeps with a token once it
 * comes back. A token seen once keeps only this small record: most tokens in a
 * flood of new ones never come back, and every object kept per token is copied by the young-generation
 * GC and then promoted. The claims are decoded again (once) when the token does come back.
 */
export interface CachedToken<Kept> {
  /** The whole token: a hit needs an exact match, the slot key is only a short fingerprint of it. */
  readonly token: string;
  /** The header kid, to re-check the key when the key set is refreshed. */
  readonly kid: unknown;
  /** Key-set generation the signature was checked under; a different one means re-verify. */
  readonly generation: number;
  /** Filled on the first repeat, then kept. */
  verification: Kept | undefined;
}

/** How many characters at the end of the token the fingerprint reads (the signature's last bytes). */
const FINGERPRINT_CHARS = 16;

/**
 * A 30-bit fingerprint of the token's last characters (its signature) and length. Each request brings
 * a new string, so keying a Map by the whole token would hash all of it (~700 characters) on every
 * lookup; the fingerprint reads 16. It is only a slot key: a hit still needs the whole token to be
 * equal, so a collision (or a forged token reusing a signature) is a miss, never a wrong answer.
 */
function fingerprint(token: string): number {
  const end = token.length - 1; // the final character carries few bits (base64url padding)
  let hash = token.length;
  for (let i = end > FINGERPRINT_CHARS ? end - FINGERPRINT_CHARS : 0; i < end; i++) {
    hash = (Math.imul(hash, 31) + token.charCodeAt(i)) | 0;
  }
  return hash & 0x3fffffff; // a small integer key: V8 keeps it unboxed
}

/** Ways per set: the entries a token can occupy, and the entries an insert compares for eviction. */
const WAYS = 4;
/** Sets allocated at first: an authenticator that sees few tokens (one of many tenants) stays small. */
const INITIAL_SETS = 16;

/**
 * Token → verified claims, so repeat requests skip the signature check. Entries made under an older
 * key-set generation are ignored; expiry is enforced by the time checks that run on every request.
 *
 * A set-associative table: a token's fingerprint picks one set of `WAYS` entries, and the least
 * recently used entry of that set makes room. A full LRU list (a Map in use order) costs an insert
 * several hash-table walks spread over the heap, for the new key and for the evicted one; under a
 * stream of new tokens those are cache misses, about 1 µs per first sight. Here an insert reads one
 * set's fingerprints and ages, which sit together in two typed arrays, and writes one entry.
 *
 * Bounded by `max` entries: `WAYS × sets ≤ max`. The table starts small and doubles its sets when an
 * insert finds its set full, until it reaches that bound; from then on inserts evict. A token in use
 * is the newest of its set, so it stays while new tokens come and go. Two tokens with the same
 * fingerprint share an entry: the newer one wins it.
 */
export class VerifiedTokenCache<Kept> {
  private readonly ways: number;
  private readonly maxSets: number;
  private sets: number;
  private records: (CachedToken<Kept> | undefined)[];
  private fingerprints: Int32Array;
  /** Last use of each entry (a sequence number); 0 marks an empty entry. */
  private ages: Float64Array;
  private sequence = 0;
  private count = 0;

  constructor(max: number) {
    this.ways = Math.max(1, Math.min(WAYS, max));
    this.maxSets = Math.max(1, Math.floor(max / this.ways));
    this.sets = Math.min(INITIAL_SETS, this.maxSets);
    [this.records, this.fingerprints, this.ages] = this.emptyTable();
  }

  get(token: string, generation: number): CachedToken<Kept> | undefined {
    const at = this.find(token, fingerprint(token));
    if (at < 0) return undefined;
    const record = this.records[at] as CachedToken<Kept>;
    if (record.generation !== generation) {
      this.clear(at);
      return undefined;
    }
    this.ages[at] = ++this.sequence;
    return record;
  }

  /**
   * The record of this very token, whatever its generation, without recording a use or clearing
   * anything: for a reader that wants what the token decoded to, not a verdict (that is `get`).
   */
  peek(token: string): CachedToken<Kept> | undefined {
    const at = this.find(token, fingerprint(token));
    return at < 0 ? undefined : this.records[at];
  }

  /** Returns the record made, for its user to fill `verification`. */
  set(token: string, kid: unknown, generation: number): CachedToken<Kept> {
    const key = fingerprint(token);
    let at = this.entryFor(key);
    while (this.ages[at] !== 0 && this.fingerprints[at] !== key && this.sets < this.maxSets) {
      this.grow(); // the set is full and the table may still grow: grow rather than evict
      at = this.entryFor(key);
    }
    if (this.ages[at] === 0) this.count++;
    const record: CachedToken<Kept> = { token, kid, generation, verification: undefined };
    this.records[at] = record;
    this.fingerprints[at] = key;
    this.ages[at] = ++this.sequence;
    return record;
  }

  delete(token: string): void {
    const at = this.find(token, fingerprint(token));
    if (at >= 0) this.clear(at);
  }

  get size(): number {
    return this.count;
  }

  /** The entry holding this token, or -1. */
  private find(token: string, key: number): number {
    const start = (key % this.sets) * this.ways;
    for (let at = start; at < start + this.ways; at++) {
      if (this.fingerprints[at] === key && this.ages[at] !== 0) {
        return (this.records[at] as CachedToken<Kept>).token === token ? at : -1;
      }
    }
    return -1;
  }

  /** Where a token with this fingerprint goes: its own entry, else an empty one, else the least recently used. */
  private entryFor(key: number): number {
    const start = (key % this.sets) * this.ways;
    let chosen = start;
    for (let at = start; at < start + this.ways; at++) {
      const age = this.ages[at] as number;
      if (age !== 0 && this.fingerprints[at] === key) return at;
      if (age < (this.ages[chosen] as number)) chosen = at;
    }
    return chosen;
  }

  private clear(at: number): void {
    this.records[at] = undefined;
    this.fingerprints[at] = 0;
    this.ages[at] = 0;
    this.count--;
  }

  private emptyTable(): [(CachedToken<Kept> | undefined)[], Int32Array, Float64Array] {
    const entries = this.sets * this.ways;
    return [
      new Array<CachedToken<Kept> | undefined>(entries).fill(undefined),
      new Int32Array(entries),
      new Float64Array(entries),
    ];
  }

  /** Doubles the sets (up to the bound) and places every entry again, oldest first. */
  private grow(): void {
    const { records, fingerprints, ages } = this;
    const order = Array.from(ages.keys())
      .filter((at) => ages[at] !== 0)
      .sort((a, b) => (ages[a] as number) - (ages[b] as number));
    this.sets = Math.min(this.sets * 2, this.maxSets);
    [this.records, this.fingerprints, this.ages] = this.emptyTable();
    this.count = 0;
    // Oldest first, so that if the last (not doubling) step crowds a set, the newer entries stay.
    for (const from of order) {
      const key = fingerprints[from] as number;
      const at = this.entryFor(key);
      if (this.ages[at] === 0) this.count++;
      this.records[at] = records[from];
      this.fingerprints[at] = key;
      this.ages[at] = ages[from] as number;
    }
  }
}
