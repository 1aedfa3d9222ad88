import { LRUCache } from 'lru-cache';
import type { Authenticator } from './authenticator.js';
import type { AuthOptions } from './options.js';

/** What `clerkMiddleware` accepts: options, a ready authenticator, or a per-request choice of either. */
export type AuthenticatorInput<Req> =
  | AuthOptions
  | Authenticator
  | ((request: Req) => AuthOptions | Authenticator);

export function isAuthenticator(value: unknown): value is Authenticator {
  return typeof (value as Authenticator | null)?.authenticateRequest === 'function';
}

const MAX_TENANTS = 1_000;
let nextFunctionId = 0;

/** A stable key for an options object, so a fresh literal per request still maps to one tenant. */
function optionsKey(options: AuthOptions, functionIds: WeakMap<object, number>): string {
  return JSON.stringify(options, (_key, value: unknown) => {
    if (typeof value === 'function') {
      let id = functionIds.get(value);
      if (id === undefined) {
        id = nextFunctionId++;
        functionIds.set(value, id);
      }
      return `[fn ${id}]`;
    }
    if (value instanceof RegExp) return `[re ${value.toString()}]`;
    return value;
  });
}

/**
 * Turns the middleware's input into "the authenticator for this request". Options are built into an
 * authenticator once; the function form caches one authenticator per distinct tenant.
 */
export function createTenantResolver<Req>(
  input: AuthenticatorInput<Req> | undefined,
  create: (options: AuthOptions) => Authenticator,
): (request: Req) => Authenticator {
  if (typeof input !== 'function') {
    const authenticator = isAuthenticator(input) ? input : create(input ?? {});
    return () => authenticator;
  }
  const byIdentity = new WeakMap<object, Authenticator>();
  const byKey = new LRUCache<string, Authenticator>({ max: MAX_TENANTS });
  const functionIds = new WeakMap<object, number>();
  return (request) => {
    const chosen = input(request);
    if (isAuthenticator(chosen)) return chosen;
    let authenticator = byIdentity.get(chosen);
    if (authenticator !== undefined) return authenticator;
    const key = optionsKey(chosen, functionIds);
    authenticator = byKey.get(key);
    if (authenticator === undefined) {
      authenticator = create(chosen);
      byKey.set(key, authenticator);
    }
    byIdentity.set(chosen, authenticator);
    return authenticator;
  };
}
