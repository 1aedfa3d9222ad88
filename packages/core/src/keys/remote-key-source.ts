import type { CryptoPlatform } from '../crypto/platform.js';
import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import type { Logger } from '../types/logger.js';
import type { MaybePromise } from '../types/maybe-promise.js';
import { MAX_RESPONSE_BYTES, readBodyText } from '../util/bounded-body.js';
import { type ParsedKeySet, parseKeySet } from './jwks.js';
import type { KeySource, VerificationKey } from './key-source.js';

/** First wait after a failed fetch with no usable set; it doubles up to the cooldown (§4.2). */
const FIRST_BACKOFF_MS = 1_000;

export interface RemoteKeySourceOptions {
  url: string;
  /** Extra request headers (the Backend API's Authorization). */
  headers?: Record<string, string>;
  /** The URL needs the secret key: 401/403 then means `secret-key-invalid`. */
  authenticated: boolean;
  platform: CryptoPlatform;
  fetch: typeof globalThis.fetch;
  now: () => number;
  cacheTtlInMs: number;
  cooldownInMs: number;
  timeoutInMs: number;
  staleIfErrorInMs: number;
  logger: Logger | undefined;
}

interface LoadedSet extends ParsedKeySet {
  fetchedAt: number;
}

/**
 * A JWKS endpoint behind a cache: fresh for the TTL, one fetch at a time (single flight), unknown
 * kids refetch at most once per cooldown (counted only from the fetches unknown kids caused, so the
 * first token of a freshly rotated key refetches at once), and while the endpoint fails the last good set keeps
 * serving (stale-if-error) with at most one background retry per cooldown. With no usable set at all,
 * a failed fetch is retried only after a backoff (1 s, doubling up to the cooldown): until then
 * requests fail at once, so a server that is down is not asked again by every request.
 */
