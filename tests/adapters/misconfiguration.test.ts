import * as sgConnect from '@sessionguard/connect';
import { type AuthOptions, ConfigurationError } from '@sessionguard/core';
import * as sgExpress from '@sessionguard/express';
import * as sgFastify from '@sessionguard/fastify';
import * as sgHono from '@sessionguard/hono';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveOnLoopback } from './apps/node-server.js';

// Guards that cannot be misconfigured (issue 24 item 3, SPEC §6).

let issuer: TestIssuer;
let options: AuthOptions;
beforeAll(async () => {
  issuer = await createTestIssuer();
  options = { jwksUrl: issuer.jwksUrl };
});
afterAll(() => issuer?.close());

const adapters = { connect: sgConnect, express: sgExpress, fastify: sgFastify, hono: sgHono };

describe.each(Object.entries(adapters))(
  '%s: an unknown guard option is refused at construction',
  (_n, sg) => {
    it('requireAuth({ roles }) names `roles` and suggests `role`', () => {
      const build = () => sg.requireAuth({ roles: 'org:admin' } as never);
      expect(build).toThrow(ConfigurationError);
      expect(build).toThrow(/Unknown option `roles` in requireAuth\(\.\.\.\); did you mean `role`\?/);
    });

    it('requireReverification(preset, { route }) suggests `routes`', () => {
      expect(() => sg.requireReverification('strict', { route: ['/x'] } as never)).toThrow(
        /Unknown option `route` in requireReverification.*did you mean `routes`\?/,
      );
    });

    it('the known options build', () => {
      expect(() =>
        sg.requireAuth({ role: 'org:admin', acceptsToken: 'api_key', scope: 'read' }),
      ).not.toThrow();
    });
  },
);

describe('fastify', () => {
  it('refuses config: { auth: { roles } } (it type-checks) when the route is registered', async () => {
    const app = Fastify();
    await app.register(sgFastify.clerkPlugin, options);
    expect(() =>
      app.get('/admin', { config: { auth: { roles: 'org:admin' } as never } }, async () => 'open'),
    ).toThrow(/Unknown option `roles`.*did you mean `role`\?/);
    await app.close();
  });

  it('refuses at ready() a config-guarded route that no clerkPlugin covers', async () => {
    const app = Fastify();
    await app.register(async (child) => {
      await child.register(sgFastify.clerkPlugin, options);
    });
    app.get('/admin', { config: { auth: true } }, async () => 'open');
    await expect(app.ready()).rejects.toThrow(/no clerkPlugin covers it.*app.register\(clerkPlugin/);
    await app.close();
  });

  it('a route added before the plugin loaded, outside it: 500, never open; request.auth throws', async () => {
    const app = Fastify();
    app.register(async (child) => {
      child.register(sgFastify.clerkPlugin, options);
      child.get('/inside', async (request) => ({ signedIn: request.auth.isAuthenticated }));
    });
    app.get('/admin', { config: { auth: true } }, async () => 'open');
    app.get('/reverify', { config: { reverify: 'strict' } }, async () => 'open');
    app.get('/public', async (request) => {
      try {
        return String(request.auth);
      } catch (error) {
        return (error as Error).message;
      }
    });
    await app.ready();
    for (const url of ['/admin', '/reverify']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(500);
      expect(response.body).toContain('no clerkPlugin covers it');
    }
    expect((await app.inject({ url: '/public' })).body).toMatch(/Register clerkMiddleware first/);
    expect((await app.inject({ url: '/inside' })).json()).toEqual({ signedIn: false });
    await app.close();
  });

  it('covered routes stay as they were: config guards in the plugin context answer 401', async () => {
    const app = Fastify();
    app.register(async (child) => {
      child.register(sgFastify.clerkPlugin, options);
      child.get('/admin', { config: { auth: true } }, async () => 'open');
    });
    await app.ready();
    expect((await app.inject({ url: '/admin' })).statusCode).toBe(401);
    await app.close();
  });
});

describe('express', () => {
  it('req.auth before or without the middleware throws the register-first error', async () => {
    const app = express();
    const read = (req: express.Request, res: express.Response) => {
      try {
        res.send(String(req.auth));
      } catch (error) {
        res.status(500).send((error as Error).message);
      }
    };
    app.get('/before', read);
    app.use(sgExpress.clerkMiddleware(options));
    app.get('/after', (req, res) => {
      res.send(String(req.auth.isAuthenticated));
    });
    const server = await serveOnLoopback(app);
    try {
      const before = await server.send({ method: 'GET', path: '/before', headers: {} });
      expect(before.body).toMatch(/Register clerkMiddleware first/);
      expect((await server.send({ method: 'GET', path: '/after', headers: {} })).body).toBe('false');
    } finally {
      await server.close();
    }
  });
});

describe('a second clerkMiddleware keeps the first result', () => {
  it('and, given other options, warns once through the logger, naming the guard to write', async () => {
    const warnings: string[] = [];
    const logger = { debug() {}, warn: (message: string) => warnings.push(message) };
    const app = express();
    app.use(sgExpress.clerkMiddleware(options));
    app.use(sgExpress.clerkMiddleware({ ...options, logger, acceptsToken: 'api_key' } as AuthOptions));
    app.get('/', (req, res) => {
      res.send(String(req.auth.isAuthenticated));
    });
    const server = await serveOnLoopback(app);
    try {
      for (let i = 0; i < 3; i++) await server.send({ method: 'GET', path: '/', headers: {} });
    } finally {
      await server.close();
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('second clerkMiddleware');
    expect(warnings[0]).toContain("requireAuth({ acceptsToken: 'api_key' })");
  });

  it.each([
    ['the same options object', (shared: object) => [shared, shared]],
    ['two option objects with equal contents', (shared: object) => [shared, { ...shared }]],
  ])('given %s, says nothing', async (_name, pair) => {
    const warnings: string[] = [];
    const shared = { ...options, logger: { debug() {}, warn: (m: string) => warnings.push(m) } };
    const [first, second] = pair(shared) as [AuthOptions, AuthOptions];
    const app = express();
    app.use(sgExpress.clerkMiddleware(first));
    app.use(sgExpress.clerkMiddleware(second));
    app.get('/', (_req, res) => {
      res.send('ok');
    });
    const server = await serveOnLoopback(app);
    try {
      await server.send({ method: 'GET', path: '/', headers: {} });
    } finally {
      await server.close();
    }
    expect(warnings).toEqual([]);
  });
});
