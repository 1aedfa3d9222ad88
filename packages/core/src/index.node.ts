// Node entry (the `node` export condition): node:crypto with cached KeyObjects, Buffer decoding.
import { createCoreApi } from './core-api.js';
import { nodePlatform } from './crypto/node-platform.js';

export * from './shared-exports.js';

const core = createCoreApi(nodePlatform);
export const createAuthenticator = core.createAuthenticator;
export const verifyToken = core.verifyToken;
/** Which signature implementation this entry uses. */
export const cryptoRuntime: 'node' | 'webcrypto' = nodePlatform.name;
