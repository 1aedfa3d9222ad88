import { clerkMiddleware, getAuth, requireAuth, requireReverification } from '@sessionguard/express';
import type express from 'express';
import type { RequestHandler, Response } from 'express';
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
import type { AppFactory } from './types.js';

const hook = (name: HookName) => (_req: unknown, res: Response) => {
  res.status(HOOK_STATUS).type('text/plain').send(hookBody(name));
};
const hooks = hookSet(hook);

function guardFor(route: RouteSpec): RequestHandler[] {
  const guard = guardOf(route, hooks, { requireAuth, requireReverification });
  return guard === undefined ? [] : [guard];
}

/** Express 4 and 5 get the same app: pass either module. */
export function expressFactory(createApp: typeof express): AppFactory {
  return async (fixtures) => {
    const app = createApp();
    app.use(clerkMiddleware((req) => fixtures.tenantFor(req.headers.host)));
    app.use(
      requireReverification(APP_WIDE_REVERIFICATION.preset, { routes: APP_WIDE_REVERIFICATION.routes }),
    );
    for (const route of routes) {
      const parse = route.echo ? [createApp.json()] : []; // after the middleware: the body must survive it
      const method = route.method === 'GET' ? 'get' : 'post';
      app[method](route.path, ...guardFor(route), ...parse, (req, res) => {
        res.json(handlerResult(route.name, req.auth, route.echo ? req.body : undefined));
      });
    }
    app.use((req, res) => {
      res.json(handlerResult('catch-all', getAuth(req)));
    });
    return serveOnLoopback(app);
  };
}
