import { getRequestListener } from '@hono/node-server';
import { clerkMiddleware, requireAuth, requireReverification } from '@sessionguard/hono';
import { Hono } from 'hono';
import { authSummary } from './summary.js';

export async function createApp(options) {
  const app = new Hono();
  app.use('*', clerkMiddleware(options));
  app.get('/api/me', requireAuth(), (c) => c.json(authSummary(c.get('auth'))));
  app.get('/api/me/user', requireAuth(), async (c) => c.json(await c.get('auth').getUser()));
  app.post('/api/settings/password', requireReverification('strict'), (c) => c.json({ ok: true }));
  app.get('/api/admin', requireAuth({ role: 'org:admin' }), (c) =>
    c.json({ ok: true, orgId: c.get('auth').orgId }),
  );
  return getRequestListener(app.fetch);
}
