// Opaque machine tokens (ak_, mt_, oat_) verified by the Backend API (SPEC §9.3), with the verdict
// cache of §9.4: SHA-256 keys in the cache store, single flight, and a cap on calls in flight.

import { type BackendApiClient, createBackendApiClient } from '../backend-api/client.js';
import {
  createLookupCache,
  DEFAULT_MAX_ENTRIES,
  type LookupAnswer,
  type LookupEntry,
} from '../backend-api/lookup-cache.js';
import { type BackendApiSettings, instanceFingerprint } from '../backend-api/lookups.js';
import {
  BackendApiError,
  TokenVerificationErrorReason as Reason,
  TokenVerificationError,
} from '../errors.js';
import { isSecretKeyShape } from '../keys/secret-key.js';
import { type MachineTokenType, TOKEN_TYPE_NAMES } from '../token/token-type.js';
import type { CacheStore } from '../types/cache-store.js';
import { isPromise, type MaybePromise } from '../types/maybe-promise.js';
import { remember } from '../util/remember.js';
import { VerifiedTokenCache } from '../verify/verified-token-cache.js';
import { createLimiter } from './limiter.js';
import type { MachineAuthObject } from './machine-auth.js';
import { authObjectFor, invalid, unavailable } from './opaque-auth-object.js';
import { OPAQUE_ENDPOINTS } from './opaque-endpoints.js';

/** A verdict this process keeps by token, of the type it was verified as. */
interface KeptVerdict {
  type: MachineTokenType;
  entry: LookupEntry;
}

/** A client of the Backend API and the credential it verifies with (URL, version, secret key). */
interface VerdictSource {
  client: BackendApiClient;
  credential: string;
}

/** What opaque verification reads, as resolved. */
export interface OpaqueVerifierSettings extends BackendApiSettings {
  readonly machineSecretKey: string | undefined;
  readonly machineTokenCacheTtlInMs: number;
  readonly machineVerifyConcurrency: number;
}

export interface OpaqueVerifier {
  /**
   * A verdict at hand (the in-memory store) is answered now; else a promise. Throws (rejects with)
   * TokenVerificationError.
   */
  verify(token: string, type: MachineTokenType): MaybePromise<MachineAuthObject>;
}

