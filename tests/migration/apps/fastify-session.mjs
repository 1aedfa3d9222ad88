// Written as Clerk's Fastify quickstart and guides write an app: the plugin with authorizedParties,
// getAuth(request), and the API-key guide's getAuth(request, { acceptsToken: 'api_key' }) after a
// plain plugin. Only the import lines change.
import { clerkPlugin, getAuth } from '@clerk/fastify';
import Fastify from 'fastify';

const fastify = Fastify();
// Clerk's plugin reads its Backend API's URL from this option only (not CLERK_API_URL): the test
// issuer plays it here.
fastify.register(clerkPlugin, {
  apiUrl: process.env.CLERK_API_URL,
  authorizedParties: ['http://localhost:3000'],
});

fastify.get('/get-auth', async (request, reply) => {
  const { isAuthenticated, userId, sessionId } = getAuth(request);
  if (!isAuthenticated) return reply.code(401).send({ error: 'Unauthorized' });
  return { userId, sessionId };
});

fastify.get('/api-key', async (request, reply) => {
  const { isAuthenticated, id, subject, scopes, tokenType } = getAuth(request, { acceptsToken: 'api_key' });
  if (!isAuthenticated) return reply.code(401).send({ error: 'Unauthorized' });
  return { id, subject, scopes, tokenType };
});

fastify.setErrorHandler((err, _request, reply) => {
  reply.code(500).send({ error: err.message });
});

await fastify.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`listening on ${fastify.server.address().port}`);
