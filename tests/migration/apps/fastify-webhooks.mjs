// Clerk's Fastify webhook guide: verifyWebhook(request) from the /webhooks subpath on a route with
// Fastify's own JSON parser, 400 when it throws. Only the import lines change.
import { verifyWebhook } from '@clerk/fastify/webhooks';
import Fastify from 'fastify';

const fastify = Fastify();

fastify.post('/api/webhooks', async (request, reply) => {
  try {
    const evt = await verifyWebhook(request);
    return evt;
  } catch {
    return reply.code(400).send('Error verifying webhook');
  }
});

await fastify.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`listening on ${fastify.server.address().port}`);
