// Express 5 (or 4) against a local test issuer. Start: pnpm --filter @sessionguard/example-express start
import { clerkMiddleware, requireAuth, requireReverification } from '@sessionguard/express';
import { createTestIssuer } from '@sessionguard/testing';
import express from 'express';

const issuer = await createTestIssuer();
issuer.addUser({ id: 'user_demo', first_name: 'Ada' });
const token = await issuer.mintSessionToken({
  userId: 'user_demo',
  orgId: 'org_demo',
  orgRole: 'org:admin',
  fva: [0, 0], // both factors just verified: passes requireReverification('strict') for 10 minutes
  expiresInSeconds: 3600,
});

const app = express();
// secretKey + apiUrl: keys from the issuer's Backend API JWKS, and getUser() from its /v1/users.
app.use(clerkMiddleware({ secretKey: issuer.secretKey, apiUrl: issuer.url, excludedRoutes: ['/health'] }));
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

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, '127.0.0.1', () => {
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
