import { createAuthenticator } from '@sessionguard/core';
import { clerkPlugin, getAuth, requireAuth, requireReverification } from '@sessionguard/fastify';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let issuer: TestIssuer;
let tokens: { fresh: string; stale: string; admin: string };

beforeAll(async () => {
  issuer = await createTestIssuer();
  tokens = {
    fresh: await issuer.mintSessionToken({ userId: 'user_1', fva: [1, 1] }),
    stale: await issuer.mintSessionToken({ userId: 'user_1', fva: [99, 99] }),
    admin: await issuer.mintSessionToken({
      userId: 'user_2',
      orgId: 'org_1',
      orgRole: 'org:admin',
      fva: [99, 99],
    }),
  };
});
afterAll(() => issuer.close());

/** Routes declared right after register (not awaited), as most Fastify apps do. */
function routes(app: FastifyInstance): FastifyInstance {
  app.get('/me', { preHandler: requireAuth() }, async (request) => ({ userId: request.auth.userId }));
  app.get('/config-auth', { config: { auth: true } }, async (request) => ({
    userId: getAuth(request).userId,
  }));
  app.get('/config-role', { config: { auth: { role: 'org:admin' } } }, async () => ({ ok: true }));
  app.post('/config-reverify', { config: { reverify: 'strict' } }, async () => ({ ok: true }));
  app.post(
    '/both',
    { config: { auth: { role: 'org:admin' } }, preHandler: requireReverification('moderate') },
    async () => ({ ok: true }),
  );
  return app;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(['onRequest', 'preHandler'] as const)('clerkPlugin with hookName %s', (hookName) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    app.register(clerkPlugin, { hookName, jwksUrl: issuer.jwksUrl });
    routes(app);
    await app.ready();
  });
  afterAll(() => app.close());

  it('preHandler: requireAuth()', async () => {
    expect((await app.inject({ url: '/me' })).statusCode).toBe(401);
    const ok = await app.inject({ url: '/me', headers: bearer(tokens.fresh) });
    expect(ok.json()).toEqual({ userId: 'user_1' });
  });

  it('config: { auth: true }', async () => {
    const denied = await app.inject({ url: '/config-auth' });
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['content-type']).toBe('application/json');
    expect(denied.headers['x-clerk-auth-reason']).toBe('session-token-missing');
    expect((await app.inject({ url: '/config-auth', headers: bearer(tokens.fresh) })).statusCode).toBe(200);
  });

  it('config: { auth: { role } }', async () => {
    expect((await app.inject({ url: '/config-role', headers: bearer(tokens.fresh) })).statusCode).toBe(403);
    expect((await app.inject({ url: '/config-role', headers: bearer(tokens.admin) })).statusCode).toBe(200);
  });

  it("config: { reverify: 'strict' }", async () => {
    const stale = await app.inject({
      method: 'POST',
      url: '/config-reverify',
      headers: bearer(tokens.stale),
    });
    expect(stale.statusCode).toBe(403);
    expect(stale.json()).toMatchObject({ clerk_error: { reason: 'reverification-error' } });
    const fresh = await app.inject({
      method: 'POST',
      url: '/config-reverify',
      headers: bearer(tokens.fresh),
    });
    expect(fresh.statusCode).toBe(200);
  });

  it('config guards run before the route preHandler', async () => {
    const member = await app.inject({ method: 'POST', url: '/both', headers: bearer(tokens.fresh) });
    expect(member.statusCode).toBe(403);
    expect(member.body).toBe('{"error":"forbidden"}');
    const staleAdmin = await app.inject({ method: 'POST', url: '/both', headers: bearer(tokens.admin) });
    expect(staleAdmin.json()).toMatchObject({
      clerk_error: { metadata: { reverification: { afterMinutes: 60 } } },
    });
  });
});

it('accepts a ready authenticator', async () => {
  const app = Fastify();
  await app.register(clerkPlugin, { authenticator: createAuthenticator({ jwksUrl: issuer.jwksUrl }) });
  routes(app);
  const response = await app.inject({ url: '/me', headers: bearer(tokens.fresh) });
  expect(response.json()).toEqual({ userId: 'user_1' });
  await app.close();
});
