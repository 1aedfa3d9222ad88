// Tenant functions (SPEC §6): sync or async, one cached authenticator per distinct tenant; and a second
// clerkMiddleware keeps the first result. Counted where it shows: the test issuer's JWKS requests.
import type { IncomingMessage } from 'node:http';
import * as sgConnect from '@sessionguard/connect';
import type { AuthOptions, CacheStore } from '@sessionguard/core';
import { createTenantResolver } from '@sessionguard/core/adapter';
import * as sgExpress from '@sessionguard/express';
import * as sgFastify from '@sessionguard/fastify';
import * as sgHono from '@sessionguard/hono';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import connect from 'connect';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serveOnLoopback } from './apps/node-server.js';

let a: TestIssuer;
let b: TestIssuer;
let tokens: { a: string; b: string };

beforeAll(async () => {
  [a, b] = await Promise.all([createTestIssuer(), createTestIssuer()]);
  tokens = {
    a: await a.mintSessionToken({ userId: 'user_a' }),
    b: await b.mintSessionToken({ userId: 'user_b' }),
  };
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});
beforeEach(() => {
  a.resetStats();
  b.resetStats();
});

const later = () => new Promise((resolve) => setImmediate(resolve));
/** A fresh options object per call, as a row read from a database would be. */
const rowFor = (host: string | undefined): AuthOptions => ({
  jwksUrl: host === 'b.example' ? b.jwksUrl : a.jwksUrl,
});
/** The same row, read later, as from a database: the async tenant function every app installs. */
async function rowLater(host: string | undefined): Promise<AuthOptions> {
  await later();
  return rowFor(host);
}

describe('createTenantResolver', () => {
  const request = (host: string) => ({ headers: { host } });

  it('async: one authenticator per distinct tenant, though each call gives a fresh options object', async () => {
    const resolve = createTenantResolver(async (req: { headers: { host: string } }) => {
      await later();
      return rowFor(req.headers.host);
    });
    const first = await resolve(request('a.example'));
    expect(await resolve(request('a.example'))).toBe(first);
    const other = await resolve(request('b.example'));
    expect(other).not.toBe(first);
    expect(await resolve(request('b.example'))).toBe(other);
  });

  it('sync: answered without a promise', () => {
    const resolve = createTenantResolver((req: { headers: { host: string } }) => rowFor(req.headers.host));
    const first = resolve(request('a.example'));
    expect(first).not.toBeInstanceOf(Promise);
    expect(resolve(request('a.example'))).toBe(first);
  });

  it('a rejecting tenant function rejects; bad options from it reject with the ConfigurationError', async () => {
    const failing = createTenantResolver(async () => {
      throw new Error('tenant table down');
    });
    await expect(failing(request('a.example'))).rejects.toThrow('tenant table down');
    const bad = createTenantResolver(async () => ({ jwksUrl: 'not a url' }));
    await expect(bad(request('a.example'))).rejects.toMatchObject({ name: 'ConfigurationError' });
  });

  it('options holding an object with a client (a cache store) are keyed by identity, not serialized', () => {
    class Store implements CacheStore {
      readonly self = this; // circular: JSON.stringify would throw
      get = () => undefined;
      set = () => {};
      delete = () => {};
    }
    const store = new Store();
    const resolve = createTenantResolver(() => ({ jwksUrl: a.jwksUrl, cacheStore: store }));
    const first = resolve(request('a.example'));
    expect(resolve(request('a.example'))).toBe(first);
    const otherStore = createTenantResolver(() => ({ jwksUrl: a.jwksUrl, cacheStore: new Store() }));
    expect(otherStore(request('a.example'))).not.toBe(otherStore(request('a.example')));
  });
});

/** Each framework: an app whose middleware chain is given, answering `auth.userId`; one request per call. */
type Install = 'async-tenant' | 'twice';
type Sender = (token: string, host?: string) => Promise<string>;

async function expressApp(install: Install): Promise<{ send: Sender; close(): Promise<void> }> {
  const app = express();
  if (install === 'async-tenant') {
    app.use(sgExpress.clerkMiddleware((req) => rowLater(req.headers.host)));
  } else {
    app.use(sgExpress.clerkMiddleware({ jwksUrl: a.jwksUrl }));
    app.use(sgExpress.clerkMiddleware({ jwksUrl: a.jwksUrl })); // a fresh authenticator of its own
  }
  app.use((req, res) => {
    res.send(String(req.auth.userId));
  });
  return nodeSender(await serveOnLoopback(app));
}

