import { createTestIssuer, M2M_TOKEN_CATEGORY, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer, decodeJwt, fetchJwks, verifiesWithJwk } from './helpers.js';

interface ClerkError {
  errors: Array<{ message: string; long_message: string; code: string; meta: Record<string, unknown> }>;
  clerk_trace_id: string;
}

const API_KEY = '/api_keys/verify';
const M2M = '/m2m_tokens/verify';
const OAUTH = '/oauth_applications/access_tokens/verify';

describe('test issuer: machine tokens (SPEC §8, §9.3)', () => {
  let issuer: TestIssuer;
  const verify = (path: string, body: unknown, key: string = issuer.secretKey) =>
    fetch(`${issuer.url}${path}`, {
      method: 'POST',
      headers: { ...bearer(key), 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  beforeEach(() => {
    issuer.setOutage(false);
    issuer.setMachineVerifyDelay(0);
    issuer.setInactiveTokenAnswer('not-found');
    issuer.resetStats();
  });
  afterAll(() => issuer.close());

  describe('API keys', () => {
    it('createApiKey → POST /api_keys/verify answers Clerk APIKeyJSON', async () => {
      const { id, secret } = issuer.createApiKey({
        subject: 'user_1',
        name: 'ci key',
        scopes: ['read:reports'],
        claims: { team: 'ops' },
      });
      expect(secret).toMatch(/^ak_[0-9a-f]{48}$/);
      expect(id).toMatch(/^ak_/);
      expect(id).not.toBe(secret);

      const response = await verify(API_KEY, { secret });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      const key = await json(response);
      expect(key).toMatchObject({
        object: 'api_key',
        id,
        type: 'api_key',
        name: 'ci key',
        subject: 'user_1',
        scopes: ['read:reports'],
        claims: { team: 'ops' },
        revoked: false,
        revocation_reason: null,
        expired: false,
        expiration: null,
        created_by: null,
        description: null,
      });
      expect(typeof key.created_at).toBe('number');
      expect(typeof key.updated_at).toBe('number');
      expect(typeof key.last_used_at).toBe('number');
      expect(key).not.toHaveProperty('secret'); // verify never echoes the secret
      expect(issuer.stats.machineVerifications).toBe(1);
      expect(issuer.stats.apiRequests).toBe(0);
    });

    it('an org-owned key without scopes or claims answers [] and null', async () => {
      const { secret } = issuer.createApiKey({ subject: 'org_1', name: 'org key' });
      const key = await json(await verify(API_KEY, { secret }));
      expect(key).toMatchObject({ subject: 'org_1', scopes: [], claims: null });
    });

    it("revokeApiKey: verify answers 404 as Clerk does, or 200 with revoked: true in 'flags' mode", async () => {
      const { id, secret } = issuer.createApiKey({ subject: 'user_1', name: 'to revoke' });
      expect((await json(await verify(API_KEY, { secret }))).revoked).toBe(false);
      issuer.revokeApiKey(id);
      const refused = await verify(API_KEY, { secret });
      expect(refused.status).toBe(404);
      expect(((await refused.json()) as ClerkError).errors[0]?.code).toBe('resource_not_found');

      issuer.setInactiveTokenAnswer('flags');
      const response = await verify(API_KEY, { secret });
      expect(response.status).toBe(200);
      const key = await json(response);
      expect(key.revoked).toBe(true);
      expect(typeof key.revocation_reason).toBe('string');
      expect(key.expired).toBe(false);
    });

    it("an expired key: 404, or 200 with expired: true and its expiration in 'flags' mode", async () => {
      const before = Date.now();
      const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'old', expiresInSeconds: 0 });
      expect((await verify(API_KEY, { secret })).status).toBe(404);
      issuer.setInactiveTokenAnswer('flags');
      const key = await json(await verify(API_KEY, { secret }));
      expect(key.expired).toBe(true);
      expect(key.revoked).toBe(false);
      expect(key.expiration).toBeGreaterThanOrEqual(before);
      expect(key.expiration).toBeLessThanOrEqual(Date.now());

      const live = issuer.createApiKey({ subject: 'user_1', name: 'live', expiresInSeconds: 3600 });
      const liveKey = await json(await verify(API_KEY, { secret: live.secret }));
      expect(liveKey.expired).toBe(false);
      expect(liveKey.expiration).toBeGreaterThan(Date.now() + 3_500_000);
    });

    it('setInactiveTokenAnswer refuses an unknown mode', () => {
      expect(() => issuer.setInactiveTokenAnswer('ok' as unknown as 'flags')).toThrow(
        /setInactiveTokenAnswer/,
      );
    });

    it('revoking an unknown id, or an id of another type, throws', async () => {
      expect(() => issuer.revokeApiKey('ak_missing')).toThrow(/No api_key/);
      const m2m = await issuer.createM2MToken({ machineId: 'mch_1' });
      expect(() => issuer.revokeApiKey(m2m.id)).toThrow(/No api_key/);
    });

    it('bad create options throw, naming the option', () => {
      expect(() => issuer.createApiKey({ subject: 'mch_1', name: 'x' })).toThrow(
        /subject.*'user_…' or 'org_…'/,
      );
      expect(() => issuer.createApiKey({ subject: 'user_1', name: '' })).toThrow(/name/);
      expect(() =>
        issuer.createApiKey({ subject: 'user_1', name: 'x', scopes: 'read' as unknown as string[] }),
      ).toThrow(/scopes/);
      expect(() =>
        issuer.createApiKey({ subject: 'user_1', name: 'x', expiresInSeconds: Number.NaN }),
      ).toThrow(/expiresInSeconds/);
    });
  });

  describe('M2M tokens', () => {
    it('opaque: createM2MToken → POST /m2m_tokens/verify answers M2MTokenJSON with either key', async () => {
      const { id, token } = await issuer.createM2MToken({
        machineId: 'mch_1',
        scopes: ['mch_2'],
        claims: { region: 'eu' },
      });
      expect(token).toMatch(/^mt_[0-9a-f]{48}$/);
      for (const key of [issuer.machineSecretKey, issuer.secretKey]) {
        const response = await verify(M2M, { token }, key);
        expect(response.status).toBe(200);
        expect(await json(response)).toMatchObject({
          object: 'machine_to_machine_token',
          id,
          subject: 'mch_1',
          scopes: ['mch_2'],
          claims: { region: 'eu' },
          revoked: false,
          revocation_reason: null,
          expired: false,
          expiration: null,
        });
      }
      expect(issuer.stats.machineVerifications).toBe(2);
    });

    it('the machine secret key is accepted by /m2m_tokens/verify only', async () => {
      const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k' });
      const oauth = await issuer.createOAuthToken({ userId: 'user_1', clientId: 'client_1' });
      expect((await verify(API_KEY, { secret }, issuer.machineSecretKey)).status).toBe(401);
      expect((await verify(OAUTH, { access_token: oauth.token }, issuer.machineSecretKey)).status).toBe(401);
    });

    it("revoked and expired opaque M2M tokens: 404, or the flags in 'flags' mode", async () => {
      const revoked = await issuer.createM2MToken({ machineId: 'mch_1' });
      issuer.revokeM2MToken(revoked.id);
      const expired = await issuer.createM2MToken({ machineId: 'mch_1', expiresInSeconds: 0 });
      expect((await verify(M2M, { token: revoked.token })).status).toBe(404);
      expect((await verify(M2M, { token: expired.token })).status).toBe(404);
      issuer.setInactiveTokenAnswer('flags');
      expect(await json(await verify(M2M, { token: revoked.token }))).toMatchObject({ revoked: true });
      expect(await json(await verify(M2M, { token: expired.token }))).toMatchObject({
        revoked: false,
        expired: true,
      });
    });

    it("JWT: signed by the issuer's current key, sub = machineId, cat = the M2M category", async () => {
      const { id, token } = await issuer.createM2MToken({
        machineId: 'mch_1',
        scopes: ['mch_2', 'mch_3'],
        claims: { region: 'eu' },
        format: 'jwt',
        expiresInSeconds: 120,
      });
      const { header, payload } = decodeJwt(token);
      expect(header).toEqual({
        alg: issuer.alg,
        kid: issuer.currentKid,
        typ: 'JWT',
        cat: M2M_TOKEN_CATEGORY,
      });
      expect(M2M_TOKEN_CATEGORY).toBe('cl_B7d4PD333AAA');
      expect(payload).toMatchObject({
        iss: issuer.url,
        sub: 'mch_1',
        jti: id,
        scopes: 'mch_2 mch_3',
        region: 'eu',
      });
      expect(Number(payload.exp) - Number(payload.iat)).toBe(120);
      const jwk = (await fetchJwks(issuer.jwksUrl)).keys.find((key) => key.kid === header.kid);
      expect(jwk && verifiesWithJwk(token, jwk)).toBe(true);
      expect(issuer.stats.machineVerifications).toBe(0); // creating is not verifying
      // The verify endpoint knows JWT-format tokens too, and their revocation.
      expect(await json(await verify(M2M, { token }))).toMatchObject({
        id,
        subject: 'mch_1',
        revoked: false,
      });
      issuer.revokeM2MToken(id);
      expect((await verify(M2M, { token })).status).toBe(404);
    });

    it('bad options throw, naming the option', () => {
      expect(() => issuer.createM2MToken({ machineId: 'user_1' })).toThrow(/machineId.*'mch_…'/);
      expect(() => issuer.createM2MToken({ machineId: 'mch_1', format: 'pem' as unknown as 'jwt' })).toThrow(
        /format/,
      );
    });
  });

  describe('OAuth access tokens', () => {
    it('opaque: createOAuthToken → POST /oauth_applications/access_tokens/verify answers IdPOAuthAccessTokenJSON', async () => {
      const { id, token } = await issuer.createOAuthToken({
        userId: 'user_1',
        clientId: 'client_1',
        scopes: ['profile', 'email'],
      });
      expect(token).toMatch(/^oat_[0-9a-f]{48}$/);
      const response = await verify(OAUTH, { access_token: token });
      expect(response.status).toBe(200);
      const found = await json(response);
      expect(found).toMatchObject({
        object: 'clerk_idp_oauth_access_token',
        id,
        type: 'oauth_token',
        client_id: 'client_1',
        subject: 'user_1',
        scopes: ['profile', 'email'],
        revoked: false,
        revocation_reason: null,
        expired: false,
        expiration: null,
      });
      expect(found).not.toHaveProperty('aud');
    });

    it("revoked and expired OAuth tokens: 404, or the flags in 'flags' mode", async () => {
      const revoked = await issuer.createOAuthToken({ userId: 'user_1', clientId: 'c' });
      issuer.revokeOAuthToken(revoked.id);
      const expired = await issuer.createOAuthToken({ userId: 'user_1', clientId: 'c', expiresInSeconds: 0 });
      expect((await verify(OAUTH, { access_token: revoked.token })).status).toBe(404);
      expect((await verify(OAUTH, { access_token: expired.token })).status).toBe(404);
      issuer.setInactiveTokenAnswer('flags');
      expect(await json(await verify(OAUTH, { access_token: revoked.token }))).toMatchObject({
        revoked: true,
      });
      expect(await json(await verify(OAUTH, { access_token: expired.token }))).toMatchObject({
        expired: true,
      });
    });

    it('JWT: an RFC 9068 access token (typ at+jwt) with exactly its claims', async () => {
      const { id, token } = await issuer.createOAuthToken({
        userId: 'user_1',
        clientId: 'client_1',
        scopes: ['profile', 'email'],
        audience: 'https://api.example.test',
        format: 'jwt',
      });
      const { header, payload } = decodeJwt(token);
      expect(header).toEqual({ alg: issuer.alg, kid: issuer.currentKid, typ: 'at+jwt' });
      expect(Object.keys(payload).sort()).toEqual([
        'aud',
        'client_id',
        'exp',
        'iat',
        'iss',
        'jti',
        'scope',
        'sub',
      ]);
      expect(payload).toMatchObject({
        iss: issuer.url,
        sub: 'user_1',
        aud: 'https://api.example.test',
        client_id: 'client_1',
        scope: 'profile email',
        jti: id,
      });
      expect(Number(payload.exp) - Number(payload.iat)).toBe(3600);
      const jwk = (await fetchJwks(issuer.jwksUrl)).keys.find((key) => key.kid === header.kid);
      expect(jwk && verifiesWithJwk(token, jwk)).toBe(true);
      expect(await json(await verify(OAUTH, { access_token: token }))).toMatchObject({
        id,
        aud: ['https://api.example.test'],
      });
      const noAudience = decodeJwt(
        (await issuer.createOAuthToken({ userId: 'user_1', clientId: 'c', format: 'jwt' })).token,
      );
      expect(noAudience.payload).not.toHaveProperty('aud');
    });

    it('bad options throw, naming the option', () => {
      expect(() => issuer.createOAuthToken({ userId: 'org_1', clientId: 'c' })).toThrow(/userId/);
      expect(() => issuer.createOAuthToken({ userId: 'user_1', clientId: '' })).toThrow(/clientId/);
    });
  });

  describe('errors, as Clerk sends them', () => {
    it('an unknown token → 404 resource_not_found; a token of another type is unknown too', async () => {
      const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k' });
      const cases: Array<[string, Record<string, string>]> = [
        [API_KEY, { secret: 'ak_unknown' }],
        [M2M, { token: 'mt_unknown' }],
        [OAUTH, { access_token: 'oat_unknown' }],
        [M2M, { token: secret }],
      ];
      for (const [path, body] of cases) {
        const response = await verify(path, body);
        expect(response.status, path).toBe(404);
        const error = (await response.json()) as ClerkError;
        expect(error.errors).toEqual([
          { message: 'not found', long_message: expect.any(String), code: 'resource_not_found', meta: {} },
        ]);
        expect(response.headers.get('x-clerk-trace-id')).toBe(error.clerk_trace_id);
      }
    });

    it('a wrong or missing secret key → 401 authentication_invalid, before the body is looked at', async () => {
      const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k' });
      for (const key of ['sk_test_wrong', secret]) {
        const response = await verify(API_KEY, { secret }, key);
        expect(response.status).toBe(401);
        const error = (await response.json()) as ClerkError;
        expect(error.errors[0]).toMatchObject({
          code: 'authentication_invalid',
          message: 'Invalid authentication',
        });
        expect(JSON.stringify(error)).not.toContain(secret);
      }
      const anonymous = await fetch(`${issuer.url}${API_KEY}`, {
        method: 'POST',
        body: JSON.stringify({ secret }),
      });
      expect(anonymous.status).toBe(401);
    });

    it('a body that is not {"<field>": "<token>"} → 400 request_body_invalid', async () => {
      const bodies = ['not json', '[]', 'null', '{}', '{"token":"ak_x"}', '{"secret":42}', '{"secret":""}'];
      for (const body of bodies) {
        const response = await verify(API_KEY, body);
        expect(response.status, body).toBe(400);
        expect(((await response.json()) as ClerkError).errors[0]?.code).toBe('request_body_invalid');
      }
      const huge = await verify(API_KEY, { secret: `ak_${'a'.repeat(70_000)}` });
      expect(huge.status).toBe(400);
    });

    it('only POST; no /v1 segment', async () => {
      const get = await fetch(`${issuer.url}${API_KEY}`, { headers: bearer(issuer.secretKey) });
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k' });
      expect((await verify(`/v1${API_KEY}`, { secret })).status).toBe(404);
    });

    it("setOutage('error') → 500 internal_clerk_error; 'timeout' never answers; both counted", async () => {
      const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k' });
      issuer.setOutage('error');
      for (const [path, body] of [
        [API_KEY, { secret }],
        [M2M, { token: 'mt_x' }],
        [OAUTH, { access_token: 'oat_x' }],
      ] as const) {
        const response = await verify(path, body);
        expect(response.status, path).toBe(500);
        expect(((await response.json()) as ClerkError).errors[0]?.code).toBe('internal_clerk_error');
      }
      issuer.setOutage('timeout');
      await expect(
        fetch(`${issuer.url}${API_KEY}`, {
          method: 'POST',
          headers: bearer(issuer.secretKey),
          body: JSON.stringify({ secret }),
          signal: AbortSignal.timeout(200),
        }),
      ).rejects.toThrow();
      expect(issuer.stats.machineVerifications).toBe(4);
      issuer.setOutage(false);
      expect((await verify(API_KEY, { secret })).status).toBe(200);
    });
  });

  describe('stats', () => {
    it('counts the peak of verify requests in flight: N concurrent with a delay → N', async () => {
      const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k' });
      issuer.setMachineVerifyDelay(150);
      const concurrent = 7;
      const answers = await Promise.all(
        Array.from({ length: concurrent }, () =>
          verify(API_KEY, { secret }).then((response) => response.status),
        ),
      );
      expect(answers).toEqual(Array(concurrent).fill(200));
      expect(issuer.stats.machineVerifications).toBe(concurrent);
      expect(issuer.stats.machineVerificationPeakConcurrency).toBe(concurrent);

      // Sequential requests never overlap: the peak after a reset is 1.
      issuer.resetStats();
      issuer.setMachineVerifyDelay(0);
      for (let i = 0; i < 3; i += 1) expect((await verify(API_KEY, { secret })).status).toBe(200);
      expect(issuer.stats).toMatchObject({ machineVerifications: 3, machineVerificationPeakConcurrency: 1 });
    });

    it('user and JWKS lookups are not machine verifications', async () => {
      issuer.addUser({ id: 'user_1' });
      await fetch(`${issuer.url}/v1/users/user_1`, { headers: bearer(issuer.secretKey) });
      await fetch(issuer.jwksUrl);
      expect(issuer.stats).toEqual({
        jwksRequests: 1,
        apiRequests: 1,
        machineVerifications: 0,
        machineVerificationPeakConcurrency: 0,
        handshakes: 0,
        handshakePayloads: 0,
        sessionRefreshes: 0,
      });
    });
  });
});
