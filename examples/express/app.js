// The Express example's app, built without listening, so tests drive it with supertest
// (tests/examples) and server.js serves it. `auth` goes to clerkMiddleware, `webhooks` to verifyWebhook.
import {
  clerkMiddleware,
  getAuth,
  requireAuth,
  requireReverification,
  verifyWebhook,
  WebhookVerificationError,
} from '@sessionguard/express';
import express from 'express';

const MACHINES = ['api_key', 'm2m_token'];

/**
 * @param {{ auth?: import('@sessionguard/express').AuthOptions, webhooks?: import('@sessionguard/express').WebhookOptions }} [options]
 */
export function createApp({ auth, webhooks } = {}) {
  const app = express();
  app.use(clerkMiddleware({ ...auth, excludedRoutes: ['/health', '/webhooks'] }));
  app.get('/health', (_req, res) => res.json({ ok: true }));
  app.get('/me', requireAuth(), (req, res) => res.json({ userId: req.auth.userId }));
  app.get('/me/user', requireAuth(), async (req, res, next) => {
    try {
      res.json(await req.auth.getUser());
    } catch (error) {
      next(error); // Express 4 does not catch async errors itself
    }
  });
  app.post('/settings/password', requireReverification('strict'), (_req, res) => res.json({ changed: true }));
  app.get('/admin', requireAuth({ role: 'org:admin' }), (req, res) => res.json({ admin: req.auth.userId }));
  app.get('/reports', requireAuth({ permission: 'org:reports:read' }), (req, res) =>
    res.json({ orgId: req.auth.orgId }),
  );
  // API keys and M2M tokens, verified by the Backend API only on this route.
  app.get('/api/usage', requireAuth({ acceptsToken: MACHINES }), (req, res) => {
    const machine = getAuth(req, { acceptsToken: MACHINES });
    res.json({ tokenType: machine.tokenType, subject: machine.subject });
  });
  // A server-rendered page: with a publishable key, the browser's __session cookie signs it in.
  app.get('/account', requireAuth(), (req, res) => res.send(`<p>Signed in as ${req.auth.userId}</p>`));
  // The raw body, as Svix signed it: no JSON parser before this route.
  app.post('/webhooks', express.raw({ type: 'application/json', limit: '1mb' }), async (req, res, next) => {
    try {
      const event = await verifyWebhook(req, webhooks);
      res.json({ received: event.type });
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) return next(error);
      if (error.retryAfterSeconds) res.set('retry-after', String(error.retryAfterSeconds));
      res.status(error.status).json({ error: 'bad_request', reason: error.reason });
    }
  });
  return app;
}
