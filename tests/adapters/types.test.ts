// Compile-time proof (tsc -p tests/tsconfig.json) that auth is typed without casts on every framework.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as sgConnect from '@sessionguard/connect';
import type {
  ApiKeyAuth,
  AuthObject,
  InvalidTokenAuth,
  M2MTokenAuth,
  OAuthTokenAuth,
  UnauthenticatedMachineAuth,
} from '@sessionguard/core';
import * as sgExpress from '@sessionguard/express';
import * as sgFastify from '@sessionguard/fastify';
import * as sgHono from '@sessionguard/hono';
import connect from 'connect';
import express, { type NextFunction, type Request, type Response } from 'express';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Context, Hono } from 'hono';
import { expectTypeOf, it } from 'vitest';

it('express: req.auth, getAuth(req), hooks with Express arguments, tenant function of the Request', () => {
  const app = express();
  app.use(
    sgExpress.clerkMiddleware((req) => {
      expectTypeOf(req).toEqualTypeOf<Request>();
      return { jwtKey: 'unused' };
    }),
  );
  app.get(
    '/',
    sgExpress.requireAuth({
      role: 'org:admin',
      onUnauthenticated: (req, res, next) => {
        expectTypeOf(req).toEqualTypeOf<Request>();
        expectTypeOf(res).toEqualTypeOf<Response>();
        expectTypeOf(next).toEqualTypeOf<NextFunction>();
      },
    }),
    (req, res) => {
      expectTypeOf(req.auth).toEqualTypeOf<sgExpress.RequestAuth>();
      expectTypeOf(sgExpress.getAuth(req)).toEqualTypeOf<AuthObject>();
      if (req.auth.isAuthenticated) expectTypeOf(req.auth.userId).toEqualTypeOf<string>();
      res.json({ userId: req.auth.userId });
    },
  );
});

it('connect: req.auth on http.IncomingMessage', () => {
  const handler = (req: IncomingMessage, _res: ServerResponse) => {
    expectTypeOf(req.auth).toEqualTypeOf<sgConnect.RequestAuth>();
    expectTypeOf(sgConnect.getAuth(req)).toEqualTypeOf<AuthObject>();
  };
  expectTypeOf(handler).toBeFunction();
  sgConnect.requireReverification('strict', {
    onNeedsReverification: (_req, res) => {
      expectTypeOf(res).toEqualTypeOf<ServerResponse>();
      res.end();
    },
  });
});

it('fastify: request.auth, route config, hooks with Fastify arguments', () => {
  const app = Fastify();
  app.register(sgFastify.clerkPlugin, { hookName: 'preHandler', jwtKey: 'unused' });
  app.get('/a', { config: { auth: { role: 'org:admin' } } }, async (request) => {
    expectTypeOf(request.auth).toEqualTypeOf<AuthObject>();
    expectTypeOf(sgFastify.getAuth(request)).toEqualTypeOf<AuthObject>();
    return request.auth.userId;
  });
  app.get('/b', { config: { reverify: 'strict' } }, async () => 'ok');
  sgFastify.requireAuth({
    onForbidden: (request, reply) => {
      expectTypeOf(request).toEqualTypeOf<FastifyRequest>();
      expectTypeOf(reply).toEqualTypeOf<FastifyReply>();
    },
  });
});

it("hono: c.get('auth') and hooks returning a Response", () => {
  const app = new Hono();
  app.use(
    '*',
    sgHono.clerkMiddleware((c) => ({ jwtKey: c.req.header('x') ?? '' })),
  );
  app.get('/', sgHono.requireAuth({ onUnauthenticated: (c: Context) => c.text('no', 401) }), (c) => {
    expectTypeOf(c.get('auth')).toEqualTypeOf<AuthObject>();
    expectTypeOf(c.var.auth).toEqualTypeOf<AuthObject>();
    expectTypeOf(sgHono.getAuth(c)).toEqualTypeOf<AuthObject>();
    return c.json({ userId: c.get('auth').userId });
  });
});

// Factories used without being called: the types refuse them where TypeScript can tell (SPEC §6).
// Each factory's rest parameter `...callWithParentheses: never[]` takes nothing, so no factory is
// assignable to its framework's handler type; the run-time check is in entry-cases.ts.
it('express: uncalled factories do not type-check; called ones do', () => {
  const app = express();
  // @ts-expect-error clerkMiddleware must be called: app.use(clerkMiddleware())
  app.use(sgExpress.clerkMiddleware);
  // @ts-expect-error requireAuth must be called
  app.get('/a', sgExpress.requireAuth, (_req: Request, res: Response) => res.end());
  // @ts-expect-error requireReverification must be called
  app.post('/b', sgExpress.requireReverification, (_req: Request, res: Response) => res.end());
  // @ts-expect-error requireAuth must be called, in app.use too
  app.use('/c', sgExpress.requireAuth);
  app.use(sgExpress.clerkMiddleware(() => ({ jwtKey: 'unused' })));
  app.get('/a', sgExpress.requireAuth(), (_req, res) => res.end());
  app.post('/b', sgExpress.requireReverification(), (_req, res) => res.end());
});

