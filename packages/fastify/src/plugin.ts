import {
  type Authenticator,
  type AuthOptions,
  ambiguousPathOutcome,
  authenticateEagerly,
  createTenantResolver,
  type RequestState,
} from '@sessionguard/core';
import type {
  FastifyContextConfig,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import fp from 'fastify-plugin';
import { attach, attachments, getAuth } from './attach.js';
import { type Guard, requireAuth, requireReverification } from './guards.js';

export interface ClerkPluginOptions extends AuthOptions {
  /** When the request is authenticated (and route `config` guards run). Default `onRequest`. */
  hookName?: 'onRequest' | 'preHandler';
  /** A ready authenticator, or a per-request choice (multi-tenant); replaces the inline options. */
  authenticator?: Authenticator | ((request: FastifyRequest) => AuthOptions | Authenticator);
}

/**
 * Route `config: { auth, reverify }` guards, compiled on a route's first request and kept with its
 * config. Read in the hook rather than in onRoute: a route added before the plugin has loaded (a
 * register that was not awaited) must still be guarded.
 */
function createConfigGuards(): (config: FastifyContextConfig) => Guard[] {
  const compiled = new WeakMap<FastifyContextConfig, Guard[]>();
  return (config) => {
    let guards = compiled.get(config);
    if (guards === undefined) {
      guards = [];
      if (config.auth) guards.push(requireAuth(config.auth === true ? {} : config.auth));
      if (config.reverify !== undefined) guards.push(requireReverification(config.reverify));
      compiled.set(config, guards);
    }
    return guards;
  };
}

/** True when a guard answered (the reply is sent). */
async function runGuards(guards: Guard[], request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  for (const guard of guards) if ((await guard(request, reply)) !== undefined) return true;
  return false;
}

const plugin: FastifyPluginCallback<ClerkPluginOptions> = (fastify, options, done) => {
  const { hookName = 'onRequest', authenticator, ...authOptions } = options;
  const authenticatorFor = createTenantResolver<FastifyRequest>(authenticator ?? authOptions);
  const configGuards = createConfigGuards();
  // Declared up front so every request keeps one shape (Fastify's advice for per-request properties).
  fastify.decorateRequest(attachments.property, null);
  // A getter over the attached state: a clear error when the hook has not run for this request.
  fastify.decorateRequest('auth', {
    getter(this: FastifyRequest) {
      return getAuth(this);
    },
  });
  /** Attaches the state, then runs the route's `config` guards; `done()` unless a guard answered. */
  function proceed(
    request: FastifyRequest,
    reply: FastifyReply,
    state: RequestState,
    tenant: Authenticator,
    done: HookHandlerDoneFunction,
  ): void {
    let guards: Guard[];
    try {
      attach(request, state, tenant.options.signInUrl);
      reply.headers(state.headers);
      guards = configGuards(request.routeOptions.config);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (guards.length === 0) {
      done();
      return;
    }
    runGuards(guards, request, reply).then((answered) => {
      if (!answered) done(); // a guard that answered has sent the reply: the request stops here
    }, done);
  }

  // A callback hook, not an async one: a cached token is answered at once, with no promise and no
  // microtask before the route runs (authenticateEagerly).
  fastify.addHook(hookName, (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    let tenant: Authenticator;
    let result: RequestState | Promise<RequestState>;
    try {
      tenant = authenticatorFor(request);
      // SPEC §7.1: a path routers could read two ways is answered 400 before any route runs.
      const refusal = ambiguousPathOutcome(tenant, request.raw);
      if (refusal !== undefined) {
        reply.code(refusal.status).headers(refusal.headers).send(Buffer.from(refusal.body));
        return;
      }
      result = authenticateEagerly(tenant, request.raw);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (result instanceof Promise) result.then((state) => proceed(request, reply, state, tenant, done), done);
    else proceed(request, reply, result, tenant, done);
  });
  done();
};

/** `app.register(clerkPlugin, options)`: attaches `request.auth` to every request. */
export const clerkPlugin = fp(plugin, { fastify: '5.x', name: '@sessionguard/fastify' });
