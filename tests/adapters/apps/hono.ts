import { getRequestListener } from '@hono/node-server';
import { clerkMiddleware, getAuth, requireAuth, requireReverification } from '@sessionguard/hono';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import {
  APP_WIDE_REVERIFICATION,
  guardOf,
  HOOK_STATUS,
  type HookName,
  handlerResult,
  hookBody,
  hookSet,
  type RouteSpec,
  routes,
} from '../app-description.js';
import { serveOnLoopback } from './node-server.js';
import { type AppFactory, flattenHeaders } from './types.js';

const hook = (name: HookName) => (c: Context) => c.text(hookBody(name), HOOK_STATUS);
const hooks = hookSet(hook);

function guardFor(route: RouteSpec): MiddlewareHandler | undefined {
  return guardOf(route, hooks, { requireAuth, requireReverification });
}

function buildApp(fixtures: Parameters<AppFactory>[0]): Hono {
  const app = new Hono();
  app.use(
    '*',
    clerkMiddleware((c) => fixtures.tenantFor(c.req.header('host'))),
  );
  app.use(
    '*',
    requireReverification(APP_WIDE_REVERIFICATION.preset, { routes: APP_WIDE_REVERIFICATION.routes }),
  );
  for (const route of routes) {
    const guard = guardFor(route);
    if (guard !== undefined) app.on(route.method, route.path, guard);
    app.on(route.method, route.path, async (c) =>
      c.json(handlerResult(route.name, c.get('auth'), route.echo ? await c.req.json() : undefined)),
    );
  }
  app.all('*', (c) => c.json(handlerResult('catch-all', getAuth(c))));
  return app;
}

/** Hono as Workers and Bun run it: a WHATWG Request through `app.request`. */
export const honoFactory: AppFactory = async (fixtures) => {
  const app = buildApp(fixtures);
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
        body: await response.text(),
      };
    },
    close: async () => {},
  };
};

/** Hono as Node runs it: a real server through @hono/node-server (the adapter reads Node's headers). */
export const honoNodeFactory: AppFactory = async (fixtures) =>
  serveOnLoopback(getRequestListener(buildApp(fixtures).fetch));
