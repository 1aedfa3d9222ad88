import { createMemoryStore } from '../backend-api/lookup-cache.js';
import { ConfigurationError } from '../errors.js';
import type { CacheStore } from '../types/cache-store.js';
import { isPromise } from '../types/maybe-promise.js';
import { sha256Hex } from '../util/sha256.js';
import { WebhookVerificationError, WebhookVerificationErrorReason } from './errors.js';

/**
 * One bounded in-memory store for every verification in this process that was given no store, so a
 * replay is caught even when each call builds its own options. Keys are scoped by secret.
 */
let processStore: CacheStore | undefined;
export function defaultReplayStore(): CacheStore {
  processStore ??= createMemoryStore();
  return processStore;
}

function replayed(message: string): WebhookVerificationError {
  return new WebhookVerificationError(WebhookVerificationErrorReason.Replayed, message);
}

interface SeenEntry {
  expiresAt: number;
}

function isSeen(value: unknown, now: number): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SeenEntry).expiresAt === 'number' &&
    (value as SeenEntry).expiresAt > now
  );
}

/**
 * Remembers delivered ids until their timestamp leaves the tolerance window. The store key is a
 * SHA-256 of the secret and the id: no secret in the store, and two endpoints (two secrets) that
 * share a store and receive the same message do not refuse each other's delivery.
 *
 * With a store that has `setIfAbsent` (the memory store, `@sessionguard/redis`) the claim is one
 * atomic step, so of two instances given the same id at once exactly one accepts it; the store's
 * own TTL then decides when the id may come again. A store of the app's own without it gets a get
 * then a set, which is atomic only when the store is synchronous.
 */
export class ReplayGuard {
  constructor(
    private readonly store: CacheStore,
    private readonly secret: string,
  ) {
    if (store.setIfAbsent !== undefined && typeof store.setIfAbsent !== 'function') {
      throw new ConfigurationError(
        'invalid-option',
        'Option cacheStore (an option only; no env variable) must have setIfAbsent as a function, or none.',
      );
    }
  }

  async claim(id: string, expiresAt: number, now: number): Promise<void> {
    const key = `webhook:${await sha256Hex(`sessionguard webhook id\u0000${this.secret}\u0000${id}`)}`;
    const entry: SeenEntry = { expiresAt };
    const ttlInMs = Math.max(1, expiresAt - now);
    // A store that fails cannot prove the id is new: refuse (Clerk retries the delivery later).
    try {
      if (this.store.setIfAbsent !== undefined) {
        const claimed = this.store.setIfAbsent(key, entry, ttlInMs);
        // Only a plain true is a claim: anything else a store answers is not proof (fail closed).
        if ((isPromise(claimed) ? await claimed : claimed) !== true) {
          throw replayed('This webhook id was already delivered.');
        }
        return;
      }
      // No await between a synchronous store's get and set: two concurrent copies cannot both pass.
      const found = this.store.get(key);
      if (isSeen(isPromise(found) ? await found : found, now)) {
        throw replayed('This webhook id was already delivered.');
      }
      const written = this.store.set(key, entry, ttlInMs);
      if (isPromise(written)) await written;
    } catch (error) {
      if (error instanceof WebhookVerificationError) throw error;
      throw replayed('The replay store failed, so this webhook id could not be checked.');
    }
  }
}
