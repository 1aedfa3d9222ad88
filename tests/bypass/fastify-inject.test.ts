import { clerkPlugin, createRouteMatcher, requireAuth, requireReverification } from '@sessionguard/fastify';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import Fastify from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';

// Over a socket Node reads a raw non-ASCII target as Latin-1 bytes, so no router folds it; a
// JavaScript string handed to Fastify (inject, or a proxy that decodes) keeps U+212A KELVIN SIGN,
// which a case-insensitive find-my-way lowers to `k`. This is the route the issue walked around.
let issuer: TestIssuer;
let stale: string;
beforeAll(async () => {
  issuer = await createTestIssuer();
  stale = await issuer.mintSessionToken({ userId: 'u', fva: [120, 120], expiresInSeconds: 3600 });
});
afterAll(async () => {
  await issuer?.close();
});

async function app(rejectAmbiguousPaths: boolean) {
  const fastify = Fastify({ routerOptions: { caseSensitive: false } });
  await fastify.register(clerkPlugin, { jwksUrl: issuer.jwksUrl, rejectAmbiguousPaths });
  fastify.addHook('preHandler', requireReverification('strict', { routes: ['/keys/*'] }));
  const isPublic = createRouteMatcher(['/public/*']);
  const guard = requireAuth();
  fastify.addHook('preHandler', async (request, reply) =>
    isPublic(request) ? undefined : guard(request, reply),
  );
  fastify.get('/keys/:id', async () => 'private');
  fastify.get('/public/*', async () => 'public');
  await fastify.ready();
  return fastify;
}

it.each(['/\u212Aeys/x', '/\u212AEYS/x', '/public/../\u212Aeys/x'])(
  '%j on case-insensitive Fastify: 400, never the private handler',
  async (url) => {
    const on = await app(true);
    const off = await app(false);
    try {
      const refused = await on.inject({ url, headers: { authorization: `Bearer ${stale}` } });
      expect([refused.statusCode, refused.body]).toEqual([
        400,
        '{"error":"bad_request","reason":"path-ambiguous"}',
      ]);
      // Off: the guard list treats the path as guarded, and the allow-list's matcher throws (400).
      const guarded = await off.inject({ url, headers: { authorization: `Bearer ${stale}` } });
      expect(guarded.body).not.toBe('private');
      expect(guarded.statusCode).toBeGreaterThanOrEqual(400);
      expect(guarded.statusCode).toBeLessThan(500);
    } finally {
      await Promise.all([on.close(), off.close()]);
    }
  },
);
