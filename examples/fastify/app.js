// The Fastify example's app, built without listening, so tests drive it with supertest
// (tests/examples) and server.js serves it. `auth` goes to clerkPlugin, `webhooks` to verifyWebhook.
import {
  clerkPlugin,
  getAuth,
  requireAuth,
  requireReverification,
  verifyWebhook,
  WebhookVerificationError,
} from '@sessionguard/fastify';
import Fastify from 'fastify';

const MACHINES = ['api_key', 'm2m_token'];

/**
 * @param {{ auth?: import('@sessionguard/fastify').AuthOptions, webhooks?: import('@sessionguard/fastify').WebhookOptions }} [options]
 */
export function createApp({ auth, webhooks } = {}) {
  const app = Fastify();
  app.register(clerkPlugin, { ...auth, excludedRoutes: ['/health', '/webhooks'] });
  app.get('/health', async () => ({ ok: true }));
  app.get('/me', { preHandler: requireAuth() }, async (request) => ({ userId: request.auth.userId }));
  app.get('/me/user', { config: { auth: true } }, async (request) => request.auth.getUser());
  app.post('/settings/password', { preHandler: requireReverification('strict') }, async () => ({
    changed: true,
  }));
  app.get('/admin', { config: { auth: { role: 'org:admin' } } }, async (request) => ({
    admin: request.auth.userId,
  }));
  app.get('/reports', { config: { auth: { permission: 'org:reports:read' } } }, async (request) => ({
    orgId: request.auth.orgId,
  }));
  // API keys and M2M tokens, verified by the Backend API only on this route.
  app.get('/api/usage', { preHandler: requireAuth({ acceptsToken: MACHINES }) }, async (request) => {
    const machine = getAuth(request, { acceptsToken: MACHINES });
    return { tokenType: machine.tokenType, subject: machine.subject };
  });
  // A server-rendered page: with a publishable key, the browser's __session cookie signs it in.
  app.get('/account', { config: { auth: true } }, async (request, reply) =>
    reply.type('text/html').send(`<p>Signed in as ${request.auth.userId}</p>`),
  );
  // The raw body, as Svix signed it: this plugin keeps JSON as a Buffer, the rest of the app parses it.
  app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    scope.post('/webhooks', async (request, reply) => {
      try {
        const event = await verifyWebhook(request, webhooks);
        return { received: event.type };
      } catch (error) {
        if (!(error instanceof WebhookVerificationError)) throw error;
        if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
        return reply.code(error.status).send({ error: 'bad_request', reason: error.reason });
      }
    });
  });
  return app;
}
