// One HTTP scenario in its own process: `node server.js <framework> <variant>`. A variant named
// `<variant>-base` (the A/B mode) is `<variant>` on the base revision's packages: run.js then sets
// BENCH_MODULES_FROM, and every package below is loaded from that tree (lib/modules.js).
// The fixture (PEM, tokens, the issuer's Backend API) comes from BENCH_FIXTURE; the Redis of the
// `user-redis` variant from BENCH_REDIS_URL. Each variant answers one route (lib/scenarios.js):
// `GET /me`, `GET /api-key`, `GET /user`, `GET /page` or `GET /api/me`. Talks to run.js over IPC:
//   -> { type: 'ready', port }          after listen
//   <- { type: 'start' }                -> { type: 'started' }  (CPU and request counters reset)
//   <- { type: 'stop' }                 -> { type: 'stopped', cpuMicros, requests, window }
// (`window`: the measured interval on the monotonic clock, to cut a --cpu-prof profile to it)
import { readFileSync } from 'node:fs';
import { fromBase, load } from './lib/modules.js';
import { isBase, NONCE_VARIANTS, requestFor, unbased } from './lib/scenarios.js';

const [framework, scenarioVariant] = process.argv.slice(2);
if (fromBase !== isBase(scenarioVariant)) {
  throw new Error(`server.js ${scenarioVariant}: a base variant and BENCH_MODULES_FROM go together`);
}
const variant = unbased(scenarioVariant);
const fixture = JSON.parse(readFileSync(process.env.BENCH_FIXTURE, 'utf8'));
const USER_ID = fixture.userId;
const { path } = requestFor(scenarioVariant, fixture);

let requests = 0;
/**
 * Requests are counted where the route runs, except under the stale-nonce flood, where a middleware
 * may answer before any route does (Clerk's 307): there every request the server receives counts.
 */
const COUNT_AT_SERVER = NONCE_VARIANTS.includes(variant);
const routeRan = () => {
  if (!COUNT_AT_SERVER) requests++;
};
let cpuAtStart = process.cpuUsage();
let windowStartUs = 0;
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n); // the clock of V8's profile timestamps

// ---- the hand-written jose middleware: Bearer header, jwtVerify with a key imported once ----
async function joseVerifier() {
  const { importSPKI, jwtVerify } = await load('jose');
  const key = await importSPKI(fixture.publicKeyPem, 'RS256');
  return async (authorization) => {
    if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) return null;
    try {
      const { payload } = await jwtVerify(authorization.slice(7), key, { algorithms: ['RS256'] });
      return typeof payload.sub === 'string' ? payload.sub : null;
    } catch {
      return null;
    }
  };
}

const clerkOptions = () => ({
  jwtKey: fixture.publicKeyPem,
  publishableKey: fixture.clerkPublishableKey,
  secretKey: fixture.clerkSecretKey,
});
const ourOptions = (cache) =>
  cache ? { jwtKey: fixture.publicKeyPem } : { jwtKey: fixture.publicKeyPem, tokenCache: false };

// ---- the API-key route: Bearer ak_… verified by the issuer's POST /api_keys/verify ----
// Clerk's middleware verifies every token type on every request (it forces acceptsToken 'any');
// the route reads the key with getAuth(req, { acceptsToken: 'api_key' }), as Clerk documents.
const clerkApiKeyOptions = () => ({
  ...clerkOptions(),
  apiUrl: fixture.apiUrl,
  secretKey: fixture.secretKey,
});
/**
 * Ours, as an app writes it: the middleware stays on session tokens (an ak_ token elsewhere is
 * token-type-mismatch and calls nothing), the route's `requireAuth({ acceptsToken: 'api_key' })`
 * verifies the key (SPEC §9.2, through the verdict cache), and the handler reads
 * `getAuth(req, { acceptsToken: 'api_key' })`.
 */
const ourApiKeyOptions = () => ({
  jwtKey: fixture.publicKeyPem,
  secretKey: fixture.secretKey,
  apiUrl: fixture.apiUrl,
  ...(variant === 'apikey-ours-nocache' ? { machineTokenCacheTtlInMs: 0 } : {}),
});
const apiKeyUserOf = (auth) => (auth.isAuthenticated && auth.tokenType === 'api_key' ? auth.userId : null);

