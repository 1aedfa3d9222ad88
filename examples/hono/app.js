// The Hono example's app, built without serving, so tests drive it with supertest (tests/examples)
// and server.js serves it. `auth` goes to clerkMiddleware, `webhooks` to verifyWebhook.
import {
  clerkMiddleware,
  getAuth,
  requireAuth,
  requireReverification,
  verifyWebhook,
  WebhookVerificationError,
} from '@sessionguard/hono';
import { Hono } from 'hono';

const MACHINES = ['api_key', 'm2m_token'];

/**
 * @param {{ auth?: import('@sessionguard/hono').AuthOptions, webhooks?: import('@sessionguard/hono').WebhookOptions }} [options]
 */
export function createApp({ auth, webhooks } = {}) {
  const app = new Hono();
  app.use('*', clerkMiddleware({ ...auth, excludedRoutes: ['/health', '/webhooks'] }));
  app.get('/health', (c) => c.json({ ok: true }));
  app.get('/me', requireAuth(), (c) => c.json({ userId: c.get('auth').userId }));
  app.get('/me/user', requireAuth(), async (c) => c.json(await c.get('auth').getUser()));
  app.post('/settings/password', requireReverification('strict'), (c) => c.json({ changed: true }));
  app.get('/admin', requireAuth({ role: 'org:admin' }), (c) => c.json({ admin: c.get('auth').userId }));
  app.get('/reports', requireAuth({ permission: 'org:reports:read' }), (c) =>
    c.json({ orgId: c.get('auth').orgId }),
  );
  // API keys and M2M tokens, verified by the Backend API only on this route.
  app.get('/api/usage', requireAuth({ acceptsToken: MACHINES }), (c) => {
    const machine = getAuth(c, { acceptsToken: MACHINES });
    return c.json({ tokenType: machine.tokenType, subject: machine.subject });
  });
  // A server-rendered page: with a publishable key, the browser's __session cookie signs it in.
  app.get('/account', requireAuth(), (c) => c.html(`<p>Signed in as ${c.get('auth').userId}</p>`));
  // verifyWebhook reads a copy of the raw body, as Svix signed it.
  app.post('/webhooks', async (c) => {
    try {
      const event = await verifyWebhook(c, webhooks);
      return c.json({ received: event.type });
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      if (error.retryAfterSeconds) c.header('retry-after', String(error.retryAfterSeconds));
      return c.json({ error: 'bad_request', reason: error.reason }, error.status);
    }
  });
  return app;
}
