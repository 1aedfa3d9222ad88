import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestIssuer } from '@sessionguard/testing';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
export const USER_ID = 'user_2benchmarkUser0000000001';
export const AUDIENCE = 'https://api.sessionguard.bench';

/**
 * Starts the test issuer (it keeps serving the JWKS for express-oauth2-jwt-bearer) and writes what the
 * child processes need: the PEM, one repeated token, and a pool of distinct tokens (first sight).
 * Tokens carry `aud` (express-oauth2-jwt-bearer requires it) and live for three hours.
 */
export async function createFixture({ poolSize }) {
  const issuer = await createTestIssuer();
  const mint = () =>
    issuer.mintSessionToken({ userId: USER_ID, expiresInSeconds: 3 * 3600, claims: { aud: AUDIENCE } });
  const token = await mint();
  const pool = [];
  for (let i = 0; i < poolSize; i++) pool.push(await mint());
  mkdirSync(RESULTS_DIR, { recursive: true });
  const fixture = {
    userId: USER_ID,
    audience: AUDIENCE,
    issuer: issuer.url,
    jwksUrl: issuer.jwksUrl,
    publicKeyPem: issuer.publicKeyPem,
    token,
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
