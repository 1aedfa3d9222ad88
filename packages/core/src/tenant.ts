import { LRUCache } from 'lru-cache';
import type { AnyAuthenticator } from './authenticator.js';
import { ConfigurationError } from './errors.js';
import type { AuthOptions } from './options.js';
import type { MaybePromise } from './types/maybe-promise.js';

/** One tenant: its options, or a ready authenticator. */
export type Tenant = AuthOptions | AnyAuthenticator;

/** Chooses the tenant of a request (by host, say); may be async (a tenant table in a database). */
export type TenantFunction<Req> = (request: Req) => Tenant | PromiseLike<Tenant>;

/** What `clerkMiddleware` accepts: options, a ready authenticator, or a per-request choice of either. */
export type AuthenticatorInput<Req> = Tenant | TenantFunction<Req>;

/**
 * The authenticator of a request: returned as is when the tenant is at hand, else a promise of it.
 * `source` names what the middleware was given (its one authenticator, or its tenant function), so a
 * second middleware can tell whether it would have chosen differently without asking the tenant.
 */
export type TenantResolver<Req> = ((request: Req) => MaybePromise<AnyAuthenticator>) & {
  readonly source: object;
};

function isAuthenticator(value: unknown): value is AnyAuthenticator {
  return typeof (value as AnyAuthenticator | null)?.authenticateRequest === 'function';
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

const MAX_TENANTS = 1_000;
/** `clerkMiddleware()`: one object, so two such middlewares are known to be given the same. */
const NO_OPTIONS: AuthOptions = Object.freeze({});
let nextObjectId = 0;

/**
 * A stable key for an options object, so a fresh literal per request (a row from a database) still
 * maps to one tenant. Functions and class instances (a logger, a cache store with its client) are
 * named by identity: they are compared, never serialized.
 */
function optionsKey(options: AuthOptions, objectIds: WeakMap<object, number>): string {
  return JSON.stringify(options, (_key, value: unknown) => {
    if (value instanceof RegExp) return `[re ${value.toString()}]`;
    const byIdentity =
      typeof value === 'function' ||
      (typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.getPrototypeOf(value) !== Object.prototype &&
        Object.getPrototypeOf(value) !== null);
    if (!byIdentity) return value;
    let id = objectIds.get(value as object);
    if (id === undefined) {
      id = nextObjectId++;
      objectIds.set(value as object, id);
    }
    return `[object ${id}]`;
  });
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** Options or an authenticator; anything else (an unknown host's `undefined`) must not fall back to env. */
function checkTenant(value: unknown, mistake: (given: string) => string): Tenant {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Tenant;
  throw new ConfigurationError('invalid-option', mistake(describe(value)));
}

const badInput = (given: string) =>
  `clerkMiddleware(input) was given ${given}; input must be AuthOptions, an Authenticator or a tenant function (request) => AuthOptions | Authenticator.`;
const badChoice = (given: string) =>
  `The tenant function of clerkMiddleware returned ${given}; it must return AuthOptions or an Authenticator (or a promise of one), or throw to refuse the request.`;

/**
 * Turns the middleware's input into "the authenticator for this request". Options are built into an
 * authenticator once; the function form (sync or async) caches one authenticator per distinct tenant.
 * Throws (or rejects, for an async tenant function) when the tenant function fails or its options
 * cannot work: the adapter sends that to the app's error path.
 */
export function createTenantResolver<Req>(
  input: AuthenticatorInput<Req> | undefined,
  create: (options: AuthOptions) => AnyAuthenticator,
): TenantResolver<Req> {
  if (typeof input !== 'function') {
    const tenant = input === undefined ? NO_OPTIONS : checkTenant(input, badInput);
    const authenticator = isAuthenticator(tenant) ? tenant : create(tenant);
    return Object.assign(() => authenticator, { source: tenant });
  }
  const byIdentity = new WeakMap<object, AnyAuthenticator>();
  const byKey = new LRUCache<string, AnyAuthenticator>({ max: MAX_TENANTS });
  const objectIds = new WeakMap<object, number>();
  const authenticatorOf = (chosen: unknown): AnyAuthenticator => {
    const tenant = checkTenant(chosen, badChoice);
    if (isAuthenticator(tenant)) return tenant;
    let authenticator = byIdentity.get(tenant);
    if (authenticator !== undefined) return authenticator;
    const key = optionsKey(tenant, objectIds);
    authenticator = byKey.get(key);
    if (authenticator === undefined) {
      authenticator = create(tenant);
      byKey.set(key, authenticator);
    }
    byIdentity.set(tenant, authenticator);
    return authenticator;
  };
  const resolve = (request: Req): MaybePromise<AnyAuthenticator> => {
    const chosen = input(request);
    // A sync tenant function stays sync: no promise, no microtask before the route runs.
    return isPromiseLike(chosen) ? Promise.resolve(chosen).then(authenticatorOf) : authenticatorOf(chosen);
  };
  return Object.assign(resolve, { source: input });
}
