import type { SessionClaims } from '../claims/session-claims.js';

/** A verified token's claims and what the caller derives from them, as handed to the caller. */
export interface CachedVerification<Extra> {
  claims: SessionClaims;
  /** The token as first verified: the one string kept for it, whichever request brings it back. */
  token: string;
  /** Whatever the authenticator derives from the claims once (the signed-in auth object). */
  extra: Extra | undefined;
}

/**
 * What the cache keeps per token. A token seen once keeps only this small record: most tokens in a
 * flood of new ones never come back, and every object kept per token is copied by the young-generation
 * GC and then promoted. The claims are decoded again (once) when the token does come back.
 */
export interface CachedToken<Extra> {
  /** The whole token: a hit needs an exact match, the slot key is only a short fingerprint of it. */
  readonly token: string;
  /** The header kid, to re-check the key when the key set is refreshed. */
  readonly kid: unknown;
  /** Key-set generation the signature was checked under; a different one means re-verify. */
  readonly generation: number;
  /** Insertion sequence number; tells how far the record has drifted towards eviction. */
  sequence: number;
  /** Filled on the first repeat, then kept. */
  verification: CachedVerification<Extra> | undefined;
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

/**
 * Token → verified claims, so repeat requests skip the signature check. Entries made under an older
 * key-set generation are ignored; expiry is enforced by the time checks that run on every request.
 *
 * Bounded by `max` entries, evicting the least recently used (approximately: a hit moves its entry
 * to the fresh end only once it has drifted into the older half, so a hot token costs no writes).
 * Two cached tokens with the same fingerprint share a slot: the newer one wins it.
 */
export class VerifiedTokenCache<Extra> {
  private readonly slots = new Map<number, CachedToken<Extra>>();
  /**
   * Walks the slots oldest first, across evictions. A fresh `keys()` per eviction would rescan every
   * deleted entry V8 keeps at the front of the table until it rehashes (~8 µs per insert at 10,000).
   * A Map iterator sees entries added after it and skips deleted ones, so one cursor stays valid.
   */
  private evictionCursor: MapIterator<number>;
  private sequence = 0;
  private readonly refreshAfter: number;

  constructor(private readonly max: number) {
    this.refreshAfter = Math.max(1, Math.floor(max / 2));
    this.evictionCursor = this.slots.keys();
  }

  get(token: string, generation: number): CachedToken<Extra> | undefined {
    const key = fingerprint(token);
    const slot = this.slots.get(key);
    if (slot === undefined || slot.token !== token) return undefined;
    if (slot.generation !== generation) {
      this.slots.delete(key);
      return undefined;
    }
    if (this.sequence - slot.sequence >= this.refreshAfter) {
      this.slots.delete(key);
      slot.sequence = ++this.sequence;
      this.slots.set(key, slot);
    }
    return slot;
  }

  set(token: string, kid: unknown, generation: number): void {
    const key = fingerprint(token);
    this.slots.delete(key); // so the new slot goes to the fresh end
    this.slots.set(key, { token, kid, generation, sequence: ++this.sequence, verification: undefined });
    if (this.slots.size > this.max) this.evictOldest();
  }

  private evictOldest(): void {
    let oldest = this.evictionCursor.next();
    if (oldest.done === true) {
      // An iterator that once reached the end stays done: start a new one.
      this.evictionCursor = this.slots.keys();
      oldest = this.evictionCursor.next();
    }
    if (oldest.done !== true) this.slots.delete(oldest.value);
  }

  delete(token: string): void {
    const key = fingerprint(token);
    if (this.slots.get(key)?.token === token) this.slots.delete(key);
  }

  get size(): number {
    return this.slots.size;
  }
}
