// Adapter entry under the `node` condition: as adapter.ts, bound to the node:crypto root entry.
import { createAuthenticator } from './index.node.js';
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
