import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import * as connectAdapter from '@sessionguard/connect';
import type { AuthOptions, RoutePattern } from '@sessionguard/core';
import * as expressAdapter from '@sessionguard/express';
import * as fastifyAdapter from '@sessionguard/fastify';
import * as honoAdapter from '@sessionguard/hono';
import connect from 'connect';
import express5 from 'express';
import express4 from 'express4';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Context, Hono, type Next } from 'hono';

/**
 * One app described once, built on each real router. Route families, each of one pattern form:
 * a handler answers with `x-handler: private:<family>` or `public:<family>`, so even a HEAD
 * response tells who answered. Families with `wild` take their bare path and anything below it.
 */
interface Family {
  name: string;
  /** Exact path, or a path with `:id` segments. */
  path: string;
  wild?: boolean;
}

export const PRIVATE_FAMILIES: Family[] = [
  { name: 'admin', path: '/admin' },
  { name: 'orgs', path: '/orgs/:id/settings' },
  { name: 'files', path: '/files', wild: true },
  { name: 'keys', path: '/keys', wild: true },
  { name: 'billing', path: '/billing', wild: true },
  { name: 'reports', path: '/reports', wild: true },
  { name: 'secret', path: '/secret', wild: true },
  { name: 'dashboard', path: '/:tenant/dashboard' },
];
export const PUBLIC_FAMILIES: Family[] = [
  { name: 'public', path: '/public' },
  { name: 'pub', path: '/pub/:id' },
  { name: 'assets', path: '/assets', wild: true },
  { name: 'sign-in', path: '/sign-in', wild: true },
  { name: 'docs', path: '/docs', wild: true },
  { name: 'static', path: '/static', wild: true },
];

// The same families as patterns, one form each. A careful user's RegExp and predicate ignore case,
// as the routers do (their cost and their reading are the user's: SPEC §7.2).
export const PRIVATE_PATTERNS: RoutePattern[] = [
  '/admin',
  '/orgs/:id/settings',
  '/files/*',
  '/keys/*',
  '/billing(.*)',
  /^\/reports(?:\/.*)?$/i,
  (path) => /^\/secret(?:\/|$)/i.test(path),
  '/:tenant/dashboard',
];
/**
 * Connect's mount `app.use('/files', h)` also serves `/files.json` and `/files.` (its prefix may end
 * at a `.`), which `/files/*` rightly does not match: this suite found it. A guard list for Connect
 * mounts says so with the Clerk form, `/files(.*)` (the same as `/files*`), and a predicate that
 * reads `.` as Connect does.
 */
export const CONNECT_PRIVATE_PATTERNS: RoutePattern[] = PRIVATE_PATTERNS.map((pattern) => {
  if (typeof pattern === 'string' && pattern.endsWith('/*')) return `${pattern.slice(0, -2)}(.*)`;
  if (typeof pattern === 'function') return (path: string) => /^\/secret(?:[/.]|$)/i.test(path);
  if (pattern instanceof RegExp) return /^\/reports(?:[/.].*)?$/i;
  return pattern;
});
export const PUBLIC_PATTERNS: RoutePattern[] = [
  '/public',
  '/pub/:id',
  '/assets/*',
  '/sign-in(.*)',
  /^\/docs(?:\/.*)?$/i,
  (path) => /^\/static(?:\/|$)/i.test(path),
];

/**
 * guard: `requireReverification({ routes: PRIVATE_PATTERNS })` app-wide, no other guard.
 * excluded: `excludedRoutes: PUBLIC_PATTERNS`, each private route has `requireAuth()`.
 * allow-list: `if (!isPublic(req)) requireAuth` app-wide, `isPublic = createRouteMatcher(PUBLIC_PATTERNS)`.
 */
export type Usage = 'guard' | 'excluded' | 'allow-list';

export interface BuildOptions {
  usage: Usage;
  auth: AuthOptions;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

function listen(listener: RequestListener): Promise<RunningServer> {
  const server = createServer(listener);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}

const wantsAuth = (usage: Usage, family: Family) => usage === 'excluded' && PRIVATE_FAMILIES.includes(family);

function authOptions({ usage, auth }: BuildOptions): AuthOptions {
  return usage === 'excluded' ? { ...auth, excludedRoutes: PUBLIC_PATTERNS } : auth;
}

function answerNode(res: ServerResponse, label: string): void {
  res.setHeader('x-handler', label);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ handler: label }));
}

const label = (family: Family) =>
  `${PRIVATE_FAMILIES.includes(family) ? 'private' : 'public'}:${family.name}`;

/** Express 4 and 5: their own router; only the wildcard syntax differs. */
function expressApp(createApp: typeof express5, wildcard: string) {
  return (options: BuildOptions): Promise<RunningServer> => {
    const { clerkMiddleware, createRouteMatcher, requireAuth, requireReverification } = expressAdapter;
    const app = createApp();
    app.use(clerkMiddleware(authOptions(options)));
    if (options.usage === 'guard') app.use(requireReverification('strict', { routes: PRIVATE_PATTERNS }));
    if (options.usage === 'allow-list') {
      const isPublic = createRouteMatcher(PUBLIC_PATTERNS);
      const guard = requireAuth();
      app.use((req, res, next) => (isPublic(req) ? next() : guard(req, res, next)));
    }
    for (const family of [...PRIVATE_FAMILIES, ...PUBLIC_FAMILIES]) {
      const paths = family.wild ? [family.path, `${family.path}/${wildcard}`] : [family.path];
      const guards = wantsAuth(options.usage, family) ? [requireAuth()] : [];
      app.all(paths, ...guards, (_req, res) => answerNode(res, label(family)));
    }
    return listen(app);
  };
}

