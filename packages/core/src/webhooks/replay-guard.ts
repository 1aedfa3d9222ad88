import { ConfigurationError } from '../errors.js';
import type { CacheStore } from '../types/cache-store.js';
import { isPromise } from '../types/maybe-promise.js';
import { sha256Hex } from '../util/sha256.js';
import { WebhookVerificationError, WebhookVerificationErrorReason } from './errors.js';
import { createSeenIdsStore } from './seen-ids.js';

/**
 * One in-memory store for every verification in this process that was given no store, so a replay
 * is caught even when each call builds its own options. Keys are scoped by secret.
 */
let processStore: CacheStore | undefined;
export function defaultReplayStore(): CacheStore {
  processStore ??= createSeenIdsStore();
  return processStore;
}

function replayed(): WebhookVerificationError {
  return new WebhookVerificationError(
    WebhookVerificationErrorReason.Replayed,
    'This webhook id was already delivered.',
  );
}

function unavailable(why: string): WebhookVerificationError {
  return new WebhookVerificationError(
    WebhookVerificationErrorReason.ReplayCheckUnavailable,
    `The replay store ${why}, so this webhook id could not be checked: retry later.`,
  );
}

/**
 * What a claim stores. `attempt` is unique to this verification, so a store that undoes a claim it
 * could not confirm (SPEC §11: the Redis store, when its claim may land late) removes only its own,
 * never the claim of the delivery that was accepted.
 */
interface SeenEntry {
  expiresAt: number;
  attempt: string;
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
 * With a store that has `setIfAbsent` (the default store, `@sessionguard/redis`) the claim is one
 * atomic step, so of two instances given the same id at once exactly one accepts it. Only `true`
 * accepts and only `false` is a replay: a store that throws, rejects, is too slow for its own
 * deadline, or answers anything else cannot prove the id new, and the delivery is refused with 503
 * (SPEC §10): Svix sends it again later, so nothing is lost and nothing passes unchecked. A store
 * of the app's own without `setIfAbsent` gets a get then a set, atomic only when it is synchronous.
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
    const entry: SeenEntry = { expiresAt, attempt: crypto.randomUUID() };
    const ttlInMs = Math.max(1, expiresAt - now);
    let answer: unknown;
    try {
      answer = await this.ask(key, entry, ttlInMs, now);
    } catch {
      throw unavailable('did not answer');
    }
    if (answer === true) return;
    if (answer === false) throw replayed();
    throw unavailable('answered neither "claimed" nor "already present"');
  }

  private async ask(key: string, entry: SeenEntry, ttlInMs: number, now: number): Promise<unknown> {
    if (this.store.setIfAbsent !== undefined) {
      const claimed = this.store.setIfAbsent(key, entry, ttlInMs);
      return isPromise(claimed) ? await claimed : claimed;
    }
    // No await between a synchronous store's get and set: two concurrent copies cannot both pass.
    const found = this.store.get(key);
    if (isSeen(isPromise(found) ? await found : found, now)) return false;
    const written = this.store.set(key, entry, ttlInMs);
    if (isPromise(written)) await written;
    return true;
  }
}
