// Hono 4 on Node (@hono/node-server) against a local test issuer. Start: pnpm --filter @sessionguard/example-hono start
import { serve } from '@hono/node-server';
import { clerkMiddleware, requireAuth, requireReverification } from '@sessionguard/hono';
import { createTestIssuer } from '@sessionguard/testing';
import { Hono } from 'hono';

const issuer = await createTestIssuer();
issuer.addUser({ id: 'user_demo', first_name: 'Ada' });
const token = await issuer.mintSessionToken({
  userId: 'user_demo',
  orgId: 'org_demo',
  orgRole: 'org:admin',
  fva: [0, 0], // both factors just verified: passes requireReverification('strict') for 10 minutes
  expiresInSeconds: 3600,
});

const app = new Hono();
app.use(
  '*',
  clerkMiddleware({ secretKey: issuer.secretKey, apiUrl: issuer.url, excludedRoutes: ['/health'] }),
);
app.get('/health', (c) => c.json({ ok: true }));
app.get('/me', requireAuth(), (c) => c.json({ userId: c.get('auth').userId }));
app.get('/me/user', requireAuth(), async (c) => c.json(await c.get('auth').getUser()));
app.post('/settings/password', requireReverification('strict'), (c) => c.json({ changed: true }));
app.get('/admin', requireAuth({ role: 'org:admin' }), (c) => c.json({ admin: c.get('auth').userId }));

const port = Number(process.env.PORT ?? 3000);
const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => {
  const base = `http://127.0.0.1:${port}`;
  console.log(`export TOKEN=${token}\n`);
  for (const [method, path] of [
    ['GET', '/me'],
    ['GET', '/me/user'],
    ['POST', '/settings/password'],
    ['GET', '/admin'],
  ]) {
    console.log(`curl -X ${method} -H "Authorization: Bearer $TOKEN" ${base}${path}`);
  }
  console.log(`curl -i ${base}/me        # 401 without a token`);
  console.log(`curl ${base}/health      # excluded route`);
});
process.on('SIGINT', () => server.close(() => issuer.close().then(() => process.exit(0))));
