// One app instance of the chaos run: Express (node-redis, built as the @sessionguard/redis README
// shows) or Fastify (ioredis), argv[2]. Both share one Redis for lookups, API-key verdicts and
// webhook ids, and answer as their READMEs show: guards for /me and /machine, verifyWebhook with
// its status (and Retry-After on a 503) for /webhooks. Anything else thrown is a 500: a finding.
import { load } from './deps.mjs';

const framework = process.argv[2];
const env = process.env;
const { createAuthenticator } = await load('@sessionguard/core');
const { createRedisStore } = await load('@sessionguard/redis');

let client;
if (framework === 'express') {
  const { createClient } = await load('redis');
  client = createClient({ url: env.REDIS_URL });
  client.on('error', () => {}); // README: without it, node-redis ends the process when Redis dies
  await client.connect();
} else {
  const { Redis } = await load('ioredis');
  client = new Redis(env.REDIS_URL, { lazyConnect: true });
  client.on('error', () => {});
  await client.connect();
}

const authenticator = createAuthenticator({
  jwksUrl: env.CLERK_JWKS_URL,
  secretKey: env.CLERK_SECRET_KEY,
  apiUrl: env.ISSUER_URL,
  acceptsToken: ['session_token', 'api_key'],
  cacheStore: createRedisStore(client),
});
const webhookOptions = { signingSecret: env.CLERK_WEBHOOK_SIGNING_SECRET, authenticator };

function webhookAnswer(result, WebhookVerificationError) {
  if (result instanceof WebhookVerificationError) {
    const headers = result.retryAfterSeconds ? { 'retry-after': String(result.retryAfterSeconds) } : {};
    return { status: result.status, headers, body: { error: 'bad_request', reason: result.reason } };
  }
  if (result instanceof Error) return { status: 500, headers: {}, body: { error: result.name } };
  return { status: 200, headers: {}, body: { received: result.type } };
}

let port;
if (framework === 'express') {
  const { default: express } = await load('express');
  const adapter = await load('@sessionguard/express');
  const app = express();
  app.use(adapter.clerkMiddleware(authenticator));
  app.get('/me', adapter.requireAuth(), (req, res) => res.json({ userId: adapter.getAuth(req).userId }));
  app.get('/machine', adapter.requireAuth({ acceptsToken: 'api_key' }), (req, res) =>
    res.json({ id: adapter.getAuth(req, { acceptsToken: 'api_key' }).id }),
  );
  app.post('/webhooks', express.raw({ type: 'application/json' }), async (req, res) => {
    const result = await adapter.verifyWebhook(req, webhookOptions).catch((error) => error);
    const { status, headers, body } = webhookAnswer(result, adapter.WebhookVerificationError);
    res.status(status).set(headers).json(body);
  });
  const server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  port = server.address().port;
} else {
  const { default: Fastify } = await load('fastify');
  const adapter = await load('@sessionguard/fastify');
  const app = Fastify();
  await app.register(adapter.clerkPlugin, { authenticator });
  app.get('/me', { config: { auth: true } }, async (request) => ({
    userId: adapter.getAuth(request).userId,
  }));
  app.get('/machine', { config: { auth: { acceptsToken: 'api_key' } } }, async (request) => ({
    id: adapter.getAuth(request, { acceptsToken: 'api_key' }).id,
  }));
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    scope.post('/webhooks', async (request, reply) => {
      const result = await adapter.verifyWebhook(request, webhookOptions).catch((error) => error);
      const { status, headers, body } = webhookAnswer(result, adapter.WebhookVerificationError);
      return reply.code(status).headers(headers).send(body);
    });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = app.server.address().port;
}
process.on('unhandledRejection', (error) => {
  console.error('unhandledRejection', error?.name);
  process.exit(70);
});
console.log(`${framework} listening on ${port}`);