async function connectApp(install: Install): Promise<{ send: Sender; close(): Promise<void> }> {
  const app = connect();
  if (install === 'async-tenant') {
    app.use(sgConnect.clerkMiddleware((req) => rowLater(req.headers.host)));
  } else {
    app.use(sgConnect.clerkMiddleware({ jwksUrl: a.jwksUrl }));
    app.use(sgConnect.clerkMiddleware({ jwksUrl: a.jwksUrl }));
  }
  app.use((req: IncomingMessage, res: { end(text: string): void }) => res.end(String(req.auth.userId)));
  return nodeSender(await serveOnLoopback(app));
}

function nodeSender(server: Awaited<ReturnType<typeof serveOnLoopback>>) {
  return {
    send: async (token: string, host = 'a.example') =>
      (await server.send({ method: 'GET', path: '/', headers: { host, authorization: `Bearer ${token}` } }))
        .body,
    close: () => server.close(),
  };
}

async function fastifyApp(install: Install): Promise<{ send: Sender; close(): Promise<void> }> {
  const app = Fastify();
  if (install === 'async-tenant') {
    await app.register(sgFastify.clerkPlugin, {
      authenticator: (request) => rowLater(request.headers.host),
    });
    app.get('/', async (request) => String(request.auth.userId));
  } else {
    await app.register(sgFastify.clerkPlugin, { jwksUrl: a.jwksUrl });
    await app.register(async (child) => {
      await child.register(sgFastify.clerkPlugin, { jwksUrl: a.jwksUrl, hookName: 'preHandler' });
      child.get('/', async (request) => String(request.auth.userId));
    });
  }
  await app.ready();
  return {
    send: async (token, host = 'a.example') =>
      (await app.inject({ url: '/', headers: { host, authorization: `Bearer ${token}` } })).body,
    close: () => app.close(),
  };
}

async function honoApp(install: Install): Promise<{ send: Sender; close(): Promise<void> }> {
  const app = new Hono();
  if (install === 'async-tenant') {
    app.use(
      '*',
      sgHono.clerkMiddleware((c) => rowLater(c.req.header('host'))),
    );
  } else {
    app.use('*', sgHono.clerkMiddleware({ jwksUrl: a.jwksUrl }));
    app.use('*', sgHono.clerkMiddleware({ jwksUrl: a.jwksUrl }));
  }
  app.get('/', (c) => c.text(String(c.get('auth').userId)));
  return {
    send: async (token, host = 'a.example') =>
      (await app.request('/', { headers: { host, authorization: `Bearer ${token}` } })).text(),
    close: async () => {},
  };
}

describe.each([
  ['express', expressApp],
  ['connect', connectApp],
  ['fastify', fastifyApp],
  ['hono', honoApp],
])('%s', (_name, build) => {
  it('async tenant function: each tenant verified with its own keys, its key set fetched once', async () => {
    const app = await build('async-tenant');
    try {
      for (let i = 0; i < 3; i++) {
        expect(await app.send(tokens.a)).toBe('user_a');
        expect(await app.send(tokens.b, 'b.example')).toBe('user_b');
      }
      expect({ a: a.stats.jwksRequests, b: b.stats.jwksRequests }).toEqual({ a: 1, b: 1 });
      expect(await app.send(tokens.b)).toBe('null'); // tenant A refuses B's token
      // B's kid is unknown to A: one refetch, at once (a rotated-in key would be found so, SPEC §4.2).
      expect({ a: a.stats.jwksRequests, b: b.stats.jwksRequests }).toEqual({ a: 2, b: 1 });
    } finally {
      await app.close();
    }
  });

  it('a second clerkMiddleware with an authenticator of its own does not verify again', async () => {
    const app = await build('twice');
    try {
      expect(await app.send(tokens.a)).toBe('user_a');
      // Two authenticators: had the second verified, it would have fetched the key set too.
      expect(a.stats.jwksRequests).toBe(1);
    } finally {
      await app.close();
    }
  });
});