// ---- the lookup-heavy route: the session token, then req.auth.getUser() from the Backend API ----
/** The lookup cache: in memory (the default), in Redis, or off (`lookupCacheTtlInMs: 0`). */
async function lookupOptions() {
  const base = { jwtKey: fixture.publicKeyPem, secretKey: fixture.secretKey, apiUrl: fixture.apiUrl };
  if (variant === 'user-nocache') return { ...base, lookupCacheTtlInMs: 0 };
  if (variant !== 'user-redis') return base;
  const { createClient } = await load('redis');
  const { createRedisStore } = await load('@sessionguard/redis');
  const client = createClient({ url: process.env.BENCH_REDIS_URL });
  let reported = false;
  client.on('error', (error) => {
    // The store reads a failing Redis as a miss; say so once, or a run could hide it.
    if (!reported) process.stderr.write(`[server ${framework}:${variant}] redis: ${error.message}\n`);
    reported = true;
  });
  await client.connect();
  return { ...base, cacheStore: createRedisStore(client) };
}
const userLine = (user) => (user ? `${user.id} ${user.firstName}` : null);

// ---- the browser-cookie routes (SPEC §12): a navigation, and a fetch with a stale nonce ----
/**
 * Ours and the Clerk package alike: the issuer's publishable key (so §12 applies: a development
 * instance whose Frontend API is the issuer), its secret key and Backend API (the nonce's payload
 * endpoint) and the PEM (no JWKS fetch).
 */
const browserOptions = () => ({
  publishableKey: fixture.publishableKey,
  secretKey: fixture.secretKey,
  apiUrl: fixture.apiUrl,
  jwtKey: fixture.publicKeyPem,
});
/**
 * Clerk logs each refused nonce with `console.error` (the error and its stack): thousands of lines a
 * second, which would bury the run's log. Counted instead, and the first one shown.
 */
function quietClerkErrors() {
  let logged = 0;
  console.error = (...args) => {
    if (logged++ === 0) {
      const text = args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' ');
      process.stderr.write(`[server ${framework}:${variant}] (first of many, the rest not shown) ${text}\n`);
    }
  };
}

