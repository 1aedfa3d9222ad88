import {
  type ClerkPluginOptions,
  clerkPlugin,
  getAuth,
  requireAuth,
  requireReverification,
} from '@sessionguard/fastify';
import Fastify, {
  type FastifyContextConfig,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type onRequestHookHandler,
  type preHandlerHookHandler,
  type RouteOptions,
} from 'fastify';
import {
  APP_ERROR_STATUS,
  APP_WIDE_REVERIFICATION,
  appErrorResult,
  ENTRY,
  type EntryTenants,
  entryResult,
  entryTenants,
  guardList,
  guardsOf,
  HOOK_STATUS,
  type HookName,
  handlerResult,
  hookBody,
  hookSet,
  ROUTE_COOKIE,
  type RouteSpec,
  routes,
} from '../app-description.js';
import {
  type AppConstructor,
  type AppFactory,
  failureOf,
  flattenHeaders,
  type RunningApp,
  setCookieList,
} from './types.js';

const hook = (name: HookName) => (_request: unknown, reply: FastifyReply) =>
  reply.code(HOOK_STATUS).type('text/plain').send(hookBody(name));
const hooks = hookSet(hook);

/**
 * Hooked guards, and routes with more than one guard, go in `preHandler`; the others use route
 * `config`, so both styles run the table.
 */
function guardOptions(
  route: RouteSpec,
): Pick<RouteOptions, 'preHandler'> & { config?: FastifyContextConfig } {
  const guards = guardList(route);
  const guard = guards[0];
  if (guard === undefined) return {};
  if (route.hooked || guards.length > 1) {
    return { preHandler: guardsOf(route, hooks, { requireAuth, requireReverification }) };
  }
  if ('requireAuth' in guard) {
    const options = guard.requireAuth;
    return { config: { auth: Object.keys(options).length === 0 ? true : options } };
  }
  return { config: { reverify: guard.requireReverification } };
}

/** The misuse the entry scenarios show; the types refuse it, so it is written through `unknown`. */
const uncalledHook = (factory: unknown) => factory as onRequestHookHandler;
const uncalledGuard = (factory: unknown) => factory as preHandlerHookHandler;

/** Hooks apply to a whole context: a scenario with a plugin of its own gets a context of its own. */
function entryContext(
  app: FastifyInstance,
  path: string,
  tenants: EntryTenants,
  install: (context: FastifyInstance) => unknown,
): void {
  app.register(async (context) => {
    await install(context);
    context.get(path, async (request) => entryResult(getAuth(request), tenants));
  });
}

export const fastifyFactory: AppFactory = async (fixtures) => {
  const app = Fastify();
  const tenants = entryTenants(fixtures.tenantFor);
  app.setErrorHandler((error, _request, reply) => reply.code(APP_ERROR_STATUS).send(appErrorResult(error)));
  const hostOf = (request: FastifyRequest) => request.headers.host;
  const withTenant = (authenticator: ClerkPluginOptions['authenticator']) => (context: FastifyInstance) =>
    context.register(clerkPlugin, { authenticator });
  // Entry scenarios with a plugin of their own: beside the main context, not under its hook.
  entryContext(app, ENTRY.uncalledMiddleware, tenants, (context) =>
    context.addHook('onRequest', uncalledHook(clerkPlugin)),
  );
  entryContext(
    app,
    ENTRY.asyncTenant,
    tenants,
    withTenant((request) => tenants.asyncTenant(hostOf(request))),
  );
  entryContext(app, ENTRY.asyncTenantRejects, tenants, withTenant(tenants.rejects));
  entryContext(app, ENTRY.badTenant, tenants, withTenant(tenants.bad));
  entryContext(app, ENTRY.badAsyncTenant, tenants, withTenant(tenants.badAsync));
  entryContext(app, ENTRY.noTenant, tenants, withTenant(tenants.none));

  await app.register(async (main) => {
    await main.register(clerkPlugin, { authenticator: (request) => fixtures.tenantFor(hostOf(request)) });
    main.addHook(
      'preHandler',
      requireReverification(APP_WIDE_REVERIFICATION.preset, { routes: APP_WIDE_REVERIFICATION.routes }),
    );
    for (const route of routes) {
      main.route({
        method: route.method,
        url: route.path,
        ...guardOptions(route),
        handler: async (request, reply) => {
          if (route.setsCookie) reply.header('set-cookie', ROUTE_COOKIE);
          return handlerResult(
            route.name,
            request.auth,
            route.echo ? request.body : undefined,
            getAuth(request, { acceptsToken: 'any' }),
          );
        },
      });
    }
    const entryHandler = async (request: FastifyRequest) => entryResult(getAuth(request), tenants);
    main.get(ENTRY.uncalledRequireAuth, { preHandler: uncalledGuard(requireAuth) }, entryHandler);
    main.get(
      ENTRY.uncalledReverification,
      { preHandler: uncalledGuard(requireReverification) },
      entryHandler,
    );
    // A second registration, in a child context: its hook runs after the main one's.
    entryContext(main, ENTRY.twice, tenants, withTenant(tenants.second));
    main.all('/*', async (request) => handlerResult('catch-all', getAuth(request)));
  });
  await app.ready();
  return injected(app);
};

/** A ready Fastify app as a RunningApp: requests through `app.inject`. */
export function injected(app: FastifyInstance): RunningApp {
  return {
    async send(sent) {
      const response = await app.inject({
        method: sent.method as 'GET',
        url: sent.path,
        headers: sent.headers,
        ...(sent.body === undefined ? {} : { payload: sent.body }),
      });
      return {
        status: response.statusCode,
        headers: flattenHeaders(response.headers),
        setCookie: setCookieList(response.headers['set-cookie']),
        body: response.body,
      };
    },
    close: () => app.close(),
  };
}

/** Both ways Fastify reports a plugin's setup error: `await app.register(...)`, and `app.ready()`. */
export const fastifyConstructor: AppConstructor = async (options) => {
  const plugin = options as ClerkPluginOptions;
  const failures: unknown[] = [];
  for (const build of [
    (app: FastifyInstance) => app.register(clerkPlugin, plugin),
    (app: FastifyInstance) => {
      app.register(clerkPlugin, plugin); // not awaited, as most apps write it
      return app.ready();
    },
  ]) {
    const app = Fastify();
    failures.push(await failureOf(() => build(app)));
    await app.close().catch(() => {});
  }
  return failures;
};
