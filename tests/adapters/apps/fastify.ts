import { clerkPlugin, getAuth, requireAuth, requireReverification } from '@sessionguard/fastify';
import Fastify, { type FastifyContextConfig, type FastifyReply, type RouteOptions } from 'fastify';
import {
  APP_WIDE_REVERIFICATION,
  guardOf,
  HOOK_STATUS,
  type HookName,
  handlerResult,
  hookBody,
  hookSet,
  type RouteSpec,
  routes,
} from '../app-description.js';
import { type AppFactory, flattenHeaders } from './types.js';

const hook = (name: HookName) => (_request: unknown, reply: FastifyReply) =>
  reply.code(HOOK_STATUS).type('text/plain').send(hookBody(name));
const hooks = hookSet(hook);

/** Hooked guards go in `preHandler`; the others use route `config`, so both styles run the table. */
function guardOptions(
  route: RouteSpec,
): Pick<RouteOptions, 'preHandler'> & { config?: FastifyContextConfig } {
  const guard = route.guard;
  if (guard === undefined) return {};
  if (route.hooked) return { preHandler: guardOf(route, hooks, { requireAuth, requireReverification }) };
  if ('requireAuth' in guard) {
    const options = guard.requireAuth;
    return { config: { auth: Object.keys(options).length === 0 ? true : options } };
  }
  return { config: { reverify: guard.requireReverification } };
}

export const fastifyFactory: AppFactory = async (fixtures) => {
  const app = Fastify();
  await app.register(clerkPlugin, { authenticator: (request) => fixtures.tenantFor(request.headers.host) });
  app.addHook(
    'preHandler',
    requireReverification(APP_WIDE_REVERIFICATION.preset, { routes: APP_WIDE_REVERIFICATION.routes }),
  );
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      ...guardOptions(route),
      handler: async (request) =>
        handlerResult(route.name, request.auth, route.echo ? request.body : undefined),
    });
  }
  app.all('/*', async (request) => handlerResult('catch-all', getAuth(request)));
  await app.ready();
  return {
    async send(sent) {
      const response = await app.inject({
        method: sent.method as 'GET',
        url: sent.path,
        headers: sent.headers,
        ...(sent.body === undefined ? {} : { payload: sent.body }),
      });
      return { status: response.statusCode, headers: flattenHeaders(response.headers), body: response.body };
    },
    close: () => app.close(),
  };
};