// ---- Express ----
async function expressApp() {
  const { default: express } = await load('express');
  const app = express();
  let userOf;
  switch (variant) {
    case 'bare':
      userOf = () => USER_ID;
      break;
    case 'apikey-layers':
      // The API-key route's two layers (the middleware's and the guard's), doing nothing.
      app.use((_req, _res, next) => next());
      app.use((_req, _res, next) => next());
      userOf = () => USER_ID;
      break;
    case 'jose': {
      const verify = await joseVerifier();
      app.use((req, _res, next) => {
        verify(req.headers.authorization).then((sub) => {
          req.userId = sub;
          next();
        }, next);
      });
      userOf = (req) => req.userId;
      break;
    }
    case 'ours':
    case 'ours-nocache': {
      const { clerkMiddleware, getAuth } = await load('@sessionguard/express');
      app.use(clerkMiddleware(ourOptions(variant === 'ours')));
      userOf = (req) => getAuth(req).userId;
      break;
    }
    case 'clerk': {
      const { clerkMiddleware, getAuth } = await load('@clerk/express');
      app.use(clerkMiddleware(clerkOptions()));
      userOf = (req) => getAuth(req).userId;
      break;
    }
    case 'apikey-ours':
    case 'apikey-ours-nocache': {
      const { clerkMiddleware, getAuth, requireAuth } = await load('@sessionguard/express');
      app.use(clerkMiddleware(ourApiKeyOptions()));
      app.use(requireAuth({ acceptsToken: 'api_key' }));
      userOf = (req) => apiKeyUserOf(getAuth(req, { acceptsToken: 'api_key' }));
      break;
    }
    case 'apikey-clerk': {
      const { clerkMiddleware, getAuth } = await load('@clerk/express');
      app.use(clerkMiddleware(clerkApiKeyOptions()));
      userOf = (req) => apiKeyUserOf(getAuth(req, { acceptsToken: 'api_key' }));
      break;
    }
    case 'user-memory':
    case 'user-redis':
    case 'user-nocache': {
      const { clerkMiddleware } = await load('@sessionguard/express');
      app.use(clerkMiddleware(await lookupOptions()));
      userOf = (req) => (req.auth.isAuthenticated ? req.auth.getUser().then(userLine) : null);
      break;
    }
    case 'cookie-ours':
    case 'nonce-ours': {
      const { clerkMiddleware, getAuth } = await load('@sessionguard/express');
      app.use(clerkMiddleware(browserOptions()));
      userOf = (req) => getAuth(req).userId;
      break;
    }
    case 'cookie-clerk':
    case 'nonce-clerk': {
      const { clerkMiddleware, getAuth } = await load('@clerk/express');
      const { createClerkClient } = await load('@clerk/backend');
      if (variant === 'nonce-clerk') quietClerkErrors();
      // @clerk/express's default client reads its secret key from the environment alone (the
      // option reaches only the token checks), and the nonce is resolved through that client.
      app.use(clerkMiddleware({ ...browserOptions(), clerkClient: createClerkClient(browserOptions()) }));
      userOf = (req) => getAuth(req).userId;
      break;
    }
    case 'oauth2': {
      const { auth } = await load('express-oauth2-jwt-bearer');
      app.use(
        auth({
          issuer: fixture.issuer,
          audience: fixture.audience,
          jwksUri: fixture.jwksUrl,
          tokenSigningAlg: 'RS256',
        }),
      );
      userOf = (req) => req.auth?.payload?.sub;
      break;
    }
    default:
      throw new Error(`unknown variant ${variant}`);
  }
  app.get(path, (req, res) => {
    routeRan();
    const user = userOf(req);
    if (user instanceof Promise)
      user.then(
        (found) => sendExpress(res, found),
        () => sendExpress(res, null),
      );
    else sendExpress(res, user);
  });
  return listenNode(app);
}

function sendExpress(res, user) {
  if (!user) res.status(401).send('unauthorized');
  else res.send(user);
}

// ---- Connect (also the plain node:http middleware shape) ----
async function connectApp() {
  const { default: connect } = await load('connect');
  const app = connect();
  let userOf;
  if (variant === 'bare') userOf = () => USER_ID;
  else if (variant === 'ours' || variant === 'ours-nocache') {
    const { clerkMiddleware, getAuth } = await load('@sessionguard/connect');
    app.use(clerkMiddleware(ourOptions(variant === 'ours')));
    userOf = (req) => getAuth(req).userId;
  } else throw new Error(`unknown variant ${variant}`);
  app.use('/me', (req, res) => {
    routeRan();
    const user = userOf(req);
    res.statusCode = user ? 200 : 401;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(user ?? 'unauthorized');
  });
  return listenNode(app);
}

function countAtServer(server) {
  if (COUNT_AT_SERVER) server.on('request', () => requests++);
}

async function listenNode(handler) {
  const { createServer } = await load('node:http');
  const server = createServer(handler);
  countAtServer(server);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server.address().port;
}

