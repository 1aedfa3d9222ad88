// clerkClient on every adapter, as Clerk's guides use it: built at its first call from the same env as
// a plain clerkMiddleware(), sharing that middleware's lookup cache (one Backend API call between
// clerkClient.users.getUser(id) and the auth object's getUser()), Clerk's object form of
// getOrganization besides ours, and a clear error for the Backend API methods it does not serve.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ClerkClient as ClerksClient } from '@clerk/backend';
import * as sgConnect from '@sessionguard/connect';
import type { Organization, SignedInAuth, User } from '@sessionguard/core';
import * as core from '@sessionguard/core';
import * as sgExpress from '@sessionguard/express';
import * as sgFastify from '@sessionguard/fastify';
import * as sgHono from '@sessionguard/hono';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import connect from 'connect';
import express5 from 'express';
import express4 from 'express4';
import Fastify from 'fastify';
import { Hono } from 'hono';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { APP_ERROR_STATUS, appErrorResult } from './app-description.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const ENV = ['CLERK_SECRET_KEY', 'CLERK_API_URL', 'CLERK_API_VERSION', 'CLERK_PUBLISHABLE_KEY'] as const;
const savedEnv = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
const { clerkClient } = core;

/** Code ported from Clerk's SDK sees Clerk's client type; the names we do not serve exist there. */
const ported = clerkClient as unknown as ClerksClient;

let issuer: TestIssuer;

beforeAll(async () => {
  for (const name of ENV) delete process.env[name];
  issuer = await createTestIssuer();
  issuer.addOrganization({ id: 'org_cc', slug: 'acme', name: 'Acme' });
});

afterAll(async () => {
  for (const name of ENV) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  await issuer?.close();
});

type Handler = (auth: SignedInAuth) => Promise<unknown>;
const summaryOf = (user: User | Organization) => ({
  id: user.id,
  name: 'name' in user ? user.name : user.firstName,
});

/** The routes of every app: each answers its handler's result as JSON, the app's error path a 500. */
const ROUTES: Record<string, Handler> = {
  '/me': async (auth) => {
    const fromClient = await clerkClient.users.getUser(auth.userId);
    const fromAuth = await auth.getUser();
    return { client: summaryOf(fromClient), auth: fromAuth && summaryOf(fromAuth) };
  },
  '/org/id': async () => summaryOf(await clerkClient.organizations.getOrganization('org_cc')),
  '/org/slug': async () => summaryOf(await clerkClient.organizations.getOrganization('acme')),
  '/org/organization-id': async () =>
    summaryOf(await clerkClient.organizations.getOrganization({ organizationId: 'org_cc' })),
  '/org/slug-object': async () =>
    summaryOf(await clerkClient.organizations.getOrganization({ slug: 'acme' })),
  '/org/members-count': async () => {
    const org = await clerkClient.organizations.getOrganization({ slug: 'acme', includeMembersCount: true });
    return { ...summaryOf(org), membersCount: org.membersCount };
  },
  '/org/both': async () =>
    clerkClient.organizations.getOrganization({ organizationId: 'org_cc', slug: 'acme' } as never),
  '/admin/update-user': async (auth) => ported.users.updateUser(auth.userId, { firstName: 'Grace' }),
  '/admin/invitations': async () => ported.invitations.getInvitationList(),
};

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

type App = (path: string, token: string) => Promise<Answer>;

function expressApp(createApp: typeof express5): App {
  const { clerkMiddleware, getAuth } = sgExpress;
  const app = createApp();
  app.use(clerkMiddleware());
  for (const [path, handler] of Object.entries(ROUTES)) {
    app.get(path, async (req, res, next) => {
      try {
        res.json(await handler(getAuth(req) as SignedInAuth));
      } catch (error) {
        next(error);
      }
    });
  }
  app.use(((error, _req, res, _next) => {
    res.status(APP_ERROR_STATUS).json(appErrorResult(error));
  }) as express5.ErrorRequestHandler);
  return async (path, token) => {
    const response = await request(app).get(path).set('authorization', `Bearer ${token}`);
    return { status: response.status, body: response.body };
  };
}

function connectApp(): App {
  const { clerkMiddleware, getAuth } = sgConnect;
  const app = connect();
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  };
  app.use(clerkMiddleware());
  for (const [path, handler] of Object.entries(ROUTES)) {
    app.use(path, (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
      handler(getAuth(req) as SignedInAuth).then((body) => json(res, 200, body), next);
    });
  }
  app.use((error: unknown, _req: IncomingMessage, res: ServerResponse, _next: () => void) => {
    json(res, APP_ERROR_STATUS, appErrorResult(error));
  });
  return async (path, token) => {
    const response = await request(app).get(path).set('authorization', `Bearer ${token}`);
    return { status: response.status, body: response.body };
  };
}

