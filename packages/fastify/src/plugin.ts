import {
  type AnyAuthenticator,
  type AuthOptions,
  ConfigurationError,
  type RequestState,
  type TenantFunction,
} from '@sessionguard/core';
import {
  createAuthenticateAndAttach,
  createTenantResolver,
  type HttpOutcome,
  isPromise,
  isRefusal,
} from '@sessionguard/core/adapter';
import type {
  FastifyInstance,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import fp from 'fastify-plugin';
import { attachments } from './attach.js';
import { configGuards } from './config-guards.js';
import { registerCoverage } from './coverage.js';
import { type Guard, replySent } from './guards.js';

export interface ClerkPluginOptions extends AuthOptions {
  /** When the request is authenticated (and route `config` guards run). Default `onRequest`. */
  hookName?: 'onRequest' | 'preHandler';
  /**
   * A ready authenticator, or a per-request choice (multi-tenant), which may be async; replaces the
   * inline options. One authenticator is cached per distinct tenant.
   */
  authenticator?: AnyAuthenticator | TenantFunction<FastifyRequest>;
}

/** True when a guard answered (the reply is sent). */
async function runGuards(guards: Guard[], request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  for (const guard of guards) if ((await guard(request, reply)) !== undefined) return true;
  return false;
}

const HOOK_NAMES: readonly string[] = ['onRequest', 'preHandler'];

function checkHookName(hookName: unknown): 'onRequest' | 'preHandler' {
  if (hookName === undefined) return 'onRequest';
  if (typeof hookName === 'string' && HOOK_NAMES.includes(hookName)) return hookName as 'onRequest';
  throw new ConfigurationError(
    'invalid-option',
    `hookName (a clerkPlugin option; no env variable) says when the request is authenticated: 'onRequest' (the default) or 'preHandler'; got ${typeof hookName === 'string' ? JSON.stringify(hookName.slice(0, 40)) : typeof hookName}.`,
  );
}

/** clerkPlugin run as something else than a plugin: called (`clerkPlugin(opts)`) or added as a hook. */
export class PluginNotRegisteredError extends Error {
  override readonly name = 'PluginNotRegisteredError';
  readonly code = 'plugin-not-registered';
  constructor() {
    super(
      'sessionguard: clerkPlugin (also exported as clerkMiddleware) is a Fastify plugin: write app.register(clerkPlugin, options) — register it, do not call it or add it as a hook.',
    );
  }
}

const rawRequest = (request: FastifyRequest) => request.raw;
const rawTarget = (request: FastifyRequest) => request.raw.url ?? '/';

/** Everything the plugin sets up once; throws a ConfigurationError for options that cannot work. */
function setUp(fastify: FastifyInstance, options: ClerkPluginOptions): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigurationError(
      'invalid-option',
      `app.register(clerkPlugin, options) was given ${options === null ? 'null' : Array.isArray(options) ? 'an array' : `a ${typeof options}`}; options must be AuthOptions, with hookName and authenticator if needed.`,
    );
  }
  const { hookName, authenticator, ...authOptions } = options;
  const hook = checkHookName(hookName);
  const authenticate = createAuthenticateAndAttach<FastifyRequest>(
    createTenantResolver<FastifyRequest>(authenticator ?? authOptions),
    attachments,
    rawRequest,
    rawTarget,
  );
  registerCoverage(fastify);
  /** Runs the route's `config` guards; `done()` unless a guard answered. */
  function proceed(
    request: FastifyRequest,
    reply: FastifyReply,
    state: RequestState | HttpOutcome,
    done: HookHandlerDoneFunction,
  ): void {
    if (isRefusal(state)) {
      // SPEC §7.1's 400, §12.4's 307: answered before any route runs; the hook ends here without done().
      reply.code(state.status).headers(state.headers);
      if (state.setCookie?.length) reply.header('set-cookie', [...state.setCookie]);
      reply.send(Buffer.from(state.body));
      return;
    }
    let guards: Guard[];
    try {
      reply.headers(state.headers);
      // Fastify appends to set-cookie: the route's own reply.header('set-cookie', …) keeps these.
      if (state.setCookie?.length) reply.header('set-cookie', [...state.setCookie]);
      const { config, url } = request.routeOptions;
      guards = configGuards(config, url);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (guards.length === 0) {
      done();
      return;
    }
    runGuards(guards, request, reply).then(
      (answered) => {
        if (!answered) done(); // a guard that answered has sent the reply: the request stops here
      },
      (error: Error) => {
        if (!replySent(reply)) done(error);
      },
    );
  }

  // A callback hook, not an async one: a cached token is answered at once, with no promise and no
  // microtask before the route runs.
  fastify.addHook(hook, (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    let result: ReturnType<typeof authenticate>;
    try {
      result = authenticate(request);
    } catch (error) {
      done(error as Error); // a throwing tenant function or bad tenant options: the error handler
      return;
    }
    if (result === undefined)
      done(); // registered twice: the first registration's result stays
    // A slow tenant function or verification may end after the reply was sent (a response timeout):
    // its result, or its error, is dropped then; the request has ended without us.
    else if (isPromise(result))
      result.then(
        (state) => {
          if (!replySent(reply)) proceed(request, reply, state, done);
        },
        (error: Error) => {
          if (!replySent(reply)) done(error);
        },
      );
    else proceed(request, reply, result, done);
  });
}

const plugin: FastifyPluginCallback<ClerkPluginOptions> = (fastify, options, done) => {
  if (typeof (fastify as Partial<FastifyInstance>).addHook !== 'function') {
    // Added as a hook, (request, reply, done): the error handler. Called by hand: a throw, right there.
    if (typeof done === 'function') return done(new PluginNotRegisteredError());
    throw new PluginNotRegisteredError();
  }
  try {
    setUp(fastify, options);
  } catch (error) {
    // Rejects app.register(...) and app.ready(): thrown here it would escape as an uncaught exception.
    return done(error as Error);
  }
  done();
};

/** `app.register(clerkPlugin, options)`: attaches `request.auth` to every request. */
export const clerkPlugin = fp(plugin, { fastify: '5.x', name: '@sessionguard/fastify' });
