// Adapter entry (`@sessionguard/core/adapter`, default condition): what only framework adapters call.
// Bound to the root entry's crypto platform (WebCrypto), like the authenticators it builds.
import { createAuthenticator } from './index.js';
import {
  type AuthenticatorInput,
  createTenantResolver as resolverWith,
  type TenantResolver,
} from './tenant.js';

export * from './adapter-exports.js';

/** The authenticator of each request: one per tenant, built once (see tenant.ts). */
export function createTenantResolver<Req>(input: AuthenticatorInput<Req> | undefined): TenantResolver<Req> {
  return resolverWith(input, createAuthenticator);
}