/** `store` is the authenticator's cache store (the one its lookups use). */
export function createOpaqueVerifier(
  options: OpaqueVerifierSettings,
  store: CacheStore,
  /** The platform's SHA-256 (CryptoPlatform.sha256Hex): names each token's verdict in the store. */
  sha256Hex: (text: string) => MaybePromise<string>,
  /** True when `store` is the default in-memory one, kept by this process alone (see keptVerdicts). */
  storeIsInProcess: boolean,
): OpaqueVerifier {
  const { now, logger } = options;
  const verifierFor = (secretKey: string): VerdictSource => ({
    client: createBackendApiClient({
      apiUrl: options.apiUrl,
      apiVersion: options.apiVersion,
      secretKey,
      fetch: options.fetch,
      timeoutInMs: options.apiTimeoutInMs,
      logger,
    }),
    // SPEC §9.4: a verdict is named by the credential that obtained it as well as by the token, so
    // one obtained with another key (a shared store) never serves this one. Only ever hashed.
    credential: `${options.apiUrl}\n${options.apiVersion}\n${secretKey}\n`,
  });
  const { secretKey, machineSecretKey } = options;
  const source = secretKey !== undefined && isSecretKeyShape(secretKey) ? verifierFor(secretKey) : undefined;
  // M2M tokens are verified with the machine's own secret when there is one (Clerk).
  const m2mSource = machineSecretKey !== undefined ? verifierFor(machineSecretKey) : source;
  const cache = createLookupCache({
    store,
    now,
    foundTtlInMs: options.machineTokenCacheTtlInMs,
    notFoundTtlInMs: options.lookupNotFoundTtlInMs,
    logger,
  });
  const limiter = createLimiter(options.machineVerifyConcurrency, options.apiTimeoutInMs, () =>
    unavailable(
      `Too many machine-token verifications waiting: none got a slot within apiTimeoutInMs (${options.apiTimeoutInMs} ms; machineVerifyConcurrency is ${options.machineVerifyConcurrency}).`,
    ),
  );
  const keyPrefix = `sessionguard:${instanceFingerprint(options)}:machine:`;
  const inflight = new Map<string, Promise<LookupAnswer | LookupEntry>>();
  // With the default in-memory store the verdicts also stay here, found by the token itself (a
  // fingerprint slot and an exact match, as session tokens are): a repeat request then skips the
  // SHA-256 of the token, the store key and the store read, some 5 µs of CPU. A store of your own
  // (Redis) is read on every request instead, so what it holds, or no longer holds, counts at once.
  const keptVerdicts =
    storeIsInProcess && options.machineTokenCacheTtlInMs > 0
      ? new VerifiedTokenCache<KeptVerdict>(DEFAULT_MAX_ENTRIES)
      : undefined;

  function keep(token: string, type: MachineTokenType, entry: LookupEntry): void {
    if (keptVerdicts === undefined) return;
    keptVerdicts.set(token, undefined, 0).verification = { type, entry };
  }

  function keptVerdict(token: string, type: MachineTokenType): LookupEntry | undefined {
    const kept = keptVerdicts?.get(token, 0)?.verification;
    if (kept === undefined || kept.type !== type) return undefined;
    if (kept.entry.expiresAt > now()) return kept.entry;
    keptVerdicts?.delete(token);
    return undefined;
  }

  function keyRefused(type: MachineTokenType): TokenVerificationError {
    const option =
      type === 'm2m_token' && machineSecretKey !== undefined
        ? 'machineSecretKey / CLERK_MACHINE_SECRET_KEY'
        : 'secretKey / CLERK_SECRET_KEY';
    return new TokenVerificationError(
      Reason.SecretKeyInvalid,
      `The Backend API refused the secret key (${option}) while verifying ${TOKEN_TYPE_NAMES[type]}.`,
    );
  }

  function asVerdictError(error: unknown, type: MachineTokenType): TokenVerificationError {
    if (error instanceof TokenVerificationError) return error;
    const name = TOKEN_TYPE_NAMES[type];
    if (error instanceof BackendApiError) {
      if (error.status === 401) return keyRefused(type);
      if (error.status === 0 || error.status === 429 || error.status >= 500) {
        return unavailable(`The Backend API could not verify ${name} (${error.code}, HTTP ${error.status}).`);
      }
      return invalid(`The Backend API refused ${name} (HTTP ${error.status}).`);
    }
    logger?.debug('machine verification error', {
      error: error instanceof Error ? error.name : typeof error,
    });
    return unavailable(`${name} could not be verified.`);
  }

  async function askBackendApi(
    key: string,
    type: MachineTokenType,
    token: string,
    verifyClient: BackendApiClient,
  ): Promise<LookupAnswer | LookupEntry> {
    const endpoint = OPAQUE_ENDPOINTS[type];
    const answer = await limiter.run(() => verifyClient.post(endpoint.path, { [endpoint.field]: token }));
    if (!answer.found) {
      const notFound: LookupAnswer = { notFound: { errors: answer.notFound.errors } };
      return (await cache.write(key, notFound)) ?? notFound;
    }
    const found: LookupAnswer = { found: answer.json };
    // Never kept past the token's own expiration.
    const expiration = answer.json.expiration;
    const maxTtl = typeof expiration === 'number' ? expiration - now() : Number.POSITIVE_INFINITY;
    return (await cache.write(key, found, maxTtl)) ?? found;
  }

  // One auth object per verdict: the in-memory store hands back the same answer until it expires,
  // so a repeat request builds nothing (the object is frozen, as a session's is).
  const authObjects = new WeakMap<object, MachineAuthObject>();

  function authFor(type: MachineTokenType, token: string, answer: LookupAnswer): MachineAuthObject {
    const { notFound } = OPAQUE_ENDPOINTS[type];
    if (!('found' in answer)) throw invalid(notFound);
    const json = answer.found;
    // Checked on every use: a kept verdict must not outlive the token's own expiration.
    if (typeof json.expiration === 'number' && json.expiration <= now()) throw invalid(notFound);
    return authObjects.get(json) ?? remember(authObjects, json, authObjectFor(type, token, json));
  }

  function verifyKeyed(
    key: string,
    type: MachineTokenType,
    token: string,
    verifyClient: BackendApiClient,
  ): MaybePromise<MachineAuthObject> {
    let flight = inflight.get(key);
    if (flight === undefined) {
      const stored = cache.read(key);
      // A verdict at hand: no promise and no flight.
      if (!isPromise(stored) && stored !== undefined) {
        keep(token, type, stored);
        return authFor(type, token, stored);
      }
      const answer = isPromise(stored)
        ? stored.then((kept) => kept ?? askBackendApi(key, type, token, verifyClient))
        : askBackendApi(key, type, token, verifyClient);
      flight = answer.finally(() => inflight.delete(key));
      inflight.set(key, flight);
    }
    return flight.then(
      (answer) => {
        if ('expiresAt' in answer) keep(token, type, answer);
        return authFor(type, token, answer);
      },
      (error: unknown) => {
        throw asVerdictError(error, type);
      },
    );
  }

  return {
    verify(token, type) {
      const verdictSource = type === 'm2m_token' ? m2mSource : source;
      if (verdictSource === undefined) {
        throw unavailable(
          `Verifying ${TOKEN_TYPE_NAMES[type]} needs the Backend API: set the secretKey option or the CLERK_SECRET_KEY environment variable (sk_test_… or sk_live_…).`,
        );
      }
      const verifyClient = verdictSource.client;
      // The repeat request of a key in use: answered from this process, before any hashing.
      const kept = keptVerdict(token, type);
      if (kept !== undefined) return authFor(type, token, kept);
      const hex = sha256Hex(verdictSource.credential + token);
      if (isPromise(hex)) {
        return hex.then((resolved) =>
          verifyKeyed(`${keyPrefix}${type}:${resolved}`, type, token, verifyClient),
        );
      }
      return verifyKeyed(`${keyPrefix}${type}:${hex}`, type, token, verifyClient);
    },
  };
}
