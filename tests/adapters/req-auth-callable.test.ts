import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import * as sgConnect from '@sessionguard/connect';
import type { AuthObject, AuthOptions, HasCheck } from '@sessionguard/core';
import * as sgExpress from '@sessionguard/express';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import connect from 'connect';
import express5 from 'express';
import express4 from 'express4';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { APP_ERROR_STATUS, appErrorResult } from './app-description.js';
import { serveOnLoopback } from './apps/node-server.js';
import type { RunningApp } from './apps/types.js';
import { checkError } from './harness.js';

// `req.auth` on Express 4, Express 5 and Connect is both Clerk 1.x's object (`req.auth.userId`) and
// Clerk 2.x's function (`req.auth()`, `req.auth({ acceptsToken })`), answering as getAuth(req, opts).
// Each handler compares the callable with getAuth's plain object inside the app and sends the
// verdicts; the test asserts them. Host machines.test: a middleware that also verifies API keys.

const MACHINES = 'machines.test';
const HAS_CHECKS: HasCheck[] = [
  { role: 'org:admin' },
  { role: 'org:member' },
  { permission: 'org:reports:read' },
  { permission: 'org:reports:write' },
  { feature: 'u:beta' },
];

type GetAuthFn = typeof sgConnect.getAuth;
type WithAuth = IncomingMessage;

/** What the route sees, and whether `req.auth` answers as getAuth's plain object does. */
async function report(req: WithAuth, getAuth: GetAuthFn): Promise<Record<string, unknown>> {
  const plain = getAuth(req);
  const { auth } = req;
  const called = req.auth();
  // Type-level: the 2.x form returns the auth object, the 1.x form reads its fields.
  const typed: AuthObject = req.auth();
  const userId: string | null = req.auth.userId;
  const fields = plain as unknown as Record<string, unknown>;
  const copied = auth as unknown as Record<string, unknown>;
  return {
    typeOf: typeof auth,
    userId,
    calledUserId: typed.userId,
    calledIsGetAuth: called === plain,
    reason: plain.isAuthenticated ? null : plain.reason,
    sameKeys: JSON.stringify(Object.keys(auth)) === JSON.stringify(Object.keys(plain)),
    sameValues: Object.keys(plain).every((key) =>
      typeof fields[key] === 'function'
        ? typeof copied[key] === 'function'
        : Object.is(copied[key], fields[key]),
    ),
    has: HAS_CHECKS.map((check) => auth.has(check)),
    sameHas: HAS_CHECKS.every((check) => auth.has(check) === plain.has(check)),
    sameToken: (await auth.getToken()) === (await plain.getToken()),
    json: JSON.stringify(auth) === JSON.stringify(plain),
    spread: JSON.stringify({ ...auth }) === JSON.stringify({ ...plain }),
    spreadKeys: JSON.stringify(Object.keys({ ...auth })) === JSON.stringify(Object.keys({ ...plain })),
    ownNames:
      JSON.stringify(Object.getOwnPropertyNames(auth).sort()) ===
      JSON.stringify([...Object.keys(plain), 'toJSON'].sort()),
    // console.log(req.auth) shows the object, not a function's source.
    inspect: inspect(auth) === inspect(plain),
    frozen: Object.isFrozen(auth),
    sameAcrossReads: req.auth === auth,
    ownProperty: Object.hasOwn(req, 'auth'),
  };
}

/** `req.auth({ acceptsToken: 'api_key' })` as Clerk 2.x's API-key guide writes it. */
function apiKeyAnswer(req: WithAuth, getAuth: GetAuthFn): { status: number; body: Record<string, unknown> } {
  const auth = req.auth({ acceptsToken: 'api_key' });
  expectTypeOf(auth).toEqualTypeOf(getAuth(req, { acceptsToken: 'api_key' }));
  if (!auth.isAuthenticated) return { status: 401, body: { tokenType: auth.tokenType } };
  return { status: 200, body: { tokenType: auth.tokenType, subject: auth.subject } };
}

/** A copy of `req.auth` has no request: without options it answers the object, with them it throws. */
function detached(req: WithAuth): Record<string, unknown> {
  const { auth } = req;
  let withOptions: string;
  try {
    auth({ acceptsToken: 'api_key' });
    withOptions = 'answered';
  } catch (error) {
    withOptions = (error as Error).message;
  }
  // Signed out, alike objects share one callable (request-auth.ts): an equal object, not the same.
  return {
    userId: auth().userId,
    isTheObject: auth() === req.auth(),
    isAlike: JSON.stringify(auth()) === JSON.stringify(req.auth()),
    withOptions,
  };
}

