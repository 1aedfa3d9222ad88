// Hono 4 on Node (@hono/node-server) against a local test issuer. Start: npx -y pnpm@10.34.8 --filter @sessionguard/example-hono start
import { serve } from '@hono/node-server';
import { clerkMiddleware, requireAuth, requireReverification } from '@sessionguard/hono';
import { createTestIssuer } from '@sessionguard/testing';
import { Hono } from 'hono';
import { mintExampleTokens, printTryIt } from '../shared/try-it.js';

const issuer = await createTestIssuer();
issuer.addUser({ id: 'user_demo', first_name: 'Ada' });
const tokens = await mintExampleTokens(issuer);

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
  printTryIt(`http://127.0.0.1:${server.address().port}`, tokens);
});
process.on('SIGINT', () => server.close(() => issuer.close().then(() => process.exit(0))));
