// Adapter entry under the `node` condition: as adapter.ts, bound to the node:crypto root entry.
import { bindTenantResolver } from './core-api.js';
import { createAuthenticator } from './index.node.js';

export * from './adapter-exports.js';

export const createTenantResolver = bindTenantResolver(createAuthenticator);
