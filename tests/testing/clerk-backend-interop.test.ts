import { type ClerkClient, createClerkClient } from '@clerk/backend';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Clerk's own `@clerk/backend`, pointed at the test issuer, parses what the issuer answers into the
 * same resources Clerk's real Backend API gives it: the emulation is checked by Clerk's client.
 */
describe("test issuer ↔ Clerk's @clerk/backend (issue 18 item 5)", () => {
  let issuer: TestIssuer;
  let clerk: ClerkClient;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    clerk = createClerkClient({
      apiUrl: issuer.url,
      secretKey: issuer.secretKey,
      publishableKey: issuer.publishableKey,
    });
  });
  afterAll(() => issuer.close());

  const status = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: unknown) => (error as { status?: unknown }).status,
    );

  it('apiKeys.verify returns the APIKey resource, revoked and expired included', async () => {
    const { id, secret } = issuer.createApiKey({
      subject: 'org_1',
      name: 'reporting',
      scopes: ['read:reports'],
      claims: { team: 'ops' },
      expiresInSeconds: 600,
    });
    const before = issuer.stats.machineVerifications;
    const key = await clerk.apiKeys.verify(secret);
    expect(issuer.stats.machineVerifications).toBe(before + 1);
    expect(key).toMatchObject({
      id,
      type: 'api_key',
      name: 'reporting',
      subject: 'org_1',
      scopes: ['read:reports'],
      claims: { team: 'ops' },
      revoked: false,
      revocationReason: null,
      expired: false,
      createdBy: null,
      description: null,
    });
    expect(key.expiration).toBeGreaterThan(Date.now());
    expect(typeof key.createdAt).toBe('number');

    // Clerk documents that verify throws for a revoked or expired key: our 404.
    issuer.revokeApiKey(id);
    expect(await status(clerk.apiKeys.verify(secret))).toBe(404);
    const expired = issuer.createApiKey({ subject: 'user_1', name: 'old', expiresInSeconds: 0 });
    expect(await status(clerk.apiKeys.verify(expired.secret))).toBe(404);

    // In 'flags' mode Clerk's client parses the flags (and would not refuse the key by itself).
    issuer.setInactiveTokenAnswer('flags');
    try {
      const revoked = await clerk.apiKeys.verify(secret);
      expect(revoked).toMatchObject({ id, revoked: true, expired: false });
      expect(typeof revoked.revocationReason).toBe('string');
      expect((await clerk.apiKeys.verify(expired.secret)).expired).toBe(true);
    } finally {
      issuer.setInactiveTokenAnswer('not-found');
    }
  });

  it('m2m.verify returns the M2MToken resource, with the secret key or the machine secret key', async () => {
    const { id, token } = await issuer.createM2MToken({
      machineId: 'mch_1',
      scopes: ['mch_2'],
      claims: { region: 'eu' },
    });
    const viaSecretKey = await clerk.m2m.verify({ token });
    const viaMachineKey = await clerk.m2m.verify({ token, machineSecretKey: issuer.machineSecretKey });
    const machineClient = createClerkClient({
      apiUrl: issuer.url,
      machineSecretKey: issuer.machineSecretKey,
    });
    const viaMachineClient = await machineClient.m2m.verify({ token });
    for (const found of [viaSecretKey, viaMachineKey, viaMachineClient]) {
      expect(found).toMatchObject({
        id,
        subject: 'mch_1',
        scopes: ['mch_2'],
        claims: { region: 'eu' },
        revoked: false,
        revocationReason: null,
        expired: false,
        expiration: null,
      });
    }
    issuer.revokeM2MToken(id);
    expect(await status(clerk.m2m.verify({ token }))).toBe(404);
  });

  it("m2m.verify checks an M2M JWT locally against the issuer's /v1/jwks and reads its claims", async () => {
    const { id, token } = await issuer.createM2MToken({
      machineId: 'mch_1',
      scopes: ['mch_2', 'mch_3'],
      claims: { region: 'eu' },
      format: 'jwt',
    });
    const before = issuer.stats.machineVerifications;
    const found = await clerk.m2m.verify({ token });
    expect(issuer.stats.machineVerifications).toBe(before); // local: no verify call
    expect(found).toMatchObject({
      id,
      subject: 'mch_1',
      scopes: ['mch_2', 'mch_3'],
      revoked: false,
      expired: false,
    });
    expect(found.claims).toMatchObject({ region: 'eu' });
  });

  it('idPOAuthAccessToken.verify returns the IdPOAuthAccessToken resource, opaque and JWT', async () => {
    const opaque = await issuer.createOAuthToken({
      userId: 'user_1',
      clientId: 'client_1',
      scopes: ['profile'],
    });
    const found = await clerk.idPOAuthAccessToken.verify(opaque.token);
    expect(found).toMatchObject({
      id: opaque.id,
      clientId: 'client_1',
      type: 'oauth_token',
      subject: 'user_1',
      scopes: ['profile'],
      revoked: false,
      revocationReason: null,
      expired: false,
    });

    const jwt = await issuer.createOAuthToken({
      userId: 'user_1',
      clientId: 'client_1',
      audience: 'https://api.example.test',
      format: 'jwt',
    });
    const viaJwt = await clerk.idPOAuthAccessToken.verify(jwt.token, {
      audience: 'https://api.example.test',
    });
    expect(viaJwt).toMatchObject({ id: jwt.id, subject: 'user_1', aud: ['https://api.example.test'] });

    issuer.revokeOAuthToken(opaque.id);
    expect(await status(clerk.idPOAuthAccessToken.verify(opaque.token))).toBe(404);
  });

  it("Clerk's client sees our 404 and 401 as Clerk API errors with their status and code", async () => {
    expect(await status(clerk.apiKeys.verify('ak_unknown'))).toBe(404);
    expect(await status(clerk.m2m.verify({ token: 'mt_unknown' }))).toBe(404);
    expect(await status(clerk.idPOAuthAccessToken.verify('oat_unknown'))).toBe(404);

    const wrong = createClerkClient({ apiUrl: issuer.url, secretKey: 'sk_test_wrong' });
    const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k' });
    const error = await wrong.apiKeys.verify(secret).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 401, errors: [{ code: 'authentication_invalid' }] });
  });

  it("authenticateRequest({ acceptsToken: 'api_key' }) signs a request in through the issuer", async () => {
    const { id, secret } = issuer.createApiKey({ subject: 'user_1', name: 'k', scopes: ['read'] });
    const request = new Request('http://localhost:3000/api', {
      headers: { authorization: `Bearer ${secret}` },
    });
    const state = await clerk.authenticateRequest(request, { acceptsToken: 'api_key' });
    expect(state.isAuthenticated).toBe(true);
    expect(state.toAuth()).toMatchObject({ tokenType: 'api_key', id, userId: 'user_1', scopes: ['read'] });

    issuer.revokeApiKey(id);
    const refused = await clerk.authenticateRequest(request, { acceptsToken: 'api_key' });
    expect(refused.isAuthenticated).toBe(false);
  });
});
