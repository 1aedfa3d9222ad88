import { ConfigurationError } from '@sessionguard/core';
import type { FastifyContextConfig } from 'fastify';
import { type Guard, requireAuth, requireReverification } from './guards.js';

/** Whether a route asks for a guard through its `config` (`auth: false` asks for none). */
export function hasConfigGuards(config: FastifyContextConfig | undefined): boolean {
  return config !== undefined && (Boolean(config.auth) || config.reverify !== undefined);
}

const compiled = new WeakMap<FastifyContextConfig, Guard[]>();

/**
 * A route's `config: { auth, reverify }` guards, compiled once per config and kept with it. Compiled
 * when the route is registered (onRoute), so a misspelled option fails there; a route added before
 * the plugin loaded (a register that was not awaited) is compiled on its first request instead.
 */
export function configGuards(config: FastifyContextConfig, url: string | undefined): Guard[] {
  let guards = compiled.get(config);
  if (guards !== undefined) return guards;
  guards = [];
  try {
    if (config.auth) guards.push(requireAuth(config.auth === true ? {} : config.auth));
    if (config.reverify !== undefined) guards.push(requireReverification(config.reverify));
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    // The same refusal, naming the route: `config: { auth: { roles } }` type-checks.
    const message = `In the route config of ${url} (config.auth takes requireAuth's options, config.reverify requireReverification's preset): ${error.message}`;
    throw new ConfigurationError('invalid-option', message);
  }
  compiled.set(config, guards);
  return guards;
}
