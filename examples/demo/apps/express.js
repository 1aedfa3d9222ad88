import { clerkMiddleware, requireAuth, requireReverification } from '@sessionguard/express';
import express from 'express';
import { authSummary } from './summary.js';

export async function createApp(options) {
  const app = express();
  app.use(clerkMiddleware(options));
  app.get('/api/me', requireAuth(), (req, res) => res.json(authSummary(req.auth)));
  app.get('/api/me/user', requireAuth(), async (req, res) => res.json(await req.auth.getUser()));
  app.post('/api/settings/password', requireReverification('strict'), (_req, res) => res.json({ ok: true }));
  app.get('/api/admin', requireAuth({ role: 'org:admin' }), (req, res) =>
    res.json({ ok: true, orgId: req.auth.orgId }),
  );
  return app;
}
