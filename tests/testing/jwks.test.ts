import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, fetchJwks } from './helpers.js';

describe('test issuer: JWKS endpoints', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  afterAll(() => issuer.close());

  it('listens on 127.0.0.1 and derives its URLs and keys from the host', () => {
    expect(issuer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(issuer.host).toBe(issuer.url.slice('http://'.length));
    expect(issuer.jwksUrl).toBe(`${issuer.url}/.well-known/jwks.json`);
    expect(issuer.publishableKey.startsWith('pk_test_')).toBe(true);
    const decoded = Buffer.from(issuer.publishableKey.slice('pk_test_'.length), 'base64').toString('utf8');
    expect(decoded).toBe(`${issuer.host}$`);
    expect(issuer.secretKey).toMatch(/^sk_test_[0-9a-f]+$/);
    expect(issuer.alg).toBe('RS256');
    expect(issuer.currentKid).toMatch(/^ins_[0-9a-f]+$/);
    expect(issuer.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it('serves the public key set with a cache header and counts each request', async () => {
    issuer.resetStats();
    const response = await fetch(issuer.jwksUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const jwks = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', kid: issuer.currentKid, alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');

    await fetchJwks(issuer.jwksUrl);
    expect(issuer.stats).toMatchObject({ jwksRequests: 2, apiRequests: 0, machineVerifications: 0 });
    expect(issuer.requests.map((request) => request.path)).toEqual([
      '/.well-known/jwks.json',
      '/.well-known/jwks.json',
    ]);
    issuer.resetStats();
    expect(issuer.stats).toMatchObject({ jwksRequests: 0, apiRequests: 0, machineVerifications: 0 });
    expect(issuer.requests).toHaveLength(0);
  });

  it('serves /v1/jwks only with the secret key as Bearer token', async () => {
    issuer.resetStats();
    const missing = await fetch(`${issuer.url}/v1/jwks`);
    expect(missing.status).toBe(401);
    const body = (await missing.json()) as { errors: Array<{ code: string }>; clerk_trace_id: string };
    expect(body.errors[0]?.code).toBe('authentication_invalid');
    expect(missing.headers.get('x-clerk-trace-id')).toBe(body.clerk_trace_id);

    const wrong = await fetch(`${issuer.url}/v1/jwks`, { headers: bearer('sk_test_wrong') });
    expect(wrong.status).toBe(401);
    await wrong.arrayBuffer();

    const right = await fetch(`${issuer.url}/v1/jwks`, { headers: bearer(issuer.secretKey) });
    expect(right.status).toBe(200);
    const jwks = (await right.json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys.map((key) => key.kid)).toEqual([issuer.currentKid]);
    expect(issuer.stats.jwksRequests).toBe(3);
    expect(issuer.requests[2]?.headers.authorization).toBe(`Bearer ${issuer.secretKey}`);
  });

  it('answers 404 with a Clerk error body for other paths, and survives odd input', async () => {
    for (const path of [
      '/',
      '/v1/users',
      '/v1/users/a/b',
      '/.well-known/jwks.json/x',
      '/v1/users/%E0%A4%A',
    ]) {
      const response = await fetch(`${issuer.url}${path}`, { headers: bearer(issuer.secretKey) });
      expect(response.status, path).toBe(404);
      const body = (await response.json()) as { errors: Array<{ code: string }> };
      expect(body.errors[0]?.code).toBe('resource_not_found');
    }
    const post = await fetch(issuer.jwksUrl, { method: 'POST', body: 'x'.repeat(10_000) });
    expect(post.status).toBe(405);
    await post.arrayBuffer();
    expect((await fetch(issuer.jwksUrl)).status).toBe(200);
  });
});