function fastifyApp(): App {
  const { clerkPlugin, getAuth } = sgFastify;
  const app = Fastify();
  app.setErrorHandler((error, _request, reply) => reply.code(APP_ERROR_STATUS).send(appErrorResult(error)));
  const ready = (async () => {
    await app.register(clerkPlugin);
    for (const [path, handler] of Object.entries(ROUTES)) {
      app.get(path, async (req) => handler(getAuth(req) as SignedInAuth));
    }
    await app.ready();
  })();
  return async (path, token) => {
    await ready;
    const response = await app.inject({
      method: 'GET',
      url: path,
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.statusCode, body: response.json() };
  };
}

function honoApp(): App {
  const { clerkMiddleware, getAuth } = sgHono;
  const app = new Hono();
  app.onError((error, c) => c.json(appErrorResult(error), APP_ERROR_STATUS));
  app.use('*', clerkMiddleware());
  for (const [path, handler] of Object.entries(ROUTES)) {
    app.get(path, async (c) => c.json((await handler(getAuth(c) as SignedInAuth)) as object));
  }
  return async (path, token) => {
    const response = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
}

const APPS: Record<string, () => App> = {
  express4: () => expressApp(express4 as unknown as typeof express5),
  express5: () => expressApp(express5),
  connect: connectApp,
  fastify: fastifyApp,
  hono: honoApp,
};

const ADAPTERS = { connect: sgConnect, express: sgExpress, fastify: sgFastify, hono: sgHono };

describe('before the env holds a secret key (clerkClient is built at its first call)', () => {
  it.each(Object.entries(ADAPTERS))(
    '%s exports the core’s clerkClient, createClerkClient and NotServedError',
    (_name, adapter) => {
      expect(adapter.clerkClient).toBe(core.clerkClient);
      expect(adapter.createClerkClient).toBe(core.createClerkClient);
      expect(adapter.NotServedError).toBe(core.NotServedError);
    },
  );

  it('imported, it read nothing; its first lookup answers the ConfigurationError naming CLERK_SECRET_KEY, no request made', async () => {
    issuer.resetStats();
    const error = await clerkClient.users.getUser('user_1').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(core.ConfigurationError);
    expect(error).toMatchObject({ code: 'missing-secret-key' });
    expect((error as Error).message).toContain('CLERK_SECRET_KEY');
    await expect(clerkClient.organizations.getOrganization({ slug: 'acme' })).rejects.toMatchObject({
      code: 'missing-secret-key',
    });
    expect(issuer.stats.apiRequests).toBe(0);
  });
});

describe.each(Object.entries(APPS))(
  '%s: clerkMiddleware() and clerkClient, both from the env',
  (name, build) => {
    let app: App;
    let token: string;
    const userId = `user_cc_${name}`;

    beforeAll(async () => {
      // Set after the first describe's lookups: the client reads the env again until it has a key.
      process.env.CLERK_SECRET_KEY = issuer.secretKey;
      process.env.CLERK_API_URL = issuer.url;
      process.env.CLERK_API_VERSION = 'v1';
      issuer.addUser({ id: userId, first_name: 'Ada' });
      token = await issuer.mintSessionToken({ userId });
      app = build();
    });

    it('clerkClient.users.getUser(id) then auth.getUser(): the same user, one Backend API call', async () => {
      collectGarbage(); // what the app keeps alive is all that may be shared: nothing held only weakly
      const before = issuer.requests.length;
      const answer = await app('/me', token);
      expect(answer).toEqual({
        status: 200,
        body: { client: { id: userId, name: 'Ada' }, auth: { id: userId, name: 'Ada' } },
      });
      const lookups = issuer.requests.slice(before).filter((logged) => logged.path.startsWith('/v1/users/'));
      expect(lookups.map((logged) => logged.path)).toEqual([`/v1/users/${userId}`]);
    });

    it.each([
      ['our string form, an id', '/org/id'],
      ['our string form, a slug', '/org/slug'],
      ['Clerk’s { organizationId }', '/org/organization-id'],
      ['Clerk’s { slug }', '/org/slug-object'],
    ])('getOrganization in %s', async (_form, path) => {
      expect(await app(path, token)).toEqual({ status: 200, body: { id: 'org_cc', name: 'Acme' } });
    });

    it('{ slug, includeMembersCount: true } sends Clerk’s include_members_count query', async () => {
      const before = issuer.requests.length;
      const answer = await app('/org/members-count', token);
      expect(answer).toEqual({ status: 200, body: { id: 'org_cc', name: 'Acme', membersCount: 1 } });
      const paths = issuer.requests.slice(before).map((logged) => logged.path);
      expect(paths).toContain('/v1/organizations/acme?include_members_count=true');
    });

    it('an object naming both organizationId and slug is refused (two readings) with no request', async () => {
      issuer.resetStats();
      const { status, body } = await app('/org/both', token);
      expect(status).toBe(APP_ERROR_STATUS);
      expect(body.appError).toMatchObject({ name: 'BackendApiError', code: 'invalid_id' });
      expect(String((body.appError as { message: string }).message)).toContain(
        'both organizationId and slug',
      );
      expect(issuer.stats.apiRequests).toBe(0);
    });

    it.each([
      ['/admin/update-user', 'clerkClient.users.updateUser'],
      ['/admin/invitations', 'clerkClient.invitations'],
    ])('%s (admin work, ported from Clerk) answers NotServedError naming %s', async (path, called) => {
      issuer.resetStats();
      const { status, body } = await app(path, token);
      expect(status).toBe(APP_ERROR_STATUS);
      expect(body.appError).toMatchObject({ isError: true, name: 'NotServedError', code: 'not-served' });
      const { message } = body.appError as { message: string };
      expect(message).toContain(`${called} is not served by sessionguard`);
      expect(message).toContain('createClerkClient from @clerk/backend');
      expect(issuer.stats.apiRequests).toBe(0);
    });
  },
);

describe('createClerkClient(options): Clerk’s factory, explicit options', () => {
  it('given the middleware’s options object, it shares the middleware’s lookup cache', async () => {
    const options = { secretKey: issuer.secretKey, apiUrl: issuer.url, lookupCacheTtlInMs: 30_000 };
    const app = express5();
    app.use(sgExpress.clerkMiddleware(options));
    const client = sgExpress.createClerkClient(options);
    issuer.addUser({ id: 'user_cc_factory', first_name: 'Grace' });
    app.get('/me', async (req, res) => {
      const auth = sgExpress.getAuth(req) as SignedInAuth;
      const fromAuth = await auth.getUser();
      const fromClient = await client.users.getUser(auth.userId);
      res.json({ auth: fromAuth?.firstName, client: fromClient.firstName });
    });
    const token = await issuer.mintSessionToken({ userId: 'user_cc_factory' });
    issuer.resetStats();
    const response = await request(app).get('/me').set('authorization', `Bearer ${token}`);
    expect({ status: response.status, body: response.body }).toEqual({
      status: 200,
      body: { auth: 'Grace', client: 'Grace' },
    });
    expect(issuer.stats.apiRequests).toBe(1);
  });

  it('other settings: its own cache (a second client of other TTLs asks again)', async () => {
    const client = core.createClerkClient({ secretKey: issuer.secretKey, apiUrl: issuer.url });
    const other = core.createClerkClient({
      secretKey: issuer.secretKey,
      apiUrl: issuer.url,
      lookupCacheTtlInMs: 1,
    });
    issuer.addUser({ id: 'user_cc_other', first_name: 'Linus' });
    issuer.resetStats();
    expect((await client.users.getUser('user_cc_other')).firstName).toBe('Linus');
    expect((await client.users.getUser('user_cc_other')).firstName).toBe('Linus');
    expect(issuer.stats.apiRequests).toBe(1);
    expect((await other.users.getUser('user_cc_other')).firstName).toBe('Linus');
    expect(issuer.stats.apiRequests).toBe(2);
  });

  it('a malformed option fails at construction, naming the option and its env variable', () => {
    expect(() => core.createClerkClient({ apiUrl: 'not a url' })).toThrow(core.ConfigurationError);
    expect(() => core.createClerkClient({ apiUrl: 'not a url' })).toThrow(
      /apiUrl.*CLERK_API_URL|CLERK_API_URL.*apiUrl/,
    );
  });

  it('a typo in a served name is not mistaken for admin work: the error lists what is served', () => {
    const users = clerkClient.users as unknown as Record<string, unknown>;
    expect(() => users.getUsr).toThrow(core.NotServedError);
    expect(() => users.getUsr).toThrow(/clerkClient\.users\.getUsr is not served.*users\.getUser\(userId\)/);
    // Reads by await, JSON and printers are not Backend API calls.
    expect((clerkClient as unknown as Record<string, unknown>).then).toBeUndefined();
    expect(JSON.stringify(clerkClient)).toBe('{"users":{},"organizations":{}}');
  });

  it('types: our User and Organization, Clerk’s params, and no unserved name', () => {
    expectTypeOf(clerkClient.users.getUser).returns.resolves.toEqualTypeOf<User>();
    expectTypeOf(clerkClient.organizations.getOrganization).returns.resolves.toEqualTypeOf<Organization>();
    expectTypeOf(clerkClient.organizations.getOrganization)
      .parameter(0)
      .toEqualTypeOf<string | core.GetOrganizationParams>();
    expectTypeOf(core.createClerkClient).returns.toEqualTypeOf<core.ClerkClient>();
    // @ts-expect-error: only the lookups are typed
    expect(() => clerkClient.users.updateUser).toThrow(core.NotServedError);
  });
});
