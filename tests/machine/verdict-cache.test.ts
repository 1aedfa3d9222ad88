import { type AuthOptions, createAuthenticator } from '@sessionguard/core';
import { authenticateEagerly } from '@sessionguard/core/adapter';
import { describe, expect, it } from 'vitest';
import {
  bearer,
  fakeClock,
  machineAuthenticator,
  machineIssuerPerFile,
  randomApiKeyLike,
} from './helpers.js';

describe('the verdict cache (SPEC §9.4)', () => {
  const files = machineIssuerPerFile();

  const apiKeyApp = (extra: Omit<AuthOptions, 'acceptsToken'> = {}) =>
    machineAuthenticator(files.issuer, ['session_token', 'api_key'], extra);

  it('1,000 requests with one key cost one Backend API call', async () => {
    const { secret } = files.issuer.createApiKey({ subject: 'user_1', name: 'k' });
    const app = apiKeyApp();
    for (let i = 0; i < 1_000; i++) {
      const state = await app.authenticateRequest(bearer(secret));
      expect(state.status).toBe('signed-in');
    }
    expect(files.issuer.stats.machineVerifications).toBe(1);
  });

  it('a revoked key keeps working within the TTL and is refused once it has passed', async () => {
    const clock = fakeClock();
    const app = apiKeyApp({ now: clock.now, machineTokenCacheTtlInMs: 10_000 });
    const { id, secret } = files.issuer.createApiKey({ subject: 'user_1', name: 'k' });
    expect((await app.authenticateRequest(bearer(secret))).status).toBe('signed-in');
    files.issuer.revokeApiKey(id);
    clock.advance(9_000);
    expect((await app.authenticateRequest(bearer(secret))).status).toBe('signed-in');
    clock.advance(1_001);
    const refused = await app.authenticateRequest(bearer(secret));
    expect(refused.reason).toBe('token-invalid');
    expect(files.issuer.stats.machineVerifications).toBe(2);
  });

  it('a verdict is never kept past the token expiration', async () => {
    const clock = fakeClock();
    const app = apiKeyApp({ now: clock.now, machineTokenCacheTtlInMs: 60_000 });
    const { secret } = files.issuer.createApiKey({ subject: 'user_1', name: 'k', expiresInSeconds: 5 });
    expect((await app.authenticateRequest(bearer(secret))).status).toBe('signed-in');
    clock.advance(6_000);
    expect((await app.authenticateRequest(bearer(secret))).reason).toBe('token-invalid');
  });

  it('with machineTokenCacheTtlInMs 0 every request asks', async () => {
    const { secret } = files.issuer.createApiKey({ subject: 'user_1', name: 'k' });
    const app = apiKeyApp({ machineTokenCacheTtlInMs: 0 });
    for (let i = 0; i < 3; i++) await app.authenticateRequest(bearer(secret));
    expect(files.issuer.stats.machineVerifications).toBe(3);
  });

  it('concurrent requests with one token share one call (single flight)', async () => {
    files.issuer.setMachineVerifyDelay(100);
    const { secret } = files.issuer.createApiKey({ subject: 'user_1', name: 'k' });
    const app = apiKeyApp();
    const states = await Promise.all(
      Array.from({ length: 50 }, () => app.authenticateRequest(bearer(secret))),
    );
    expect(states.every((state) => state.status === 'signed-in')).toBe(true);
    expect(files.issuer.stats.machineVerifications).toBe(1);
  });

  it('a flood of 5,000 distinct random ak_ strings peaks at machineVerifyConcurrency, answers no crash', async () => {
    files.issuer.setMachineVerifyDelay(20);
    const app = apiKeyApp({ machineVerifyConcurrency: 8, apiTimeoutInMs: 2_000 });
    const states = await Promise.all(
      Array.from({ length: 5_000 }, () => app.authenticateRequest(bearer(randomApiKeyLike()))),
    );
    expect(files.issuer.stats.machineVerificationPeakConcurrency).toBe(8);
    expect(states.every((state) => state.status === 'signed-out')).toBe(true);
    const reasons = new Set(states.map((state) => state.reason));
    for (const reason of reasons)
      expect(['token-invalid', 'token-verification-unavailable']).toContain(reason);
    // 5,000 × 20 ms / 8 slots is far past apiTimeoutInMs: the late ones gave up waiting.
    expect(reasons.has('token-verification-unavailable')).toBe(true);
    // The process is up and the authenticator still answers.
    files.issuer.setMachineVerifyDelay(0);
    const { secret } = files.issuer.createApiKey({ subject: 'user_1', name: 'k' });
    expect((await app.authenticateRequest(bearer(secret))).status).toBe('signed-in');
  }, 30_000);

  it('an app that does not accept API keys makes 0 calls for the same flood', async () => {
    const app = createAuthenticator({
      jwksUrl: files.issuer.jwksUrl,
      secretKey: files.issuer.secretKey,
      apiUrl: files.issuer.url,
    });
    const states = await Promise.all(
      Array.from({ length: 5_000 }, () => app.authenticateRequest(bearer(randomApiKeyLike()))),
    );
    expect(
      states.every((state) => state.reason === 'token-type-mismatch' && state.tokenType === 'api_key'),
    ).toBe(true);
    expect(files.issuer.stats.machineVerifications).toBe(0);
  });

  /** An auth object's data, its methods aside (two objects' closures are never equal). */
  const fieldsOf = (auth: object | undefined) =>
    Object.fromEntries(Object.entries(auth ?? {}).filter(([, value]) => typeof value !== 'function'));

  // A kept verdict is answered at once with one frozen object: checked against the plain way (a
  // fresh authenticator's first verification of the same key, through the Backend API).
  it('a kept verdict answers at once (no promise), with one frozen auth object equal to a first verification', async () => {
    const { secret } = files.issuer.createApiKey({
      subject: 'user_1',
      name: 'k',
      scopes: ['read'],
      claims: { tier: { level: 2 } },
    });
    const app = apiKeyApp();
    const first = authenticateEagerly(app, bearer(secret));
    expect(first).toBeInstanceOf(Promise);
    const firstState = await first;
    const again = authenticateEagerly(app, bearer(secret));
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toBe(firstState);
    if (again instanceof Promise || again.auth.tokenType !== 'api_key') throw new Error('not an API key');
    expect(Object.isFrozen(again)).toBe(true);
    expect(Object.isFrozen(again.auth)).toBe(true);
    expect(Object.isFrozen(again.auth.scopes)).toBe(true);

    const plain = await apiKeyApp().authenticateRequest(bearer(secret));
    expect(fieldsOf(again.auth)).toEqual(fieldsOf(plain.auth));
    expect(again.auth.has({ scope: 'read' })).toBe(true);
    expect(await again.auth.getToken()).toBe(secret);
    expect(files.issuer.stats.machineVerifications).toBe(2);
  });

  it('a kept M2M JWT verification keeps its auth object: the same frozen one on each repeat', async () => {
    const { token } = files.issuer.createM2MToken({ machineId: 'mch_1', format: 'jwt', scopes: ['jobs'] });
    const app = machineAuthenticator(files.issuer, 'm2m_token');
    const states = [];
    for (let i = 0; i < 3; i++) states.push(await app.authenticateRequest(bearer(token)));
    expect(states.map((state) => state.status)).toEqual(['signed-in', 'signed-in', 'signed-in']);
    // From the first repeat on the verification is kept, and its auth object with it.
    expect(states[2]?.auth).toBe(states[1]?.auth);
    expect(Object.isFrozen(states[2]?.auth)).toBe(true);
    expect(fieldsOf(states[0]?.auth)).toEqual(fieldsOf(states[2]?.auth));
    expect(files.issuer.stats.machineVerifications).toBe(0);
  });

  it('a store of your own is read on every request: a verdict it no longer holds is asked for again', async () => {
    const entries = new Map<string, unknown>();
    let reads = 0;
    const cacheStore = {
      get: (key: string) => {
        reads += 1;
        return entries.get(key);
      },
      set: (key: string, value: unknown) => {
        entries.set(key, value);
      },
      delete: (key: string) => {
        entries.delete(key);
      },
    };
    const { secret } = files.issuer.createApiKey({ subject: 'user_1', name: 'k' });
    const app = apiKeyApp({ cacheStore });
    for (let i = 0; i < 3; i++)
      expect((await app.authenticateRequest(bearer(secret))).status).toBe('signed-in');
    expect(reads).toBe(3);
    expect(files.issuer.stats.machineVerifications).toBe(1);
    entries.clear(); // purged by hand (or evicted): the next request asks the Backend API
    expect((await app.authenticateRequest(bearer(secret))).status).toBe('signed-in');
    expect(files.issuer.stats.machineVerifications).toBe(2);
  });

  it('an unknown key is asked about once and its 404 kept, with the default store, then asked again after lookupNotFoundTtlInMs', async () => {
    const clock = fakeClock();
    const app = apiKeyApp({ now: clock.now, lookupNotFoundTtlInMs: 5_000 });
    const unknown = randomApiKeyLike();
    for (let i = 0; i < 3; i++)
      expect((await app.authenticateRequest(bearer(unknown))).reason).toBe('token-invalid');
    expect(files.issuer.stats.machineVerifications).toBe(1);
    clock.advance(5_000);
    expect((await app.authenticateRequest(bearer(unknown))).reason).toBe('token-invalid');
    expect(files.issuer.stats.machineVerifications).toBe(2);
  });
});
