import { clerkMiddleware, getAuth, requireAuth, requireReverification } from '@sessionguard/express';
import type express from 'express';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import {
  APP_ERROR_STATUS,
  APP_WIDE_REVERIFICATION,
  appErrorResult,
  ENTRY,
  ENTRY_PATHS,
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

const hook = (name: HookName) => (_req: unknown, res: Response) => {
  res.status(HOOK_STATUS).type('text/plain').send(hookBody(name));
};
const hooks = hookSet(hook);

function guardFor(route: RouteSpec): RequestHandler[] {
  return guardsOf(route, hooks, { requireAuth, requireReverification });
}

/** The misuse the entry scenarios show; the types refuse it, so it is written through `unknown`. */
const uncalled = (factory: unknown) => factory as RequestHandler;
const hostOf = (req: Request) => req.headers.host;

const appErrorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  res.status(APP_ERROR_STATUS).json(appErrorResult(error));
};

/** Express 4 and 5 get the same app: pass either module. */
export function expressFactory(createApp: typeof express): AppFactory {
  return async (fixtures) => {
    const app = createApp();
    const tenants = entryTenants(fixtures.tenantFor);
    // Entry scenarios with a clerkMiddleware of their own: before the app-wide one.
    app.use(ENTRY.uncalledMiddleware, uncalled(clerkMiddleware));
    app.use(
      ENTRY.asyncTenant,
      clerkMiddleware((req) => tenants.asyncTenant(hostOf(req))),
    );
    app.use(ENTRY.asyncTenantRejects, clerkMiddleware(tenants.rejects));
    app.use(ENTRY.badTenant, clerkMiddleware(tenants.bad));
    app.use(ENTRY.badAsyncTenant, clerkMiddleware(tenants.badAsync));
    app.use(ENTRY.noTenant, clerkMiddleware(tenants.none));

    app.use(clerkMiddleware((req) => fixtures.tenantFor(hostOf(req))));
    app.use(
      requireReverification(APP_WIDE_REVERIFICATION.preset, { routes: APP_WIDE_REVERIFICATION.routes }),
    );
    for (const route of routes) {
      const parse = route.echo ? [createApp.json()] : []; // after the middleware: the body must survive it
      const method = route.method === 'GET' ? 'get' : 'post';
      app[method](route.path, ...guardFor(route), ...parse, (req, res) => {
        if (route.setsCookie) res.append('Set-Cookie', ROUTE_COOKIE);
        res.json(
          handlerResult(
            route.name,
            req.auth,
            route.echo ? req.body : undefined,
            getAuth(req, { acceptsToken: 'any' }),
          ),
        );
      });
    }
    const entryHandler: RequestHandler = (req, res) => {
      res.json(entryResult(getAuth(req), tenants));
    };
    app.get(ENTRY.uncalledRequireAuth, uncalled(requireAuth), entryHandler);
    app.get(ENTRY.uncalledReverification, uncalled(requireReverification), entryHandler);
    app.use(ENTRY.twice, clerkMiddleware(tenants.second));
    app.get([...ENTRY_PATHS], entryHandler);
    app.use((req, res) => {
      res.json(handlerResult('catch-all', getAuth(req)));
    });
    app.use(appErrorHandler);
    return serveOnLoopback(app);
  };
}

export function expressConstructor(createApp: typeof express): AppConstructor {
  return async (options) => [await failureOf(() => createApp().use(clerkMiddleware(options)))];
}