// ---- Fastify ----
async function fastifyApp() {
  const { default: Fastify } = await load('fastify');
  const app = Fastify({ logger: false });
  let userOf;
  switch (variant) {
    case 'bare':
      userOf = () => USER_ID;
      break;
    case 'apikey-layers':
      // The API-key route's two hooks (the plugin's onRequest and the guard's preHandler), doing nothing.
      app.addHook('onRequest', (_request, _reply, done) => done());
      app.addHook('preHandler', (_request, _reply, done) => done());
      userOf = () => USER_ID;
      break;
    case 'jose': {
      const verify = await joseVerifier();
      app.decorateRequest('userId', null);
      app.addHook('onRequest', async (request) => {
        request.userId = await verify(request.headers.authorization);
      });
      userOf = (request) => request.userId;
      break;
    }
    case 'ours':
    case 'ours-nocache': {
      const { clerkPlugin, getAuth } = await load('@sessionguard/fastify');
      await app.register(clerkPlugin, ourOptions(variant === 'ours'));
      userOf = (request) => getAuth(request).userId;
      break;
    }
    case 'clerk': {
      const { clerkPlugin, getAuth } = await load('@clerk/fastify');
      await app.register(clerkPlugin, clerkOptions());
      userOf = (request) => getAuth(request).userId;
      break;
    }
    case 'apikey-ours':
    case 'apikey-ours-nocache': {
      const { clerkPlugin, getAuth, requireAuth } = await load('@sessionguard/fastify');
      await app.register(clerkPlugin, ourApiKeyOptions());
      app.addHook('preHandler', requireAuth({ acceptsToken: 'api_key' }));
      userOf = (request) => apiKeyUserOf(getAuth(request, { acceptsToken: 'api_key' }));
      break;
    }
    case 'apikey-clerk': {
      const { clerkPlugin, getAuth } = await load('@clerk/fastify');
      await app.register(clerkPlugin, clerkApiKeyOptions());
      userOf = (request) => apiKeyUserOf(getAuth(request, { acceptsToken: 'api_key' }));
      break;
    }
    case 'cookie-ours':
    case 'nonce-ours': {
      const { clerkPlugin, getAuth } = await load('@sessionguard/fastify');
      await app.register(clerkPlugin, browserOptions());
      userOf = (request) => getAuth(request).userId;
      break;
    }
    case 'cookie-clerk':
    case 'nonce-clerk': {
      const { clerkPlugin, getAuth } = await load('@clerk/fastify');
      if (variant === 'nonce-clerk') quietClerkErrors();
      await app.register(clerkPlugin, browserOptions());
      userOf = (request) => getAuth(request).userId;
      break;
    }
    default:
      throw new Error(`unknown variant ${variant}`);
  }
  app.get(path, (request, reply) => {
    routeRan();
    const user = userOf(request);
    if (user instanceof Promise) {
      user.then(
        (found) => sendFastify(reply, found),
        () => sendFastify(reply, null),
      );
    } else sendFastify(reply, user);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  countAtServer(app.server);
  return app.server.address().port;
}

function sendFastify(reply, user) {
  if (!user) reply.code(401).send('unauthorized');
  else reply.send(user);
}

// ---- Hono on @hono/node-server ----
async function honoApp() {
  const { Hono } = await load('hono');
  const { serve } = await load('@hono/node-server');
  const app = new Hono();
  let userOf;
  switch (variant) {
    case 'bare':
      userOf = () => USER_ID;
      break;
    case 'jose': {
      const verify = await joseVerifier();
      app.use('*', async (c, next) => {
        c.set('userId', await verify(c.req.header('authorization')));
        await next();
      });
      userOf = (c) => c.get('userId');
      break;
    }
    case 'ours':
    case 'ours-nocache': {
      const { clerkMiddleware, getAuth } = await load('@sessionguard/hono');
      app.use('*', clerkMiddleware(ourOptions(variant === 'ours')));
      userOf = (c) => getAuth(c).userId;
      break;
    }
    case 'clerk': {
      const { clerkMiddleware, getAuth } = await load('@clerk/hono');
      app.use('*', clerkMiddleware(clerkOptions()));
      userOf = (c) => getAuth(c).userId;
      break;
    }
    default:
      throw new Error(`unknown variant ${variant}`);
  }
  app.get('/me', (c) => {
    routeRan();
    const user = userOf(c);
    return user ? c.text(user) : c.text('unauthorized', 401);
  });
  return new Promise((resolve) => {
    serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });
}

const apps = { express: expressApp, connect: connectApp, fastify: fastifyApp, hono: honoApp };
if (!apps[framework]) throw new Error(`unknown framework ${framework}`);
const port = await apps[framework]();

process.on('message', (message) => {
  if (message.type === 'start') {
    requests = 0;
    cpuAtStart = process.cpuUsage();
    windowStartUs = monotonicUs();
    process.send({ type: 'started' });
  } else if (message.type === 'stop') {
    const cpu = process.cpuUsage(cpuAtStart);
    const window = { startUs: windowStartUs, stopUs: monotonicUs() };
    process.send({ type: 'stopped', cpuMicros: cpu.user + cpu.system, requests, window });
  } else if (message.type === 'exit') {
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', port });
