import { getRequestListener } from '@hono/node-server';
import { clerkMiddleware, requireAuth, requireReverification, verifyWebhook } from '@sessionguard/hono';
import { Hono } from 'hono';
import { ACCOUNT_CACHE_CONTROL, pageHtml, renderAccount } from './pages.js';
import { authSummary } from './summary.js';
import { createWebhookLog } from './webhook-log.js';

export async function createApp(options, webhookOptions) {
  const app = new Hono();
  const webhooks = createWebhookLog();
  app.use('*', clerkMiddleware(options));
  // verifyWebhook reads a copy of the request: the handler could still read c.req afterwards.
  app.post('/api/webhooks', async (c) => {
    const { status, body } = await webhooks.answer(verifyWebhook(c, webhookOptions));
    return c.json(body, status);
  });
  app.get('/', (c) => c.html(pageHtml));
  app.get('/account', (c) => {
    c.header('cache-control', ACCOUNT_CACHE_CONTROL);
    return c.html(renderAccount(c.get('auth'), c.req.header('cookie')));
  });
  app.get('/api/webhooks/events', (c) => c.json(webhooks.list()));
  app.get('/api/me', requireAuth(), (c) => c.json(authSummary(c.get('auth'))));
  app.get('/api/me/user', requireAuth(), async (c) => c.json(await c.get('auth').getUser()));
  app.post('/api/settings/password', requireReverification('strict'), (c) => c.json({ ok: true }));
  app.get('/api/admin', requireAuth({ role: 'org:admin' }), (c) =>
    c.json({ ok: true, orgId: c.get('auth').orgId }),
  );
  return getRequestListener(app.fetch);
}
