import { ConfigurationError } from '@sessionguard/core';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
  RouteOptions,
} from 'fastify';
import { getAuth, requestStateStore } from './attach.js';
import { configGuards, hasConfigGuards } from './config-guards.js';

// A route's `config: { auth }` / `config: { reverify }` is read by the plugin's hook, which runs only
// in the context the plugin was registered in (and the contexts under it). A guarded route outside
// them would answer with no guard at all: such a route is refused at ready(), or, when it was added
// before any plugin loaded (so no onRoute saw it), answered 500 with the same message. Never open.

interface Registry {
  /** The contexts a clerkPlugin was registered in: their routes and the contexts below are covered. */
  contexts: FastifyInstance[];
  /** Config-guarded routes seen by onRoute, with the context each was added in. */
  guarded: { url: string; context: FastifyInstance }[];
  verdicts: WeakMap<FastifyInstance, boolean>;
}

const registries = new WeakMap<FastifyInstance, Registry>();

/**
 * The root instance: Fastify makes each plugin context with Object.create(parent), so the root is the
 * last instance up the chain. Hooks added there reach every route, including those outside the
 * plugin's own context.
 */
function rootOf(instance: FastifyInstance): FastifyInstance {
  let current = instance;
  for (;;) {
    const parent = Object.getPrototypeOf(current) as Partial<FastifyInstance> | null;
    if (parent === null || typeof parent.addHook !== 'function') return current;
    current = parent as FastifyInstance;
  }
}

function uncovered(what: string): string {
  return `sessionguard: ${what} has config.auth or config.reverify, but no clerkPlugin covers it: the plugin runs only in the context it was registered in and the ones below it, so this route would run unguarded. Register the plugin where the route can see it — app.register(clerkPlugin, options) at the root, or in the same plugin as the route — or guard the route with { preHandler: requireAuth() } inside that context.`;
}

function covered(registry: Registry, context: FastifyInstance): boolean {
  let verdict = registry.verdicts.get(context);
  if (verdict === undefined) {
    verdict = registry.contexts.some((c) => c === context || Object.prototype.isPrototypeOf.call(c, context));
    registry.verdicts.set(context, verdict);
  }
  return verdict;
}

function setUpRoot(root: FastifyInstance): Registry {
  const registry: Registry = { contexts: [], guarded: [], verdicts: new WeakMap() };
  // Declared up front so every request keeps one shape (Fastify's advice for per-request properties).
  root.decorateRequest(requestStateStore.property, null);
  // On the root: outside the plugin's context too, `request.auth` says to register the plugin.
  root.decorateRequest('auth', {
    getter(this: FastifyRequest) {
      return getAuth(this);
    },
  });
  root.addHook('onRoute', function recordGuarded(this: FastifyInstance, route: RouteOptions) {
    const config = route.config;
    if (!hasConfigGuards(config)) return;
    const url = `${[route.method].flat().join(',')} ${route.url}`;
    configGuards(config!, url); // a misspelled option is refused here, at registration
    registry.guarded.push({ url, context: this });
  });
  root.addHook('onReady', function refuseUncovered(done) {
    const open = registry.guarded.filter((route) => !covered(registry, route.context));
    if (open.length === 0) return done();
    done(new ConfigurationError('invalid-option', uncovered(`route ${open.map((r) => r.url).join(', ')}`)));
  });
  return registry;
}

/**
 * Routes added before the plugin loaded were not seen by onRoute: checked on their requests. Only
 * needed while no plugin is registered at the root (which covers every route).
 */
function failClosedOutside(root: FastifyInstance, registry: Registry): void {
  root.addHook('onRequest', function failClosed(
    this: FastifyInstance,
    request: FastifyRequest,
    _reply: FastifyReply,
    done,
  ) {
    if (covered(registry, this) || !hasConfigGuards(request.routeOptions.config)) return done();
    done(new ConfigurationError('invalid-option', uncovered(`route ${request.routeOptions.url}`)));
  } as (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void);
}

/** Records that `context` (where a clerkPlugin is registered) is covered; sets up the root once. */
export function registerCoverage(context: FastifyInstance): void {
  const root = rootOf(context);
  let registry = registries.get(root);
  if (registry === undefined) {
    registry = setUpRoot(root);
    registries.set(root, registry);
    if (context !== root) failClosedOutside(root, registry);
  }
  registry.contexts.push(context);
}
