// Fastify 5 against a local test issuer. Start: pnpm --filter @sessionguard/example-fastify start
import { clerkPlugin, requireAuth, requireReverification } from '@sessionguard/fastify';
import { createTestIssuer } from '@sessionguard/testing';
import Fastify from 'fastify';

const issuer = await createTestIssuer();
issuer.addUser({ id: 'user_demo', first_name: 'Ada' });
const token = await issuer.mintSessionToken({
  userId: 'user_demo',
  orgId: 'org_demo',
  orgRole: 'org:admin',
  fva: [0, 0], // both factors just verified: passes requireReverification('strict') for 10 minutes
  expiresInSeconds: 3600,
});

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
process.on('SIGINT', () =>
  app
    .close()
    .then(() => issuer.close())
    .then(() => process.exit(0)),
);
