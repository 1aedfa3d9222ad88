// The Connect example's app, built without listening, so tests drive it with supertest
// (tests/examples) and server.js serves it. `auth` goes to clerkMiddleware, `webhooks` to verifyWebhook.
import {
  clerkMiddleware,
  getAuth,
  requireAuth,
  requireReverification,
  verifyWebhook,
  WebhookVerificationError,
} from '@sessionguard/connect';
import connect from 'connect';

const MACHINES = ['api_key', 'm2m_token'];

const send = (res, status, value, type = 'application/json') => {
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.end(type === 'application/json' ? JSON.stringify(value) : value);
};
const json = (res, value) => send(res, 200, value);
/** Connect only mounts prefixes; this runs `guard` then `handler` for one exact method and path. */
const route = (method, path, guard, handler) => (req, res, next) => {
  if (req.method !== method || req.url.split('?')[0] !== path) return next();
  guard(req, res, (error) => (error ? next(error) : Promise.resolve(handler(req, res)).catch(next)));
};
const open = (_req, _res, next) => next();

/**
 * @param {{ auth?: import('@sessionguard/connect').AuthOptions, webhooks?: import('@sessionguard/connect').WebhookOptions }} [options]
 */
export function createApp({ auth, webhooks } = {}) {
  const app = connect();
  app.use(clerkMiddleware({ ...auth, excludedRoutes: ['/health', '/webhooks'] }));
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
  app.use(
    route('GET', '/reports', requireAuth({ permission: 'org:reports:read' }), (req, res) =>
      json(res, { orgId: req.auth.orgId }),
    ),
  );
  // API keys and M2M tokens, verified by the Backend API only on this route.
  app.use(
    route('GET', '/api/usage', requireAuth({ acceptsToken: MACHINES }), (req, res) => {
      const machine = getAuth(req, { acceptsToken: MACHINES });
      json(res, { tokenType: machine.tokenType, subject: machine.subject });
    }),
  );
  // A server-rendered page: with a publishable key, the browser's __session cookie signs it in.
  app.use(
    route('GET', '/account', requireAuth(), (req, res) =>
      send(res, 200, `<p>Signed in as ${req.auth.userId}</p>`, 'text/html; charset=utf-8'),
    ),
  );
  // No body parser: verifyWebhook reads the raw request stream, as Svix signed it.
  app.use(
    route('POST', '/webhooks', open, async (req, res) => {
      try {
        const event = await verifyWebhook(req, webhooks);
        json(res, { received: event.type });
      } catch (error) {
        if (!(error instanceof WebhookVerificationError)) throw error;
        if (error.retryAfterSeconds) res.setHeader('retry-after', String(error.retryAfterSeconds));
        send(res, error.status, { error: 'bad_request', reason: error.reason });
      }
    }),
  );
  return app;
}
