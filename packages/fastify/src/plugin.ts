import { type Authenticator, type AuthOptions, createTenantResolver } from '@sessionguard/core';
import type { FastifyContextConfig, FastifyPluginCallback, FastifyRequest } from 'fastify';
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
  fastify.addHook(hookName, async (request, reply) => {
    const tenant = authenticatorFor(request);
    const state = await tenant.authenticateRequest(request.raw);
    attach(request, state, tenant.options.signInUrl);
    reply.headers(state.headers);
    for (const guard of configGuards(request.routeOptions.config)) {
      if ((await guard(request, reply)) !== undefined) return reply;
    }
    return undefined;
  });
  done();
};

/** `app.register(clerkPlugin, options)`: attaches `request.auth` to every request. */
export const clerkPlugin = fp(plugin, { fastify: '5.x', name: '@sessionguard/fastify' });
