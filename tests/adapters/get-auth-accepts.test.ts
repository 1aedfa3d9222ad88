import type { IncomingMessage, ServerResponse } from 'node:http';
import * as sgConnect from '@sessionguard/connect';
import type { AcceptsToken, AuthGuardOptions } from '@sessionguard/core';
import * as sgExpress from '@sessionguard/express';
import * as sgFastify from '@sessionguard/fastify';
import * as sgHono from '@sessionguard/hono';
import connect from 'connect';
import express5 from 'express';
import express4 from 'express4';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ERROR_STATUS, appErrorResult } from './app-description.js';
import { injected } from './apps/fastify.js';
import { requested } from './apps/hono.js';
import { serveOnLoopback } from './apps/node-server.js';
import type { RunningApp } from './apps/types.js';
import { type Fixtures, startFixtures } from './fixtures.js';
import { checkError, DEFAULT_HOST, type ErrorExpectation } from './harness.js';

// SPEC §9.2 (ours) on every adapter: getAuth(req, { acceptsToken }) asking only for types that nothing
// on the request verifies (not the middleware, not a guard that ran) can never succeed, so it throws
// through the app's error path with both fixes in the message, where Clerk (which verifies every type)
// answers. The default host's middleware verifies session tokens only (a plain clerkMiddleware());
// machines.example's verifies ['session_token', 'api_key'] (fixtures.ts).

/** What each route's handler asks getAuth for; `undefined` is the plain getAuth(req). */
type Ask = { acceptsToken: AcceptsToken } | undefined;

interface RouteDef {
  path: string;
  ask: Ask;
  guard?: AuthGuardOptions;
}

const ROUTES: RouteDef[] = [
  { path: '/api-key', ask: { acceptsToken: 'api_key' } },
  { path: '/guarded/api-key', ask: { acceptsToken: 'api_key' }, guard: { acceptsToken: 'api_key' } },
  // A guard that ran without verifying again (a session token) still makes API keys verifiable here.
  {
    path: '/guarded/session-or-key',
    ask: { acceptsToken: 'api_key' },
    guard: { acceptsToken: ['session_token', 'api_key'] },
  },
  { path: '/machines', ask: { acceptsToken: ['api_key', 'm2m_token'] } },
  { path: '/session-or-key', ask: { acceptsToken: ['session_token', 'api_key'] } },
  { path: '/any', ask: { acceptsToken: 'any' } },
  { path: '/session-view', ask: undefined },
];

/** The handler's answer, as Clerk's API-key guide writes it: 401 unless signed in. */
interface Answer {
  status: number;
  body: Record<string, unknown>;
}
function answer(auth: ReturnType<typeof sgExpress.getAuth>): Answer {
  const { tokenType, isAuthenticated } = auth;
  if (!isAuthenticated) return { status: 401, body: { tokenType, reason: auth.reason } };
  const who = tokenType === 'session_token' ? auth.userId : auth.subject;
  return { status: 200, body: { tokenType, who } };
}

const hostOf = (headers: { host?: string | undefined }) => headers.host;

function expressApp(createApp: typeof express5, fixtures: Fixtures): Promise<RunningApp> {
  const { clerkMiddleware, getAuth, requireAuth } = sgExpress;
  const app = createApp();
  app.use(clerkMiddleware((req) => fixtures.tenantFor(hostOf(req.headers))));
  for (const route of ROUTES) {
    const guards = route.guard === undefined ? [] : [requireAuth(route.guard)];
    app.get(route.path, ...guards, (req, res) => {
      const { status, body } = answer(getAuth(req, route.ask as never));
      res.status(status).json(body);
    });
  }
  app.use(((error, _req, res, _next) => {
    res.status(APP_ERROR_STATUS).json(appErrorResult(error));
  }) as express5.ErrorRequestHandler);
  return serveOnLoopback(app);
}

