import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  clerkMiddleware,
  getAuth,
  type Middleware,
  requireAuth,
  requireReverification,
} from '@sessionguard/connect';
import connect from 'connect';
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

const hook = (name: HookName) => (_req: IncomingMessage, res: ServerResponse) => {
  res.statusCode = HOOK_STATUS;
  res.setHeader('content-type', 'text/plain');
  res.end(hookBody(name));
};
const hooks = hookSet(hook);

function guardFor(route: RouteSpec): Middleware[] {
  const guard = guardOf(route, hooks, { requireAuth, requireReverification });
  return guard === undefined ? [] : [guard];
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

/** Connect has no method routing: one middleware dispatches `METHOD path` to the route's chain. */
function router(): Middleware {
  const table = new Map<string, Middleware[]>();
  for (const route of routes) {
    const handler: Middleware = (req, res, next) => {
      const body = route.echo ? readJson(req) : Promise.resolve(undefined);
      body.then((parsed) => sendJson(res, handlerResult(route.name, req.auth, parsed)), next);
    };
    table.set(`${route.method} ${route.path}`, [...guardFor(route), handler]);
  }
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
  app.use(clerkMiddleware((req) => fixtures.tenantFor(req.headers.host)));
  app.use(requireReverification(APP_WIDE_REVERIFICATION.preset, { routes: APP_WIDE_REVERIFICATION.routes }));
  app.use(router());
  app.use((req: IncomingMessage, res: ServerResponse) =>
    sendJson(res, handlerResult('catch-all', getAuth(req))),
  );
  return serveOnLoopback(app);
};
