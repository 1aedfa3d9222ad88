import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  clerkMiddleware,
  getAuth,
  type Middleware,
  requireAuth,
  requireReverification,
} from '@sessionguard/connect';
import type { AuthOptions } from '@sessionguard/core';
import connect from 'connect';
import {
  APP_ERROR_STATUS,
  APP_WIDE_REVERIFICATION,
  appErrorResult,
  ENTRY,
  ENTRY_PATHS,
  type EntryTenants,
  entryResult,
  entryTenants,
  guardsOf,
  HOOK_STATUS,
  type HookName,
  handlerResult,
  hookBody,
  hookSet,
  ROUTE_COOKIE,
  type RouteSpec,
  routes,
} from '../app-description.js';
import { serveOnLoopback } from './node-server.js';
import { type AppConstructor, type AppFactory, failureOf } from './types.js';

const hook = (name: HookName) => (_req: IncomingMessage, res: ServerResponse) => {
  res.statusCode = HOOK_STATUS;
  res.setHeader('content-type', 'text/plain');
  res.end(hookBody(name));
};
const hooks = hookSet(hook);

function guardFor(route: RouteSpec): Middleware[] {
  return guardsOf(route, hooks, { requireAuth, requireReverification });
}

function sendJson(res: ServerResponse, value: unknown): void {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(value));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** The misuse the entry scenarios show; the types refuse it, so it is written through `unknown`. */
const uncalled = (factory: unknown) => factory as Middleware;

/** Connect has no method routing: one middleware dispatches `METHOD path` to the route's chain. */
function router(tenants: EntryTenants): Middleware {
  const table = new Map<string, Middleware[]>();
  for (const route of routes) {
    const handler: Middleware = (req, res, next) => {
      if (route.setsCookie) res.appendHeader('set-cookie', ROUTE_COOKIE);
      const body = route.echo ? readJson(req) : Promise.resolve(undefined);
      body.then(
        (parsed) =>
          sendJson(res, handlerResult(route.name, req.auth, parsed, getAuth(req, { acceptsToken: 'any' }))),
        next,
      );
    };
    table.set(`${route.method} ${route.path}`, [...guardFor(route), handler]);
  }
  const entryHandler: Middleware = (req, res) => sendJson(res, entryResult(getAuth(req), tenants));
  for (const path of ENTRY_PATHS) table.set(`GET ${path}`, [entryHandler]);
  table.set(`GET ${ENTRY.uncalledRequireAuth}`, [uncalled(requireAuth), entryHandler]);
  table.set(`GET ${ENTRY.uncalledReverification}`, [uncalled(requireReverification), entryHandler]);
  return (req, res, next) => {
    const chain = table.get(`${req.method} ${req.url?.split('?')[0]}`);
    if (chain === undefined) return next();
    let index = 0;
    const step = (error?: unknown): void => {
      const layer = chain[index++];
      if (error !== undefined || layer === undefined) next(error);
      else layer(req, res, step);
    };
    step();
  };
}

export const connectFactory: AppFactory = async (fixtures) => {
  const app = connect();
  const tenants = entryTenants(fixtures.tenantFor);
  // Entry scenarios with a clerkMiddleware of their own: before the app-wide one.
  app.use(ENTRY.uncalledMiddleware, uncalled(clerkMiddleware));
  app.use(
    ENTRY.asyncTenant,
    clerkMiddleware((req) => tenants.asyncTenant(req.headers.host)),
  );
  app.use(ENTRY.asyncTenantRejects, clerkMiddleware(tenants.rejects));
  app.use(ENTRY.badTenant, clerkMiddleware(tenants.bad));
  app.use(ENTRY.badAsyncTenant, clerkMiddleware(tenants.badAsync));
  app.use(ENTRY.noTenant, clerkMiddleware(tenants.none));

  app.use(clerkMiddleware((req) => fixtures.tenantFor(req.headers.host)));
  app.use(requireReverification(APP_WIDE_REVERIFICATION.preset, { routes: APP_WIDE_REVERIFICATION.routes }));
  app.use(ENTRY.twice, clerkMiddleware(tenants.second));
  app.use(router(tenants));
  app.use((req: IncomingMessage, res: ServerResponse) =>
    sendJson(res, handlerResult('catch-all', getAuth(req))),
  );
  app.use((error: unknown, _req: IncomingMessage, res: ServerResponse, _next: () => void) => {
    res.statusCode = APP_ERROR_STATUS;
    sendJson(res, appErrorResult(error));
  });
  return serveOnLoopback(app);
};

export const connectConstructor: AppConstructor = async (options) => [
  await failureOf(() => connect().use(clerkMiddleware(options as AuthOptions))),
];