export class RemoteKeySource implements KeySource {
  generation = 0;
  private loaded: LoadedSet | undefined;
  private inflight: Promise<void> | undefined;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  /** When an unknown kid last caused a fetch: the cooldown counts from this alone (§4.2). */
  private lastKidFetchAt = Number.NEGATIVE_INFINITY;
  private lastFailure: TokenVerificationError | undefined;
  /** The current backoff step while nothing usable is at hand; 0 once a fetch succeeds. */
  private backoffMs = 0;
  private retryNotBefore = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: RemoteKeySourceOptions) {}

  isFresh(nowMs: number): boolean {
    return this.loaded !== undefined && nowMs - this.loaded.fetchedAt < this.options.cacheTtlInMs;
  }

  getKey(kid: unknown): MaybePromise<VerificationKey> {
    const loaded = this.loaded;
    if (loaded !== undefined && this.options.now() - loaded.fetchedAt < this.options.cacheTtlInMs) {
      const key = typeof kid === 'string' ? loaded.keys.get(kid) : undefined;
      if (key !== undefined) return key;
    }
    return this.getKeySlow(kid);
  }

  private async getKeySlow(kid: unknown): Promise<VerificationKey> {
    if (typeof kid !== 'string' || kid.length === 0) {
      throw new TokenVerificationError(
        Reason.JwkKidMismatch,
        'The token header has no "kid", so no key can be chosen.',
      );
    }
    const { now, cacheTtlInMs, cooldownInMs, staleIfErrorInMs } = this.options;
    const age = this.loaded === undefined ? Number.POSITIVE_INFINITY : now() - this.loaded.fetchedAt;

    if (age >= cacheTtlInMs + staleIfErrorInMs) {
      // Nothing to fall back on: fetch (single flight), unless the last try failed within the backoff.
      if (this.inflight !== undefined || now() >= this.retryNotBefore) await this.refresh();
      return this.pick(kid, this.requireUsable());
    }

    // A set fetched while this request waited is as new as a refetch would give: no second fetch.
    let waited = false;
    if (age >= cacheTtlInMs) {
      if (this.lastFailure === undefined) {
        await this.refresh();
        waited = true;
      } else if (now() - this.lastAttemptAt >= cooldownInMs) {
        // Already failing: serve the stale set and retry in the background.
        void this.refresh();
      }
    } else if (this.inflight !== undefined) {
      await this.inflight;
      waited = true;
    }

    let set = this.requireUsable();
    if (!waited && !set.keys.has(kid) && now() - this.lastKidFetchAt >= cooldownInMs) {
      // Unknown kid: perhaps the issuer rotated keys. One refetch per cooldown, however many kids
      // arrive; a first load or a TTL refresh does not start the cooldown, so a rotation right after
      // one is seen at once.
      this.lastKidFetchAt = now();
      await this.refresh();
      if (this.lastFailure !== undefined) throw this.lastFailure;
      set = this.requireUsable();
    }
    return this.pick(kid, set);
  }

  private pick(kid: string, set: LoadedSet): VerificationKey {
    const key = set.keys.get(kid);
    if (key === undefined) {
      throw new TokenVerificationError(
        Reason.JwkKidMismatch,
        `No signing key with kid ${JSON.stringify(kid.slice(0, 64))} is in the issuer's key set. The token was signed by another instance, or the key was rotated out.`,
      );
    }
    return key;
  }

  /** The current set while it may be used (fresh, or stale within the stale-if-error window). */
  private usableAt(nowMs: number): LoadedSet | undefined {
    const { loaded, options } = this;
    if (loaded === undefined) return undefined;
    return nowMs - loaded.fetchedAt < options.cacheTtlInMs + options.staleIfErrorInMs ? loaded : undefined;
  }

  private requireUsable(): LoadedSet {
    const usable = this.usableAt(this.options.now());
    if (usable !== undefined) return usable;
    throw (
      this.lastFailure ??
      new TokenVerificationError(Reason.RemoteJwksFailedToLoad, 'The signing key set could not be loaded.')
    );
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.fetchOnce().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchOnce(): Promise<void> {
    const { url, headers, fetch, timeoutInMs, platform, now, logger } = this.options;
    this.lastAttemptAt = now();
    // One deadline for the headers and the whole body.
    const signal = AbortSignal.timeout(timeoutInMs);
    try {
      const response = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal });
      if ((response.status === 401 || response.status === 403) && this.options.authenticated) {
        await response.body?.cancel();
        throw new TokenVerificationError(
          Reason.SecretKeyInvalid,
          `The Backend API refused the secret key (HTTP ${response.status}) when loading the signing keys. Check secretKey / CLERK_SECRET_KEY.`,
        );
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      const document: unknown = JSON.parse(
        await readBodyText(response, MAX_RESPONSE_BYTES, signal, 'the key set'),
      );
      const parsed = parseKeySet(document, platform, this.loaded, logger);
      if (parsed.fingerprint !== this.loaded?.fingerprint) this.generation++;
      this.loaded = { ...parsed, fetchedAt: now() };
      this.lastFailure = undefined;
      this.backoffMs = 0;
      this.retryNotBefore = Number.NEGATIVE_INFINITY;
      logger?.debug('jwks loaded', {
        url,
        keys: parsed.keys.size,
        imported: parsed.imported,
        generation: this.generation,
      });
    } catch (error) {
      this.lastFailure =
        error instanceof TokenVerificationError
          ? error
          : new TokenVerificationError(
              Reason.RemoteJwksFailedToLoad,
              `The signing key set could not be loaded from ${url}: ${describeFailure(error)}.`,
            );
      const failedAt = now();
      const usable = this.usableAt(failedAt) !== undefined;
      if (!usable) {
        this.backoffMs = Math.min(
          this.backoffMs === 0 ? FIRST_BACKOFF_MS : this.backoffMs * 2,
          this.options.cooldownInMs,
        );
        this.retryNotBefore = failedAt + this.backoffMs;
      }
      logger?.debug('jwks load failed', {
        url,
        reason: this.lastFailure.reason,
        message: this.lastFailure.message,
        ...(usable ? {} : { retryInMs: this.backoffMs }),
      });
    }
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
    if (error instanceof SyntaxError) return 'the response is not JSON';
    return error.message;
  }
  return 'unknown error';
}
