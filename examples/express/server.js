// Express 5 (or 4) against a local test issuer. Start: npx -y pnpm@10.34.8 --filter @sessionguard/example-express start
import { clerkMiddleware, requireAuth, requireReverification } from '@sessionguard/express';
import { createTestIssuer } from '@sessionguard/testing';
import express from 'express';
import { mintExampleTokens, printTryIt } from '../shared/try-it.js';

const issuer = await createTestIssuer();
issuer.addUser({ id: 'user_demo', first_name: 'Ada' });
const tokens = await mintExampleTokens(issuer);

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
  printTryIt(`http://127.0.0.1:${server.address().port}`, tokens);
});
process.on('SIGINT', () => server.close(() => issuer.close().then(() => process.exit(0))));
