import { LRUCache } from 'lru-cache';
import type { SessionClaims } from '../claims/session-claims.js';

export interface CachedVerification<Extra> {
  claims: SessionClaims;
  /** The header kid, to re-check the key when the key set is refreshed. */
  kid: unknown;
  /** Key-set generation the signature was checked under; a different one means re-verify. */
  generation: number;
  /** Whatever the authenticator derives from the claims once (the signed-in auth object). */
  extra: Extra | undefined;
}

/**
 * Token → verified claims, so repeat requests skip the signature check. Entries made under an older
 * key-set generation are ignored; expiry is enforced by the time checks that run on every request.
 */
export class VerifiedTokenCache<Extra> {
  private readonly entries: LRUCache<string, CachedVerification<Extra>>;

  constructor(max: number) {
    this.entries = new LRUCache({ max });
  }

  get(token: string, generation: number): CachedVerification<Extra> | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.generation !== generation) {
      this.entries.delete(token);
      return undefined;
    }
    return entry;
  }

  set(token: string, entry: CachedVerification<Extra>): void {
    this.entries.set(token, entry);
  }

  delete(token: string): void {
    this.entries.delete(token);
  }

  get size(): number {
    return this.entries.size;
  }
}
