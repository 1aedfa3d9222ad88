import { clerkMiddleware, requireAuth, requireReverification, verifyWebhook } from '@sessionguard/express';
import express from 'express';
import { ACCOUNT_CACHE_CONTROL, pageHtml, renderAccount } from './pages.js';
import { authSummary } from './summary.js';
import { createWebhookLog } from './webhook-log.js';

export async function createApp(options, webhookOptions) {
  const app = express();
  const webhooks = createWebhookLog();
  app.use(clerkMiddleware(options));
  // The raw bytes, not express.json(): the signature is over the body exactly as sent.
  app.post('/api/webhooks', express.raw({ type: 'application/json', limit: '1mb' }), async (req, res) => {
    const { status, body } = await webhooks.answer(verifyWebhook(req, webhookOptions));
    res.status(status).json(body);
  });
  app.get('/', (_req, res) => res.type('html').send(pageHtml));
  app.get('/account', (req, res) =>
    res
      .type('html')
      .set('cache-control', ACCOUNT_CACHE_CONTROL)
      .send(renderAccount(req.auth, req.headers.cookie)),
  );
  app.get('/api/webhooks/events', (_req, res) => res.json(webhooks.list()));
  app.get('/api/me', requireAuth(), (req, res) => res.json(authSummary(req.auth)));
  app.get('/api/me/user', requireAuth(), async (req, res) => res.json(await req.auth.getUser()));
  app.post('/api/settings/password', requireReverification('strict'), (_req, res) => res.json({ ok: true }));
  app.get('/api/admin', requireAuth({ role: 'org:admin' }), (req, res) =>
    res.json({ ok: true, orgId: req.auth.orgId }),
  );
  return app;
}