it('connect: uncalled factories do not type-check', () => {
  const app = connect();
  // @ts-expect-error clerkMiddleware must be called
  app.use(sgConnect.clerkMiddleware);
  // @ts-expect-error requireAuth must be called
  app.use('/a', sgConnect.requireAuth);
  // @ts-expect-error requireReverification must be called
  app.use('/b', sgConnect.requireReverification);
  app.use(sgConnect.clerkMiddleware(() => ({ jwtKey: 'unused' })));
  app.use('/a', sgConnect.requireAuth());
  // Async tenant functions type-check, with the request typed.
  app.use(
    sgConnect.clerkMiddleware(async (req) => {
      expectTypeOf(req.headers.host).toEqualTypeOf<string | undefined>();
      return { jwtKey: 'unused' };
    }),
  );
});

it('fastify: guards must be called; the plugin is registered, never called', () => {
  const app = Fastify();
  // @ts-expect-error requireAuth must be called: { preHandler: requireAuth() }
  app.get('/a', { preHandler: sgFastify.requireAuth }, async () => 'a');
  // @ts-expect-error requireReverification must be called
  app.get('/b', { preHandler: sgFastify.requireReverification }, async () => 'b');
  // @ts-expect-error the plugin is not a hook
  app.addHook('onRequest', sgFastify.clerkPlugin);
  // @ts-expect-error only the listed hook names
  app.register(sgFastify.clerkPlugin, { hookName: 'preSerialization', jwtKey: 'unused' });
  app.register(sgFastify.clerkPlugin, { authenticator: async () => ({ jwtKey: 'unused' }) });
});

it('hono: uncalled factories do not type-check', () => {
  const app = new Hono();
  // @ts-expect-error clerkMiddleware must be called: app.use('*', clerkMiddleware())
  app.use('*', sgHono.clerkMiddleware);
  // @ts-expect-error requireAuth must be called
  app.get('/a', sgHono.requireAuth, (c: Context) => c.text('a'));
  // @ts-expect-error requireReverification must be called
  app.get('/b', sgHono.requireReverification, (c: Context) => c.text('b'));
  app.use(
    '*',
    sgHono.clerkMiddleware(async (c) => ({ jwtKey: c.req.header('x') ?? '' })),
  );
});

it('getAuth(req, { acceptsToken }) narrows by tokenType on every adapter, with no cast (SPEC §9.5)', () => {
  const expressHandler = (req: Request) => {
    const auth = sgExpress.getAuth(req, { acceptsToken: 'api_key' });
    expectTypeOf(auth).toEqualTypeOf<ApiKeyAuth | UnauthenticatedMachineAuth<'api_key'>>();
    if (auth.isAuthenticated) {
      expectTypeOf(auth.name).toEqualTypeOf<string>();
      expectTypeOf(auth.userId).toEqualTypeOf<string | null>();
    }
  };
  const connectHandler = (req: IncomingMessage) => {
    const auth = sgConnect.getAuth(req, { acceptsToken: ['api_key', 'm2m_token'] });
    if (auth.tokenType === 'm2m_token' && auth.isAuthenticated) {
      expectTypeOf(auth).toEqualTypeOf<M2MTokenAuth>();
      expectTypeOf(auth.machineId).toEqualTypeOf<string>();
    }
    if (auth.tokenType === null) expectTypeOf(auth).toEqualTypeOf<InvalidTokenAuth>();
  };
  const fastifyHandler = (request: FastifyRequest) => {
    const auth = sgFastify.getAuth(request, { acceptsToken: 'oauth_token' });
    if (auth.isAuthenticated) expectTypeOf(auth).toEqualTypeOf<OAuthTokenAuth>();
  };
  const honoHandler = (c: Context) => {
    const auth = sgHono.getAuth(c, { acceptsToken: 'any' });
    if (auth.tokenType === 'session_token' && auth.isAuthenticated) {
      expectTypeOf(auth.userId).toEqualTypeOf<string>();
    }
    if (auth.tokenType === 'api_key' && auth.isAuthenticated) expectTypeOf(auth).toEqualTypeOf<ApiKeyAuth>();
  };
  for (const handler of [expressHandler, connectHandler, fastifyHandler, honoHandler]) {
    expectTypeOf(handler).toBeFunction();
  }
});
