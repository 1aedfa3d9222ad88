import {
  type AuthOptions,
  type CacheStore,
  createAuthenticator,
  isInfrastructureReason,
  TokenVerificationError,
} from '@sessionguard/core';
import { describe, expect, it } from 'vitest';
import { bearer, fakeClock, machineAuthenticator, machineIssuerPerFile } from './helpers.js';

describe('opaque machine tokens through the Backend API (SPEC §9.3)', () => {
  const files = machineIssuerPerFile();

  const machineApp = (extra: Omit<AuthOptions, 'acceptsToken'> = {}) =>
    machineAuthenticator(files.issuer, 'any', extra);

  it('an API key signs in with Clerk field names and the API-key type', async () => {
    const { id, secret } = files.issuer.createApiKey({
      subject: 'org_9',
      name: 'ci',
      scopes: ['read:reports'],
      claims: { team: 'ops' },
    });
    const state = await machineApp().authenticateRequest(bearer(secret));
    expect(state.status).toBe('signed-in');
    expect(state.tokenType).toBe('api_key');
    expect(state.auth).toMatchObject({
      isAuthenticated: true,
      tokenType: 'api_key',
      id,
      subject: 'org_9',
      name: 'ci',
      scopes: ['read:reports'],
      claims: { team: 'ops' },
      userId: null,
      orgId: 'org_9',
    });
    if (state.auth.tokenType !== 'api_key' || !state.auth.isAuthenticated) throw new Error('narrowing');
    expect(state.auth.has({ scope: 'read:reports' })).toBe(true);
    expect(state.auth.has({ scope: 'write:reports' })).toBe(false);
    expect(await state.auth.getToken()).toBe(secret);
    expect(files.issuer.stats.machineVerifications).toBe(1);
  });

  it('an opaque M2M token is verified with machineSecretKey, an OAuth token with the secret key', async () => {
    const m2m = await files.issuer.createM2MToken({ machineId: 'mch_1', scopes: ['mch_2'] });
    const oauth = await files.issuer.createOAuthToken({
      userId: 'user_1',
      clientId: 'client_1',
      scopes: ['profile'],
    });
    // A wrong secretKey proves the M2M call used machineSecretKey.
    const app = machineApp({
      secretKey: `sk_test_${'0'.repeat(40)}`,
      machineSecretKey: files.issuer.machineSecretKey,
    });
    const m2mState = await app.authenticateRequest(bearer(m2m.token));
    expect(m2mState.auth).toMatchObject({
      tokenType: 'm2m_token',
      id: m2m.id,
      machineId: 'mch_1',
      scopes: ['mch_2'],
    });
    const oauthState = await machineApp().authenticateRequest(bearer(oauth.token));
    expect(oauthState.auth).toMatchObject({
      tokenType: 'oauth_token',
      id: oauth.id,
      userId: 'user_1',
      clientId: 'client_1',
      scopes: ['profile'],
    });
  });

  it('unknown tokens are token-invalid with Clerk messages, and a 404 is remembered for lookupNotFoundTtlInMs', async () => {
    const clock = fakeClock();
    const app = machineApp({ now: clock.now, lookupNotFoundTtlInMs: 1_000 });
    const cases = [
      ['ak_unknown', 'API key not found'],
      ['mt_unknown', 'Machine token not found'],
      ['oat_unknown', 'OAuth token not found'],
    ] as const;
    for (const [token, message] of cases) {
      const state = await app.authenticateRequest(bearer(token));
      expect(state.status).toBe('signed-out');
      expect(state.reason).toBe('token-invalid');
      expect(state.auth.isAuthenticated ? '' : state.auth.message).toBe(message);
    }
    expect(files.issuer.stats.machineVerifications).toBe(3);
    await app.authenticateRequest(bearer('ak_unknown'));
    expect(files.issuer.stats.machineVerifications).toBe(3);
    clock.advance(1_001);
    await app.authenticateRequest(bearer('ak_unknown'));
    expect(files.issuer.stats.machineVerifications).toBe(4);
  });

  it('a 200 that says revoked is not trusted', async () => {
    files.issuer.setInactiveTokenAnswer('flags');
    const { id, secret } = files.issuer.createApiKey({ subject: 'user_1', name: 'k' });
    files.issuer.revokeApiKey(id);
    const state = await machineApp().authenticateRequest(bearer(secret));
    expect(state.reason).toBe('token-invalid');
  });

  it('a refused secret key is secret-key-invalid, an outage token-verification-unavailable: both infrastructure', async () => {
    const { secret } = files.issuer.createApiKey({ subject: 'user_1', name: 'k' });
    const refused = await machineApp({ secretKey: `sk_test_${'1'.repeat(40)}` }).authenticateRequest(
      bearer(secret),
    );
    expect(refused.reason).toBe('secret-key-invalid');
    expect(isInfrastructureReason('secret-key-invalid')).toBe(true);
    files.issuer.setOutage('error');
    const down = await machineApp().authenticateRequest(bearer(secret));
    expect(down.reason).toBe('token-verification-unavailable');
    expect(isInfrastructureReason('token-verification-unavailable')).toBe(true);
  });

  it('with no secret key, an opaque token is token-verification-unavailable and the message says to set it', async () => {
    const app = createAuthenticator({ jwksUrl: files.issuer.jwksUrl, acceptsToken: 'api_key' });
    const state = await app.authenticateRequest(bearer('ak_whatever'));
    expect(state.reason).toBe('token-verification-unavailable');
    expect(state.auth.isAuthenticated ? '' : state.auth.message).toMatch(/secretKey.*CLERK_SECRET_KEY/);
    expect(files.issuer.stats.machineVerifications).toBe(0);
  });

  it('verifyMachineToken answers the auth object or throws TokenVerificationError', async () => {
    const { secret } = files.issuer.createApiKey({ subject: 'user_7', name: 'k' });
    const app = machineApp();
    await expect(app.verifyMachineToken(secret)).resolves.toMatchObject({
      tokenType: 'api_key',
      userId: 'user_7',
    });
    const error = await app.verifyMachineToken('ak_nope').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenVerificationError);
    expect((error as TokenVerificationError).reason).toBe('token-invalid');
    expect((error as TokenVerificationError).message).not.toContain('ak_nope');
  });

  it('store keys are SHA-256 hashes: no raw token in a key, a value or a log', async () => {
    const keys: string[] = [];
    const values: string[] = [];
    const logged: string[] = [];
    const map = new Map<string, unknown>();
    const store: CacheStore = {
      get: (key) => map.get(key),
      set: (key, value) => {
        keys.push(key);
        values.push(JSON.stringify(value));
        map.set(key, value);
      },
      delete: (key) => {
        map.delete(key);
      },
    };
    const log = (message: string, fields?: Record<string, unknown>) =>
      logged.push(message + JSON.stringify(fields));
    const { secret } = files.issuer.createApiKey({ subject: 'user_1', name: 'k' });
    const app = machineApp({ cacheStore: store, logger: { debug: log } });
    await app.authenticateRequest(bearer(secret));
    await app.authenticateRequest(bearer('ak_not_a_key'));
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(/:[0-9a-f]{64}$/);
    for (const text of [...keys, ...values, ...logged]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain('ak_not_a_key');
    }
  });
});
