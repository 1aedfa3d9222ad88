import type { IncomingMessage } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import * as sgConnect from '@sessionguard/connect';
import type { AuthenticatorInput, AuthOptions } from '@sessionguard/core';
import * as sgExpress from '@sessionguard/express';
import * as sgFastify from '@sessionguard/fastify';
import * as sgHono from '@sessionguard/hono';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import connect from 'connect';
import express5 from 'express';
import express4 from 'express4';
import Fastify from 'fastify';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { timeout } from 'hono/timeout';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serveOnLoopback } from './apps/node-server.js';
import type { RunningApp } from './harness.js';

// SPEC §6: a verification or a tenant function that ends after a response timeout (installed before
// our middleware) answered is dropped: no header, no throw, no next, no unhandled rejection.

const TIMEOUT_MS = 50;
const SLOW_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What each app is built with: the middleware's input, and what its handlers count. */
interface LateApp {
  input: AuthenticatorInput<never>;
  /** Handlers reached (there must be none: each request is answered by the timeout first). */
  reached: string[];
}

type Build = (late: LateApp) => Promise<RunningApp>;

const expressApp =
  (createApp: typeof express5): Build =>
  async (late) => {
    const app = createApp();
    app.use((_req, res, next) => {
      setTimeout(() => {
        if (!res.headersSent) res.status(503).send('timeout');
      }, TIMEOUT_MS);
      next();
    });
    app.use(sgExpress.clerkMiddleware(late.input as AuthenticatorInput<express5.Request>));
    app.get('/me', sgExpress.requireAuth(), (_req, res) => {
      late.reached.push('/me');
      res.send('me');
    });
    app.get('/api-key', sgExpress.requireAuth({ acceptsToken: 'api_key' }), (_req, res) => {
      late.reached.push('/api-key');
      res.send('api-key');
    });
    return serveOnLoopback(app);
  };

const connectApp: Build = async (late) => {
  const app = connect();
  app.use((_req, res, next) => {
    setTimeout(() => {
      if (!res.headersSent) {
        res.statusCode = 503;
        res.end('timeout');
      }
    }, TIMEOUT_MS);
    next();
  });
  app.use(sgConnect.clerkMiddleware(late.input as AuthenticatorInput<IncomingMessage>));
  for (const [path, guard] of [
    ['/me', sgConnect.requireAuth()],
    ['/api-key', sgConnect.requireAuth({ acceptsToken: 'api_key' })],
  ] as const) {
    app.use(path, guard);
    app.use(path, (_req, res) => {
      late.reached.push(path);
      res.end(path);
    });
  }
  return serveOnLoopback(app);
};

const fastifyApp: Build = async (late) => {
  const app = Fastify();
  app.addHook('onRequest', (_request, reply, done) => {
    setTimeout(() => {
      if (!reply.sent) reply.code(503).send('timeout');
    }, TIMEOUT_MS);
    done();
  });
  await app.register(sgFastify.clerkPlugin, {
    authenticator: late.input as sgFastify.ClerkPluginOptions['authenticator'],
  });
  app.get('/me', { config: { auth: true } }, async () => {
    late.reached.push('/me');
    return 'me';
  });
  app.get('/api-key', { preHandler: sgFastify.requireAuth({ acceptsToken: 'api_key' }) }, async () => {
    late.reached.push('/api-key');
    return 'api-key';
  });
  await app.ready();
  return serveOnLoopback((req, res) => app.routing(req, res));
};

function honoApp(late: LateApp): Hono {
  const app = new Hono();
  app.onError((error, c) =>
    error instanceof HTTPException ? c.text('timeout', 503) : c.text('app error', 500),
  );
  app.use('*', timeout(TIMEOUT_MS, new HTTPException(503)));
  app.use('*', sgHono.clerkMiddleware(late.input as AuthenticatorInput<Context>));
  app.get('/me', sgHono.requireAuth(), (c) => {
    late.reached.push('/me');
    return c.text('me');
  });
  app.get('/api-key', sgHono.requireAuth({ acceptsToken: 'api_key' }), (c) => {
    late.reached.push('/api-key');
    return c.text('api-key');
  });
  return app;
}