/** Connect has no router: mounts (prefix, case-insensitive) and hand-written checks, as its users write them. */
function connectApp(options: BuildOptions): Promise<RunningServer> {
  const { clerkMiddleware, createRouteMatcher, requireAuth, requireReverification } = connectAdapter;
  const app = connect();
  app.use(clerkMiddleware(authOptions(options)));
  if (options.usage === 'guard') {
    app.use(requireReverification('strict', { routes: CONNECT_PRIVATE_PATTERNS }));
  }
  if (options.usage === 'allow-list') {
    const isPublic = createRouteMatcher(PUBLIC_PATTERNS);
    const guard = requireAuth();
    app.use((req: IncomingMessage, res: ServerResponse, next: connectAdapter.Next) =>
      isPublic(req) ? next() : guard(req, res, next),
    );
  }
  for (const family of [...PRIVATE_FAMILIES, ...PUBLIC_FAMILIES]) {
    const guard = wantsAuth(options.usage, family) ? requireAuth() : undefined;
    const handle = (req: IncomingMessage, res: ServerResponse, next: connectAdapter.Next) => {
      if (guard === undefined) return answerNode(res, label(family));
      guard(req, res, (error?: unknown) => (error ? next(error) : answerNode(res, label(family))));
    };
    if (family.wild) {
      app.use(family.path, handle);
    } else {
      const exact = new RegExp(`^${family.path.replace(/:\w+/g, '[^/]+')}/?$`, 'i');
      app.use((req: IncomingMessage, res: ServerResponse, next: connectAdapter.Next) =>
        exact.test((req.url ?? '').split('?')[0]!) ? handle(req, res, next) : next(),
      );
    }
  }
  return listen(app);
}

/** Fastify on a real socket; `router` sets its routing options (caseSensitive and the rest). */
function fastifyApp(router: Record<string, boolean>) {
  return async (options: BuildOptions): Promise<RunningServer> => {
    const { clerkPlugin, createRouteMatcher, requireAuth, requireReverification } = fastifyAdapter;
    const app = Fastify({ routerOptions: router });
    await app.register(clerkPlugin, authOptions(options));
    if (options.usage === 'guard') {
      app.addHook('preHandler', requireReverification('strict', { routes: PRIVATE_PATTERNS }));
    }
    if (options.usage === 'allow-list') {
      const isPublic = createRouteMatcher(PUBLIC_PATTERNS);
      const guard = requireAuth();
      app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) =>
        isPublic(request) ? undefined : guard(request, reply),
      );
    }
    for (const family of [...PRIVATE_FAMILIES, ...PUBLIC_FAMILIES]) {
      const paths = family.wild ? [family.path, `${family.path}/*`] : [family.path];
      for (const url of paths) {
        app.route({
          method: ['GET', 'HEAD', 'POST', 'OPTIONS'],
          url,
          ...(wantsAuth(options.usage, family) ? { preHandler: requireAuth() } : {}),
          handler: async (_request, reply) => {
            reply.header('x-handler', label(family));
            return { handler: label(family) };
          },
        });
      }
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
  };
}

/** Hono through @hono/node-server on a real socket. */
function honoApp(options: BuildOptions): Promise<RunningServer> {
  const { clerkMiddleware, createRouteMatcher, requireAuth, requireReverification } = honoAdapter;
  const app = new Hono();
  // Hono answers a thrown error 500 unless told otherwise: with rejectAmbiguousPaths off, the
  // allow-list's AmbiguousPathError must become its 400, as Express and Fastify do by its status.
  app.onError((error, c) =>
    error instanceof honoAdapter.AmbiguousPathError
      ? c.json({ error: 'bad_request', reason: error.code }, 400)
      : c.text('error', 500),
  );
  app.use('*', clerkMiddleware(authOptions(options)));
  if (options.usage === 'guard') app.use('*', requireReverification('strict', { routes: PRIVATE_PATTERNS }));
  if (options.usage === 'allow-list') {
    const isPublic = createRouteMatcher(PUBLIC_PATTERNS);
    const guard = requireAuth();
    app.use('*', (c: Context, next: Next) => (isPublic(c.req.raw) ? next() : guard(c, next)));
  }
  for (const family of [...PRIVATE_FAMILIES, ...PUBLIC_FAMILIES]) {
    const paths = family.wild ? [family.path, `${family.path}/*`] : [family.path];
    for (const path of paths) {
      if (wantsAuth(options.usage, family)) app.all(path, requireAuth());
      app.all(path, (c) => c.json({ handler: label(family) }, 200, { 'x-handler': label(family) }));
    }
  }
  return listen(getRequestListener(app.fetch));
}

export const routers: Record<string, (options: BuildOptions) => Promise<RunningServer>> = {
  express4: expressApp(express4 as typeof express5, '*'),
  express5: expressApp(express5, '*rest'),
  connect: connectApp,
  'fastify (caseSensitive)': fastifyApp({ caseSensitive: true }),
  'fastify (case-insensitive, lenient slashes)': fastifyApp({
    caseSensitive: false,
    ignoreTrailingSlash: true,
    ignoreDuplicateSlashes: true,
  }),
  'hono (node-server)': honoApp,
};
