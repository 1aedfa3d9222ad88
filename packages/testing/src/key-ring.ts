import type { SigningAlgorithm } from './algorithms.js';
import { generateSigningKey, type SigningKey, type SigningKeyOptions } from './keys.js';

/**
 * The issuer's keys: which one signs by default and which ones the JWKS publishes.
 * Keys that are no longer published are still kept, so tests can mint tokens with a
 * retired key and check that verifiers refuse them.
 */
export class KeyRing {
  private readonly keys = new Map<string, SigningKey>();
  private readonly publishedKids = new Set<string>();
  private readonly extraJwks: Record<string, unknown>[] = [];
  private current: SigningKey;

  private constructor(
    first: SigningKey,
    private readonly defaults: { alg: SigningAlgorithm; modulusLength: number },
  ) {
    this.current = first;
    this.add(first, true);
  }

  static async create(defaults: { alg: SigningAlgorithm; modulusLength: number }): Promise<KeyRing> {
    return new KeyRing(await generateSigningKey(defaults), defaults);
  }

  get currentKey(): SigningKey {
    return this.current;
  }

  /** The current key, or the named one; unknown names throw so a typo never signs with the wrong key. */
  keyFor(kid?: string): SigningKey {
    if (kid === undefined) return this.current;
    const key = this.keys.get(kid);
    if (!key) throw new Error(`No signing key with kid ${JSON.stringify(kid)} in this test issuer`);
    return key;
  }

  async rotate(): Promise<void> {
    const next = await generateSigningKey(this.defaults);
    this.add(next, true);
    this.current = next;
  }

  async addKey(options: SigningKeyOptions, publish: boolean): Promise<SigningKey> {
    if (options.kid !== undefined && this.keys.has(options.kid)) {
      throw new Error(`A key with kid ${JSON.stringify(options.kid)} already exists`);
    }
    const key = await generateSigningKey(options);
    this.add(key, publish);
    return key;
  }

  addPublishedJwk(jwk: Record<string, unknown>): void {
    this.extraJwks.push({ ...jwk });
  }

  /** Publishes only the current key; retired keys can still sign (for "kid removed" tests). */
  removeOldKeys(): void {
    this.publishedKids.clear();
    this.publishedKids.add(this.current.kid);
    this.extraJwks.length = 0;
  }

  /** The `{ keys }` document served by both JWKS endpoints. */
  jwks(): { keys: Record<string, unknown>[] } {
    const published = [...this.publishedKids].map((kid) => this.keyFor(kid).publicJwk);
    return { keys: [...published, ...this.extraJwks] };
  }

  private add(key: SigningKey, publish: boolean): void {
    this.keys.set(key.kid, key);
    if (publish) this.publishedKids.add(key.kid);
  }
}
