// Default entry: WebCrypto and fetch only (Node 20+, Bun, Deno, Workers).
import { createCoreApi } from './core-api.js';
import { webCryptoPlatform } from './crypto/webcrypto-platform.js';

export * from './shared-exports.js';

const core = createCoreApi(webCryptoPlatform);
export const createAuthenticator = core.createAuthenticator;
export const verifyToken = core.verifyToken;
/** Which signature implementation this entry uses. */
export const cryptoRuntime: 'node' | 'webcrypto' = webCryptoPlatform.name;
