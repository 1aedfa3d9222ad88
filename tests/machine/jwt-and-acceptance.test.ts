import { createAuthenticator } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer, machineAuthenticator } from './helpers.js';

describe('JWT machine tokens, verified locally (SPEC §9.3)', () => {
  let issuer: TestIssuer;
  let idp: TestIssuer;
  beforeAll(async () => {
    [issuer, idp] = await Promise.all([createTestIssuer(), createTestIssuer({ alg: 'ES256' })]);
  });
  beforeEach(() => {
    issuer.resetStats();
    idp.resetStats();
  });
  afterAll(() => Promise.all([issuer.close(), idp.close()]));

  const requests = (i: TestIssuer) => i.stats.apiRequests + i.stats.machineVerifications;

  it('an M2M JWT signs in with no Backend API request', async () => {
    const { id, token } = await issuer.createM2MToken({
      machineId: 'mch_1',
      scopes: ['mch_2'],
      format: 'jwt',
    });
    const app = machineAuthenticator(issuer, 'm2m_token');
    const state = await app.authenticateRequest(bearer(token));
    expect(state.status).toBe('signed-in');
    expect(state.auth).toMatchObject({ tokenType: 'm2m_token', id, machineId: 'mch_1', scopes: ['mch_2'] });
    await app.authenticateRequest(bearer(token)); // cached: still nothing
    expect(requests(issuer)).toBe(0);
  });

  it('an OAuth at+jwt signs in with no Backend API request', async () => {
    const { token } = await issuer.createOAuthToken({
      userId: 'user_1',
      clientId: 'client_1',
      scopes: ['profile', 'email'],
      format: 'jwt',
    });
    const app = machineAuthenticator(issuer, 'oauth_token');
    const state = await app.authenticateRequest(bearer(token));
    expect(state.auth).toMatchObject({
      tokenType: 'oauth_token',
      userId: 'user_1',
      clientId: 'client_1',
      scopes: ['profile', 'email'],
    });
    expect(requests(issuer)).toBe(0);
  });

  it('an RFC 9068 access token from a non-Clerk issuer verifies in jwksUrl mode, with its time checks', async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: idp.alg, kid: idp.currentKid, typ: 'application/at+jwt' };
    const claims = {
      iss: 'https://idp.example',
      sub: 'user_42',
      client_id: 'svc',
      scope: 'read write',
      jti: 'at_1',
      iat: now,
    };
    const app = createAuthenticator({ jwksUrl: idp.jwksUrl, acceptsToken: ['session_token', 'oauth_token'] });
    const valid = await idp.signJwt(header, { ...claims, exp: now + 60 });
    const state = await app.authenticateRequest(bearer(valid));
    expect(state.auth).toMatchObject({
      tokenType: 'oauth_token',
      subject: 'user_42',
      clientId: 'svc',
      scopes: ['read', 'write'],
    });
    const expired = await idp.signJwt(header, { ...claims, exp: now - 600 });
    expect((await app.authenticateRequest(bearer(expired))).reason).toBe('token-expired');
    const forged = `${valid.slice(0, valid.lastIndexOf('.'))}.${'A'.repeat(86)}`;
    expect((await app.authenticateRequest(bearer(forged))).reason).toBe('token-invalid-signature');
  });

  it('an M2M JWT whose cat is not the M2M category is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await issuer.signJwt(
      { alg: issuer.alg, kid: issuer.currentKid, typ: 'JWT', cat: 'cl_B7d4PD111AAA' },
      { sub: 'mch_1', iat: now, exp: now + 60 },
    );
    const app = createAuthenticator({ jwksUrl: issuer.jwksUrl, acceptsToken: 'm2m_token' });
    expect((await app.authenticateRequest(bearer(token))).reason).toBe('token-type-mismatch');
  });
});

describe('which types are verified (SPEC §9.2, §3.7)', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  beforeEach(() => issuer.resetStats());
  afterAll(() => issuer.close());

  const options = () => ({ jwksUrl: issuer.jwksUrl, secretKey: issuer.secretKey, apiUrl: issuer.url });

  it('by default a machine token is token-type-mismatch with no call, and a session token still signs in', async () => {
    const app = createAuthenticator(options());
    const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k' });
    const m2m = await issuer.createM2MToken({ machineId: 'mch_1', format: 'jwt' });
    for (const token of [secret, m2m.token]) {
      const state = await app.authenticateRequest(bearer(token));
      expect(state.reason).toBe('token-type-mismatch');
    }
    const session = await app.authenticateRequest(
      bearer(await issuer.mintSessionToken({ userId: 'user_1' })),
    );
    expect(session.tokenType).toBe('session_token');
    expect(session.auth.userId).toBe('user_1');
    expect(issuer.stats.machineVerifications).toBe(0);
  });

  it('authenticateRequest(req, { acceptsToken }) verifies a type the middleware does not, and only that one', async () => {
    const app = createAuthenticator(options());
    const { secret } = issuer.createApiKey({ subject: 'user_5', name: 'k' });
    const state = await app.authenticateRequest(bearer(secret), { acceptsToken: 'api_key' });
    expect(state.status).toBe('signed-in');
    // Typed by acceptsToken: the API-key object or signed out, no cast.
    if (state.auth.isAuthenticated) expect(state.auth.name).toBe('k');
    const session = await issuer.mintSessionToken({ userId: 'user_1' });
    const refused = await app.authenticateRequest(bearer(session), { acceptsToken: 'api_key' });
    expect(refused.reason).toBe('token-type-mismatch');
    expect(refused.tokenType).toBe('session_token');
    expect(issuer.stats.machineVerifications).toBe(1);
  });

  it('a machine token in a cookie is token-type-mismatch, with no call', async () => {
    const app = createAuthenticator({ ...options(), acceptsToken: 'any' });
    const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k' });
    const state = await app.authenticateRequest({ headers: { cookie: `__session=${secret}` } });
    expect(state.reason).toBe('token-type-mismatch');
    expect(issuer.stats.machineVerifications).toBe(0);
  });

  it('a value that is neither a JWT nor a machine token is token-invalid', async () => {
    const app = createAuthenticator({ ...options(), acceptsToken: 'api_key' });
    const state = await app.authenticateRequest(bearer('garbage'));
    expect(state.reason).toBe('token-invalid');
    expect(state.tokenType).toBeNull();
  });

  it('a bad per-call acceptsToken rejects naming the option', async () => {
    const app = createAuthenticator(options());
    // @ts-expect-error: not a token type
    await expect(app.authenticateRequest(bearer('ak_x'), { acceptsToken: 'password' })).rejects.toThrow(
      /acceptsToken/,
    );
  });
});