function connectApp(fixtures: Fixtures): Promise<RunningApp> {
  const { clerkMiddleware, getAuth, requireAuth } = sgConnect;
  const app = connect();
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  };
  app.use(clerkMiddleware((req) => fixtures.tenantFor(hostOf(req.headers))));
  for (const route of ROUTES) {
    if (route.guard !== undefined) app.use(route.path, requireAuth(route.guard));
    app.use(route.path, (req: IncomingMessage, res: ServerResponse) => {
      const { status, body } = answer(getAuth(req, route.ask as never));
      json(res, status, body);
    });
  }
  app.use((error: unknown, _req: IncomingMessage, res: ServerResponse, _next: () => void) => {
    json(res, APP_ERROR_STATUS, appErrorResult(error));
  });
  return serveOnLoopback(app);
}

async function fastifyApp(fixtures: Fixtures): Promise<RunningApp> {
  const { clerkPlugin, getAuth, requireAuth } = sgFastify;
  const app = Fastify();
  app.setErrorHandler((error, _request, reply) => reply.code(APP_ERROR_STATUS).send(appErrorResult(error)));
  await app.register(clerkPlugin, {
    authenticator: (request) => fixtures.tenantFor(hostOf(request.headers)),
  });
  for (const route of ROUTES) {
    const preHandler = route.guard === undefined ? [] : [requireAuth(route.guard)];
    app.get(route.path, { preHandler }, async (request, reply) => {
      const { status, body } = answer(getAuth(request, route.ask as never));
      return reply.code(status).send(body);
    });
  }
  await app.ready();
  return injected(app);
}

async function honoApp(fixtures: Fixtures): Promise<RunningApp> {
  const { clerkMiddleware, getAuth, requireAuth } = sgHono;
  const app = new Hono();
  app.onError((error, c) => c.json(appErrorResult(error), APP_ERROR_STATUS));
  app.use(
    '*',
    clerkMiddleware((c) => fixtures.tenantFor(c.req.header('host'))),
  );
  for (const route of ROUTES) {
    if (route.guard !== undefined) app.get(route.path, requireAuth(route.guard));
    app.get(route.path, (c) => {
      const { status, body } = answer(getAuth(c, route.ask as never));
      return c.json(body, status as 200);
    });
  }
  return requested(app);
}

const APPS: Record<string, (fixtures: Fixtures) => Promise<RunningApp>> = {
  express4: (fixtures) => expressApp(express4 as unknown as typeof express5, fixtures),
  express5: (fixtures) => expressApp(express5, fixtures),
  connect: connectApp,
  fastify: fastifyApp,
  hono: honoApp,
};

const MACHINES = 'machines.example';

/** Both fixes, as an app would paste them. */
const fixesFor = (middleware: string, route: string): ErrorExpectation => ({
  name: 'Error',
  includes: [
    `getAuth(req, { acceptsToken: ${route} }) can never succeed`,
    `clerkMiddleware({ acceptsToken: ${middleware} })`,
    `requireAuth({ acceptsToken: ${route} })`,
  ],
});
const apiKeyFixes = fixesFor("['session_token', 'api_key']", "'api_key'");
const machineFixes = fixesFor("['session_token', 'api_key', 'm2m_token']", "['api_key', 'm2m_token']");

interface AcceptsCase {
  name: string;
  path: string;
  host?: string;
  /** `key`: an API key the issuer made; `bad-key`: one it never made; `session`: a session token. */
  token?: 'key' | 'bad-key' | 'session';
  expect: { status: number; json?: Record<string, unknown>; appError?: ErrorExpectation };
}

const apiKeyAuth = { tokenType: 'api_key', who: 'user_ci' };