const builds: Record<string, Build> = {
  express4: expressApp(express4 as unknown as typeof express5),
  express5: expressApp(express5),
  connect: connectApp,
  fastify: fastifyApp,
  'hono-node': async (late) => serveOnLoopback(getRequestListener(honoApp(late).fetch)),
  hono: async (late) => {
    const app = honoApp(late);
    return {
      async send(sent) {
        const headers = new Headers();
        for (const [name, value] of Object.entries(sent.headers)) headers.append(name, String(value));
        const response = await app.request(`http://app.test${sent.path}`, { method: sent.method, headers });
        return {
          status: response.status,
          headers: Object.fromEntries(response.headers),
          setCookie: response.headers.getSetCookie(),
          body: await response.text(),
        };
      },
      close: async () => {},
    };
  },
};

let issuer: TestIssuer;
let hanging: TestIssuer;
let token: string;
let apiKey: string;
let options: AuthOptions;

beforeAll(async () => {
  [issuer, hanging] = await Promise.all([createTestIssuer(), createTestIssuer()]);
  hanging.setOutage('timeout'); // its JWKS and Backend API never answer
  token = await issuer.mintSessionToken({ userId: 'user_1', expiresInSeconds: 3600 });
  apiKey = issuer.createApiKey({ subject: 'user_machine', name: 'ci' }).secret;
  options = {
    jwksUrl: issuer.jwksUrl,
    secretKey: issuer.secretKey,
    apiUrl: issuer.url,
    machineTokenCacheTtlInMs: 0,
  };
});
afterAll(async () => {
  await Promise.all([issuer?.close(), hanging?.close()]);
});

/** Every way a result arrives late; `input` is what clerkMiddleware gets. */
const scenarios: {
  name: string;
  path: string;
  /** The Authorization token; none: a browser navigation without cookies. */
  bearer?: () => string;
  input: () => LateApp['input'];
}[] = [
  {
    name: 'a slow async tenant function',
    path: '/me',
    bearer: () => token,
    input: () => async () => {
      await sleep(SLOW_MS);
      return options;
    },
  },
  {
    name: 'a slow async tenant function that then rejects',
    path: '/me',
    bearer: () => token,
    input: () => async () => {
      await sleep(SLOW_MS);
      throw new Error('no tenant');
    },
  },
  {
    name: 'a key set that loads too late (the issuer hangs)',
    path: '/me',
    bearer: () => token,
    input: () => ({ jwksUrl: hanging.jwksUrl, jwksTimeoutInMs: SLOW_MS }),
  },
  {
    // SPEC §12.4: the 307 of a handshake (a development instance, no dev browser) is dropped too.
    name: 'a handshake decided after a slow async tenant function',
    path: '/me',
    input: () => async () => {
      await sleep(SLOW_MS);
      return { publishableKey: issuer.publishableKey, secretKey: issuer.secretKey, apiUrl: issuer.url };
    },
  },
  {
    name: "a guard's slow API-key verification",
    path: '/api-key',
    bearer: () => apiKey,
    input: () => options,
  },
  {
    name: 'an API-key verification whose Backend API hangs',
    path: '/api-key',
    bearer: () => apiKey,
    input: () => ({
      jwksUrl: issuer.jwksUrl,
      secretKey: hanging.secretKey,
      apiUrl: hanging.url,
      apiTimeoutInMs: SLOW_MS,
    }),
  },
];

describe.each(Object.entries(builds))('%s: a result that ends after a response timeout', (_name, build) => {
  const escaped: unknown[] = [];
  const record = (error: unknown) => escaped.push(error);
  beforeEach(() => {
    escaped.length = 0;
    issuer.setMachineVerifyDelay(SLOW_MS);
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
  });
  afterEach(() => {
    issuer.setMachineVerifyDelay(0);
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
  });

  it.each(scenarios)('$name: 503 from the timeout, nothing after it', async (scenario) => {
    const late: LateApp = { input: scenario.input(), reached: [] };
    const app = await build(late);
    try {
      const response = await app.send({
        method: 'GET',
        path: scenario.path,
        headers: scenario.bearer
          ? { host: 'app.test', authorization: `Bearer ${scenario.bearer()}` }
          : { host: 'app.test', accept: 'text/html', 'sec-fetch-dest': 'document' },
      });
      expect(response.status).toBe(503);
      expect(response.headers.location).toBeUndefined();
      expect(response.setCookie).toEqual([]);
      await sleep(SLOW_MS * 2); // the late result arrives, and is dropped
      expect(escaped.map(String)).toEqual([]);
      expect(late.reached).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
