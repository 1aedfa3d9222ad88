// Connect (or bare node:http) against a local test issuer. Start: npx -y pnpm@10.34.8 --filter @sessionguard/example-connect start
import { createServer } from 'node:http';
import { clerkMiddleware, requireAuth, requireReverification } from '@sessionguard/connect';
import { createTestIssuer } from '@sessionguard/testing';
import connect from 'connect';
import { mintExampleTokens, printTryIt } from '../shared/try-it.js';

const issuer = await createTestIssuer();
issuer.addUser({ id: 'user_demo', first_name: 'Ada' });
const tokens = await mintExampleTokens(issuer);

const json = (res, value) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(value));
};
/** Connect only mounts prefixes; this runs `guard` then `handler` for one exact method and path. */
const route = (method, path, guard, handler) => (req, res, next) => {
  if (req.method !== method || req.url.split('?')[0] !== path) return next();
  guard(req, res, (error) => (error ? next(error) : Promise.resolve(handler(req, res)).catch(next)));
};
const open = (_req, _res, next) => next();

const app = connect();
app.use(clerkMiddleware({ secretKey: issuer.secretKey, apiUrl: issuer.url, excludedRoutes: ['/health'] }));
app.use(route('GET', '/health', open, (_req, res) => json(res, { ok: true })));
app.use(route('GET', '/me', requireAuth(), (req, res) => json(res, { userId: req.auth.userId })));
app.use(route('GET', '/me/user', requireAuth(), async (req, res) => json(res, await req.auth.getUser())));
app.use(
  route('POST', '/settings/password', requireReverification('strict'), (_req, res) =>
    json(res, { changed: true }),
  ),
);
app.use(
  route('GET', '/admin', requireAuth({ role: 'org:admin' }), (req, res) =>
    json(res, { admin: req.auth.userId }),
  ),
);

const port = Number(process.env.PORT ?? 3000);
const server = createServer(app).listen(port, '127.0.0.1', () => {
  printTryIt(`http://127.0.0.1:${server.address().port}`, tokens);
});
process.on('SIGINT', () => server.close(() => issuer.close().then(() => process.exit(0))));