const CASES: AcceptsCase[] = [
  // Nothing verifies API keys: the app's error, whatever the request carries.
  {
    name: 'plain middleware, no token: the error',
    path: '/api-key',
    expect: { status: 500, appError: apiKeyFixes },
  },
  {
    name: 'plain middleware, an API key: the error',
    path: '/api-key',
    token: 'key',
    expect: { status: 500, appError: apiKeyFixes },
  },
  {
    name: 'plain middleware, a session: the error',
    path: '/api-key',
    token: 'session',
    expect: { status: 500, appError: apiKeyFixes },
  },
  {
    name: 'a list with no verifiable type: the error',
    path: '/machines',
    token: 'key',
    expect: { status: 500, appError: machineFixes },
  },
  // Never an error: a list with one verifiable type, 'any', the session view.
  {
    name: 'a list with a verifiable type, an API key: the signed-out session, 401',
    path: '/session-or-key',
    token: 'key',
    expect: { status: 401, json: { tokenType: 'session_token', reason: 'token-type-mismatch' } },
  },
  {
    name: 'a list with a verifiable type, a session: 200',
    path: '/session-or-key',
    token: 'session',
    expect: { status: 200, json: { tokenType: 'session_token', who: 'user_alice' } },
  },
  {
    name: "'any', an API key: the attached object, 401",
    path: '/any',
    token: 'key',
    expect: { status: 401, json: { reason: 'token-type-mismatch' } },
  },
  {
    name: 'the session view, an API key: 401',
    path: '/session-view',
    token: 'key',
    expect: { status: 401, json: { tokenType: 'session_token' } },
  },
  // Fix 1: requireAuth({ acceptsToken: 'api_key' }) on the route.
  {
    name: 'guarded route, an API key: 200',
    path: '/guarded/api-key',
    token: 'key',
    expect: { status: 200, json: apiKeyAuth },
  },
  {
    name: "guarded route, a key the issuer never made: the guard's 401",
    path: '/guarded/api-key',
    token: 'bad-key',
    expect: { status: 401, json: { error: 'unauthenticated', reason: 'token-invalid' } },
  },
  {
    name: "guarded route, no token: the guard's 401",
    path: '/guarded/api-key',
    expect: { status: 401, json: { error: 'unauthenticated' } },
  },
  {
    name: 'a guard that accepts API keys ran on a session: 401, no error',
    path: '/guarded/session-or-key',
    token: 'session',
    expect: { status: 401, json: { tokenType: 'api_key' } },
  },
  // Fix 2: clerkMiddleware({ acceptsToken: ['session_token', 'api_key'] }).
  {
    name: 'middleware with API keys, an API key: 200',
    path: '/api-key',
    host: MACHINES,
    token: 'key',
    expect: { status: 200, json: apiKeyAuth },
  },
  {
    name: "middleware with API keys, a bad key: the handler's 401",
    path: '/api-key',
    host: MACHINES,
    token: 'bad-key',
    expect: { status: 401, json: { tokenType: 'api_key', reason: 'token-invalid' } },
  },
  {
    name: "middleware with API keys, no token: the handler's 401",
    path: '/api-key',
    host: MACHINES,
    expect: { status: 401, json: { tokenType: 'api_key' } },
  },
  {
    name: 'middleware with API keys, a list with it: 200',
    path: '/machines',
    host: MACHINES,
    token: 'key',
    expect: { status: 200, json: apiKeyAuth },
  },
];

describe.each(Object.entries(APPS))(
  '%s: getAuth asking for a type nothing verifies (SPEC §9.2)',
  (_adapter, build) => {
    let fixtures: Fixtures;
    let app: RunningApp;
    let tokens: Record<'key' | 'bad-key' | 'session', string>;
    beforeAll(async () => {
      fixtures = await startFixtures();
      app = await build(fixtures);
      tokens = {
        key: fixtures.issuers.a.createApiKey({ subject: 'user_ci', name: 'ci', scopes: ['read'] }).secret,
        'bad-key': 'ak_never_issued_by_this_issuer_0000000000',
        session: fixtures.tokens.alice!,
      };
    });
    afterAll(async () => {
      await app?.close();
      await fixtures?.close();
    });

    it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
      const headers: Record<string, string> = { host: testCase.host ?? DEFAULT_HOST };
      if (testCase.token !== undefined) headers.authorization = `Bearer ${tokens[testCase.token]}`;
      const response = await app.send({ method: 'GET', path: testCase.path, headers });
      expect(response.status, response.body.slice(0, 300)).toBe(testCase.expect.status);
      const body = JSON.parse(response.body) as Record<string, unknown>;
      if (testCase.expect.json !== undefined) expect(body).toMatchObject(testCase.expect.json);
      if (testCase.expect.appError !== undefined) {
        checkError(body.appError, testCase.expect.appError);
        // Fail-closed errors never echo a credential.
        for (const token of Object.values(tokens)) expect(response.body).not.toContain(token);
      }
    });
  },
);
