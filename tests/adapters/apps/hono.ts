import { getRequestListener } from '@hono/node-server';
import type { AuthOptions } from '@sessionguard/core';
import { clerkMiddleware, getAuth, requireAuth, requireReverification } from '@sessionguard/hono';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
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
import { type AppConstructor, type AppFactory, failureOf, flattenHeaders, type RunningApp } from './types.js';

const hook = (name: HookName) => (c: Context) => c.text(hookBody(name), HOOK_STATUS);
const hooks = hookSet(hook);

function guardsFor(route: RouteSpec): MiddlewareHandler[] {
  return guardsOf(route, hooks, { requireAuth, requireReverification });
}

/** The misuse the entry scenarios show; the types refuse it, so it is written through `unknown`. */
const uncalled = (factory: unknown) => factory as MiddlewareHandler;

function buildApp(fixtures: Parameters<AppFactory>[0]): Hono {
  const app = new Hono();
  const tenants = entryTenants(fixtures.tenantFor);
  app.onError((error, c) => c.json(appErrorResult(error), APP_ERROR_STATUS));
  // Entry scenarios with a clerkMiddleware of their own: before the app-wide one.
  app.use(ENTRY.uncalledMiddleware, uncalled(clerkMiddleware));
  app.use(
    ENTRY.asyncTenant,
    clerkMiddleware((c) => tenants.asyncTenant(c.req.header('host'))),
  );
  app.use(ENTRY.asyncTenantRejects, clerkMiddleware(tenants.rejects));
  app.use(ENTRY.badTenant, clerkMiddleware(tenants.bad));
  app.use(ENTRY.badAsyncTenant, clerkMiddleware(tenants.badAsync));
  app.use(ENTRY.noTenant, clerkMiddleware(tenants.none));

  app.use(
    '*',
    clerkMiddleware((c) => fixtures.tenantFor(c.req.header('host'))),
  );
  app.use(
    '*',
    requireReverification(APP_WIDE_REVERIFICATION.preset, { routes: APP_WIDE_REVERIFICATION.routes }),
  );
  for (const route of routes) {
    for (const guard of guardsFor(route)) app.on(route.method, route.path, guard);
    app.on(route.method, route.path, async (c) => {
      if (route.setsCookie) c.header('set-cookie', ROUTE_COOKIE, { append: true });
      return c.json(
        handlerResult(
          route.name,
          c.get('auth'),
          route.echo ? await c.req.json() : undefined,
          getAuth(c, { acceptsToken: 'any' }),
        ),
      );
    });
  }
  app.get(ENTRY.uncalledRequireAuth, uncalled(requireAuth));
  app.get(ENTRY.uncalledReverification, uncalled(requireReverification));
  app.use(ENTRY.twice, clerkMiddleware(tenants.second));
  for (const path of ENTRY_PATHS) app.get(path, (c) => c.json(entryResult(getAuth(c), tenants)));
  app.all('*', (c) => c.json(handlerResult('catch-all', getAuth(c))));
  return app;
}

/** Hono as Workers and Bun run it: a WHATWG Request through `app.request`. */
export const honoFactory: AppFactory = async (fixtures) => requested(buildApp(fixtures));

/** A Hono app as a RunningApp: WHATWG Requests through `app.request`, the host from the headers. */
export function requested(app: Hono): RunningApp {
  return {
    async send(sent) {
      const host = [sent.headers.host ?? 'localhost'].flat()[0];
      const headers = new Headers();
      for (const [name, value] of Object.entries(sent.headers))
        for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
      const init: RequestInit = { method: sent.method, headers };
      if (sent.body !== undefined) init.body = sent.body;
      const response = await app.request(`http://${host}${sent.path}`, init);
      return {
        status: response.status,
        headers: flattenHeaders(Object.fromEntries(response.headers)),
        setCookie: response.headers.getSetCookie(),
        body: await response.text(),
      };
    },
    close: async () => {},
  };
}

/** Hono as Node runs it: a real server through @hono/node-server (the adapter reads Node's headers). */
export const honoNodeFactory: AppFactory = async (fixtures) =>
  serveOnLoopback(getRequestListener(buildApp(fixtures).fetch));

export const honoConstructor: AppConstructor = async (options) => [
  await failureOf(() => new Hono().use('*', clerkMiddleware(options as AuthOptions))),
];
