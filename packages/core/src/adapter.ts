// Adapter entry (`@sessionguard/core/adapter`, default condition): what only framework adapters call,
// bound to the root entry's crypto platform (WebCrypto), like the authenticators it builds.
import { bindTenantResolver } from './core-api.js';
import { createAuthenticator } from './index.js';

export * from './adapter-exports.js';

export const createTenantResolver = bindTenantResolver(createAuthenticator);
