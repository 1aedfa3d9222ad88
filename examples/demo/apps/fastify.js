import { clerkPlugin, requireAuth, requireReverification } from '@sessionguard/fastify';
import Fastify from 'fastify';
import { authSummary } from './summary.js';

export async function createApp(options) {
  const app = Fastify();
  await app.register(clerkPlugin, options);
  app.get('/api/me', { preHandler: requireAuth() }, async (request) => authSummary(request.auth));
  app.get('/api/me/user', { preHandler: requireAuth() }, async (request) => request.auth.getUser());
  app.post('/api/settings/password', { preHandler: requireReverification('strict') }, async () => ({
    ok: true,
  }));
  app.get('/api/admin', { preHandler: requireAuth({ role: 'org:admin' }) }, async (request) => ({
    ok: true,
    orgId: request.auth.orgId,
  }));
  await app.ready();
  return (req, res) => app.routing(req, res);
}
