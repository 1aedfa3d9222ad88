import { clerkMiddleware, requireAuth, requireReverification, verifyWebhook } from '@sessionguard/connect';
import connect from 'connect';
import { ACCOUNT_CACHE_CONTROL, pageHtml, renderAccount } from './pages.js';
import { authSummary } from './summary.js';
import { createWebhookLog } from './webhook-log.js';

function html(res, body, cacheControl) {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  if (cacheControl) res.setHeader('cache-control', cacheControl);
  res.end(body);
}

function json(res, body) {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/** Connect has no method routing: one small route() helper does it. */
function route(app, method, path, guard, handler) {
  app.use((req, res, next) => {
    if (req.method !== method || req.url.split('?')[0] !== path) return next();
    guard(req, res, (error) => (error ? next(error) : Promise.resolve(handler(req, res)).catch(next)));
  });
}

const open = (_req, _res, next) => next();

export async function createApp(options, webhookOptions) {
  const app = connect();
  const webhooks = createWebhookLog();
  app.use(clerkMiddleware(options));
  // No body parser: verifyWebhook reads the request stream itself.
  route(app, 'POST', '/api/webhooks', open, async (req, res) => {
    const { status, body } = await webhooks.answer(verifyWebhook(req, webhookOptions));
    res.statusCode = status;
    json(res, body);
  });
  route(app, 'GET', '/', open, (_req, res) => html(res, pageHtml));
  route(app, 'GET', '/account', open, (req, res) =>
    html(res, renderAccount(req.auth, req.headers.cookie), ACCOUNT_CACHE_CONTROL),
  );
  route(app, 'GET', '/api/webhooks/events', open, (_req, res) => json(res, webhooks.list()));
  route(app, 'GET', '/api/me', requireAuth(), (req, res) => json(res, authSummary(req.auth)));
  route(app, 'GET', '/api/me/user', requireAuth(), async (req, res) => json(res, await req.auth.getUser()));
  route(app, 'POST', '/api/settings/password', requireReverification('strict'), (_req, res) =>
    json(res, { ok: true }),
  );
  route(app, 'GET', '/api/admin', requireAuth({ role: 'org:admin' }), (req, res) =>
    json(res, { ok: true, orgId: req.auth.orgId }),
  );
  return app;
}
