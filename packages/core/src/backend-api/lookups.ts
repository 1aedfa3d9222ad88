import { BackendApiError, ConfigurationError } from '../errors.js';
import { isSecretKeyShape } from '../keys/secret-key.js';
import type { CacheStore } from '../types/cache-store.js';
import type { Logger } from '../types/logger.js';
import { isPromise, type MaybePromise } from '../types/maybe-promise.js';
import { sha1 } from '../util/sha1.js';
import { type BackendApiClient, createBackendApiClient } from './client.js';
import { createLookupCache, type LookupAnswer, type LookupCache } from './lookup-cache.js';
import { mapOrganization } from './map-organization.js';
import { mapUser } from './map-user.js';
import { type GetOrganizationParams, organizationTarget } from './organization-params.js';
import { pathSegmentForId } from './path-id.js';
import type { Lookups, Organization, User } from './types.js';

/** What the Backend API client and its lookup cache read, as resolved. */
export interface BackendApiSettings {
  readonly secretKey: string | undefined;
  readonly apiUrl: string;
  readonly apiVersion: string;
  readonly apiTimeoutInMs: number;
  readonly lookupCacheTtlInMs: number;
  readonly lookupNotFoundTtlInMs: number;
  readonly cacheStore: CacheStore | undefined;
  readonly logger: Logger | undefined;
  readonly fetch: typeof globalThis.fetch;
  readonly now: () => number;
}

/** The Backend API as an authenticator exposes it. */
export interface BackendApi {
  users: { getUser(userId: string): Promise<User> };
  /** An id or a slug, or Clerk's `{ organizationId } | { slug }` (with `includeMembersCount`). */
  organizations: { getOrganization(params: string | GetOrganizationParams): Promise<Organization> };
  /** For the auth object: null on 404. */
  lookups: Lookups;
}

interface Resource<T> {
  /** Path under `{apiUrl}/{apiVersion}/`. */
  path: string;
  /** Names the id in error messages. */
  idName: string;
  map(json: Record<string, unknown>): T;
}

const USERS: Resource<User> = { path: 'users', idName: 'user id', map: mapUser };
const ORGANIZATIONS: Resource<Organization> = {
  path: 'organizations',
  idName: 'organization id or slug',
  map: mapOrganization,
};

/** Clerk's query for an organization with `members_count`. */
const MEMBERS_COUNTED = '?include_members_count=true';

/**
 * Users and organizations from the Backend API, built once per authenticator: one HTTP client
 * (timeouts, retries), one lookup cache (found for lookupCacheTtlInMs, 404s for
 * lookupNotFoundTtlInMs, pluggable store) and single flight, so concurrent lookups of one id in
 * this process make one request.
 */
export function createBackendApi(options: BackendApiSettings): BackendApi {
  const { secretKey } = options;
  let client: BackendApiClient | undefined;
  let configurationProblem: ConfigurationError | undefined;
  if (secretKey === undefined) {
    configurationProblem = new ConfigurationError(
      'missing-secret-key',
      'Backend API lookups (getUser, getOrganization) need a secret key: set the secretKey option or the CLERK_SECRET_KEY environment variable.',
    );
  } else if (!isSecretKeyShape(secretKey)) {
    // Reported at the first lookup, not at construction: verification may not need the key at all.
    configurationProblem = new ConfigurationError(
      'invalid-secret-key',
      'The secret key (secretKey / CLERK_SECRET_KEY) is malformed: expected sk_test_… or sk_live_….',
    );
  } else {
    client = createBackendApiClient({
      apiUrl: options.apiUrl,
      apiVersion: options.apiVersion,
      secretKey,
      fetch: options.fetch,
      timeoutInMs: options.apiTimeoutInMs,
      logger: options.logger,
    });
  }
  const cache: LookupCache = createLookupCache({
    store: options.cacheStore,
    now: options.now,
    foundTtlInMs: options.lookupCacheTtlInMs,
    notFoundTtlInMs: options.lookupNotFoundTtlInMs,
    logger: options.logger,
  });
  const keyPrefix = `sessionguard:${instanceFingerprint(options)}:`;
  const inflight = new Map<string, Promise<LookupAnswer>>();

  /** `query`: a constant of ours (never caller text), part of the request and of the cache key. */
  function answerFor(resource: Resource<unknown>, id: unknown, query = ''): MaybePromise<LookupAnswer> {
    if (client === undefined) throw configurationProblem;
    const path = `${resource.path}/${pathSegmentForId(id, resource.idName)}${query}`;
    const key = `${keyPrefix}${path}`;
    const pending = inflight.get(key);
    if (pending !== undefined) return pending;
    const cached = cache.read(key);
    if (cached !== undefined && !isPromise(cached)) return cached;

    const fetchingClient = client;
    const flight = (async (): Promise<LookupAnswer> => {
      const stored = await cached;
      if (stored !== undefined) return stored;
      const answer = await fetchingClient.get(path);
      const result: LookupAnswer = answer.found
        ? { found: answer.json }
        : {
            notFound: {
              errors: answer.notFound.errors,
              ...(answer.notFound.clerkTraceId ? { clerkTraceId: answer.notFound.clerkTraceId } : {}),
            },
          };
      await cache.write(key, result);
      return result;
    })().finally(() => inflight.delete(key));
    inflight.set(key, flight);
    return flight;
  }

  async function find<T>(resource: Resource<T>, id: string): Promise<T | null> {
    const answer = await answerFor(resource, id);
    // A copy per caller: cached JSON is shared, and callers may mutate what they get.
    return 'found' in answer ? resource.map(structuredClone(answer.found)) : null;
  }

  async function get<T>(resource: Resource<T>, id: unknown, query?: string): Promise<T> {
    const answer = await answerFor(resource, id, query);
    if ('found' in answer) return resource.map(structuredClone(answer.found));
    const { errors, clerkTraceId } = answer.notFound;
    const trace = clerkTraceId ? ` [clerk trace id ${clerkTraceId}]` : '';
    throw new BackendApiError(
      `Backend API GET /${options.apiVersion}/${resource.path}/${encodeURIComponent(String(id))}: not found (HTTP 404)${trace}.`,
      { status: 404, errors: structuredClone(errors), clerkTraceId },
    );
  }

  return {
    users: { getUser: (userId) => get(USERS, userId) },
    organizations: {
      getOrganization: async (params) => {
        const { idOrSlug, includeMembersCount } = organizationTarget(params);
        return get(ORGANIZATIONS, idOrSlug, includeMembersCount ? MEMBERS_COUNTED : undefined);
      },
    },
    lookups: {
      findUser: (userId) => find(USERS, userId),
      findOrganization: (idOrSlug) => find(ORGANIZATIONS, idOrSlug),
    },
  };
}

/**
 * Tells Clerk instances apart in a shared store: org slugs are only unique per instance. A short
 * hash of the secret key reveals nothing usable about it.
 */
export function instanceFingerprint(options: BackendApiSettings): string {
  const input = `${options.apiUrl}\n${options.apiVersion}\n${options.secretKey ?? ''}`;
  const digest = sha1(new TextEncoder().encode(input));
  let hex = '';
  for (const byte of digest.subarray(0, 8)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
