// Clerk's Fastify quickstart reading the Backend API: clerkClient.users.getUser(userId), a user that
// does not exist (ClerkAPIResponseError), organizations.getOrganization in Clerk's object form. Only
// the import lines change.
import { clerkClient, clerkPlugin, getAuth } from '@clerk/fastify';
import Fastify from 'fastify';

const fastify = Fastify();
// Clerk's plugin reads its Backend API's URL from this option only (not CLERK_API_URL): the test
// issuer plays it here.
fastify.register(clerkPlugin, { apiUrl: process.env.CLERK_API_URL });

fastify.get('/user', async (request, reply) => {
  const { isAuthenticated, userId } = getAuth(request);
  if (!isAuthenticated) return reply.code(401).send({ error: 'Unauthorized' });
  const user = await clerkClient.users.getUser(userId);
  return { user };
});

fastify.get('/users/:id', async (request, reply) => {
  try {
    return await clerkClient.users.getUser(request.params.id);
  } catch (err) {
    return reply
      .code(err.status ?? 500)
      .send({ status: err.status, errors: err.errors, message: err.message });
  }
});

fastify.get('/orgs/:id', async (request) =>
  clerkClient.organizations.getOrganization({ organizationId: request.params.id }),
);

fastify.get('/orgs-by-slug/:slug', async (request) =>
  clerkClient.organizations.getOrganization({ slug: request.params.slug }),
);

fastify.setErrorHandler((err, _request, reply) => {
  reply.code(500).send({ error: err.message });
});

await fastify.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`listening on ${fastify.server.address().port}`);
