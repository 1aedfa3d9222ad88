import * as sgConnect from '@sessionguard/connect';
import { createAuthenticator } from '@sessionguard/core';
import { clerkMiddleware, getAuth, requireAuth, requireReverification } from '@sessionguard/express';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import connect from 'connect';
import express5 from 'express';
import express4 from 'express4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveOnLoopback } from './apps/node-server.js';

let issuer: TestIssuer;
let stale: string;

beforeAll(async () => {
  issuer = await createTestIssuer();
  stale = await issuer.mintSessionToken({ userId: 'user_1', fva: [99, 99] });
});
afterAll(() => issuer.close());

describe.each([
  ['express4', express4],
  ['express5', express5],
])('%s', (_name, createApp) => {
  it('guards match the path as sent (originalUrl) inside a mounted router', async () => {
    const app = createApp();
    app.use(clerkMiddleware({ jwksUrl: issuer.jwksUrl, signInUrl: 'https://a.example/sign-in' }));
    const router = createApp.Router();
    router.use(requireReverification('strict', { routes: ['/mounted/admin/*'] }));
    router.get('/me', requireAuth(), (_req, res) => {
      res.send('me');
    });
    router.use((_req, res) => {
      res.send('reached');
    });
    app.use('/mounted', router);
    const server = await serveOnLoopback(app);
    try {
      const guarded = await server.send({
        method: 'GET',
        path: '/mounted/admin/x',
        headers: { authorization: `Bearer ${stale}` },
      });
      expect(guarded.status).toBe(403);
      const redirect = await server.send({
        method: 'GET',
        path: '/mounted/me',
        headers: { host: 'app.test', accept: 'text/html' },
      });
      expect(redirect.headers.location).toBe(
        'https://a.example/sign-in?redirect_url=http%3A%2F%2Fapp.test%2Fmounted%2Fme',
      );
    } finally {
      await server.close();
    }
  });

  it('finds the state a Connect app attached after an Express app takes the request over', async () => {
    // Express gives the request a new prototype, which moves where the adapter keeps state.
    const token = await issuer.mintSessionToken({ userId: 'user_2' });
    const inner = createApp();
    inner.get('/me', requireAuth(), (req, res) => {
      res.send(`${getAuth(req).userId} ${req.auth.userId}`);
    });
    const outer = connect();
    outer.use(sgConnect.clerkMiddleware({ jwksUrl: issuer.jwksUrl }));
    outer.use(inner);
    const server = await serveOnLoopback(outer);
    try {
      for (let i = 0; i < 2; i++) {
        const response = await server.send({
          method: 'GET',
          path: '/me',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.status).toBe(200);
        expect(response.body).toBe('user_2 user_2');
      }
      const signedOut = await server.send({
        method: 'GET',
        path: '/me',
        headers: { accept: 'application/json' },
      });
      expect(signedOut.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('req.auth: set by the middleware, seen in a mounted sub-app, throws before it, and assignable', async () => {
    // Express re-prototypes each request; req.auth is not an own property there, so pin what it does.
    const token = await issuer.mintSessionToken({ userId: 'user_3' });
    const writable = (req: express5.Request) => req as unknown as { auth: unknown };
    const app = createApp();
    app.get('/before', (req, res) => {
      try {
        res.send(String(req.auth));
      } catch (error) {
        res.send((error as Error).message);
      }
    });
    app.use((req, _res, next) => {
      if (req.path === '/replaced') writable(req).auth = 'set by an earlier middleware';
      next();
    });
    app.use(clerkMiddleware({ jwksUrl: issuer.jwksUrl }));
    app.get(['/me', '/replaced'], (req, res) => {
      res.send(`${req.auth.userId} ${getAuth(req).userId}`);
    });
    app.get('/assigned', (req, res) => {
      writable(req).auth = 'assigned by the route';
      res.send(String(req.auth));
    });
    const sub = createApp();
    sub.get('/me', (req, res) => {
      res.send(String(req.auth.userId));
    });
    app.use('/sub', sub);
    const server = await serveOnLoopback(app);
    try {
      const get = async (path: string, authorization?: string) =>
        (await server.send({ method: 'GET', path, headers: authorization ? { authorization } : {} })).body;
      for (let i = 0; i < 3; i++) {
        expect(await get('/before', `Bearer ${token}`)).toMatch(/Register clerkMiddleware first/);
        expect(await get('/me', `Bearer ${token}`)).toBe('user_3 user_3');
        expect(await get('/replaced', `Bearer ${token}`)).toBe('user_3 user_3');
        expect(await get('/assigned', `Bearer ${token}`)).toBe('assigned by the route');
        expect(await get('/sub/me', `Bearer ${token}`)).toBe('user_3');
        expect(await get('/me')).toBe('null null');
      }
    } finally {
      await server.close();
    }
  });

  it('req.auth set inside a mounted sub-app is still there when the parent app goes on', async () => {
    const token = await issuer.mintSessionToken({ userId: 'user_4' });
    const app = createApp();
    const sub = createApp();
    sub.use(clerkMiddleware({ jwksUrl: issuer.jwksUrl }));
    app.use('/api', sub);
    app.get('/api/me', (req, res) => {
      res.send(String(req.auth?.userId));
    });
    const server = await serveOnLoopback(app);
    try {
      for (let i = 0; i < 2; i++) {
        const response = await server.send({
          method: 'GET',
          path: '/api/me',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.body).toBe('user_4');
      }
    } finally {
      await server.close();
    }
  });

  it('a tenant function that throws goes to the error handler; the middleware never answers', async () => {
    const app = createApp();
    app.use(
      clerkMiddleware(() => {
        throw new Error('no tenant for this host');
      }),
    );
    app.use((error: Error, _req: express5.Request, res: express5.Response, _next: express5.NextFunction) => {
      res.status(500).send(error.message);
    });
    const server = await serveOnLoopback(app);
    try {
      const response = await server.send({ method: 'GET', path: '/', headers: {} });
      expect(response.body).toBe('no tenant for this host');
    } finally {
      await server.close();
    }
  });
});

it('connect: options and authenticator forms', async () => {
  for (const input of [{ jwksUrl: issuer.jwksUrl }, createAuthenticator({ jwksUrl: issuer.jwksUrl })]) {
    const app = connect();
    app.use(sgConnect.clerkMiddleware(input));
    app.use(sgConnect.requireReverification('strict'));
    app.use((_req: unknown, res: { end(text: string): void }) => res.end('reached'));
    const server = await serveOnLoopback(app);
    try {
      const response = await server.send({
        method: 'GET',
        path: '/',
        headers: { authorization: `Bearer ${stale}` },
      });
      expect(response.status).toBe(403);
    } finally {
      await server.close();
    }
  }
});
