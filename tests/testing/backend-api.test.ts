import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer } from './helpers.js';

interface ClerkError {
  errors: Array<{ message: string; long_message: string; code: string; meta: Record<string, unknown> }>;
  clerk_trace_id: string;
}

describe('test issuer: Backend API', () => {
  let issuer: TestIssuer;
  const get = (path: string, headers: Record<string, string> = bearer(issuer.secretKey)) =>
    fetch(`${issuer.url}${path}`, { headers });

  beforeAll(async () => {
    issuer = await createTestIssuer();
    issuer.addUser({ id: 'user_1', first_name: 'Ada', public_metadata: { role: 'admin' } });
    issuer.addOrganization({ id: 'org_1', name: 'Acme Inc', slug: 'acme', members_count: 3 });
  });
  beforeEach(() => {
    issuer.setApiLatency(0);
    issuer.resetStats();
  });
  afterAll(() => issuer.close());

  it('GET /v1/users/{id} returns Clerk user JSON with defaults filled in', async () => {
    const response = await get('/v1/users/user_1');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const user = (await response.json()) as Record<string, unknown> & {
      email_addresses: Array<Record<string, unknown>>;
    };
    expect(user).toMatchObject({
      object: 'user',
      id: 'user_1',
      first_name: 'Ada',
      last_name: null,
      username: null,
      phone_numbers: [],
      public_metadata: { role: 'admin' },
      private_metadata: {},
      unsafe_metadata: {},
      banned: false,
      locked: false,
      last_sign_in_at: null,
    });
    expect(typeof user.image_url).toBe('string');
    expect(typeof user.created_at).toBe('number');
    expect(typeof user.updated_at).toBe('number');
    expect(user.email_addresses).toHaveLength(1);
    expect(user.email_addresses[0]).toMatchObject({
      id: user.primary_email_address_id,
      object: 'email_address',
      email_address: 'user_1@example.test',
      verification: { status: 'verified', strategy: 'email_code' },
    });
    expect(issuer.stats).toMatchObject({ jwksRequests: 0, apiRequests: 1, machineVerifications: 0 });
  });

  it('GET /v1/organizations/{idOrSlug} finds by id and by slug', async () => {
    for (const idOrSlug of ['org_1', 'acme']) {
      const response = await get(`/v1/organizations/${idOrSlug}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        object: 'organization',
        id: 'org_1',
        name: 'Acme Inc',
        slug: 'acme',
        members_count: 3,
        public_metadata: {},
        private_metadata: {},
        image_url: expect.any(String),
        created_at: expect.any(Number),
        updated_at: expect.any(Number),
      });
    }
    expect(issuer.stats.apiRequests).toBe(2);
  });

  it('answers 404 for unknown users and organizations, 401 without the secret key', async () => {
    for (const path of ['/v1/users/user_missing', '/v1/organizations/org_missing']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      const body = (await response.json()) as ClerkError;
      expect(body.errors[0]).toMatchObject({ code: 'resource_not_found', meta: {} });
      expect(typeof body.errors[0]?.message).toBe('string');
      expect(typeof body.errors[0]?.long_message).toBe('string');
      expect(response.headers.get('x-clerk-trace-id')).toBe(body.clerk_trace_id);
    }
    const wrongCredentials: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer sk_test_other' },
      { authorization: issuer.secretKey },
    ];
    for (const headers of wrongCredentials) {
      const response = await get('/v1/users/user_1', headers);
      expect(response.status).toBe(401);
      expect(((await response.json()) as ClerkError).errors[0]?.code).toBe('authentication_invalid');
    }
    expect(issuer.stats.apiRequests).toBe(5);
  });

  it('queueApiResponses: a 429 with Retry-After, then the normal answer', async () => {
    issuer.queueApiResponses({ status: 429, retryAfterSeconds: 7 });
    const limited = await get('/v1/users/user_1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(((await limited.json()) as ClerkError).errors[0]?.code).toBe('too_many_requests');

    const normal = await get('/v1/users/user_1');
    expect(normal.status).toBe(200);
    expect(((await normal.json()) as { id: string }).id).toBe('user_1');
    expect(issuer.stats.apiRequests).toBe(2);
  });

  it('queueApiResponses: answers in order, custom bodies, per-answer delay', async () => {
    issuer.queueApiResponses(
      { status: 503, body: { custom: true } },
      { status: 200, delayMs: 150 },
      { status: 502, body: 'not json' },
    );
    const custom = await get('/v1/organizations/acme');
    expect(custom.status).toBe(503);
    expect(await custom.json()).toEqual({ custom: true });

    const started = Date.now();
    const slow = await get('/v1/organizations/acme');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(slow.status).toBe(200);
    expect(((await slow.json()) as { slug: string }).slug).toBe('acme');

    const raw = await get('/v1/users/user_1');
    expect(raw.status).toBe(502);
    expect(await raw.text()).toBe('not json');
    expect((await get('/v1/users/user_1')).status).toBe(200);
  });

  it('setApiLatency delays every Backend API answer but not the JWKS', async () => {
    issuer.setApiLatency(200);
    const started = Date.now();
    const response = await get('/v1/users/user_1');
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await response.arrayBuffer();

    const jwksStarted = Date.now();
    await (await fetch(issuer.jwksUrl)).arrayBuffer();
    expect(Date.now() - jwksStarted).toBeLessThan(150);

    issuer.setApiLatency(0);
    const fastStarted = Date.now();
    await (await get('/v1/users/user_1')).arrayBuffer();
    expect(Date.now() - fastStarted).toBeLessThan(150);
  });

  it('logs every request with method, path and headers, keeping the last 1000', async () => {
    await (await get('/v1/users/user_1?expand=1')).arrayBuffer();
    expect(issuer.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/users/user_1?expand=1' });
    expect(issuer.requests.at(-1)?.headers.authorization).toBe(`Bearer ${issuer.secretKey}`);
    await Promise.all(
      Array.from({ length: 1005 }, () => fetch(`${issuer.url}/nowhere`).then((r) => r.arrayBuffer())),
    );
    expect(issuer.requests).toHaveLength(1000);
    expect(issuer.requests.every((request) => request.path === '/nowhere')).toBe(true);
  });
});
