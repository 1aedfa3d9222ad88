// Ten lines of a user's Hono app on Node, run from the installed tarballs (keys: CLERK_JWKS_URL).
import { serve } from '@hono/node-server';
import { clerkMiddleware, requireAuth } from '@sessionguard/hono';
import { Hono } from 'hono';

const app = new Hono();
app.use('*', clerkMiddleware());
app.get('/me', requireAuth(), (c) => c.json({ userId: c.get('auth').userId }));
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`listening on ${info.port}`);
});
