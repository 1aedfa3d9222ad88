import { clerkPlugin, requireAuth, requireReverification, verifyWebhook } from '@sessionguard/fastify';
import Fastify from 'fastify';
import { ACCOUNT_CACHE_CONTROL, pageHtml, renderAccount } from './pages.js';
import { authSummary } from './summary.js';
import { createWebhookLog } from './webhook-log.js';

export async function createApp(options, webhookOptions) {
  const app = Fastify();
  const webhooks = createWebhookLog();
  await app.register(clerkPlugin, options);
  // The webhook route in its own plugin, whose JSON parser keeps the raw bytes.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    scope.post('/api/webhooks', async (request, reply) => {
      const { status, body } = await webhooks.answer(verifyWebhook(request, webhookOptions));
      return reply.code(status).send(body);
    });
  });
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(pageHtml));
  app.get('/account', async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', ACCOUNT_CACHE_CONTROL)
      .send(renderAccount(request.auth, request.headers.cookie)),
  );
  app.get('/api/webhooks/events', async () => webhooks.list());
  app.get('/api/me', { preHandler: requireAuth() }, async (request) => authSummary(request.auth));
  app.get('/api/me/user', { preHandler: requireAuth() }, async (request) => request.auth.getUser());
  app.post('/api/settings/password', { preHandler: requireReverification('strict') }, async () => ({
    ok: true,
  }));
  app.get('/api/admin', { preHandler: requireAuth({ role: 'org:admin' }) }, async (request) => ({
    ok: true,
    orgId: request.auth.orgId,
  }));
  await app.ready();
  return (req, res) => app.routing(req, res);
}
