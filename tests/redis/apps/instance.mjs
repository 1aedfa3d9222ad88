// One app instance of many behind a load balancer: Express or Fastify (argv[2]), with one
// authenticator whose cacheStore is the shared Redis, which also keeps the API-key verdicts and the
// webhook ids.
import { createAuthenticator } from '@sessionguard/core';
import { createRedisStore } from '@sessionguard/redis';
import { Redis } from 'ioredis';
import { createClient } from 'redis';

const framework = process.argv[2];
const {
  REDIS_URL,
  ISSUER_URL,
  CLERK_JWKS_URL,
  CLERK_SECRET_KEY,
  CLERK_WEBHOOK_SIGNING_SECRET,
  MACHINE_TOKEN_CACHE_TTL_IN_MS,
  REDIS_TIMEOUT_IN_MS,
} = process.env;

// Express talks to Redis through node-redis, Fastify through ioredis: both clients share one store.
const client =
  framework === 'express'
    ? await createClient({ url: REDIS_URL }).connect()
    : new Redis(REDIS_URL, { lazyConnect: true });
if (framework !== 'express') await client.connect();
// The tests of sharing give Redis time to answer: under a loaded CI machine the default 50 ms
// deadline turns a slow read into a miss (by design; the fault tests check that), which here would
// look like an unshared verdict.
const cacheStore = createRedisStore(client, { timeoutInMs: Number(REDIS_TIMEOUT_IN_MS ?? 50) });
const authenticator = createAuthenticator({
  jwksUrl: CLERK_JWKS_URL,
  secretKey: CLERK_SECRET_KEY,
  apiUrl: ISSUER_URL,
  // The middleware verifies API keys too; their verdicts live in Redis for this long (real time:
  // Redis expires the entry by its PX TTL, so the test waits rather than moving a clock).
  acceptsToken: ['session_token', 'api_key'],
  machineTokenCacheTtlInMs: Number(MACHINE_TOKEN_CACHE_TTL_IN_MS),
  cacheStore,
});
const webhookOptions = { signingSecret: CLERK_WEBHOOK_SIGNING_SECRET, authenticator };

async function me(auth) {
  if (!auth.isAuthenticated) return { status: 401, body: { reason: auth.reason } };
  const user = await auth.getUser();
  return { status: 200, body: { userId: auth.userId, firstName: user?.firstName ?? null } };
}

// The API-key view of the request the middleware verified (getAuth with acceptsToken, SPEC §9.2).
function machine(auth) {
  if (!auth.isAuthenticated) return { status: 401, body: { reason: auth.reason } };
  return { status: 200, body: { id: auth.id, subject: auth.subject } };
}

function webhookAnswer(result) {
  if (result instanceof Error) return { status: result.status ?? 500, body: { reason: result.reason } };
  return { status: 200, body: { id: result.data.id } };
}

let port;
if (framework === 'express') {
  const { default: express } = await import('express');
  const adapter = await import('@sessionguard/express');
  const app = express();
  app.use(adapter.clerkMiddleware(authenticator));
  app.get('/me', async (req, res) => {
    const { status, body } = await me(adapter.getAuth(req));
    res.status(status).json(body);
  });
  app.get('/machine', async (req, res) => {
    const { status, body } = machine(adapter.getAuth(req, { acceptsToken: 'api_key' }));
    res.status(status).json(body);
  });
  app.post('/webhooks', express.raw({ type: 'application/json' }), async (req, res) => {
    const result = await adapter.verifyWebhook(req, webhookOptions).catch((error) => error);
    const { status, body } = webhookAnswer(result);
    res.status(status).json(body);
  });
  const server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  port = server.address().port;
} else {
  const { default: Fastify } = await import('fastify');
  const adapter = await import('@sessionguard/fastify');
  const app = Fastify();
  await app.register(adapter.clerkPlugin, { authenticator });
  app.get('/me', async (request, reply) => {
    const { status, body } = await me(adapter.getAuth(request));
    reply.code(status);
    return body;
  });
  app.get('/machine', async (request, reply) => {
    const { status, body } = machine(adapter.getAuth(request, { acceptsToken: 'api_key' }));
    reply.code(status);
    return body;
  });
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    scope.post('/webhooks', async (request, reply) => {
      const result = await adapter.verifyWebhook(request, webhookOptions).catch((error) => error);
      const { status, body } = webhookAnswer(result);
      reply.code(status);
      return body;
    });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = app.server.address().port;
}
console.log(`${framework} listening on ${port}`);