/** The app assigns its own `req.auth` after the middleware: it stays theirs, getAuth still works. */
function theirs(req: WithAuth): Record<string, unknown> {
  (req as unknown as { auth: unknown }).auth = { mine: true };
  return { auth: req.auth, userId: sgConnect.getAuth(req).userId };
}

type Handler = (
  req: WithAuth,
) => Promise<{ status: number; body: unknown }> | { status: number; body: unknown };

const ok = (body: unknown) => ({ status: 200, body });
/** The routes every app serves, and whether a guard that verifies API keys runs first. */
const ROUTES: { path: string; guardApiKey?: boolean; handler: (getAuth: GetAuthFn) => Handler }[] = [
  { path: '/report', handler: (getAuth) => async (req) => ok(await report(req, getAuth)) },
  { path: '/json', handler: () => (req) => ok(req.auth) },
  { path: '/json-plain', handler: (getAuth) => (req) => ok(getAuth(req)) },
  { path: '/nested', handler: () => (req) => ok({ auth: req.auth }) },
  { path: '/api-key', guardApiKey: true, handler: (getAuth) => (req) => apiKeyAnswer(req, getAuth) },
  { path: '/api-key-unverified', handler: (getAuth) => (req) => apiKeyAnswer(req, getAuth) },
  { path: '/detached', handler: () => (req) => ok(detached(req)) },
  { path: '/theirs', handler: () => (req) => ok(theirs(req)) },
];

function expressApp(createApp: typeof express5, tenantFor: (host?: string) => AuthOptions) {
  const { clerkMiddleware, getAuth, requireAuth } = sgExpress;
  const app = createApp();
  app.use(clerkMiddleware((req) => tenantFor(req.headers.host)));
  const sub = createApp();
  for (const route of ROUTES) {
    const handle = route.handler(getAuth as GetAuthFn);
    const guards = route.guardApiKey ? [requireAuth({ acceptsToken: 'api_key' })] : [];
    const handler: express5.RequestHandler = async (req, res, next) => {
      try {
        const { status, body } = await handle(req);
        res.status(status).json(body);
      } catch (error) {
        next(error);
      }
    };
    app.get(route.path, ...guards, handler);
    sub.get(route.path, ...guards, handler);
  }
  app.use('/sub', sub);
  app.use(((error, _req, res, _next) => {
    res.status(APP_ERROR_STATUS).json(appErrorResult(error));
  }) as express5.ErrorRequestHandler);
  return serveOnLoopback(app);
}

function connectApp(tenantFor: (host?: string) => AuthOptions) {
  const { clerkMiddleware, getAuth, requireAuth } = sgConnect;
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  };
  const withRoutes = (app: connect.Server) => {
    for (const route of ROUTES) {
      const handle = route.handler(getAuth);
      if (route.guardApiKey) app.use(route.path, requireAuth({ acceptsToken: 'api_key' }));
      app.use(route.path, (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
        Promise.resolve()
          .then(() => handle(req))
          .then(({ status, body }) => json(res, status, body), next);
      });
    }
    return app;
  };
  const app = connect();
  app.use(clerkMiddleware((req) => tenantFor(req.headers.host)));
  app.use('/sub', withRoutes(connect()));
  withRoutes(app);
  app.use((error: unknown, _req: IncomingMessage, res: ServerResponse, _next: () => void) => {
    json(res, APP_ERROR_STATUS, appErrorResult(error));
  });
  return serveOnLoopback(app);
}

const APPS: Record<string, (tenantFor: (host?: string) => AuthOptions) => Promise<RunningApp>> = {
  express5: (tenantFor) => expressApp(express5, tenantFor),
  express4: (tenantFor) => expressApp(express4 as unknown as typeof express5, tenantFor),
  connect: connectApp,
};

