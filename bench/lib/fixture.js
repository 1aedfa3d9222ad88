import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestIssuer } from '@sessionguard/testing';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
export const USER_ID = 'user_2benchmarkUser0000000001';
export const USER_FIRST_NAME = 'Ada';
export const AUDIENCE = 'https://api.sessionguard.bench';

/**
 * Starts the test issuer and writes what the other processes need: the PEM, one repeated token, a
 * pool of distinct tokens (first sight), the issuer's Backend API (its URL and secret key), the user
 * the lookup route fetches and one API key of that user for the API-key route. Tokens carry `aud`
 * (express-oauth2-jwt-bearer requires it) and live for three hours. For the browser-cookie routes
 * (SPEC §12): the issuer's publishable key (a development instance: its Frontend API is the issuer),
 * one signed-in browser's `Cookie` header (`__session` living three hours, `__client_uat`,
 * `__clerk_db_jwt`) and a stale handshake nonce (one the issuer never issued: to its payload
 * endpoint, the same as a spent or expired one). Runs in issuer.js, a process of its own, so the
 * Backend API calls it answers take no CPU from the load generator's event loop.
 */
export async function createFixture({ poolSize }) {
  const issuer = await createTestIssuer();
  issuer.addUser({ id: USER_ID, first_name: USER_FIRST_NAME });
  const apiKey = issuer.createApiKey({ subject: USER_ID, name: 'bench', expiresInSeconds: 3 * 3600 });
  const mint = () =>
    issuer.mintSessionToken({ userId: USER_ID, expiresInSeconds: 3 * 3600, claims: { aud: AUDIENCE } });
  const token = await mint();
  const browserCookies = issuer.browserCookies({ userId: USER_ID, expiresInSeconds: 3 * 3600 });
  const pool = [];
  for (let i = 0; i < poolSize; i++) pool.push(await mint());
  mkdirSync(RESULTS_DIR, { recursive: true });
  const fixture = {
    userId: USER_ID,
    userFirstName: USER_FIRST_NAME,
    audience: AUDIENCE,
    issuer: issuer.url,
    jwksUrl: issuer.jwksUrl,
    publicKeyPem: issuer.publicKeyPem,
    token,
    // The issuer's Backend API: user lookups and POST /api_keys/verify (the ak_ secret of one key).
    apiUrl: issuer.url,
    secretKey: issuer.secretKey,
    apiKey: apiKey.secret,
    // A signed-in browser of the issuer's instance (the Cookie header it sends), and a nonce the
    // issuer's handshake payload endpoint refuses (400 invalid_nonce).
    publishableKey: issuer.publishableKey,
    browserCookies,
    staleNonce: randomBytes(24).toString('hex'),
    // Clerk wants a key pair of the right shape even when it verifies with jwtKey and no network.
    clerkPublishableKey: `pk_test_${Buffer.from('bench.clerk.accounts.dev$').toString('base64')}`,
    clerkSecretKey: `sk_test_${'b'.repeat(40)}`,
  };
  const fixturePath = join(RESULTS_DIR, 'fixture.json');
  const poolPath = join(RESULTS_DIR, 'token-pool.json');
  writeFileSync(fixturePath, JSON.stringify(fixture));
  writeFileSync(poolPath, JSON.stringify(pool));
  return { issuer, fixture, fixturePath, poolPath };
}
