// Compile-time proof (tsc -p tests/tsconfig.json) that auth is typed without casts on every framework.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as sgConnect from '@sessionguard/connect';
import type { AuthObject } from '@sessionguard/core';
import * as sgExpress from '@sessionguard/express';
import * as sgFastify from '@sessionguard/fastify';
import * as sgHono from '@sessionguard/hono';
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
      expectTypeOf(req.auth).toEqualTypeOf<AuthObject>();
      expectTypeOf(sgExpress.getAuth(req)).toEqualTypeOf<AuthObject>();
      if (req.auth.isAuthenticated) expectTypeOf(req.auth.userId).toEqualTypeOf<string>();
      res.json({ userId: req.auth.userId });
    },
  );
});

it('connect: req.auth on http.IncomingMessage', () => {
  const handler = (req: IncomingMessage, _res: ServerResponse) => {
    expectTypeOf(req.auth).toEqualTypeOf<AuthObject>();
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