describe.each(Object.entries(APPS))('%s: req.auth() and req.auth.userId', (adapter, build) => {
  let issuer: TestIssuer;
  let app: RunningApp;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    issuer = await createTestIssuer();
    const plain: AuthOptions = { jwksUrl: issuer.jwksUrl, secretKey: issuer.secretKey, apiUrl: issuer.url };
    const machines: AuthOptions = { ...plain, acceptsToken: ['session_token', 'api_key'] };
    app = await build((host) => (host?.split(':')[0] === MACHINES ? machines : plain));
    tokens.admin = await issuer.mintSessionToken({
      userId: 'user_admin',
      orgId: 'org_1',
      orgRole: 'org:admin',
      orgPermissions: ['org:reports:read'],
      features: ['u:beta'],
      expiresInSeconds: 3600,
    });
    tokens.expired = await issuer.mintSessionToken({
      userId: 'user_admin',
      issuedAt: Math.floor(Date.now() / 1000) - 7200,
      expiresInSeconds: 60,
    });
    tokens.key = issuer.createApiKey({ subject: 'user_ci', name: 'ci', scopes: ['read'] }).secret;
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  const get = async (path: string, token?: string, host = 'app.test') => {
    const headers: Record<string, string> = { host };
    if (token !== undefined) headers.authorization = `Bearer ${tokens[token]}`;
    const response = await app.send({ method: 'GET', path, headers });
    return { status: response.status, body: JSON.parse(response.body) as Record<string, unknown> };
  };

  /** Every verdict of report() that must hold whatever the request. */
  const alike = {
    typeOf: 'function',
    calledIsGetAuth: true,
    sameKeys: true,
    sameValues: true,
    sameHas: true,
    sameToken: true,
    json: true,
    spread: true,
    spreadKeys: true,
    ownNames: true,
    inspect: true,
    frozen: true,
    sameAcrossReads: true,
    // Express requests gain no own property (auth-accessor.ts); a plain Node request gets one.
    ownProperty: adapter === 'connect',
  };

  it.each([
    ['signed in', 'admin', { userId: 'user_admin', calledUserId: 'user_admin', reason: null }],
    [
      'signed out (no token)',
      undefined,
      { userId: null, calledUserId: null, reason: 'session-token-missing' },
    ],
    ['signed out (expired)', 'expired', { userId: null, reason: 'token-expired' }],
    ['an API key, the session view', 'key', { userId: null, reason: 'token-type-mismatch' }],
  ] as const)(
    '%s: the callable reads as getAuth(req), twice in a row and in a mounted app',
    async (_n, token, expected) => {
      for (const path of ['/report', '/report', '/sub/report']) {
        const { status, body } = await get(path, token);
        expect(status, JSON.stringify(body)).toBe(200);
        expect(body).toMatchObject({ ...alike, ...expected });
        expect(body.has).toEqual(HAS_CHECKS.map((_, i) => token === 'admin' && [0, 2, 4].includes(i)));
      }
    },
  );

  it('res.json(req.auth) sends the auth object, alone or nested', async () => {
    for (const token of ['admin', undefined] as const) {
      const plain = await get('/json-plain', token);
      const sent = await get('/json', token);
      expect(sent.body).toEqual(plain.body);
      expect(sent.body.userId).toBe(token === 'admin' ? 'user_admin' : null);
      expect((await get('/nested', token)).body).toEqual({ auth: plain.body });
    }
  });

  it("req.auth({ acceptsToken: 'api_key' }) where it is verified: by a guard or by the middleware", async () => {
    const verified = { status: 200, body: { tokenType: 'api_key', subject: 'user_ci' } };
    expect(await get('/api-key', 'key')).toEqual(verified);
    expect(await get('/sub/api-key', 'key')).toEqual(verified);
    expect(await get('/api-key-unverified', 'key', MACHINES)).toEqual(verified);
    expect(await get('/api-key-unverified', undefined, MACHINES)).toEqual({
      status: 401,
      body: { tokenType: 'api_key' },
    });
  });

  it('req.auth({ acceptsToken }) for a type nothing verifies throws as getAuth does (SPEC §9.2)', async () => {
    for (const token of ['key', 'admin', undefined] as const) {
      const { status, body } = await get('/api-key-unverified', token);
      expect(status).toBe(APP_ERROR_STATUS);
      checkError(body.appError, {
        name: 'Error',
        includes: [
          "getAuth(req, { acceptsToken: 'api_key' }) can never succeed",
          "clerkMiddleware({ acceptsToken: ['session_token', 'api_key'] })",
          "requireAuth({ acceptsToken: 'api_key' })",
        ],
      });
      for (const secret of Object.values(tokens)) expect(JSON.stringify(body)).not.toContain(secret);
    }
  });

  it('a copy of req.auth (const { auth } = req): auth() answers the object, auth(opts) says how to call it', async () => {
    for (const token of ['admin', undefined] as const) {
      const { body } = await get('/detached', token);
      const signedIn = token === 'admin';
      expect(body).toMatchObject({ userId: signedIn ? 'user_admin' : null, isAlike: true });
      if (signedIn) expect(body.isTheObject).toBe(true);
      expect(body.withOptions).toMatch(/without its request.*getAuth\(req, \{ acceptsToken \}\)/);
    }
  });

  it("an app's own req.auth, assigned after the middleware, stays theirs", async () => {
    for (let i = 0; i < 2; i++) {
      expect((await get('/theirs', 'admin')).body).toEqual({ auth: { mine: true }, userId: 'user_admin' });
      // The next request reads ours again.
      expect((await get('/report', 'admin')).body).toMatchObject({
        typeOf: 'function',
        userId: 'user_admin',
      });
    }
  });
});
