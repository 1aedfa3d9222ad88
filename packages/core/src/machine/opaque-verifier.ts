// Opaque machine tokens (ak_, mt_, oat_) verified by the Backend API (SPEC §9.3), with the verdict
// cache of §9.4: SHA-256 keys in the cache store, single flight, and a cap on calls in flight.

import { type BackendApiClient, createBackendApiClient } from '../backend-api/client.js';
import { isRecord } from '../backend-api/error-body.js';
import { stringOrNull } from '../backend-api/json-fields.js';
import { createLookupCache, type LookupAnswer } from '../backend-api/lookup-cache.js';
import { type BackendApiSettings, instanceFingerprint } from '../backend-api/lookups.js';
import {
  BackendApiError,
  TokenVerificationErrorReason as Reason,
  TokenVerificationError,
} from '../errors.js';
import { isSecretKeyShape } from '../keys/secret-key.js';
import { type MachineTokenType, TOKEN_TYPE_NAMES } from '../token/token-type.js';
import type { CacheStore } from '../types/cache-store.js';
import type { MaybePromise } from '../types/maybe-promise.js';
import { createLimiter } from './limiter.js';
import {
  apiKeyAuth,
  type MachineAuthObject,
  type MachineIdentity,
  m2mTokenAuth,
  oauthTokenAuth,
} from './machine-auth.js';
import { OPAQUE_ENDPOINTS } from './opaque-endpoints.js';

/** What opaque verification reads, as resolved. */
export interface OpaqueVerifierSettings extends BackendApiSettings {
  readonly machineSecretKey: string | undefined;
  readonly machineTokenCacheTtlInMs: number;
  readonly machineVerifyConcurrency: number;
}

export interface OpaqueVerifier {
  /** Throws (rejects with) TokenVerificationError. */
  verify(token: string, type: MachineTokenType): Promise<MachineAuthObject>;
}

function unavailable(message: string): TokenVerificationError {
  return new TokenVerificationError(Reason.TokenVerificationUnavailable, message);
}

function invalid(message: string): TokenVerificationError {
  return new TokenVerificationError(Reason.TokenInvalid, message);
}

/** `store` is the authenticator's cache store (the one its lookups use). */
export function createOpaqueVerifier(
  options: OpaqueVerifierSettings,
  store: CacheStore,
  /** The platform's SHA-256 (CryptoPlatform.sha256Hex): names each token's verdict in the store. */
  sha256Hex: (text: string) => MaybePromise<string>,
): OpaqueVerifier {
  const { now, logger } = options;
  const clientFor = (secretKey: string): BackendApiClient =>
    createBackendApiClient({
      apiUrl: options.apiUrl,
      apiVersion: options.apiVersion,
      secretKey,
      fetch: options.fetch,
      timeoutInMs: options.apiTimeoutInMs,
      logger,
    });
  const { secretKey, machineSecretKey } = options;
  const client = secretKey !== undefined && isSecretKeyShape(secretKey) ? clientFor(secretKey) : undefined;
  // M2M tokens are verified with the machine's own secret when there is one (Clerk).
  const m2mClient = machineSecretKey !== undefined ? clientFor(machineSecretKey) : client;
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
  const inflight = new Map<string, Promise<LookupAnswer>>();

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

  async function fetchAnswer(
    key: string,
    type: MachineTokenType,
    token: string,
    verifyClient: BackendApiClient,
  ): Promise<LookupAnswer> {
    const stored = await cache.read(key);
    if (stored !== undefined) return stored;
    const endpoint = OPAQUE_ENDPOINTS[type];
    const answer = await limiter.run(() => verifyClient.post(endpoint.path, { [endpoint.field]: token }));
    if (!answer.found) {
      const notFound: LookupAnswer = { notFound: { errors: answer.notFound.errors } };
      await cache.write(key, notFound);
      return notFound;
    }
    const found: LookupAnswer = { found: answer.json };
    // Never kept past the token's own expiration.
    const expiration = answer.json.expiration;
    const maxTtl = typeof expiration === 'number' ? expiration - now() : Number.POSITIVE_INFINITY;
    await cache.write(key, found, maxTtl);
    return found;
  }

  return {
    async verify(token, type) {
      const verifyClient = type === 'm2m_token' ? m2mClient : client;
      if (verifyClient === undefined) {
        throw unavailable(
          `Verifying ${TOKEN_TYPE_NAMES[type]} needs the Backend API: set the secretKey option or the CLERK_SECRET_KEY environment variable (sk_test_… or sk_live_…).`,
        );
      }
      let answer: LookupAnswer;
      try {
        const key = `${keyPrefix}${type}:${await sha256Hex(token)}`;
        let flight = inflight.get(key);
        if (flight === undefined) {
          flight = fetchAnswer(key, type, token, verifyClient).finally(() => inflight.delete(key));
          inflight.set(key, flight);
        }
        answer = await flight;
      } catch (error) {
        throw asVerdictError(error, type);
      }
      return authObjectFor(type, token, answer, now());
    },
  };
}

function authObjectFor(
  type: MachineTokenType,
  token: string,
  answer: LookupAnswer,
  now: number,
): MachineAuthObject {
  const { notFound } = OPAQUE_ENDPOINTS[type];
  if (!('found' in answer)) throw invalid(notFound);
  const json = answer.found;
  // A 200 that says revoked or expired is not a pass, whatever else it holds (fail closed).
  if (json.revoked === true || json.expired === true) throw invalid(notFound);
  if (typeof json.expiration === 'number' && json.expiration <= now) throw invalid(notFound);
  const subject = stringOrNull(json.subject);
  const id = stringOrNull(json.id);
  if (subject === null || id === null) {
    throw unavailable(
      `The Backend API answered a verification of ${TOKEN_TYPE_NAMES[type]} without an id or subject.`,
    );
  }
  const identity: MachineIdentity = {
    id,
    subject,
    scopes: Array.isArray(json.scopes)
      ? json.scopes.filter((scope): scope is string => typeof scope === 'string')
      : [],
    // A copy per caller: the cached JSON is shared.
    claims: isRecord(json.claims) ? structuredClone(json.claims) : null,
  };
  if (type === 'api_key') return apiKeyAuth(token, identity, stringOrNull(json.name) ?? '');
  if (type === 'm2m_token') return m2mTokenAuth(token, identity);
  return oauthTokenAuth(token, identity, stringOrNull(json.client_id) ?? '');
}
