// Fastify 5 against a local test issuer. Start: npx -y pnpm@10.34.8 --filter @sessionguard/example-fastify start
import { clerkPlugin, requireAuth, requireReverification } from '@sessionguard/fastify';
import { createTestIssuer } from '@sessionguard/testing';
import Fastify from 'fastify';
import { mintExampleTokens, printTryIt } from '../shared/try-it.js';

const issuer = await createTestIssuer();
issuer.addUser({ id: 'user_demo', first_name: 'Ada' });
const tokens = await mintExampleTokens(issuer);

const app = Fastify();
app.register(clerkPlugin, { secretKey: issuer.secretKey, apiUrl: issuer.url, excludedRoutes: ['/health'] });
app.get('/health', async () => ({ ok: true }));
app.get('/me', { preHandler: requireAuth() }, async (request) => ({ userId: request.auth.userId }));
app.get('/me/user', { config: { auth: true } }, async (request) => request.auth.getUser());
app.post('/settings/password', { preHandler: requireReverification('strict') }, async () => ({
  changed: true,
}));
app.get('/admin', { config: { auth: { role: 'org:admin' } } }, async (request) => ({
  admin: request.auth.userId,
}));

const port = Number(process.env.PORT ?? 3000);
await app.listen({ port, host: '127.0.0.1' });
printTryIt(`http://127.0.0.1:${app.server.address().port}`, tokens);
process.on('SIGINT', () =>
  app
    .close()
    .then(() => issuer.close())
    .then(() => process.exit(0)),
);
